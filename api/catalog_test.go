package api

import (
	"reflect"
	"testing"
)

func TestCatalogOf(t *testing.T) {
	str := func(s string) *string { return &s }
	tests := []struct {
		name string
		in   Input
		want string
	}{
		{"Catalog member", &GetOpportunityRequest{Catalog: str("Sandbox")}, "Sandbox"},
		{"Catalog left out", &GetOpportunityRequest{}, ""},
		{"ResourceArn", &TagResourceRequest{ResourceArn: str("arn:aws:partnercentral:us-east-1:111111111111:catalog/AWS/opportunity/O1")}, "AWS"},
		{"ResourceArn without a catalog", &TagResourceRequest{ResourceArn: str("arn:aws:s3:::bucket")}, ""},
		{"nil pointer", (*GetOpportunityRequest)(nil), ""},
		{"nil", nil, ""},
	}
	for _, tt := range tests {
		if got := CatalogOf(tt.in); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestCatalogOfEveryInput: for every operation's input, CatalogOf reads the
// Catalog member, or else the ResourceArn's catalog, as a reflective look
// at the structure finds them.
func TestCatalogOfEveryInput(t *testing.T) {
	const arn = "arn:aws:partnercentral:us-east-1:111111111111:catalog/AWS/opportunity/O1"
	for name, op := range Operations {
		in := op.NewInput()
		v := reflect.ValueOf(in).Elem()
		set := func(member, value string) bool {
			f := v.FieldByName(member)
			if !f.IsValid() || f.Type() != reflect.TypeFor[*string]() {
				return false
			}
			f.Set(reflect.ValueOf(&value))
			return true
		}
		if got := CatalogOf(in); got != "" {
			t.Errorf("%s, empty: %q", name, got)
		}
		hasARN := set("ResourceArn", arn)
		if got, want := CatalogOf(in), map[bool]string{true: "AWS"}[hasARN]; got != want {
			t.Errorf("%s, ResourceArn set: %q, want %q", name, got, want)
		}
		hasCatalog := set("Catalog", "Sandbox")
		want := map[bool]string{true: "Sandbox"}[hasCatalog]
		if !hasCatalog && hasARN {
			want = "AWS"
		}
		if got := CatalogOf(in); got != want {
			t.Errorf("%s, Catalog set: %q, want %q", name, got, want)
		}
	}
}
