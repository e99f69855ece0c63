package selling_test

import (
	"strings"
	"testing"

	"pcs/internal/apitest"
	"pcs/selling"
	"pcs/server"
)

// users is a directory with users for account 111111111111 only.
type users map[string]selling.DirectoryUser

func (u users) CompanyName(account string) string {
	if account == "111111111111" {
		return "AnyCompany"
	}
	return ""
}

// Connected connects 111111111111 with 222222222222 only.
func (u users) Connected(a, b string) bool {
	return a != b && (a == "111111111111" || a == "222222222222") && (b == "111111111111" || b == "222222222222")
}

func (u users) User(account, email string) (selling.DirectoryUser, bool, bool) {
	if account != "111111111111" {
		return selling.DirectoryUser{}, false, false
	}
	d, ok := u[strings.ToLower(email)]
	return d, ok, true
}

func TestAssignOpportunityChecksTheDirectory(t *testing.T) {
	dir := users{"jane@anycompany.com": {Email: "Jane@AnyCompany.com", FirstName: "Jane", LastName: "Doe"}}
	s := apitest.NewWith(t, server.Config{Selling: selling.Config{Directory: dir}})
	id := createOpportunity(t, s, nil)
	assign := func(email string) map[string]any {
		return map[string]any{"Catalog": "Sandbox", "Identifier": id, "Assignee": map[string]any{
			"Email": email, "FirstName": "J", "LastName": "D", "BusinessTitle": "PartnerAccountManager"}}
	}

	r := s.Fail("AssignOpportunity", assign("joe@anycompany.com"), "ValidationException")
	if got := fieldErrors(r); len(got) != 1 || got[0] != "assignee.email:INVALID_VALUE" ||
		r.JSON()["Reason"] != "BUSINESS_VALIDATION_FAILED" {
		t.Fatalf("unknown user: %s", r.Body)
	}

	s.OK("AssignOpportunity", assign("jane@anycompany.com"))
	team, _ := getOpp(t, s, id)["OpportunityTeam"].([]any)
	found := false
	for _, c := range team {
		m := c.(map[string]any)
		if m["BusinessTitle"] == "OpportunityOwner" {
			found = true
			// The names come from the directory, not from the request.
			if m["FirstName"] != "Jane" || m["LastName"] != "Doe" || m["Email"] != "jane@anycompany.com" {
				t.Errorf("owner = %v", m)
			}
		}
	}
	if !found {
		t.Fatalf("no owner in %v", team)
	}

	// An account the directory has no users for accepts any contact.
	other := s.As("222222222222")
	id2 := createOpportunity(t, other, nil)
	other.OK("AssignOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id2, "Assignee": map[string]any{
		"Email": "anyone@example.com", "FirstName": "A", "LastName": "B", "BusinessTitle": "PartnerAccountManager"}})
}

func TestCompanyNamesFromTheDirectory(t *testing.T) {
	s := apitest.NewWith(t, server.Config{Selling: selling.Config{Directory: users{}}})
	id := createOpportunity(t, s, func(m map[string]any) {
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	task := s.OK("StartEngagementFromOpportunityTask", startTask(id, "t", "Co-Sell"))
	members := s.OK("ListEngagementMembers", map[string]any{"Catalog": "Sandbox", "Identifier": task["EngagementId"]})
	if l := members["EngagementMemberList"].([]any); len(l) != 1 || l[0].(map[string]any)["CompanyName"] != "AnyCompany" {
		t.Errorf("members = %v", members)
	}
	inv := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": task["EngagementInvitationId"]})
	if inv["SenderCompanyName"] != "AnyCompany" {
		t.Errorf("SenderCompanyName = %v", inv["SenderCompanyName"])
	}
	if m := inv["ExistingMembers"].([]any); len(m) != 1 || m[0].(map[string]any)["CompanyName"] != "AnyCompany" ||
		m[0].(map[string]any)["WebsiteUrl"] != "null" {
		t.Errorf("ExistingMembers of the invitation to AWS = %v", m)
	}
}

// TestInvitationsOnlyToConnectedPartners: with a directory, a partner
// invites only the partners it is connected with.
func TestInvitationsOnlyToConnectedPartners(t *testing.T) {
	a := apitest.NewWith(t, server.Config{Selling: selling.Config{Directory: users{}}})
	id := createOpportunity(t, a, func(m map[string]any) {
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	engID := a.OK("StartEngagementFromOpportunityTask", startTask(id, "t", "Co-Sell"))["EngagementId"]
	invite := func(receiver string) map[string]any {
		return map[string]any{"Catalog": "Sandbox", "ClientToken": "inv-" + receiver, "EngagementIdentifier": engID,
			"Invitation": opportunityInvitation(receiver)}
	}
	r := a.Fail("CreateEngagementInvitation", invite("333333333333"), "ValidationException")
	if got := fieldErrors(r); len(got) != 1 || got[0] != "invitation.receiver.account.awsAccountId:INVALID_VALUE" ||
		r.JSON()["Reason"] != "BUSINESS_VALIDATION_FAILED" || !strings.Contains(string(r.Body), "partner connections") {
		t.Fatalf("unconnected partner: %s", r.Body)
	}
	a.OK("CreateEngagementInvitation", invite("222222222222"))
}
