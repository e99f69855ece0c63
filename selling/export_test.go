package selling_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"pcs/admin"
	"pcs/api"
	"pcs/clock"
	"pcs/export"
	"pcs/internal/apitest"
	"pcs/selling"
	"pcs/server"
)

// tokenSecret signs the page tokens of both servers of a round trip, so
// that their NextTokens compare too.
var tokenSecret = []byte("export-round-trip")

// roundTripServer is a server whose answers are compared, not checked
// against the model (an opportunity without tags answers an empty Tags,
// which the model bounds to 1 to 200).
func roundTripServer(t *testing.T, at time.Time) *apitest.Server {
	return apitest.NewWith(t, server.Config{Clock: clock.NewFixed(at), Selling: selling.Config{TokenSecret: tokenSecret},
		CheckOutput: func(string, any) error { return nil }})
}

// buildExportWorld gives accounts A and B some of every record the store
// holds: opportunities with history and client tokens, a solution, tags,
// engagements shared between them and with AWS, invitations sent,
// accepted and pending, tasks of every kind, snapshots and snapshot jobs,
// a lead prospected, settings, AWS-side jobs done and pending, events.
func buildExportWorld(t *testing.T, a, b *apitest.Server) {
	t.Helper()
	ctx := context.Background()
	if _, err := a.AWS.PutSolution(ctx, selling.SolutionSpec{Account: a.Account, Catalog: "AWS", ID: "S-7000001",
		Name: "Telemetry Platform", Category: "Software Product"}); err != nil {
		t.Fatal(err)
	}
	shared := createOpportunity(t, a, func(m map[string]any) {
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	for range 4 {
		createOpportunity(t, a, nil)
	}
	a.OK("TagResource", map[string]any{"ResourceArn": getOpp(t, a, shared)["Arn"], "Tags": []any{map[string]any{"Key": "crm", "Value": "1"}}})
	engID := a.OK("StartEngagementFromOpportunityTask", startTask(shared, "share", "Co-Sell"))["EngagementId"]
	inv := a.OK("CreateEngagementInvitation", map[string]any{"Catalog": "Sandbox", "ClientToken": "invite-b",
		"EngagementIdentifier": engID, "Invitation": opportunityInvitation(b.Account)})
	b.OK("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "accept", "Identifier": inv["Id"]})

	aws := createOpportunity(t, a, func(m map[string]any) { m["Catalog"] = "AWS" })
	a.OK("AssociateOpportunity", map[string]any{"Catalog": "AWS", "OpportunityIdentifier": aws,
		"RelatedEntityType": "Solutions", "RelatedEntityIdentifier": "S-7000001"})
	a.OK("SubmitOpportunity", map[string]any{"Catalog": "AWS", "Identifier": aws, "InvolvementType": "Co-Sell"})
	a.Advance(10 * time.Minute) // AWS reviews it: Approved

	_, leadEngagement := sendLead(t, a)
	invs := receivedInvitations(t, a)
	a.OK("AcceptEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invs[0]["Id"]})
	startProspecting(a, "prospect", leadEngagement)
	a.Advance(time.Minute) // AWS prospects it
	a.OK("PutSellingSystemSettings", map[string]any{"Catalog": "Sandbox", "ResourceSnapshotJobRoleIdentifier": "PartnerCentralRole"})

	// A Sandbox referral kept on AWS's side until A accepts, and one from
	// AWS to B left pending, its expiry scheduled.
	createOpportunity(t, a, func(m map[string]any) { set(m, "Origin", "AWS Referral") })
	a.Advance(5 * time.Second)
	if _, err := b.AWS.SendReferral(ctx, selling.ReferralSpec{Account: b.Account, Catalog: "Sandbox"}); err != nil {
		t.Fatal(err)
	}
	createOpportunity(t, b, nil)
}

// reads walks every read of the API an account has in both catalogs: each
// listing page by page, and every record they list, got one by one. It
// returns each call and its answer, status and body, in order.
func reads(t *testing.T, s *apitest.Server) []string {
	t.Helper()
	var log []string
	call := func(op string, body map[string]any) map[string]any {
		r := s.Call(op, body)
		b, _ := json.Marshal(body)
		log = append(log, fmt.Sprintf("%s %s %s -> %d %s", s.Account, op, b, r.Status, r.Body))
		return r.JSON()
	}
	// list calls op page by page, two items a page, and returns the items.
	list := func(op string, body map[string]any) []map[string]any {
		p := api.Operations[op].Paginator
		var items []map[string]any
		req := map[string]any{p.LimitKey: 2}
		for k, v := range body {
			req[k] = v
		}
		for {
			out := call(op, req)
			l, _ := out[p.ResultKey].([]any)
			for _, it := range l {
				items = append(items, it.(map[string]any))
			}
			next, _ := out[p.OutputToken].(string)
			if next == "" {
				return items
			}
			req[p.InputToken] = next
		}
	}
	for _, catalog := range []string{"Sandbox", "AWS"} {
		c := func(kv ...any) map[string]any {
			m := map[string]any{"Catalog": catalog}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		}
		for _, o := range list(api.OpListOpportunities, c()) {
			call(api.OpGetOpportunity, c("Identifier", o["Id"]))
			call(api.OpGetAwsOpportunitySummary, c("RelatedOpportunityIdentifier", o["Id"]))
			call(api.OpListTagsForResource, map[string]any{"ResourceArn": o["Arn"]})
		}
		list(api.OpListSolutions, c())
		for _, e := range list(api.OpListEngagements, c()) {
			call(api.OpGetEngagement, c("Identifier", e["Id"]))
			list(api.OpListEngagementMembers, c("Identifier", e["Id"]))
			list(api.OpListEngagementResourceAssociations, c("EngagementIdentifier", e["Id"]))
			for _, sn := range list(api.OpListResourceSnapshots, c("EngagementIdentifier", e["Id"])) {
				call(api.OpGetResourceSnapshot, c("EngagementIdentifier", e["Id"], "ResourceType", sn["ResourceType"],
					"ResourceIdentifier", sn["ResourceId"], "ResourceSnapshotTemplateIdentifier", sn["ResourceSnapshotTemplateName"],
					"Revision", sn["Revision"]))
			}
		}
		for _, role := range []string{"SENDER", "RECEIVER"} {
			for _, inv := range list(api.OpListEngagementInvitations, c("ParticipantType", role)) {
				call(api.OpGetEngagementInvitation, c("Identifier", inv["Id"]))
			}
		}
		list(api.OpListEngagementByAcceptingInvitationTasks, c())
		list(api.OpListEngagementFromOpportunityTasks, c())
		list(api.OpListOpportunityFromEngagementTasks, c())
		for _, task := range list(api.OpListProspectingFromEngagementTasks, c()) {
			call(api.OpGetProspectingFromEngagementTask, c("TaskIdentifier", task["TaskId"]))
		}
		for _, j := range list(api.OpListResourceSnapshotJobs, c()) {
			call(api.OpGetResourceSnapshotJob, c("ResourceSnapshotJobIdentifier", j["Id"]))
		}
		call(api.OpGetSellingSystemSettings, c())
	}
	return log
}

// sameReads compares what two servers answer to every read of account.
func sameReads(t *testing.T, account string, from, to *apitest.Server) {
	t.Helper()
	want, got := reads(t, from.As(account)), reads(t, to.As(account))
	if len(want) < 30 {
		t.Fatalf("%s has only %d reads: the world is too small to tell", account, len(want))
	}
	for i := range max(len(want), len(got)) {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			t.Fatalf("read %d of %s differs after the import:\nexported: %.2000s\nimported: %.2000s", i, account, w, g)
		}
	}
}

// TestExportImportAnswersTheSame exports a pcs with everything in it,
// imports the file into a fresh pcs, and walks every read of the API for
// both accounts on both: every answer is the same, NextTokens included
// (the two sign them with one secret).
func TestExportImportAnswersTheSame(t *testing.T) {
	a := roundTripServer(t, apitest.Start)
	b := a.As("222222222222")
	buildExportWorld(t, a, b)
	ctx := context.Background()
	var file bytes.Buffer
	n, err := a.PCS.Export(ctx, admin.ExportRequest{}, &file)
	if err != nil {
		t.Fatal(err)
	}
	copyOf := roundTripServer(t, a.Clock.Now())
	res, err := copyOf.PCS.Import(ctx, bytes.NewReader(file.Bytes()), false)
	if err != nil {
		t.Fatal(err)
	}
	var loaded int64
	for _, c := range res.Records {
		loaded += c
	}
	if loaded != n || res.Records["opportunity"] == 0 || res.Records["job"] == 0 || res.Records["event"] == 0 {
		t.Errorf("imported %v (%d records), want the %d exported", res.Records, loaded, n)
	}
	sameReads(t, a.Account, a, copyOf)
	sameReads(t, b.Account, a, copyOf)

	// The copy goes on where the original was: the pending expiry of B's
	// referral runs, new ids follow the old ones.
	copyOf.Advance(16 * 24 * time.Hour)
	for _, inv := range receivedInvitations(t, copyOf.As(b.Account)) {
		if inv["SenderCompanyName"] == "AWS" && inv["Status"] != "EXPIRED" {
			t.Errorf("B's referral 16 days on: %v", inv)
		}
	}
	if id, next := createOpportunity(t, copyOf, nil), createOpportunity(t, a, nil); id != next {
		t.Errorf("the copy's next opportunity is %s, the original's %s", id, next)
	}
}

// TestExportOfOneAccount moves one partner to a fresh pcs: every read of
// that account answers as before, engagements it shares included.
func TestExportOfOneAccount(t *testing.T) {
	a := roundTripServer(t, apitest.Start)
	buildExportWorld(t, a, a.As("222222222222"))
	ctx := context.Background()
	var file bytes.Buffer
	if _, err := a.PCS.Export(ctx, admin.ExportRequest{Account: a.Account}, &file); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(file.Bytes(), []byte(`{"format":"pcs-export","version":1,"pcs":"test","exported":`)) ||
		!bytes.Contains(file.Bytes()[:200], []byte(`"account":"111111111111"}`)) {
		t.Errorf("header %.200s", file.Bytes())
	}
	moved := roundTripServer(t, a.Clock.Now())
	if _, err := moved.PCS.Import(ctx, bytes.NewReader(file.Bytes()), false); err != nil {
		t.Fatal(err)
	}
	sameReads(t, a.Account, a, moved)
	if l := listed(t, moved.As("222222222222"), "ListOpportunities", "OpportunitySummaries", map[string]any{"Catalog": "Sandbox"}); len(l) != 0 {
		t.Errorf("B's opportunities came with A's: %v", l)
	}

	// Into the pcs it came from: A is there, so it is refused, unless it
	// replaces A, which leaves B as it was.
	_, err := a.PCS.Import(ctx, bytes.NewReader(file.Bytes()), false)
	var bad *selling.InvalidInputError
	if !errors.As(err, &bad) || !strings.Contains(err.Error(), "the store holds records of account 111111111111 (a") {
		t.Fatalf("import over A: %v", err)
	}
	before := reads(t, a.As("222222222222"))
	res, err := a.PCS.Import(ctx, bytes.NewReader(file.Bytes()), true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Deleted == nil || res.Deleted.Opportunities == 0 {
		t.Errorf("a replacing import deleted %+v", res.Deleted)
	}
	sameReads(t, a.Account, moved, a)
	if after := reads(t, a.As("222222222222")); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("replacing A changed B's reads")
	}
}

func TestImportRefusals(t *testing.T) {
	s := apitest.New(t)
	ctx := context.Background()
	var whole bytes.Buffer
	if _, err := selling.Export(ctx, s.Service, export.Header{}, &whole); err != nil {
		t.Fatal(err)
	}
	createOpportunity(t, s, nil)
	var full bytes.Buffer
	if _, err := selling.Export(ctx, s.Service, export.Header{}, &full); err != nil {
		t.Fatal(err)
	}
	other := apitest.New(t)
	tests := []struct {
		name, file string
		replace    bool
		into       *apitest.Server
		want       string
	}{
		{"not empty", whole.String(), false, s, "the store holds records (a opportunity, among others): import into an empty store, or replace what it holds"},
		{"not an export", "{}\n", false, other, "no pcs export"},
		{"newer", `{"format":"pcs-export","version":99}` + "\n", false, other, "version 99, newer than this pcs"},
		{"cut short", strings.Join(strings.SplitAfter(full.String(), "\n")[:3], ""), false, other, "cut short"},
		{"another account's record", `{"format":"pcs-export","version":1,"account":"111111111111"}` + "\n" +
			`{"kind":"solution","account":"222222222222","catalog":"Sandbox","id":"S-1","name":"n","status":"Active","category":"c","created_at":"2026-01-05T09:00:00Z","doc":{}}` + "\n" +
			`{"kind":"end","records":1}` + "\n", false, other, "line 2: a record of 222222222222 in Sandbox, in an export of account 111111111111"},
		{"another account's opportunity clock", `{"format":"pcs-export","version":1,"account":"111111111111","catalog":"AWS"}` + "\n" +
			`{"kind":"opportunity_clock","account":"111111111111","catalog":"Sandbox","version":3,"pruned_through":0}` + "\n" +
			`{"kind":"end","records":1}` + "\n", false, other, "line 2: a record of 111111111111 in Sandbox, in an export of account 111111111111"},
		{"a bad account", `{"format":"pcs-export","version":1,"account":"42"}` + "\n", false, other, "Account must be a 12-digit AWS account id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := selling.Import(ctx, tt.into.Service, strings.NewReader(tt.file), tt.replace)
			var bad *selling.InvalidInputError
			if !errors.As(err, &bad) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an InvalidInputError with %q", err, tt.want)
			}
		})
	}
	// A refused import leaves nothing behind.
	if l := listed(t, other, "ListOpportunities", "OpportunitySummaries", map[string]any{"Catalog": "Sandbox"}); len(l) != 0 {
		t.Errorf("a refused import left %v", l)
	}
	// Replacing everything with an empty store's export empties it.
	if _, err := selling.Import(ctx, s.Service, bytes.NewReader(whole.Bytes()), true); err != nil {
		t.Fatal(err)
	}
	if l := listed(t, s, "ListOpportunities", "OpportunitySummaries", map[string]any{"Catalog": "Sandbox"}); len(l) != 0 {
		t.Errorf("after replacing with an empty store: %v", l)
	}
}
