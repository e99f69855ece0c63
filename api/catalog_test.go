package api

import "testing"

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
