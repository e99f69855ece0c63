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
	setJobRole(t, s)
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
	// Two snapshots: the shared view, and AWS's view for the owner.
	expect("submit through the task", "Engagement Created", "Engagement Member Added", "Engagement Invitation Created",
		"Opportunity Updated", "Engagement Resource Snapshot Created", "Engagement Resource Snapshot Created")

	review(t, s, id, "Approved")
	expect("approval", "Opportunity Updated", "Engagement Resource Snapshot Created", "Engagement Resource Snapshot Created",
		"Engagement Invitation Accepted", "Engagement Member Added")

	_, invID := referral(t, s)
	expect("AWS referral", "Engagement Invitation Created")
	s.OK("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "acc", "Identifier": invID})
	expect("accept", "Opportunity Created", "Engagement Invitation Accepted", "Engagement Member Added", "Engagement Resource Snapshot Created")

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

// TestEventDrivenSync is the seeds' recipe for keeping a CRM in step: apply
// events as they come (fetching the opportunity each names), and catch up
// with ListOpportunities(AfterLastModifiedDate) from the newest
// LastModifiedDate seen. The mirror ends equal to the server.
func TestEventDrivenSync(t *testing.T) {
	s := apitest.New(t)
	mirror := map[string]string{} // id -> LastModifiedDate
	var cursor int64
	var watermark string
	apply := func(id string) {
		got := getOpp(t, s, id)
		lm := got["LastModifiedDate"].(string)
		mirror[id] = lm
		if lm > watermark {
			watermark = lm
		}
	}
	consume := func() {
		var evs []store.Event
		_ = s.Store.View(context.Background(), func(tx store.Tx) error {
			var err error
			evs, err = tx.EventsAfter(context.Background(), s.Account, cursor, 1000)
			return err
		})
		for _, e := range evs {
			cursor = e.Seq
			var env struct {
				Detail struct {
					Opportunity struct{ Identifier string }
				}
			}
			if err := json.Unmarshal(e.Doc, &env); err != nil {
				t.Fatal(err)
			}
			if id := env.Detail.Opportunity.Identifier; id != "" {
				apply(id)
			}
		}
	}
	ids := seed(t, s, 4)
	consume()
	// The consumer misses a while (events lost to it); it catches up by listing.
	cursor = 1 << 60
	s.Clock.Advance(time.Second)
	s.OK("UpdateOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": ids[1],
		"LastModifiedDate": getOpp(t, s, ids[1])["LastModifiedDate"], "Marketing": map[string]any{"Source": "None"}})
	createOpportunity(t, s, nil)
	createOpportunity(t, s, nil)
	req := map[string]any{"Catalog": "Sandbox", "LastModifiedDate": map[string]any{"AfterLastModifiedDate": watermark}, "MaxResults": 2}
	for {
		out := s.OK("ListOpportunities", req)
		for _, o := range out["OpportunitySummaries"].([]any) {
			apply(o.(map[string]any)["Id"].(string))
		}
		next, _ := out["NextToken"].(string)
		if next == "" {
			break
		}
		req["NextToken"] = next
	}
	all, _ := listIDs(t, s, map[string]any{"Catalog": "Sandbox", "MaxResults": 100})
	if len(all) != 6 {
		t.Fatalf("server holds %d opportunities, want 6", len(all))
	}
	if len(mirror) != len(all) {
		t.Fatalf("mirror holds %d opportunities, the server %d", len(mirror), len(all))
	}
	for _, id := range all {
		if mirror[id] != getOpp(t, s, id)["LastModifiedDate"] {
			t.Errorf("%s: mirror at %s, server at %v", id, mirror[id], getOpp(t, s, id)["LastModifiedDate"])
		}
	}
}

func TestEventsWhenAWSRejects(t *testing.T) {
	s := apitest.New(t)
	setJobRole(t, s)
	id := createOpportunity(t, s, func(m map[string]any) {
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	s.OK("StartEngagementFromOpportunityTask", startTask(id, "t", "Co-Sell"))
	var seen int64
	newEvents(t, s, s.Account, &seen)
	review(t, s, id, "Rejected")
	got := strings.Join(newEvents(t, s, s.Account, &seen), ", ")
	if got != "Opportunity Updated, Engagement Resource Snapshot Created, Engagement Invitation Rejected" {
		t.Errorf("events when AWS rejects: %s", got)
	}
}
