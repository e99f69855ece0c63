package selling

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"pcs/api"
	"pcs/clock"
)

// ReviewRules is the ReviewPolicy of a rules file (pcs serve -review-rules):
// the first rule whose conditions all hold for the opportunity gives the
// outcome, else Default does.
//
// A rules file is JSON:
//
//	{"wait": "1m", "review": "5m", "outcome": "Approved", "comments": "",
//	 "rules": [
//	   {"when": {"Customer.Account.Industry": "Gaming"}, "outcome": "Rejected",
//	    "reason": "Incomplete", "comments": "Gaming is out of scope"},
//	   {"when": {"Project.Title": "*manual*"}, "outcome": "manual"}
//	 ]}
//
// A condition names a member of the opportunity as GetOpportunity returns
// it, by dotted path; it holds when the member (or, for a list, one of its
// items) equals the value, where "*" stands for any run of characters.
// Outcome "manual" leaves the decision to pcs sim review. A rule without
// comments that ends as the default does takes the default's comments; an
// Action Required left without any gets DefaultActionRequiredComments.
type ReviewRules struct {
	Default FixedReview
	Rules   []ReviewRule
}

// ReviewRule is one rule of ReviewRules.
type ReviewRule struct {
	When     map[string]string `json:"when"`
	Outcome  string            `json:"outcome"`
	Reason   string            `json:"reason,omitempty"`
	Comments string            `json:"comments,omitempty"`
	Review   string            `json:"review,omitempty"` // how long the review takes; the default's when empty
}

// StartAfter implements ReviewPolicy.
func (p *ReviewRules) StartAfter() time.Duration { return p.Default.Wait }

// Decide implements ReviewPolicy.
func (p *ReviewRules) Decide(o *api.GetOpportunityResponse) ReviewDecision {
	var doc map[string]any
	b, _ := json.Marshal(o)
	_ = json.Unmarshal(b, &doc)
	for _, r := range p.Rules {
		if !r.matches(doc) {
			continue
		}
		outcome, _ := ParseReviewOutcome(r.Outcome) // checked by LoadReviewRules
		d := ReviewDecision{Outcome: outcome, ReviewStatusReason: r.Reason, ReviewComments: r.Comments, After: p.Default.Review}
		if d.ReviewComments == "" && outcome == p.Default.Outcome {
			d.ReviewComments = p.Default.Comments
		}
		if r.Review != "" {
			d.After, _ = clock.ParseDuration(r.Review) // checked by LoadReviewRules
		}
		return d
	}
	return p.Default.Decide(o)
}

func (r ReviewRule) matches(doc map[string]any) bool {
	for path, want := range r.When {
		if !anyMatch(lookup(doc, path), want) {
			return false
		}
	}
	return true
}

func lookup(doc map[string]any, path string) any {
	var v any = doc
	for _, p := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

func anyMatch(v any, pattern string) bool {
	switch t := v.(type) {
	case []any:
		for _, x := range t {
			if anyMatch(x, pattern) {
				return true
			}
		}
		return false
	case nil:
		return pattern == ""
	default:
		return glob(pattern, fmt.Sprint(t))
	}
}

// glob matches s against pattern, where "*" is any run of characters.
func glob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return s == pattern
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

// LoadReviewRules reads a rules file; def gives what the file leaves out.
func LoadReviewRules(path string, def FixedReview) (*ReviewRules, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f struct {
		Wait, Review, Outcome, Comments string
		Rules                           []ReviewRule
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	p := &ReviewRules{Default: def, Rules: f.Rules}
	for _, d := range []struct {
		s   string
		dst *time.Duration
	}{{f.Wait, &p.Default.Wait}, {f.Review, &p.Default.Review}} {
		if d.s == "" {
			continue
		}
		if *d.dst, err = clock.ParseDuration(d.s); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	if f.Outcome != "" {
		outcome, err := ParseReviewOutcome(f.Outcome)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if outcome != p.Default.Outcome {
			p.Default.Comments = "" // def's comments were for its own outcome
		}
		p.Default.Outcome = outcome
	}
	if f.Comments != "" {
		p.Default.Comments = f.Comments
	}
	for i, r := range f.Rules {
		if len(r.When) == 0 {
			return nil, fmt.Errorf("%s: rule %d has no conditions (\"when\")", path, i+1)
		}
		if _, err := ParseReviewOutcome(r.Outcome); err != nil {
			return nil, fmt.Errorf("%s: rule %d: %w", path, i+1, err)
		}
		if r.Review != "" {
			if _, err := clock.ParseDuration(r.Review); err != nil {
				return nil, fmt.Errorf("%s: rule %d: %w", path, i+1, err)
			}
		}
	}
	return p, nil
}
