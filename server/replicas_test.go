package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"pcs/clock"
	"pcs/event"
	"pcs/internal/apitest"
	"pcs/quota"
	"pcs/server"
	"pcs/store"
	"pcs/store/postgres"
	"pcs/store/postgres/pgtest"
)

// replicas starts two pcs over one PostgreSQL schema, each with its own
// store handle, on one wall clock: two replicas of one service.
func replicas(t *testing.T) (a, b *apitest.Server) {
	t.Helper()
	all := replicaSet(t, 2, server.Config{})
	return all[0], all[1]
}

// replicaSet starts n pcs of cfg over one fresh PostgreSQL schema, each
// with its own store handle, on one wall clock.
func replicaSet(t *testing.T, n int, cfg server.Config) []*apitest.Server {
	t.Helper()
	url := pgtest.Schema(t)
	cfg.Clock = clock.NewFixed(apitest.Start)
	var all []*apitest.Server
	for range n {
		db, err := postgres.Open(context.Background(), url, 4)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Store = db
		all = append(all, apitest.NewWith(t, cfg))
	}
	return all
}

// TestReplicasCreateOneOpportunityPerClientToken: three replicas receive
// the same CreateOpportunity ClientToken at once, token after token; each
// token makes exactly one opportunity, and every answer names it.
func TestReplicasCreateOneOpportunityPerClientToken(t *testing.T) {
	set := replicaSet(t, 3, server.Config{})
	const tokens = 20
	for i := range tokens {
		body := fmt.Sprintf(`{"Catalog": "Sandbox", "ClientToken": "race-%d", "Customer": {"Account": {"CompanyName": "race-%d", "WebsiteUrl": "https://example.com"}}}`, i, i)
		ids := make([]string, len(set))
		var ready, wg sync.WaitGroup
		ready.Add(len(set))
		start := make(chan struct{})
		for r, s := range set {
			wg.Go(func() {
				ready.Done()
				<-start
				resp := s.Call("CreateOpportunity", body)
				if resp.Status != http.StatusOK {
					t.Errorf("token race-%d on replica %d: HTTP %d %s", i, r, resp.Status, resp.Body)
					return
				}
				ids[r], _ = resp.JSON()["Id"].(string)
			})
		}
		ready.Wait()
		close(start)
		wg.Wait()
		for r, id := range ids {
			if id != ids[0] {
				t.Errorf("token race-%d: replica %d answered %q, replica 0 %q", i, r, id, ids[0])
			}
		}
	}
	byCompany := map[string]int{}
	list := set[1].OK("ListOpportunities", map[string]any{"Catalog": "Sandbox", "MaxResults": 100})
	for _, o := range list["OpportunitySummaries"].([]any) {
		byCompany[o.(map[string]any)["Customer"].(map[string]any)["Account"].(map[string]any)["CompanyName"].(string)]++
	}
	for i := range tokens {
		if n := byCompany[fmt.Sprintf("race-%d", i)]; n != 1 {
			t.Errorf("token race-%d made %d opportunities", i, n)
		}
	}
	if len(byCompany) != tokens {
		t.Errorf("%d opportunities listed for %d tokens", len(byCompany), tokens)
	}
}

// clockNow is the pcs clock as GET /_pcs/clock of s tells it.
func clockNow(t *testing.T, s *apitest.Server) time.Time {
	t.Helper()
	status, got := s.Admin(http.MethodGet, "/_pcs/clock", "", "")
	now, err := time.Parse(time.RFC3339Nano, got["Now"].(string))
	if status != 200 || err != nil {
		t.Fatalf("GET /_pcs/clock: HTTP %d %v", status, got)
	}
	return now
}

// TestReplicasShareTheClock: a move of the clock through one replica shows
// on the other at once (a client behind a load balancer may send its next
// request to either), and moves through both add up.
func TestReplicasShareTheClock(t *testing.T) {
	a, b := replicas(t)
	clockNow(t, b) // b has read the offset: what follows must make it look again
	if status, got := a.Admin(http.MethodPost, "/_pcs/clock/advance", "", `{"By": "1h"}`); status != 200 {
		t.Fatalf("advance through a: HTTP %d %v", status, got)
	}
	if got, want := clockNow(t, b), apitest.Start.Add(time.Hour); !got.Equal(want) {
		t.Errorf("b after an advance through a: %v, want %v", got, want)
	}
	if status, got := b.Admin(http.MethodPost, "/_pcs/clock/advance", "", `{"By": "30m"}`); status != 200 {
		t.Fatalf("advance through b: HTTP %d %v", status, got)
	}
	want := apitest.Start.Add(90 * time.Minute)
	if got := clockNow(t, b); !got.Equal(want) {
		t.Errorf("b after advances of 1h through a and 30m through b: %v, want %v", got, want)
	}
	if got := clockNow(t, a); !got.Equal(want) {
		t.Errorf("a after advances of 1h through a and 30m through b: %v, want %v", got, want)
	}
}

// TestReplicasShareTheFaults: a fault rule added through one replica
// applies on the other within the window, a rule of "the next 3 calls"
// hits 3 calls over both, and a clear through one ends the rules on both.
func TestReplicasShareTheFaults(t *testing.T) {
	a, b := replicas(t)
	list := map[string]any{"Catalog": "AWS"}
	b.OK("ListOpportunities", list) // b has read the rules: what follows must make it look again
	if status, got := a.Admin(http.MethodPost, "/_pcs/faults", "", `{"action": "throttle", "operation": "ListOpportunities"}`); status != 200 {
		t.Fatalf("add a fault through a: HTTP %d %v", status, got)
	}
	a.Fail("ListOpportunities", list, "ThrottlingException")
	time.Sleep(150 * time.Millisecond) // past the window in which b trusts what it read
	b.Fail("ListOpportunities", list, "ThrottlingException")
	if status, got := b.Admin(http.MethodDelete, "/_pcs/faults", "", ""); status != 200 || got["removed"] != 1.0 {
		t.Fatalf("clear through b: HTTP %d %v", status, got)
	}
	b.OK("ListOpportunities", list)
	time.Sleep(150 * time.Millisecond)
	a.OK("ListOpportunities", list)

	if status, got := b.Admin(http.MethodPost, "/_pcs/faults", "", `{"action": "internal-error", "operation": "ListOpportunities", "count": 3}`); status != 200 {
		t.Fatalf("add a fault of count 3 through b: HTTP %d %v", status, got)
	}
	time.Sleep(150 * time.Millisecond)
	failed := 0
	for i := range 10 {
		if r := []*apitest.Server{a, b}[i%2].Call("ListOpportunities", list); r.Status != http.StatusOK {
			if r.ErrorType() != "InternalServerException" {
				t.Fatalf("call %d: HTTP %d %s", i, r.Status, r.Body)
			}
			failed++
		}
	}
	if failed != 3 {
		t.Errorf("a rule of count 3 hit %d calls over two replicas", failed)
	}
	for _, s := range []*apitest.Server{a, b} {
		if status, got := s.Admin(http.MethodGet, "/_pcs/faults", "", ""); status != 200 || len(got["faults"].([]any)) != 0 {
			t.Errorf("rules left after the count was spent: HTTP %d %v", status, got)
		}
	}
}

// TestReplicasDeliverEachEventOnceInOrder: two deliverers over one schema,
// as two pcs with the same -event-targets, deliver to a target one at a
// time, by its lease: every event once, in order, however they interleave;
// when the holder dies, the other takes the target over once the lease
// expired, from where the dead one stopped.
func TestReplicasDeliverEachEventOnceInOrder(t *testing.T) {
	url := pgtest.Schema(t)
	open := func() store.Store {
		db, err := postgres.Open(context.Background(), url, 4)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	type delivery struct {
		id, by string
		at     time.Time
	}
	var mu sync.Mutex
	var got []delivery
	received := func() []delivery {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(got)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var e struct{ ID string }
		if err := json.NewDecoder(r.Body).Decode(&e); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		got = append(got, delivery{id: e.ID, by: strings.TrimPrefix(r.URL.Path, "/"), at: time.Now()})
		mu.Unlock()
	}))
	defer srv.Close()

	const lease = time.Second
	type replica struct {
		db   store.Store
		stop context.CancelFunc
		done chan struct{}
	}
	start := func(name string) *replica {
		r := &replica{db: open(), done: make(chan struct{})}
		// One target, crm, on both; each sends to a path of its own, for
		// the receiver to tell who sent what.
		d := event.NewDeliverer(event.DelivererConfig{Store: r.db, Lease: lease, Idle: 10 * time.Millisecond,
			Targets: []event.Target{{Name: "crm", Sender: &event.Webhook{URL: srv.URL + "/" + name}}}})
		ctx, stop := context.WithCancel(context.Background())
		r.stop = stop
		go func() { defer close(r.done); d.Run(ctx) }()
		return r
	}
	replicas := map[string]*replica{"a": start("a"), "b": start("b")}
	defer func() {
		for _, r := range replicas {
			r.stop()
			<-r.done
		}
	}()

	const events = 200
	written := make(chan error, 1)
	go func() {
		for i := range events {
			db := replicas[[]string{"a", "b"}[i%2]].db
			err := db.Update(context.Background(), func(tx store.Tx) error {
				return tx.AppendEvent(context.Background(), &store.Event{ID: fmt.Sprintf("e%03d", i), Account: "111111111111",
					Catalog: "Sandbox", DetailType: "Opportunity Created", Time: apitest.Start, Doc: fmt.Appendf(nil, `{"id":"e%03d"}`, i)})
			})
			if err != nil {
				written <- err
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
		written <- nil
	}()

	waitFor := func(what string, n int) []delivery {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if d := received(); len(d) >= n {
				return d
			}
		}
		t.Fatalf("%s: %d of %d events delivered", what, len(received()), n)
		return nil
	}
	// Kill the holder mid-way: whoever sent the latest event.
	before := waitFor("before the kill", events/2)
	dead := before[len(before)-1].by
	replicas[dead].stop()
	<-replicas[dead].done
	killed, upTo := time.Now(), len(received())
	if err := <-written; err != nil {
		t.Fatal(err)
	}
	waitFor("after the kill", events)
	time.Sleep(3 * lease / 2) // time for a delivery too many to show

	all := received()
	for i, d := range all {
		if want := fmt.Sprintf("e%03d", i); d.id != want {
			t.Fatalf("delivery %d is %s by %s, want %s (every event once, in order)", i, d.id, d.by, want)
		}
	}
	if len(all) != events {
		t.Fatalf("%d deliveries of %d events", len(all), events)
	}
	after := all[upTo:]
	if len(after) == 0 {
		t.Fatal("the dead replica delivered everything before it died")
	}
	for _, d := range after {
		if d.by == dead {
			t.Fatalf("%s delivered %s after it died", dead, d.id)
		}
	}
	if took := after[0].at.Sub(killed); took > lease+2*time.Second {
		t.Errorf("the other replica took the target over %v after the holder died, with a lease of %v", took, lease)
	}
}

// TestReplicasShareTheQuotas: a client spreading its writes round-robin
// over three replicas is throttled as by one pcs, call for call (the same
// answers, messages and Retry-After), on the rate and on the 24-hour
// count; and a reset of the account through one replica refills its
// budgets on all.
func TestReplicasShareTheQuotas(t *testing.T) {
	groups, err := quota.Override(nil, "write=5/s+12/24h")
	if err != nil {
		t.Fatal(err)
	}
	cfg := server.Config{Quotas: groups}
	// What a client sees: for each call, its answer, or the throttling
	// and when to retry. Between bursts the clock moves a second.
	trace := func(servers []*apitest.Server) []string {
		var out []string
		for burst := range 4 {
			for i := range 6 {
				s := servers[(burst*6+i)%len(servers)]
				r := s.Call("CreateOpportunity", opportunityBody(fmt.Sprintf("q-%d-%d", burst, i)))
				if r.Status == http.StatusOK {
					out = append(out, "OK")
					continue
				}
				out = append(out, fmt.Sprintf("HTTP %d %s Retry-After %s", r.Status, r.Body, r.Header.Get("Retry-After")))
			}
			servers[0].Clock.Advance(time.Second) // one wall clock under all of them
		}
		return out
	}
	one := trace(replicaSet(t, 1, cfg))
	// The rate lets 5 of each burst of 6 through, the day 12 in all.
	var got []string
	for _, answer := range one {
		switch {
		case answer == "OK":
			got = append(got, "ok")
		case strings.Contains(answer, "ThrottlingException") && strings.Contains(answer, "per second"):
			got = append(got, "rate")
		case strings.Contains(answer, "ThrottlingException") && strings.Contains(answer, "24 hours"):
			got = append(got, "day")
		default:
			t.Fatalf("one pcs answered %s", answer)
		}
	}
	if want := "ok ok ok ok ok rate ok ok ok ok ok rate ok ok day day day day day day day day day day"; strings.Join(got, " ") != want {
		t.Fatalf("one pcs: %s\nwant      %s", strings.Join(got, " "), want)
	}
	three := replicaSet(t, 3, cfg)
	if got := trace(three); !slices.Equal(got, one) {
		t.Errorf("round-robin over three replicas:\n%s\nwant, as on one pcs:\n%s", strings.Join(got, "\n"), strings.Join(one, "\n"))
	}
	a, b, c := three[0], three[1], three[2]
	used := func(s *apitest.Server) any {
		t.Helper()
		status, got := s.Admin(http.MethodGet, "/_pcs/quotas?account="+s.Account, "", "")
		if status != 200 {
			t.Fatalf("GET /_pcs/quotas: HTTP %d %v", status, got)
		}
		return got["usage"].([]any)[0].(map[string]any)["last24h"]
	}
	for _, s := range three {
		if got := used(s); got != 12.0 {
			t.Errorf("the 24-hour count as one replica tells it: %v, want 12", got)
		}
	}

	for i, s := range three { // the day's budget is spent, through each
		s.Fail("CreateOpportunity", opportunityBody(fmt.Sprint("before-reset-", i)), "ThrottlingException")
	}
	if status, got := b.Admin(http.MethodPost, "/_pcs/reset", "", `{"Account": "111111111111"}`); status != 200 {
		t.Fatalf("reset through b: HTTP %d %v", status, got)
	}
	for i, s := range []*apitest.Server{a, c, b, a, c} {
		if r := s.Call("CreateOpportunity", opportunityBody(fmt.Sprint("after-reset-", i))); r.Status != http.StatusOK {
			t.Fatalf("call %d after the reset: HTTP %d %s", i, r.Status, r.Body)
		}
	}
	a.Fail("CreateOpportunity", opportunityBody("after-reset-5"), "ThrottlingException")
	if got := used(c); got != 5.0 {
		t.Errorf("the 24-hour count after the reset and 5 writes: %v, want 5", got)
	}
}

// TestReplicasContinueEachOthersListings: a NextToken handed out by one
// replica continues the listing on the other, as behind a load balancer a
// client's next page may go to either.
func TestReplicasContinueEachOthersListings(t *testing.T) {
	a, b := replicas(t)
	for i := range 3 {
		a.OK("CreateOpportunity", fmt.Sprintf(`{"Catalog": "Sandbox", "ClientToken": "page-%d", "Customer": {"Account": {"CompanyName": "page-%d", "WebsiteUrl": "https://example.com"}}}`, i, i))
	}
	first := a.OK("ListOpportunities", map[string]any{"Catalog": "Sandbox", "MaxResults": 2})
	next, _ := first["NextToken"].(string)
	if next == "" {
		t.Fatalf("no NextToken after 2 of 3 opportunities: %v", first)
	}
	second := b.OK("ListOpportunities", map[string]any{"Catalog": "Sandbox", "MaxResults": 2, "NextToken": next})
	if n := len(second["OpportunitySummaries"].([]any)); n != 1 {
		t.Errorf("the second page, from the other replica, has %d opportunities, want 1", n)
	}
}

// TestReplicasWakeEachOthersLongPolls: a long poll of the pull stream on
// one replica is answered as soon as an event commits through the other
// (PostgreSQL's NOTIFY), not when its wait runs out.
func TestReplicasWakeEachOthersLongPolls(t *testing.T) {
	a, b := replicas(t)
	type answer struct {
		status int
		page   struct {
			Events []json.RawMessage
			Next   int64
		}
		err error
	}
	const wait = 10 * time.Second
	for i := range 3 {
		after := int64(i)
		answered := make(chan answer, 1)
		go func() {
			var got answer
			resp, err := http.Get(fmt.Sprintf("%s/_pcs/events?after=%d&wait=%s", a.URL, after, wait))
			if err != nil {
				answered <- answer{err: err}
				return
			}
			defer resp.Body.Close()
			got.status, got.err = resp.StatusCode, json.NewDecoder(resp.Body).Decode(&got.page)
			answered <- got
		}()
		time.Sleep(200 * time.Millisecond) // a's poll has read the outbox and waits
		b.OK("CreateOpportunity", map[string]any{"Catalog": "Sandbox", "ClientToken": fmt.Sprint("wake-", i)})
		committed := time.Now()
		select {
		case got := <-answered:
			took := time.Since(committed)
			if got.err != nil || got.status != http.StatusOK || len(got.page.Events) != 1 || got.page.Next != after+1 {
				t.Fatalf("poll %d on a: HTTP %d, %d events, Next %d (%v); want b's event", i, got.status, len(got.page.Events), got.page.Next, got.err)
			}
			if took > time.Second {
				t.Errorf("poll %d on a was answered %v after b's event committed", i, took)
			}
			t.Logf("poll %d on a was answered %v after b's event committed", i, took)
		case <-time.After(wait + 5*time.Second):
			t.Fatalf("poll %d on a was not answered", i)
		}
	}
}
