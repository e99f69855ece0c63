package selling_test

import (
	"testing"
	"time"

	"pcs/internal/apitest"
	"pcs/selling"
)

func receivedInvitations(t *testing.T, s *apitest.Server) []map[string]any {
	t.Helper()
	out := s.OK("ListEngagementInvitations", map[string]any{"Catalog": "Sandbox", "ParticipantType": "RECEIVER"})
	var invs []map[string]any
	for _, v := range out["EngagementInvitationSummaries"].([]any) {
		invs = append(invs, v.(map[string]any))
	}
	return invs
}

func TestInvitationsAreTheirPartiesOnly(t *testing.T) {
	s := apitest.New(t)
	_, invID := referral(t, s)
	other := s.As("222222222222")
	other.Fail("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID}, "ResourceNotFoundException")
	other.Fail("RejectEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID}, "ResourceNotFoundException")
	other.Fail("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "x", "Identifier": invID}, "ResourceNotFoundException")
	if out := other.OK("ListEngagementInvitations", map[string]any{"Catalog": "Sandbox", "ParticipantType": "RECEIVER"}); len(out["EngagementInvitationSummaries"].([]any)) != 0 {
		t.Errorf("another account lists %v", out)
	}
	s.Fail("GetEngagementInvitation", map[string]any{"Catalog": "AWS", "Identifier": invID}, "ResourceNotFoundException")
	if out := s.OK("ListEngagementInvitations", map[string]any{"Catalog": "Sandbox", "ParticipantType": "SENDER"}); len(out["EngagementInvitationSummaries"].([]any)) != 0 {
		t.Errorf("the receiver lists it as sent: %v", out)
	}
}

func TestListInvitationsPaging(t *testing.T) {
	s := apitest.New(t)
	for range 5 {
		if _, err := s.AWS.SendReferral(t.Context(), selling.ReferralSpec{Account: "111111111111", Catalog: "Sandbox"}); err != nil {
			t.Fatal(err)
		}
		s.Clock.Advance(time.Second)
	}
	seen := map[any]bool{}
	req := map[string]any{"Catalog": "Sandbox", "ParticipantType": "RECEIVER", "MaxResults": 2}
	for {
		out := s.OK("ListEngagementInvitations", req)
		for _, v := range out["EngagementInvitationSummaries"].([]any) {
			seen[v.(map[string]any)["Id"]] = true
		}
		next, _ := out["NextToken"].(string)
		if next == "" {
			break
		}
		req["NextToken"] = next
	}
	if len(seen) != 5 {
		t.Errorf("paged through %d invitations, want 5", len(seen))
	}
}

// TestPartnerLeadAcceptedStartsUnqualified: a lead a partner shares is
// accepted the way an AWS lead is, by the same code.
func TestPartnerLeadAcceptedStartsUnqualified(t *testing.T) {
	a := apitest.New(t)
	b := a.As("222222222222")
	eng := a.OK("CreateEngagement", map[string]any{"Catalog": "Sandbox", "ClientToken": "e", "Title": "Leads", "Description": "Two leads",
		"Contexts": []any{map[string]any{"Type": "Lead", "Payload": leadContext("")}, map[string]any{"Type": "Lead", "Payload": leadContext("Qualified")}}})
	inv := a.OK("CreateEngagementInvitation", map[string]any{"Catalog": "Sandbox", "ClientToken": "i", "EngagementIdentifier": eng["Id"],
		"Invitation": map[string]any{"Message": "Two leads for you", "Receiver": map[string]any{"Account": map[string]any{"AwsAccountId": b.Account}},
			"Payload": map[string]any{"LeadInvitation": map[string]any{
				"Customer":    map[string]any{"CompanyName": "Example Freight", "CountryCode": "US"},
				"Interaction": map[string]any{"ContactBusinessTitle": "CTO", "SourceId": "evt-1", "SourceName": "Summit", "SourceType": "Event"}}}}})
	b.OK("AcceptEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": inv["Id"]})
	contexts := b.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": eng["Id"]})["Contexts"].([]any)
	var got []any
	for _, c := range contexts {
		got = append(got, get(c.(map[string]any), "Payload.Lead.QualificationStatus"))
	}
	if len(got) != 2 || got[0] != "Unqualified" || got[1] != "Qualified" {
		t.Errorf("qualification after acceptance = %v, want [Unqualified Qualified]", got)
	}
}
