package selling

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pcs/api"
)

func TestReviewRules(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rules.json")
	os.WriteFile(path, []byte(`{"wait": "2m", "outcome": "Approved", "rules": [
		{"when": {"Customer.Account.Industry": "Gaming"}, "outcome": "Rejected", "reason": "Out of scope"},
		{"when": {"Project.Title": "*manual*"}, "outcome": "manual"},
		{"when": {"PrimaryNeedsFromAws": "Co-Sell - Pricing Assistance", "NationalSecurity": "No"}, "outcome": "Action Required", "review": "1d"}
	]}`), 0o600)
	p, err := LoadReviewRules(path, DefaultReview)
	if err != nil {
		t.Fatal(err)
	}
	if p.StartAfter() != 2*time.Minute {
		t.Errorf("StartAfter = %v", p.StartAfter())
	}
	opp := func(industry, title string, needs ...api.PrimaryNeedFromAws) *api.GetOpportunityResponse {
		return &api.GetOpportunityResponse{
			Customer:            &api.Customer{Account: &api.Account{Industry: (*api.Industry)(&industry)}},
			Project:             &api.Project{Title: &title},
			NationalSecurity:    ptr(api.NationalSecurityNo),
			PrimaryNeedsFromAws: needs,
		}
	}
	tests := []struct {
		name    string
		o       *api.GetOpportunityResponse
		outcome api.ReviewStatus
		after   time.Duration
	}{
		{"default", opp("Retail", "t"), api.ReviewStatusApproved, 5 * time.Minute},
		{"field value", opp("Gaming", "t"), api.ReviewStatusRejected, 5 * time.Minute},
		{"wildcard to manual", opp("Retail", "needs manual review"), "", 5 * time.Minute},
		{"list member and second condition", opp("Retail", "t", "Co-Sell - Pricing Assistance"), api.ReviewStatusActionRequired, 24 * time.Hour},
	}
	for _, tt := range tests {
		d := p.Decide(tt.o)
		if d.Outcome != tt.outcome || d.After != tt.after {
			t.Errorf("%s: %+v, want %q after %v", tt.name, d, tt.outcome, tt.after)
		}
	}
}

func TestReviewRulesFileErrors(t *testing.T) {
	for name, body := range map[string]string{
		"bad outcome":   `{"rules": [{"when": {"a": "b"}, "outcome": "Maybe"}]}`,
		"no conditions": `{"rules": [{"outcome": "Rejected"}]}`,
		"bad duration":  `{"wait": "soon"}`,
		"not JSON":      `rules:`,
	} {
		path := filepath.Join(t.TempDir(), "rules.json")
		os.WriteFile(path, []byte(body), 0o600)
		if _, err := LoadReviewRules(path, DefaultReview); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: %v, want an error naming the file", name, err)
		}
	}
}
