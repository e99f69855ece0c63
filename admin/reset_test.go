package admin_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"pcs/internal/apitest"
	"pcs/quota"
	"pcs/server"
)

func TestResetRequests(t *testing.T) {
	s := adminServer(t)
	tests := []struct {
		name, auth, body string
		status           int
		wantError        []string
	}{
		{"no body is everything", token, "", 200, nil},
		{"everything and the clock", token, `{"Clock": true}`, 200, nil},
		{"one account", token, `{"Account": "111111111111"}`, 200, nil},
		{"one account's catalog", token, `{"Account": "111111111111", "Catalog": "AWS"}`, 200, nil},
		{"one account's clock", token, `{"Account": "111111111111", "Clock": true}`, 400,
			[]string{"the pcs clock is one for every account", "leave out Account"}},
		{"a catalog of every account", token, `{"Catalog": "Sandbox"}`, 400, []string{"give the Account too"}},
		{"bad account and catalog", token, `{"Account": "1", "Catalog": "Prod"}`, 400,
			[]string{"Account must be a 12-digit AWS account id", "Catalog must be AWS or Sandbox"}},
		{"unknown member", token, `{"Acount": "111111111111"}`, 400, []string{"Acount"}},
		{"no token", "", `{}`, 401, []string{"Authorization: Bearer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, got := s.Admin(http.MethodPost, "/_pcs/reset", tt.auth, tt.body)
			if status != tt.status {
				t.Fatalf("HTTP %d %v, want %d", status, got, tt.status)
			}
			msg, _ := got["error"].(string)
			for _, w := range tt.wantError {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not say %q", msg, w)
				}
			}
			if status == 200 {
				if _, ok := got["Deleted"].(map[string]any)["Opportunities"]; !ok || got["Clock"] == nil {
					t.Errorf("answer %v has no counts or no clock", got)
				}
			}
		})
	}
}

// TestResetClearsWhatItResets: an account's reset deletes its records,
// its fault rules and its quota budgets, and nobody else's; a reset of
// everything deletes every rule and may put the clock back.
func TestResetClearsWhatItResets(t *testing.T) {
	s := apitest.NewWith(t, server.Config{AdminToken: token,
		Quotas: []quota.Group{{Name: "solutions", Operations: []string{"ListSolutions"}, Limit: quota.Limit{Daily: 1}}}})
	a, b := s, s.As("222222222222")
	for _, p := range []*apitest.Server{a, b} {
		createOpportunity(t, p)
		p.OK("ListSolutions", map[string]any{"Catalog": "Sandbox"})
		p.Fail("ListSolutions", map[string]any{"Catalog": "Sandbox"}, "ThrottlingException")
	}
	for _, rule := range []string{
		`{"action": "throttle", "operation": "GetOpportunity", "account": "111111111111"}`,
		`{"action": "throttle", "operation": "GetOpportunity", "account": "222222222222"}`,
		`{"action": "throttle", "operation": "GetOpportunity"}`,
	} {
		if status, got := s.Admin(http.MethodPost, "/_pcs/faults", token, rule); status != 200 {
			t.Fatalf("add a fault: HTTP %d %v", status, got)
		}
	}
	if status, got := s.Admin(http.MethodPost, "/_pcs/clock/advance", token, `{"By": "1h"}`); status != 200 {
		t.Fatalf("advance: HTTP %d %v", status, got)
	}

	status, got := s.Admin(http.MethodPost, "/_pcs/reset", token, `{"Account": "111111111111"}`)
	deleted, _ := got["Deleted"].(map[string]any)
	if status != 200 || deleted["Opportunities"] != 1.0 || deleted["Events"] != 1.0 || deleted["ClientTokens"] != 1.0 ||
		deleted["FaultRules"] != 1.0 || deleted["QuotaBudgets"] != 1.0 || got["Account"] != a.Account {
		t.Errorf("reset of A: HTTP %d %v", status, got)
	}
	if clock, _ := got["Clock"].(map[string]any); clock["AheadOfWallClock"] != "1h0m0s" {
		t.Errorf("a reset of one account moved the clock: %v", clock)
	}
	if rules := faultAccounts(t, s.URL); rules != "222222222222 *" {
		t.Errorf("fault rules after A's reset: %q, want B's and the one of every account", rules)
	}
	a.OK("ListSolutions", map[string]any{"Catalog": "Sandbox"})
	b.Fail("ListSolutions", map[string]any{"Catalog": "Sandbox"}, "ThrottlingException")
	if l := b.OK("ListOpportunities", map[string]any{"Catalog": "Sandbox"})["OpportunitySummaries"].([]any); len(l) != 1 {
		t.Errorf("B's opportunities after A's reset: %v", l)
	}

	status, got = s.Admin(http.MethodPost, "/_pcs/reset", token, `{"Clock": true}`)
	deleted, _ = got["Deleted"].(map[string]any)
	if status != 200 || deleted["Opportunities"] != 1.0 || deleted["FaultRules"] != 2.0 || deleted["QuotaBudgets"] != 2.0 {
		t.Errorf("reset of everything: HTTP %d %v", status, got)
	}
	if clock, _ := got["Clock"].(map[string]any); clock["AheadOfWallClock"] != "0s" || clock["Now"] != apitest.Start.Format("2006-01-02T15:04:05Z07:00") {
		t.Errorf("the clock after a reset of everything: %v", clock)
	}
	b.OK("ListSolutions", map[string]any{"Catalog": "Sandbox"})
	if rules := faultAccounts(t, s.URL); rules != "" {
		t.Errorf("fault rules after a reset of everything: %q", rules)
	}
}

// faultAccounts lists the accounts of the fault rules, "*" for a rule of
// every account.
func faultAccounts(t *testing.T, url string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url+"/_pcs/faults", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct{ Faults []struct{ Account string } }
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range got.Faults {
		out = append(out, cmp.Or(r.Account, "*"))
	}
	return strings.Join(out, " ")
}

func createOpportunity(t *testing.T, s *apitest.Server) string {
	t.Helper()
	out := s.OK("CreateOpportunity", map[string]any{"Catalog": "Sandbox", "ClientToken": fmt.Sprintf("c-%s", s.Account),
		"Customer": map[string]any{"Account": map[string]any{"CompanyName": "Example", "Industry": "Retail",
			"WebsiteUrl": "https://example.com", "Address": map[string]any{"CountryCode": "DE", "PostalCode": "20457"}}},
		"LifeCycle": map[string]any{"TargetCloseDate": "2026-12-01"},
		"Project": map[string]any{"Title": "t", "CustomerBusinessProblem": "A problem that is long enough.",
			"DeliveryModels": []string{"SaaS or PaaS"}, "OtherSolutionDescription": "ours",
			"ExpectedCustomerSpend": []any{map[string]any{"Amount": "10", "CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "AWS"}}},
	})
	return out["Id"].(string)
}
