package server_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pcs/clock"
	"pcs/internal/apitest"
	"pcs/server"
	"pcs/store/postgres"
	"pcs/store/postgres/pgtest"
)

// TestPostgresConnectionLossMidLoad terminates pcs's PostgreSQL
// connections (pg_terminate_backend, as a PostgreSQL restart does) again
// and again while writes and reads are in flight: each request succeeds (a
// transaction whose connection was lost before COMMIT runs again on a new
// one) or fails as InternalServerException (HTTP 500, which clients
// retry), never another way; a failed write left nothing (its retry with
// its ClientToken makes exactly one opportunity); and pcs reconnects by
// itself: with every pooled connection dead, the next request succeeds.
func TestPostgresConnectionLossMidLoad(t *testing.T) {
	base := pgtest.Schema(t)
	name := fmt.Sprintf("pcs_connloss_%d", time.Now().UnixNano())
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("application_name", name) // to find this pcs's connections among the server's
	u.RawQuery = q.Encode()
	db, err := postgres.Open(context.Background(), u.String(), 4)
	if err != nil {
		t.Fatal(err)
	}
	s := apitest.NewWith(t, server.Config{Store: db, Clock: clock.NewFixed(apitest.Start)})

	admin, err := sql.Open("pgx", pgtest.BaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	terminated := 0
	terminate := func() {
		var n int
		if err := admin.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1`, name).Scan(&n); err != nil {
			t.Errorf("terminate pcs's connections: %v", err)
		}
		terminated += n
	}

	type write struct {
		token string
		acked bool
	}
	var mu sync.Mutex
	var writes []*write
	var failed, ok atomic.Int32
	stop := make(chan struct{})
	var wg sync.WaitGroup
	answer := func(op string, r *apitest.Response) bool {
		switch {
		case r.Status == http.StatusOK:
			ok.Add(1)
			return true
		case r.Status == http.StatusInternalServerError && r.ErrorType() == "InternalServerException":
			failed.Add(1)
		default:
			t.Errorf("%s when the connection was lost: HTTP %d %s, want 200 or 500 InternalServerException", op, r.Status, r.Body)
		}
		return false
	}
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				wr := &write{token: fmt.Sprintf("loss-%d-%d", w, i)}
				mu.Lock()
				writes = append(writes, wr)
				mu.Unlock()
				wr.acked = answer("CreateOpportunity", s.Call("CreateOpportunity", createBody(wr.token)))
				answer("ListOpportunities", s.Call("ListOpportunities", `{"Catalog": "Sandbox", "MaxResults": 5}`))
			}
		})
	}
	for range 10 {
		time.Sleep(30 * time.Millisecond)
		terminate()
	}
	close(stop)
	wg.Wait()
	if terminated == 0 || ok.Load()+failed.Load() == 0 {
		t.Fatalf("%d connections terminated under %d requests", terminated, ok.Load()+failed.Load())
	}

	// Every connection in the pool dead, and then left alone: pcs
	// reconnects, and every request succeeds, the first one too.
	terminate()
	time.Sleep(200 * time.Millisecond) // pg_terminate_backend signals; the backends end soon after
	for _, wr := range writes {
		r := s.Call("CreateOpportunity", createBody(wr.token))
		if r.Status != http.StatusOK {
			t.Fatalf("retrying %s after the connections came back: HTTP %d %s", wr.token, r.Status, r.Body)
		}
	}
	count := map[string]int{}
	next := ""
	for {
		in := map[string]any{"Catalog": "Sandbox", "MaxResults": 100}
		if next != "" {
			in["NextToken"] = next
		}
		out := s.OK("ListOpportunities", in)
		for _, o := range out["OpportunitySummaries"].([]any) {
			count[o.(map[string]any)["Customer"].(map[string]any)["Account"].(map[string]any)["CompanyName"].(string)]++
		}
		if next, _ = out["NextToken"].(string); next == "" {
			break
		}
	}
	for _, wr := range writes {
		if count[wr.token] != 1 {
			t.Errorf("%s (acknowledged: %v): %d opportunities, want 1", wr.token, wr.acked, count[wr.token])
		}
	}
	t.Logf("%d connections terminated; %d requests answered, %d failed as InternalServerException; %d creates", terminated, ok.Load(), failed.Load(), len(writes))
}

func createBody(token string) string {
	return `{"Catalog": "Sandbox", "ClientToken": "` + token + `", "Customer": {"Account": {"CompanyName": "` + token + `", "WebsiteUrl": "https://example.com"}}}`
}
