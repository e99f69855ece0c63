package selling

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
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

// TestReviewRulesComments: the file's comments go with its outcome, the
// flags' with theirs; a rule takes the default's comments only when it ends
// as the default does. Rule n holds for an opportunity titled n.
func TestReviewRulesComments(t *testing.T) {
	flags := FixedReview{Wait: time.Minute, Review: time.Minute, Outcome: api.ReviewStatusActionRequired, Comments: "from the flags"}
	tests := []struct {
		name, file string
		want       []string // ReviewComments of the default (title "none"), then of rule 1, 2, ...
	}{
		{"the flags' comments for the flags' outcome", `{"rules": [
			{"when": {"Project.Title": "1"}, "outcome": "Action Required"},
			{"when": {"Project.Title": "2"}, "outcome": "Rejected"}]}`,
			[]string{"from the flags", "from the flags", ""}},
		{"the file's outcome drops the flags' comments", `{"outcome": "Rejected"}`, []string{""}},
		{"the file's comments", `{"outcome": "Rejected", "comments": "from the file", "rules": [
			{"when": {"Project.Title": "1"}, "outcome": "Rejected", "comments": "from the rule"},
			{"when": {"Project.Title": "2"}, "outcome": "Rejected"}]}`,
			[]string{"from the file", "from the rule", "from the file"}},
	}
	for i, tt := range tests {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("rules%d.json", i))
		os.WriteFile(path, []byte(tt.file), 0o600)
		p, err := LoadReviewRules(path, flags)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, title := range []string{"none", "1", "2"}[:len(tt.want)] {
			got = append(got, p.Decide(&api.GetOpportunityResponse{Project: &api.Project{Title: &title}}).ReviewComments)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: comments %q, want %q", tt.name, got, tt.want)
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
