package realism

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"pcs/api"
)

func TestEncode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Northwind Logistics", "Northwind Logistics"},
		{"Business Applications & Contact Center", "Business Applications &amp; Contact Center"},
		{"Big Data: Data Warehouse/Data Integration/ETL/Data Lake/BI", "Big Data&amp;colon; Data Warehouse/Data Integration/ETL/Data Lake/BI"},
		{"Smith & Sons: 10:30", "Smith &amp; Sons&amp;colon; 10&amp;colon;30"},
		{"already &amp; once", "already &amp;amp; once"}, // free text echoed back is encoded again
		{"", ""},
	}
	for _, tt := range tests {
		if got := encode(tt.in); got != tt.want {
			t.Errorf("encode(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := decode(tt.want); got != tt.in {
			t.Errorf("decode(%q) = %q, want %q", tt.want, got, tt.in)
		}
	}
}

// TestEncodedMembers holds the table to members of GetOpportunity's answer
// that are strings or lists of strings, also in both requests that take
// them, each with its kind and source.
func TestEncodedMembers(t *testing.T) {
	types := []reflect.Type{
		reflect.TypeFor[api.GetOpportunityResponse](),
		reflect.TypeFor[api.CreateOpportunityRequest](),
		reflect.TypeFor[api.UpdateOpportunityRequest](),
	}
	for _, m := range encodedMembers {
		for _, typ := range types {
			f := typ
			for _, name := range strings.Split(m.path, ".") {
				for f.Kind() == reflect.Pointer {
					f = f.Elem()
				}
				sf, ok := f.FieldByName(name)
				if !ok {
					t.Fatalf("%s: %s has no %s", m.path, f, name)
				}
				f = sf.Type
			}
			if f != reflect.TypeFor[*string]() && f != reflect.TypeFor[[]string]() {
				t.Errorf("%s in %s is a %s, not a string or a list of strings", m.path, typ.Name(), f)
			}
		}
		if (m.kind != freeText && m.kind != enumLike) || m.source == "" {
			t.Errorf("%s: kind %q, source %q", m.path, m.kind, m.source)
		}
		if m.valid != nil && m.kind != enumLike {
			t.Errorf("%s: free text with a list of values", m.path)
		}
	}
}

// TestModelEnumsHaveNoEncodedForm: no value of the model's enums (with the
// overlay's) holds "&" or ":", so no model enum has an encoded form to
// refuse; the refusal is for the enum-like members the model types as
// strings.
func TestModelEnumsHaveNoEncodedForm(t *testing.T) {
	var walk func(v any)
	n := 0
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				if values, ok := e.([]any); ok && k == "enum" {
					for _, s := range values {
						n++
						if s, _ := s.(string); encode(s) != s {
							t.Errorf("enum value %q has an encoded form", s)
						}
					}
					continue
				}
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	for _, file := range []string{"../model/service.json", "../model/overlay.json"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		walk(v)
	}
	if n < 100 {
		t.Fatalf("found only %d enum values", n)
	}
}

func TestEncodeAnswer(t *testing.T) {
	out := &api.GetOpportunityResponse{
		Customer:  &api.Customer{Account: &api.Account{CompanyName: ptr("Smith & Sons"), Duns: ptr("1&2")}},
		LifeCycle: &api.LifeCycle{NextSteps: ptr("Call: Monday")},
		Project: &api.Project{CustomerBusinessProblem: ptr("A & B"), CustomerUseCase: ptr("Security & Compliance"),
			Title: ptr("Q&A")},
		Marketing: &api.Marketing{UseCases: []string{"VR & AR", "Compute"}, CampaignName: ptr("A&B")},
	}
	before, _ := json.Marshal(out)
	got := encodeAnswer(out)
	after, _ := json.Marshal(out)
	if string(before) != string(after) {
		t.Errorf("the service's answer was written through:\n%s\n%s", before, after)
	}
	want := &api.GetOpportunityResponse{
		Customer:  &api.Customer{Account: &api.Account{CompanyName: ptr("Smith &amp; Sons"), Duns: ptr("1&2")}},
		LifeCycle: &api.LifeCycle{NextSteps: ptr("Call&amp;colon; Monday")},
		Project: &api.Project{CustomerBusinessProblem: ptr("A &amp; B"), CustomerUseCase: ptr("Security &amp; Compliance"),
			Title: ptr("Q&A")},
		Marketing: &api.Marketing{UseCases: []string{"VR &amp; AR", "Compute"}, CampaignName: ptr("A&B")},
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Errorf("encodeAnswer:\n got %s\nwant %s", g, w)
	}
	if empty := encodeAnswer(&api.GetOpportunityResponse{}); !reflect.DeepEqual(empty, &api.GetOpportunityResponse{}) {
		t.Errorf("an answer without the members: %+v", empty)
	}
}

func TestRefuseEncoded(t *testing.T) {
	tests := []struct {
		name      string
		useCases  []string
		wantField []string
	}{
		{"no marketing", nil, nil},
		{"valid values", []string{"Front End Web & Mobile", "Compute"}, nil},
		{"values off the list pass, as without the quirk", []string{"Migration", "Q &amp; A"}, nil},
		{"an encoded valid value", []string{"Compute", "VR &amp; AR"}, []string{"marketing.useCases"}},
		{"two", []string{"Migration &amp; Transfer", "Management &amp; Governance"}, []string{"marketing.useCases", "marketing.useCases"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, in := range []any{
				&api.CreateOpportunityRequest{Marketing: &api.Marketing{UseCases: tt.useCases}},
				&api.UpdateOpportunityRequest{Marketing: &api.Marketing{UseCases: tt.useCases}},
			} {
				err := refuseEncoded(in)
				var ve *api.ValidationException
				if tt.wantField == nil {
					if err != nil {
						t.Errorf("%T: %v", in, err)
					}
					continue
				}
				if !errors.As(err, &ve) || *ve.Reason != api.ValidationExceptionReasonBusinessValidationFailed {
					t.Fatalf("%T: %v, want a business ValidationException", in, err)
				}
				var fields []string
				for _, e := range ve.ErrorList {
					fields = append(fields, *e.FieldName)
					if *e.Code != api.ValidationExceptionErrorCodeInvalidEnumValue {
						t.Errorf("code %s", *e.Code)
					}
				}
				if !reflect.DeepEqual(fields, tt.wantField) {
					t.Errorf("fields %v, want %v", fields, tt.wantField)
				}
			}
		})
	}
	if err := refuseEncoded(&api.CreateOpportunityRequest{}); err != nil {
		t.Errorf("empty request: %v", err)
	}
}

func TestOutputDeviations(t *testing.T) {
	got := Strict().OutputDeviations()
	for _, want := range []string{"Account.CompanyName", "LifeCycle.NextSteps", "Project.CustomerBusinessProblem",
		"Project.CustomerUseCase", "Marketing.UseCases"} {
		if got[want] == "" {
			t.Errorf("no deviation for %s (have %v)", want, got)
		}
	}
	if len(got) != len(encodedMembers) {
		t.Errorf("%d deviations for %d members", len(got), len(encodedMembers))
	}
}
