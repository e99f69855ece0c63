package pcstest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"pcs/api"
	"pcs/clock"
	"pcs/pcstest"
	"pcs/selling"
	"pcs/server"
	"pcs/store"
	"pcs/store/sqlite"
)

const partnerA, partnerB = "111111111111", "222222222222"

// adminJSON sends an admin request without a token and decodes the answer.
func adminJSON(t *testing.T, srv *pcstest.Server, method, path, body string) map[string]any {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: HTTP %d %v (%v)", method, path, resp.StatusCode, m, err)
	}
	return m
}

func sampleDeal(id string) deal {
	return deal{ID: id, Company: "Northwind Traders", Website: "https://northwind.example.com",
		Country: "DE", PostalCode: "20457", CloseDate: "2026-09-30", MonthlySpend: "2500"}
}

func reviewStatus(t *testing.T, srv *pcstest.Server, account, id string) string {
	t.Helper()
	status, err := crmSync{srv.URL, account}.reviewStatus(id)
	if err != nil {
		t.Fatal(err)
	}
	return status
}

func opportunityCount(t *testing.T, srv *pcstest.Server, account, catalog string) int {
	t.Helper()
	var list struct{ OpportunitySummaries []any }
	if err := call(srv.URL, account, "ListOpportunities", map[string]any{"Catalog": catalog}, &list); err != nil {
		t.Fatal(err)
	}
	return len(list.OpportunitySummaries)
}

func TestServesOnLoopbackUntilClosed(t *testing.T) {
	srv, err := pcstest.Start(pcstest.Config{})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(srv.URL)
	if err != nil || u.Hostname() != "127.0.0.1" || u.Port() == "" {
		t.Errorf("URL %q is not a loopback address with a port", srv.URL)
	}
	if got := adminJSON(t, srv, http.MethodGet, "/_pcs/health", ""); got["version"] != "pcstest" {
		t.Errorf("health: %v", got)
	}
	srv.Close()
	srv.Close() // a second Close does nothing
	if resp, err := http.Get(srv.URL + "/_pcs/health"); err == nil {
		resp.Body.Close()
		t.Error("the server answers after Close")
	}
}

func TestClockStandsStillUntilAdvanced(t *testing.T) {
	start := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
	srv := pcstest.NewWith(t, pcstest.Config{Start: start})
	if got := srv.Clock.Now(); !got.Equal(start) {
		t.Errorf("clock at %v, want Config.Start %v", got, start)
	}
	time.Sleep(10 * time.Millisecond)
	if got := srv.Clock.Now(); !got.Equal(start) {
		t.Errorf("the clock moved by itself to %v", got)
	}
	if err := srv.Clock.Advance(36 * time.Hour); err != nil {
		t.Fatal(err)
	}
	if got := srv.Clock.Now(); !got.Equal(start.Add(36 * time.Hour)) {
		t.Errorf("after Advance the clock is at %v", got)
	}
	if got := adminJSON(t, srv, http.MethodGet, "/_pcs/clock", ""); got["AheadOfWallClock"] != "36h0m0s" {
		t.Errorf("GET /_pcs/clock: %v", got)
	}
	if err := srv.Clock.Advance(-time.Hour); err == nil {
		t.Error("the clock went back")
	}
	if pcstest.New(t).Clock.Now() != pcstest.DefaultStart {
		t.Error("a default server's clock is not at DefaultStart")
	}
}

// TestDrivingAWS: the test plays AWS's side, through the admin endpoints'
// code, on a server whose reviews wait for the test's decision.
func TestDrivingAWS(t *testing.T) {
	srv := pcstest.NewWith(t, pcstest.Config{Server: server.Config{
		Selling: selling.Config{ReviewPolicy: selling.FixedReview{Wait: time.Minute, Review: time.Hour}}}})
	sync := crmSync{srv.URL, partnerA}
	id, err := sync.push(sampleDeal("d1"))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := srv.RunJobs(); err != nil || n != 0 {
		t.Errorf("RunJobs before the review is due: %d, %v", n, err)
	}
	if err := srv.Clock.Advance(2 * time.Minute); err != nil {
		t.Fatal(err)
	}
	if got := reviewStatus(t, srv, partnerA, id); got != "In review" {
		t.Fatalf("after the wait: %s", got)
	}
	if err := srv.Review(partnerA, "AWS", id, selling.ReviewDecision{Outcome: api.ReviewStatusActionRequired,
		ReviewComments: "Add the customer's website"}); err != nil {
		t.Fatal(err)
	}
	if got := reviewStatus(t, srv, partnerA, id); got != "Action Required" {
		t.Errorf("after the decision: %s", got)
	}

	lead, err := srv.SendLead(selling.LeadSpec{Account: partnerB, Catalog: "Sandbox"})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.ExpireInvitation("Sandbox", *lead.Arn); err != nil {
		t.Fatal(err)
	}
	var inv struct{ Status string }
	if err := call(srv.URL, partnerB, "GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": *lead.Id}, &inv); err != nil || inv.Status != "EXPIRED" {
		t.Errorf("the expired lead: %+v, %v", inv, err)
	}

	sol, err := srv.PutSolution(selling.SolutionSpec{Account: partnerA, Catalog: "Sandbox", Name: "Analytics", Category: "Software Product"})
	if err != nil {
		t.Fatal(err)
	}
	var sols struct{ SolutionSummaries []struct{ Id string } }
	if err := call(srv.URL, partnerA, "ListSolutions", map[string]any{"Catalog": "Sandbox"}, &sols); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(sols.SolutionSummaries, func(s struct{ Id string }) bool { return s.Id == *sol.Id }) {
		t.Errorf("ListSolutions does not list %s: %+v", *sol.Id, sols)
	}
	if err := srv.Review(partnerA, "AWS", "O999", selling.ReviewDecision{Outcome: api.ReviewStatusApproved}); err == nil {
		t.Error("a review of no opportunity was let through")
	}
}

func TestResetPutsEverythingBack(t *testing.T) {
	srv := pcstest.New(t)
	for _, account := range []string{partnerA, partnerB} {
		if _, err := (crmSync{srv.URL, account}).push(sampleDeal("d")); err != nil {
			t.Fatal(err)
		}
	}
	adminJSON(t, srv, http.MethodPost, "/_pcs/faults", `{"action": "throttle", "operation": "GetEngagement"}`)
	if err := srv.Clock.Advance(48 * time.Hour); err != nil {
		t.Fatal(err)
	}
	res, err := srv.Reset()
	if err != nil {
		t.Fatal(err)
	}
	if res.Deleted.Opportunities != 2 || res.Deleted.FaultRules != 1 || res.Deleted.Jobs == 0 {
		t.Errorf("deleted %+v", res.Deleted)
	}
	if got := srv.Clock.Now(); !got.Equal(pcstest.DefaultStart) {
		t.Errorf("after Reset the clock is at %v, want back at %v", got, pcstest.DefaultStart)
	}
	if faults := adminJSON(t, srv, http.MethodGet, "/_pcs/faults", "")["faults"].([]any); len(faults) != 0 {
		t.Errorf("fault rules after Reset: %v", faults)
	}
	for _, account := range []string{partnerA, partnerB} {
		if n := opportunityCount(t, srv, account, "AWS"); n != 0 {
			t.Errorf("%s has %d opportunities after Reset", account, n)
		}
	}
	// The same deal again is a new opportunity: the client token went too.
	id, err := crmSync{srv.URL, partnerA}.push(sampleDeal("d"))
	if err != nil || id == "O5000001" {
		t.Errorf("a push after Reset: %s, %v", id, err)
	}
}

func TestResetAccountLeavesOtherAccounts(t *testing.T) {
	srv := pcstest.New(t)
	for _, account := range []string{partnerA, partnerB} {
		if _, err := (crmSync{srv.URL, account}).push(sampleDeal("d")); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.Clock.Advance(time.Hour); err != nil {
		t.Fatal(err)
	}
	res, err := srv.ResetAccount(partnerA, "")
	if err != nil || res.Deleted.Opportunities != 1 || res.Account != partnerA {
		t.Fatalf("ResetAccount: %+v, %v", res, err)
	}
	if a, b := opportunityCount(t, srv, partnerA, "AWS"), opportunityCount(t, srv, partnerB, "AWS"); a != 0 || b != 1 {
		t.Errorf("after A's reset A has %d opportunities, B %d; want 0 and 1", a, b)
	}
	if got := srv.Clock.Now(); !got.Equal(pcstest.DefaultStart.Add(time.Hour)) {
		t.Errorf("an account's reset moved the clock to %v", got)
	}
}

// TestWorkersActInTheBackground: with Workers, AWS's side acts when its
// moment comes on the clock, without Clock.Advance or RunJobs.
func TestWorkersActInTheBackground(t *testing.T) {
	wall := clock.NewFixed(pcstest.DefaultStart)
	srv := pcstest.NewWith(t, pcstest.Config{Workers: true, Server: server.Config{Clock: wall}})
	id, err := crmSync{srv.URL, partnerA}.push(sampleDeal("d"))
	if err != nil {
		t.Fatal(err)
	}
	wall.Advance(10 * time.Minute) // past the default review, but pcs is not told
	deadline := time.Now().Add(10 * time.Second)
	for reviewStatus(t, srv, partnerA, id) != "Approved" {
		if time.Now().After(deadline) {
			t.Fatal("the background job runner did not review the opportunity")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestAStoreGivenStaysOpen(t *testing.T) {
	db, err := sqlite.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv, err := pcstest.Start(pcstest.Config{Server: server.Config{Store: db}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (crmSync{srv.URL, partnerA}).push(sampleDeal("d")); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	err = db.View(context.Background(), func(tx store.Tx) error {
		_, err := tx.GetOpportunity(context.Background(), store.Scope{Account: partnerA, Catalog: "AWS"}, "O5000001")
		return err
	})
	if err != nil {
		t.Errorf("the store after Close: %v", err)
	}
}
