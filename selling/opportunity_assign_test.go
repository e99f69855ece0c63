package selling_test

import (
	"testing"

	"pcs/internal/apitest"
)

func TestAssignOpportunity(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, nil)
	r := s.Call("AssignOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id, "Assignee": map[string]any{
		"Email": "new.owner@anycompany.example.com", "FirstName": "Nia", "LastName": "Owens", "BusinessTitle": "PartnerAccountManager"}})
	if r.Status != 200 || len(r.Body) != 0 {
		t.Fatalf("HTTP %d %q", r.Status, r.Body)
	}
	team, _ := getOpp(t, s, id)["OpportunityTeam"].([]any)
	owners := 0
	for _, c := range team {
		m := c.(map[string]any)
		if m["BusinessTitle"] == "OpportunityOwner" {
			owners++
			if m["Email"] != "new.owner@anycompany.example.com" || m["FirstName"] != "Nia" {
				t.Errorf("owner = %v", m)
			}
		}
	}
	if owners != 1 || len(team) != 2 {
		t.Errorf("OpportunityTeam = %v, want one owner (the assignee) and the account manager", team)
	}
	r = s.Fail("AssignOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id, "Assignee": map[string]any{
		"Email": "not-an-email", "FirstName": "Nia", "LastName": "Owens", "BusinessTitle": "PartnerAccountManager"}}, "ValidationException")
	if !contains(fieldErrors(r), "assignee.email:INVALID_STRING_FORMAT") {
		t.Errorf("bad email: %v", fieldErrors(r))
	}
}
