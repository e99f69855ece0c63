package admin_test

import (
	"net/http"
	"os"
	"strings"
	"testing"
)

func TestSeedRequests(t *testing.T) {
	walkthrough, err := os.ReadFile("../fixtures/walkthrough.json")
	if err != nil {
		t.Fatal(err)
	}
	s := adminServer(t)
	tests := []struct {
		name, auth, body string
		status           int
		loaded           int
		want             string
	}{
		{"the walkthrough", token, string(walkthrough), 200, 4, ""},
		{"not JSON", token, `{"accounts":`, 400, -1, "the fixture is not JSON"},
		{"a typo", token, `{"acounts": {}}`, 400, -1, `unknown member "acounts"`},
		{"refused by the service", token, `{"accounts": {"222222222222": {"solutions": [{"Catalog": "AWS", "Name": "n", "Category": "Software Product"}],
			"opportunities": [{"Catalog": "AWS", "ClientToken": "x", "associate": [{"RelatedEntityType": "Solutions", "RelatedEntityIdentifier": "S-404"}]}]}}}`,
			400, 1, "fixture entry accounts.222222222222.opportunities[0].associate[0]: AssociateOpportunity: "},
		{"no token", "", `{}`, 401, -1, "Authorization: Bearer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, got := s.Admin(http.MethodPost, "/_pcs/seed", tt.auth, tt.body)
			msg, _ := got["error"].(string)
			if status != tt.status || !strings.Contains(msg, tt.want) {
				t.Fatalf("HTTP %d %v, want %d with %q", status, got, tt.status, tt.want)
			}
			if loaded, ok := got["Loaded"].([]any); tt.loaded >= 0 && (!ok || len(loaded) != tt.loaded) {
				t.Errorf("loaded %v, want %d entries", got["Loaded"], tt.loaded)
			}
		})
	}
	s.OK("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": "O5000001"})
}
