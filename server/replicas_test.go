package server_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"pcs/clock"
	"pcs/internal/apitest"
	"pcs/server"
	"pcs/store/postgres"
	"pcs/store/postgres/pgtest"
)

// replicas starts two pcs over one PostgreSQL schema, each with its own
// store handle, on one wall clock: two replicas of one service.
func replicas(t *testing.T) (a, b *apitest.Server) {
	t.Helper()
	url := pgtest.Schema(t)
	wall := clock.NewFixed(apitest.Start)
	start := func() *apitest.Server {
		db, err := postgres.Open(context.Background(), url, 4)
		if err != nil {
			t.Fatal(err)
		}
		return apitest.NewWith(t, server.Config{Store: db, Clock: wall})
	}
	return start(), start()
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
// on the other, and moves through both add up.
func TestReplicasShareTheClock(t *testing.T) {
	a, b := replicas(t)
	clockNow(t, b) // b has read the offset: what follows must make it look again
	if status, got := a.Admin(http.MethodPost, "/_pcs/clock/advance", "", `{"By": "1h"}`); status != 200 {
		t.Fatalf("advance through a: HTTP %d %v", status, got)
	}
	time.Sleep(150 * time.Millisecond) // past the window in which b trusts what it read
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
	time.Sleep(150 * time.Millisecond)
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
