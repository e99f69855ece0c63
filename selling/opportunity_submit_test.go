package selling_test

import (
	"fmt"
	"testing"

	"pcs/internal/apitest"
)

func TestSubmitOpportunity(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, nil)
	// Neither a solution nor a description of one: not reviewable yet.
	r := s.Fail("SubmitOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id, "InvolvementType": "Co-Sell"}, "ValidationException")
	if !contains(fieldErrors(r), "project.otherSolutionDescription:REQUIRED_FIELD_MISSING") {
		t.Errorf("ErrorList = %v", fieldErrors(r))
	}
	s.OK("AssociateOpportunity", associate(id, "Solutions", "S-1234567"))
	r = s.Call("SubmitOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id, "InvolvementType": "Co-Sell"})
	if r.Status != 200 || len(r.Body) != 0 {
		t.Fatalf("HTTP %d %q", r.Status, r.Body)
	}
	if st := get(getOpp(t, s, id), "LifeCycle.ReviewStatus"); st != "Submitted" {
		t.Errorf("ReviewStatus = %v", st)
	}
	r = s.Fail("SubmitOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id, "InvolvementType": "Co-Sell"}, "ValidationException")
	if !contains(fieldErrors(r), "identifier:INVALID_RESOURCE_STATE") {
		t.Errorf("second submit: %v", fieldErrors(r))
	}
}

func TestSubmitRequirements(t *testing.T) {
	tests := []struct {
		name        string
		involvement string
		edit        func(m map[string]any)
		want        string
	}{
		{"co-sell needs primary needs", "Co-Sell", func(m map[string]any) { delete(m, "PrimaryNeedsFromAws") }, "primaryNeedsFromAws:REQUIRED_FIELD_MISSING"},
		{"co-sell needs sales activities", "Co-Sell", func(m map[string]any) { set(m, "Project.SalesActivities", deleted) }, "project.salesActivities:REQUIRED_FIELD_MISSING"},
		{"needs a title", "For Visibility Only", func(m map[string]any) { set(m, "Project.Title", deleted) }, "project.title:REQUIRED_FIELD_MISSING"},
		{"needs a close date", "For Visibility Only", func(m map[string]any) { set(m, "LifeCycle.TargetCloseDate", deleted) }, "lifeCycle.targetCloseDate:REQUIRED_FIELD_MISSING"},
		{"needs a customer", "For Visibility Only", func(m map[string]any) { delete(m, "Customer") }, "customer.account:REQUIRED_FIELD_MISSING"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apitest.New(t)
			id := createOpportunity(t, s, func(m map[string]any) {
				set(m, "Project.OtherSolutionDescription", "Our telemetry platform")
				tt.edit(m)
			})
			r := s.Fail("SubmitOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id, "InvolvementType": tt.involvement}, "ValidationException")
			if !contains(fieldErrors(r), tt.want) {
				t.Errorf("ErrorList = %v, want %s", fieldErrors(r), tt.want)
			}
		})
	}
}

func TestSubmitForVisibilityOnly(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, func(m map[string]any) {
		set(m, "Project.OtherSolutionDescription", "Our telemetry platform")
	})
	s.OK("SubmitOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id, "InvolvementType": "For Visibility Only"})
	if g := fmt.Sprint(getOpp(t, s, id)["PrimaryNeedsFromAws"]); g != "[Do Not Need Support from AWS Sales Rep]" {
		t.Errorf("PrimaryNeedsFromAws = %s", g)
	}
}

// TestSubmitWithMarketplaceSolution: a Marketplace solution is a solution
// for submission, as the service recommends it over partner solutions.
func TestSubmitWithMarketplaceSolution(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, nil)
	s.OK("AssociateOpportunity", associate(id, "AwsMarketplaceSolutions", mpSolutionARN))
	s.OK("SubmitOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id, "InvolvementType": "Co-Sell"})
}
