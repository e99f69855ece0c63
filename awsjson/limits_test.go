package awsjson

import (
	"io"
	"reflect"
	"strings"
	"testing"

	"pcs/api"
)

// TestMemberBounds: lists of vocabulary names the model leaves unbounded
// are refused beyond their bounds, with the entry the model's own length and
// count bounds give, under the default limits.
func TestMemberBounds(t *testing.T) {
	h := New(Config{})
	names := func(n int, name string) string {
		return `["` + strings.Repeat(name+`","`, n-1) + name + `"]`
	}
	create := func(member, value string) string {
		return `{"Catalog":"Sandbox","ClientToken":"t",` + member + `:` + value + `}`
	}
	update := func(member, value string) string {
		return `{"Catalog":"Sandbox","Identifier":"O1","LastModifiedDate":"2026-01-05T09:00:00Z",` + member + `:` + value + `}`
	}
	long := strings.Repeat("x", 65_000)
	for _, tt := range []struct {
		name, op, body string
		want           string // the ErrorList entry; "" when accepted
	}{
		{"program names within", "CreateOpportunity",
			create(`"Project"`, `{"ApnPrograms":`+names(100, strings.Repeat("é", 255))+`}`), ""},
		{"long program name", "CreateOpportunity", create(`"Project"`, `{"ApnPrograms":["Well-Architected","`+long+`"]}`),
			`{"Code":"INVALID_STRING_FORMAT","FieldName":"project.apnPrograms","Message":"Value at Project.ApnPrograms must be at most 255 characters, but it has 65000."}`},
		{"long program name on update", "UpdateOpportunity", update(`"Project"`, `{"ApnPrograms":["`+strings.Repeat("é", 256)+`"]}`),
			`{"Code":"INVALID_STRING_FORMAT","FieldName":"project.apnPrograms","Message":"Value at Project.ApnPrograms must be at most 255 characters, but it has 256."}`},
		{"too many program names", "CreateOpportunity", create(`"Project"`, `{"ApnPrograms":`+names(101, "P3")+`}`),
			`{"Code":"TOO_MANY_VALUES","FieldName":"project.apnPrograms","Message":"Project.ApnPrograms must contain at most 100 items, but it contains 101."}`},
		{"long use case", "UpdateOpportunity", update(`"Marketing"`, `{"UseCases":["`+long+`"]}`),
			`{"Code":"INVALID_STRING_FORMAT","FieldName":"marketing.useCases","Message":"Value at Marketing.UseCases must be at most 255 characters, but it has 65000."}`},
		{"too many use cases", "CreateOpportunity", create(`"Marketing"`, `{"UseCases":`+names(101, "IoT")+`}`),
			`{"Code":"TOO_MANY_VALUES","FieldName":"marketing.useCases","Message":"Marketing.UseCases must contain at most 100 items, but it contains 101."}`},
		{"other unbounded strings keep the default", "CreateOpportunity", create(`"Marketing"`, `{"CampaignName":"`+long+`"}`), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := serve(h, signed(t, "POST", "/", TargetPrefix+tt.op, ContentType, tt.body))
			body, _ := io.ReadAll(resp.Body)
			if tt.want == "" {
				if resp.StatusCode != 501 { // validated, then found no service
					t.Fatalf("%d %s", resp.StatusCode, body)
				}
				return
			}
			if resp.StatusCode != 400 || !strings.Contains(string(body), `#ValidationException"`) ||
				!strings.Contains(string(body), `"Reason":"REQUEST_VALIDATION_FAILED"`) || !strings.Contains(string(body), tt.want) {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
		})
	}
}

// TestMemberBoundsNameInputMembers guards memberBounds against names that
// match no member of any operation's input, which would bound nothing.
func TestMemberBoundsNameInputMembers(t *testing.T) {
	members := map[string]bool{}
	var visit func(reflect.Type)
	visit = func(rt reflect.Type) {
		for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice || rt.Kind() == reflect.Map {
			rt = rt.Elem()
		}
		if rt.Kind() != reflect.Struct || members[rt.Name()] {
			return
		}
		members[rt.Name()] = true
		for i := range rt.NumField() {
			sf := rt.Field(i)
			members[rt.Name()+"."+jsonName(sf)] = true
			visit(sf.Type)
		}
	}
	for _, op := range api.Operations {
		visit(reflect.TypeOf(op.NewInput()))
	}
	for name := range memberBounds {
		if !members[name] {
			t.Errorf("memberBounds[%q] names no input member", name)
		}
	}
}
