package selling_test

import (
	"context"
	"encoding/json"
	"slices"
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

// Detail-types, short, for the scenario table.
const (
	oppCreated  = "Opportunity Created"
	oppUpdated  = "Opportunity Updated"
	invCreated  = "Engagement Invitation Created"
	invAccepted = "Engagement Invitation Accepted"
	invRejected = "Engagement Invitation Rejected"
	engCreated  = "Engagement Created"
	engUpdated  = "Engagement Updated"
	memberAdded = "Engagement Member Added"
	snapshot    = "Engagement Resource Snapshot Created"
)

// TestEventScenarios walks the scenario table of AWS's events
// documentation, one step after the other, and lists for each step the
// detail-types each party gets, in the order pcs emits them: partner A,
// partner B whom A invites, partner C whom AWS refers. AWS, a member once it
// approves, has no event bus. Where pcs sends a documented detail-type
// twice, the second Engagement Resource Snapshot Created is AWS's view of
// the opportunity, written for its owner (docs/business-rules.md).
func TestEventScenarios(t *testing.T) {
	a := apitest.New(t)
	b, c := a.As("222222222222"), a.As("333333333333")
	setJobRole(t, a)
	setJobRole(t, b)
	setJobRole(t, c)
	var id, other, engID, invID, referralID string
	var soloEng map[string]any
	withSolution := func(m map[string]any) {
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	}
	update := func(edit func(m map[string]any)) {
		body := updateBody(t, id, getOpp(t, a, id)["LastModifiedDate"])
		withSolution(body)
		if edit != nil {
			edit(body)
		}
		a.OK("UpdateOpportunity", body)
	}
	steps := []struct {
		scenario string
		do       func()
		a, b, c  []string
	}{
		{"create", func() { id = createOpportunity(t, a, withSolution) }, []string{oppCreated}, nil, nil},
		{"update", func() { update(nil) }, []string{oppUpdated}, nil, nil},
		{"refused create", func() {
			m := payload(t, "create_opportunity.json")
			set(m, "LifeCycle.TargetCloseDate", "2001-01-01")
			a.Fail("CreateOpportunity", m, "ValidationException")
		}, nil, nil, nil},
		{"associate an offer", func() { a.OK("AssociateOpportunity", associate(id, "AwsMarketplaceOffers", offerARN)) }, []string{oppUpdated}, nil, nil},
		{"StartEngagementFromOpportunityTask", func() {
			engID = a.OK("StartEngagementFromOpportunityTask", startTask(id, "t", "Co-Sell"))["EngagementId"].(string)
		}, []string{engCreated, memberAdded, invCreated, oppUpdated, snapshot, snapshot}, nil, nil},
		{"AWS approves", func() { review(t, a, id, "Approved") },
			[]string{oppUpdated, snapshot, snapshot, invAccepted, memberAdded}, nil, nil},
		{"associate a solution", func() { a.OK("AssociateOpportunity", associate(id, "Solutions", "S-1234567")) },
			[]string{oppUpdated, snapshot, snapshot}, nil, nil},
		{"update with a snapshot job", func() { update(func(m map[string]any) { set(m, "LifeCycle.NextSteps", "Workshop on the 12th") }) },
			[]string{oppUpdated, snapshot, snapshot}, nil, nil},
		{"A invites B", func() {
			invID = a.OK("CreateEngagementInvitation", map[string]any{"Catalog": "Sandbox", "ClientToken": "inv-b",
				"EngagementIdentifier": engID, "Invitation": opportunityInvitation(b.Account)})["Id"].(string)
		}, []string{invCreated}, []string{invCreated}, nil},
		{"B accepts through StartEngagementByAcceptingInvitationTask", func() {
			b.OK("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "acc", "Identifier": invID})
		}, []string{invAccepted, memberAdded, snapshot}, []string{oppCreated, invAccepted, memberAdded, oppUpdated, snapshot}, nil},
		{"AWS refers C", func() { _, referralID = referral(t, c) }, nil, nil, []string{invCreated}},
		{"C accepts the referral through StartEngagementByAcceptingInvitationTask", func() {
			c.OK("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "acc", "Identifier": referralID})
		}, nil, nil, []string{oppCreated, invAccepted, memberAdded, oppUpdated, snapshot}},
		{"submit another", func() {
			other = createOpportunity(t, a, withSolution)
			a.OK("StartEngagementFromOpportunityTask", startTask(other, "t2", "Co-Sell"))
		}, []string{oppCreated, engCreated, memberAdded, invCreated, oppUpdated, snapshot, snapshot}, nil, nil},
		{"AWS rejects", func() { review(t, a, other, "Rejected") }, []string{oppUpdated, snapshot, invRejected}, nil, nil},
		{"create an engagement with a context", func() {
			soloEng = a.OK("CreateEngagement", map[string]any{"Catalog": "Sandbox", "ClientToken": "e", "Title": "Joint pursuit",
				"Description": "Two partners, one customer", "Contexts": []any{map[string]any{"Type": "CustomerProject", "Payload": customerProject("First")}}})
		}, []string{engCreated, memberAdded}, nil, nil},
		{"update its context", func() {
			a.OK("UpdateEngagementContext", map[string]any{"Catalog": "Sandbox", "EngagementIdentifier": soloEng["Id"], "ContextIdentifier": "1",
				"EngagementLastModifiedAt": soloEng["ModifiedAt"], "Type": "CustomerProject", "Payload": customerProject("Revised")})
		}, []string{engUpdated}, nil, nil},
		{"add a context to the engagement A and B share", func() {
			a.OK("CreateEngagementContext", map[string]any{"Catalog": "Sandbox", "ClientToken": "c", "EngagementIdentifier": engID,
				"Type": "CustomerProject", "Payload": customerProject("Shared")})
		}, []string{engUpdated}, []string{engUpdated}, nil},
	}
	parties := []struct {
		name   string
		server *apitest.Server
		seen   int64
	}{{name: "A", server: a}, {name: "B", server: b}, {name: "C", server: c}}
	for _, step := range steps {
		step.do()
		for i, want := range [][]string{step.a, step.b, step.c} {
			p := &parties[i]
			if got := newEvents(t, p.server, p.server.Account, &p.seen); !slices.Equal(got, want) {
				t.Errorf("%s: %s got %q, want %q", step.scenario, p.name, got, want)
			}
		}
	}
	var outsider int64
	if got := newEvents(t, a, "444444444444", &outsider); len(got) != 0 {
		t.Errorf("an account in none of it got %v", got)
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
