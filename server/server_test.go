package server_test

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"sync"
	"testing"
	"time"

	"pcs/accounts"
	"pcs/clock"
	"pcs/internal/apitest"
	"pcs/quota"
	"pcs/server"
	"pcs/store/sqlite"
)

// TestHandler: one handler serves the API with its quotas and injected
// faults, and the admin endpoints, behind the token when there is one.
func TestHandler(t *testing.T) {
	for _, token := range []string{"", "s3cret"} {
		t.Run("token="+token, func(t *testing.T) {
			s := apitest.NewWith(t, server.Config{AdminToken: token, Version: "v1.2.3",
				Quotas: []quota.Group{{Name: "solutions", Operations: []string{"ListSolutions"}, Limit: quota.Limit{Daily: 1}}}})

			s.OK("ListSolutions", map[string]any{"Catalog": "AWS"})
			s.Fail("ListSolutions", map[string]any{"Catalog": "AWS"}, "ThrottlingException")

			if status, got := s.Admin(http.MethodGet, "/_pcs/health", "", ""); status != 200 || got["version"] != "v1.2.3" {
				t.Errorf("health without a token: HTTP %d %v", status, got)
			}
			if token != "" {
				for _, path := range []string{"/_pcs/quotas", "/_pcs/faults", "/_pcs/clock"} {
					if status, got := s.Admin(http.MethodGet, path, "", ""); status != http.StatusUnauthorized {
						t.Errorf("%s without the token: HTTP %d %v, want 401", path, status, got)
					}
					if status, got := s.Admin(http.MethodGet, path, "wrong", ""); status != http.StatusUnauthorized {
						t.Errorf("%s with a wrong token: HTTP %d %v, want 401", path, status, got)
					}
				}
			}

			status, got := s.Admin(http.MethodGet, "/_pcs/quotas?account="+s.Account, token, "")
			if groups, _ := got["groups"].([]any); status != 200 || len(groups) != 1 {
				t.Errorf("quotas: HTTP %d %v", status, got)
			}

			status, got = s.Admin(http.MethodPost, "/_pcs/faults", token,
				`{"action": "internal-error", "operation": "ListOpportunities", "count": 1}`)
			if status != 200 {
				t.Fatalf("add a fault: HTTP %d %v", status, got)
			}
			s.Fail("ListOpportunities", map[string]any{"Catalog": "AWS"}, "InternalServerException")
			s.OK("ListOpportunities", map[string]any{"Catalog": "AWS"})
		})
	}
}

// TestAccounts: without an Auth of its own, the server runs in local mode
// over the credentials file: a listed key names its account and has only
// its permissions.
func TestAccounts(t *testing.T) {
	dir, err := accounts.Parse([]byte(`{"accounts":[{"accountId":"111111111111","companyName":"AnyCompany",
		"keys":[{"accessKeyId":"AKIAANYSANDBOXREADER","secretAccessKey":"s","catalogs":["Sandbox"],"operations":["List*"]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	reader := apitest.NewWith(t, server.Config{Accounts: dir}).As("AKIAANYSANDBOXREADER")
	reader.OK("ListOpportunities", map[string]any{"Catalog": "Sandbox"})
	reader.Fail("ListOpportunities", map[string]any{"Catalog": "AWS"}, "AccessDeniedException")
	reader.Fail("GetOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": "O1234567890"}, "AccessDeniedException")
}

// TestClockSurvivesRebuild: the pcs clock is the wall clock plus the
// offset kept in the store, so a server built again over the same store
// keeps the time the user moved it to.
func TestClockSurvivesRebuild(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	wall := clock.NewFixed(apitest.Start)
	first, err := server.New(ctx, server.Config{Store: db, Clock: wall})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := first.Jobs().Advance(ctx, time.Hour); err != nil {
		t.Fatal(err)
	}
	again, err := server.New(ctx, server.Config{Store: db, Clock: wall})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := again.Clock().Now(), apitest.Start.Add(time.Hour); !got.Equal(want) {
		t.Errorf("rebuilt pcs clock at %v, want %v", got, want)
	}
	if again.Store() != db {
		t.Error("Store is not the store the server was built over")
	}
}

// TestRunStopsWithItsContext: Run returns once ctx ends and its workers
// have stopped.
func TestRunStopsWithItsContext(t *testing.T) {
	db, err := sqlite.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := server.New(context.Background(), server.Config{Store: db})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Run(ctx)
	}()
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
}

// unwritableStore is a store whose disk refuses writes (read-only, full)
// while broken is set, as store/sqlite's Writable reports it.
type unwritableStore struct {
	*sqlite.DB
	mu     sync.Mutex
	broken error
}

func (s *unwritableStore) Writable(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.broken
}

func (s *unwritableStore) set(err error) {
	s.mu.Lock()
	s.broken = err
	s.mu.Unlock()
}

// TestHealthReportsAnUnwritableStore: GET /_pcs/health is not ready (503,
// with the reason) while the store refuses writes, and ready again after.
func TestHealthReportsAnUnwritableStore(t *testing.T) {
	db, err := sqlite.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	st := &unwritableStore{DB: db}
	s := apitest.NewWith(t, server.Config{Store: st, Version: "v1.2.3", AdminToken: "s3cret"})
	steps := []struct {
		name   string
		broken error
		status int
		want   map[string]any
	}{
		{"writable", nil, http.StatusOK, map[string]any{"status": "ok", "version": "v1.2.3"}},
		{"refusing writes", errors.New("attempt to write a readonly database (8)"), http.StatusServiceUnavailable,
			map[string]any{"status": "unavailable", "version": "v1.2.3", "reason": "the store cannot be written: attempt to write a readonly database (8)"}},
		{"writable again", nil, http.StatusOK, map[string]any{"status": "ok", "version": "v1.2.3"}},
	}
	for _, step := range steps {
		st.set(step.broken)
		// No token: load balancers ask without one.
		status, got := s.Admin(http.MethodGet, "/_pcs/health", "", "")
		if status != step.status || !maps.Equal(got, step.want) {
			t.Errorf("%s: HTTP %d %v, want %d %v", step.name, status, got, step.status, step.want)
		}
	}
}
