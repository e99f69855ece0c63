package selling_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"pcs/internal/apitest"
	"pcs/store"
)

// newEvents returns the detail-types of account's events since the last
// call, and checks each envelope.
func newEvents(t *testing.T, s *apitest.Server, account string, after *int64) []string {
	t.Helper()
	var evs []store.Event
	_ = s.Store.View(context.Background(), func(tx store.Tx) error {
		var err error
		evs, err = tx.EventsAfter(context.Background(), account, *after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		return nil
	})
	var types []string
	for _, e := range evs {
		var env map[string]any
		if err := json.Unmarshal(e.Doc, &env); err != nil {
			t.Fatal(err)
		}
		if env["source"] != "aws.partnercentral-selling" || env["account"] != account || env["region"] != "us-east-1" ||
			env["version"] != "0" || env["detail-type"] != e.DetailType || env["id"] == "" {
			t.Errorf("envelope %s", e.Doc)
		}
		if d, _ := env["detail"].(map[string]any); d["catalog"] == nil {
			t.Errorf("event without detail.catalog: %s", e.Doc)
		}
		types = append(types, e.DetailType)
		*after = e.Seq
	}
	return types
}

func TestEventScenarios(t *testing.T) {
	s := apitest.New(t)
	var seen int64
	expect := func(step string, want ...string) {
		t.Helper()
		got := newEvents(t, s, s.Account, &seen)
		if strings.Join(got, ", ") != strings.Join(want, ", ") {
			t.Errorf("%s: events %q, want %q", step, got, want)
		}
	}
	id := createOpportunity(t, s, func(m map[string]any) {
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	expect("create", "Opportunity Created")

	body := updateBody(t, id, getOpp(t, s, id)["LastModifiedDate"])
	set(body, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	s.OK("UpdateOpportunity", body)
	expect("update", "Opportunity Updated")

	m := payload(t, "create_opportunity.json")
	set(m, "ClientToken", "bad")
	set(m, "LifeCycle.TargetCloseDate", "2001-01-01")
	s.Fail("CreateOpportunity", m, "ValidationException")
	expect("refused create")

	s.OK("AssociateOpportunity", associate(id, "AwsProducts", "AmazonRedshift"))
	expect("associate", "Opportunity Updated")

	if task := s.OK("StartEngagementFromOpportunityTask", startTask(id, "t", "Co-Sell")); task["TaskStatus"] != "COMPLETE" {
		t.Fatalf("task %v", task)
	}
	expect("submit through the task", "Engagement Created", "Engagement Member Added", "Engagement Invitation Created", "Opportunity Updated")

	review(t, s, id, "Approved")
	expect("approval", "Opportunity Updated", "Engagement Invitation Accepted", "Engagement Member Added")

	_, invID := referral(t, s)
	expect("AWS referral", "Engagement Invitation Created")
	s.OK("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "acc", "Identifier": invID})
	expect("accept", "Opportunity Created", "Engagement Invitation Accepted")

	// Other accounts hear nothing of it.
	var other int64
	if got := newEvents(t, s, "222222222222", &other); len(got) != 0 {
		t.Errorf("another account got %v", got)
	}
}

func TestEventsForExpiryAndRejection(t *testing.T) {
	s := apitest.New(t)
	referral(t, s)
	var seen int64
	newEvents(t, s, s.Account, &seen)
	s.Advance(15 * 24 * time.Hour)
	if got := newEvents(t, s, s.Account, &seen); strings.Join(got, ",") != "Engagement Invitation Expired" {
		t.Errorf("expiry: %v", got)
	}
	other := s.As("555555555555")
	_, inv := referral(t, other)
	seen = 0
	newEvents(t, other, other.Account, &seen)
	other.OK("RejectEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": inv})
	if got := newEvents(t, other, other.Account, &seen); strings.Join(got, ",") != "Engagement Invitation Rejected" {
		t.Errorf("rejection: %v", got)
	}
}
