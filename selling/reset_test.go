package selling_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"pcs/internal/apitest"
	"pcs/selling"
	"pcs/store"
)

func listed(t *testing.T, s *apitest.Server, op, member string, body map[string]any) []any {
	t.Helper()
	l, _ := s.OK(op, body)[member].([]any)
	return l
}

// TestResetAccountLeavesOthersTheirShare: a reset of partner A deletes
// what A made and its side of what it shares; B keeps the engagement it
// joined, with A gone from it, and its own opportunity and task.
func TestResetAccountLeavesOthersTheirShare(t *testing.T) {
	a := apitest.New(t)
	b := a.As("222222222222")
	id := createOpportunity(t, a, func(m map[string]any) {
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	engID := a.OK("StartEngagementFromOpportunityTask", startTask(id, "t", "Co-Sell"))["EngagementId"]
	inv := a.OK("CreateEngagementInvitation", map[string]any{"Catalog": "Sandbox", "ClientToken": "inv-b",
		"EngagementIdentifier": engID, "Invitation": opportunityInvitation(b.Account)})
	task := b.OK("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "acc", "Identifier": inv["Id"]})
	_, referralID := referral(t, a) // AWS's engagement, with AWS its only other member
	a.OK("PutSellingSystemSettings", map[string]any{"Catalog": "Sandbox", "ResourceSnapshotJobRoleIdentifier": "PartnerCentralRole"})
	membersBefore := len(listed(t, b, "ListEngagementMembers", "EngagementMemberList", map[string]any{"Catalog": "Sandbox", "Identifier": engID}))

	d, err := selling.Reset(context.Background(), a.Service, a.Account, "")
	if err != nil {
		t.Fatal(err)
	}
	if d.Opportunities != 2 || d.Invitations != 3 || d.Engagements != 1 || d.Settings != 1 || d.Events == 0 || d.ClientTokens == 0 {
		t.Errorf("deleted %+v; want A's 2 opportunities, its 3 invitations (to B, to AWS, from AWS), AWS's referral engagement, A's setting", d)
	}

	sb := func(more ...any) map[string]any {
		m := map[string]any{"Catalog": "Sandbox"}
		for i := 0; i+1 < len(more); i += 2 {
			m[more[i].(string)] = more[i+1]
		}
		return m
	}
	if l := listed(t, a, "ListOpportunities", "OpportunitySummaries", sb()); len(l) != 0 {
		t.Errorf("A still lists opportunities %v", l)
	}
	a.Fail("GetOpportunity", sb("Identifier", id), "ResourceNotFoundException")
	a.Fail("GetEngagement", sb("Identifier", engID), "ResourceNotFoundException")
	a.Fail("GetEngagementInvitation", sb("Identifier", referralID), "ResourceNotFoundException")
	for _, role := range []string{"SENDER", "RECEIVER"} {
		if l := listed(t, a, "ListEngagementInvitations", "EngagementInvitationSummaries", sb("ParticipantType", role)); len(l) != 0 {
			t.Errorf("A lists invitations as %s: %v", role, l)
		}
	}
	if l := listed(t, a, "ListEngagements", "EngagementSummaryList", sb()); len(l) != 0 {
		t.Errorf("A lists engagements %v", l)
	}
	if got := a.OK("GetSellingSystemSettings", sb()); got["ResourceSnapshotJobRoleArn"] != nil {
		t.Errorf("A's settings survived: %v", got)
	}

	eng := b.OK("GetEngagement", sb("Identifier", engID))
	if n, _ := eng["MemberCount"].(float64); int(n) != membersBefore-1 {
		t.Errorf("B's engagement has %v members, want %d", eng["MemberCount"], membersBefore-1)
	}
	for _, m := range listed(t, b, "ListEngagementMembers", "EngagementMemberList", sb("Identifier", engID)) {
		if m.(map[string]any)["AccountId"] == a.Account {
			t.Errorf("A is still a member of B's engagement: %v", m)
		}
	}
	b.OK("GetOpportunity", sb("Identifier", task["OpportunityId"]))
	if l := listed(t, b, "ListEngagementByAcceptingInvitationTasks", "TaskSummaries", sb()); len(l) != 1 {
		t.Errorf("B's tasks: %v", l)
	}
	if l := listed(t, b, "ListEngagementInvitations", "EngagementInvitationSummaries", sb("ParticipantType", "RECEIVER")); len(l) != 0 {
		t.Errorf("B still lists A's invitation: %v", l)
	}

	// Nothing AWS had scheduled for A is left to run or fail.
	jobs, err := a.Jobs.Jobs(context.Background(), store.JobPending, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 0 {
		t.Errorf("pending jobs after the reset: %+v", jobs)
	}
	a.Advance(20 * 24 * time.Hour)
	if failed, _ := a.Jobs.Jobs(context.Background(), store.JobFailed, 100); len(failed) != 0 {
		t.Errorf("failed jobs: %+v", failed)
	}
	// A starts afresh; its ids are new ones.
	if again := createOpportunity(t, a, nil); again == id {
		t.Errorf("a new opportunity took the id %s of a reset one", id)
	}
}

func TestResetEverything(t *testing.T) {
	a := apitest.New(t)
	b := a.As("222222222222")
	createOpportunity(t, a, nil)
	createOpportunity(t, b, nil)
	referral(t, b)
	d, err := selling.Reset(context.Background(), a.Service, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if d.Opportunities != 3 || d.Invitations != 1 || d.Engagements != 1 {
		t.Errorf("deleted %+v", d)
	}
	for _, s := range []*apitest.Server{a, b} {
		if l := listed(t, s, "ListOpportunities", "OpportunitySummaries", map[string]any{"Catalog": "Sandbox"}); len(l) != 0 {
			t.Errorf("%s lists %v", s.Account, l)
		}
	}
}

// TestResetOneCatalog: a reset of A's Sandbox leaves its AWS catalog.
func TestResetOneCatalog(t *testing.T) {
	a := apitest.New(t)
	sandbox := createOpportunity(t, a, nil)
	aws := createOpportunity(t, a, func(m map[string]any) { m["Catalog"] = "AWS" })
	if _, err := selling.Reset(context.Background(), a.Service, a.Account, "Sandbox"); err != nil {
		t.Fatal(err)
	}
	a.Fail("GetOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": sandbox}, "ResourceNotFoundException")
	a.OK("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": aws})
}

func TestResetRefusesWhatItCannotName(t *testing.T) {
	s := apitest.New(t)
	for _, tt := range []struct{ account, catalog string }{
		{"", "Sandbox"},
		{"12345", ""},
		{"111111111111", "Marketplace"},
	} {
		_, err := selling.Reset(context.Background(), s.Service, tt.account, tt.catalog)
		var bad *selling.InvalidInputError
		if !errors.As(err, &bad) {
			t.Errorf("Reset(%q, %q) = %v, want an InvalidInputError", tt.account, tt.catalog, err)
		}
	}
}
