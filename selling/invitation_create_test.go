package selling_test

import (
	"fmt"
	"testing"

	"pcs/internal/apitest"
)

func opportunityInvitation(receiver string) map[string]any {
	return map[string]any{"Message": "Let's co-sell the telemetry migration",
		"Receiver": map[string]any{"Account": map[string]any{"AwsAccountId": receiver}},
		"Payload": map[string]any{"OpportunityInvitation": map[string]any{
			"ReceiverResponsibilities": []string{"Software Partner"},
			"SenderContacts":           []any{map[string]any{"Email": "maria.garcia@anycompany.example.com", "FirstName": "Maria"}},
			"Customer": map[string]any{"Industry": "Transportation and Logistics", "CompanyName": "Northwind Logistics GmbH",
				"WebsiteUrl": "https://www.northwind-logistics.example.com", "CountryCode": "DE"},
			"Project": map[string]any{"BusinessProblem": "Self-hosted telemetry stack cannot scale to 40k vehicles.",
				"Title": "Fleet telemetry platform migration", "TargetCompletionDate": "2026-12-31",
				"ExpectedCustomerSpend": []any{map[string]any{"Amount": "42500.00", "CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "AWS"}}},
		}}}
}

// TestTwoPartnersCoSell: partner A submits an opportunity and invites
// partner B into its engagement; B accepts and gets its own opportunity.
func TestTwoPartnersCoSell(t *testing.T) {
	a := apitest.New(t)
	b := a.As("222222222222")
	id := createOpportunity(t, a, func(m map[string]any) {
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	engID := a.OK("StartEngagementFromOpportunityTask", startTask(id, "t", "Co-Sell"))["EngagementId"]
	create := map[string]any{"Catalog": "Sandbox", "ClientToken": "inv-b", "EngagementIdentifier": engID,
		"Invitation": opportunityInvitation(b.Account)}
	inv := a.OK("CreateEngagementInvitation", create)
	if again := a.OK("CreateEngagementInvitation", create); again["Id"] != inv["Id"] {
		t.Errorf("same ClientToken, another invitation: %v", again)
	}
	create["ClientToken"] = "inv-b-again"
	a.Fail("CreateEngagementInvitation", create, "ConflictException") // one pending invitation per partner
	received := b.OK("ListEngagementInvitations", map[string]any{"Catalog": "Sandbox", "ParticipantType": "RECEIVER"})
	if l := received["EngagementInvitationSummaries"].([]any); len(l) != 1 || l[0].(map[string]any)["SenderAwsAccountId"] != a.Account {
		t.Fatalf("B received %v", received)
	}
	b.Fail("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": engID}, "ResourceNotFoundException")
	got := b.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": inv["Id"]})
	// A partner's unknown website reads as the string "null", as the service shows it.
	if m := got["ExistingMembers"].([]any); len(m) != 1 || m[0].(map[string]any)["CompanyName"] != "Partner "+a.Account ||
		m[0].(map[string]any)["WebsiteUrl"] != "null" {
		t.Errorf("ExistingMembers = %v", got["ExistingMembers"])
	}

	task := b.OK("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "acc", "Identifier": inv["Id"]})
	oppB := b.OK("GetOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": task["OpportunityId"]})
	if get(oppB, "Customer.Account.CompanyName") != "Northwind Logistics GmbH" || task["OpportunityId"] == id ||
		fmt.Sprint(oppB["PrimaryNeedsFromAws"]) != "[Do Not Need Support from AWS Sales Rep]" {
		t.Errorf("B's opportunity = %v", oppB)
	}
	// B's opportunity takes A's review status: Submitted now, Approved with A's.
	if st := get(oppB, "LifeCycle.ReviewStatus"); st != "Submitted" {
		t.Errorf("B's opportunity is %v while A's is Submitted", st)
	}
	review(t, a, id, "Approved")
	if st := get(b.OK("GetOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": task["OpportunityId"]}), "LifeCycle.ReviewStatus"); st != "Approved" {
		t.Errorf("after A's approval B's opportunity is %v", st)
	}
	members := b.OK("ListEngagementMembers", map[string]any{"Catalog": "Sandbox", "Identifier": engID})
	if l := members["EngagementMemberList"].([]any); len(l) != 3 { // A, B, and AWS since the approval
		t.Errorf("members after B joined = %v", members)
	}
	create["ClientToken"], create["Invitation"] = "inv-b-3", opportunityInvitation(b.Account)
	a.Fail("CreateEngagementInvitation", create, "ConflictException") // already a member
	a.As("333333333333").Fail("CreateEngagementInvitation", map[string]any{"Catalog": "Sandbox", "ClientToken": "x",
		"EngagementIdentifier": engID, "Invitation": opportunityInvitation("444444444444")}, "ResourceNotFoundException")
}

func TestLeadInvitationAccepted(t *testing.T) {
	a := apitest.New(t)
	b := a.As("222222222222")
	eng := a.OK("CreateEngagement", map[string]any{"Catalog": "Sandbox", "ClientToken": "e", "Title": "Lead", "Description": "A lead to share"})
	inv := a.OK("CreateEngagementInvitation", map[string]any{"Catalog": "Sandbox", "ClientToken": "i", "EngagementIdentifier": eng["Id"],
		"Invitation": map[string]any{"Message": "A lead for you", "Receiver": map[string]any{"Account": map[string]any{"AwsAccountId": b.Account}},
			"Payload": map[string]any{"LeadInvitation": map[string]any{
				"Customer":    map[string]any{"CompanyName": "Example Freight", "CountryCode": "US"},
				"Interaction": map[string]any{"ContactBusinessTitle": "CTO", "SourceId": "evt-1", "SourceName": "Summit", "SourceType": "Event"}}}}})
	r := b.Call("AcceptEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": inv["Arn"]})
	if r.Status != 200 || len(r.Body) != 0 {
		t.Fatalf("accept: HTTP %d %s", r.Status, r.Body)
	}
	if got := b.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": eng["Id"]}); got["MemberCount"] != float64(2) {
		t.Errorf("engagement after accepting = %v", got)
	}
	if got := a.OK("ListEngagementInvitations", map[string]any{"Catalog": "Sandbox", "ParticipantType": "SENDER"}); get(got["EngagementInvitationSummaries"].([]any)[0].(map[string]any), "Status") != "ACCEPTED" {
		t.Errorf("sender's view = %v", got)
	}
	b.Fail("AcceptEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": inv["Id"]}, "ConflictException")
}
