package realism

import (
	"encoding/json"
	"testing"
)

func TestWithSpendType(t *testing.T) {
	const typ = `"__type":"com.amazon.partnerintegrationapi.common#ExpectedCustomerSpend"`
	tests := []struct{ name, in, want string }{
		{"no Project", `{"Id":"O1","Project":null}`, `{"Id":"O1","Project":null}`},
		{"no spend", `{"Id":"O1","Project":{"Title":"T","ExpectedCustomerSpend":null}}`,
			`{"Id":"O1","Project":{"Title":"T","ExpectedCustomerSpend":null}}`},
		{"empty spend", `{"Project":{"ExpectedCustomerSpend":[]}}`, `{"Project":{"ExpectedCustomerSpend":[]}}`},
		{"items, order and bytes kept",
			`{"Id":"O1","Project":{"Title":"A <&> B","ExpectedCustomerSpend":[{"Amount":"1","CurrencyCode":"USD"},{}],"Z":1},"LifeCycle":{"Stage":"Prospect"}}`,
			`{"Id":"O1","Project":{"Title":"A <&> B","ExpectedCustomerSpend":[{` + typ + `,"Amount":"1","CurrencyCode":"USD"},{` + typ + `}],"Z":1},"LifeCycle":{"Stage":"Prospect"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := withSpendType([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if !json.Valid(got) {
				t.Error("not JSON")
			}
		})
	}
	for _, bad := range []string{`[]`, `{"Project":[1]}`, `{"Project":{"ExpectedCustomerSpend":{}}}`, `{"Project":{"ExpectedCustomerSpend":[1]}}`} {
		if _, err := withSpendType([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestRewriteOutputOnlyGetOpportunity(t *testing.T) {
	rewrite := Config{SpendType: true}.RewriteOutput()
	body := `{"Project":{"ExpectedCustomerSpend":[{}]}}`
	got, err := rewrite("ListOpportunities", []byte(body))
	if err != nil || string(got) != body {
		t.Errorf("ListOpportunities rewritten: %s, %v", got, err)
	}
	if got, _ := rewrite("GetOpportunity", []byte(body)); string(got) == body {
		t.Error("GetOpportunity not rewritten")
	}
}
