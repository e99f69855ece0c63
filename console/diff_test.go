package console

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestDiffJSON(t *testing.T) {
	tests := []struct {
		name, a, b string
		want       string // the changes, one "kind path before after" a line
	}{
		{"equal", `{"A":1,"B":[1,2]}`, `{"A":1,"B":[1,2]}`, ""},
		{"a scalar changed", `{"A":{"B":"Submitted"}}`, `{"A":{"B":"Approved"}}`, `changed A.B "Submitted" "Approved"`},
		{"a member added and one removed", `{"A":1,"C":{"D":true}}`, `{"A":1,"B":null}`,
			"added B  null\nremoved C {\"D\":true} "},
		{"list items", `{"L":[{"E":"a"},{"E":"b"}]}`, `{"L":[{"E":"a"},{"E":"c"},{"E":"d"}]}`,
			"changed L[1].E \"b\" \"c\"\nadded L[2]  {\"E\":\"d\"}"},
		{"a list shortened", `[1,2,3]`, `[1]`, "removed [1] 2 \nremoved [2] 3 "},
		{"a type changed", `{"A":[1]}`, `{"A":{"0":1}}`, `changed A [1] {"0":1}`},
		{"markup kept as written", `{"T":"a"}`, `{"T":"<script>"}`, `changed T "a" "<script>"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a, b any
			if err := json.Unmarshal([]byte(tt.a), &a); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(tt.b), &b); err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, c := range diffJSON(a, b) {
				lines = append(lines, fmt.Sprintf("%s %s %s %s", c.Kind, c.Path, c.Before, c.After))
			}
			if got := strings.Join(lines, "\n"); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
