package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"pcs/store"
	"pcs/store/postgres"
	"pcs/store/postgres/pgtest"
)

// prompt bounds how long news of a commit may take to reach another DB:
// a notification's round trip, far below any wait a reader would notice.
const prompt = 2 * time.Second

// appendEvent commits one event through db.
func appendEvent(t *testing.T, db store.Store, id string) {
	t.Helper()
	err := db.Update(context.Background(), func(tx store.Tx) error {
		return tx.AppendEvent(context.Background(), &store.Event{ID: id, Account: "111111111111", Catalog: "Sandbox",
			DetailType: "Opportunity Created", Time: time.Now(), Doc: []byte(`{}`)})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// woken waits up to d for ch to close, and says how long it took.
func woken(ch <-chan struct{}, d time.Duration) (time.Duration, bool) {
	start := time.Now()
	if d == 0 {
		select {
		case <-ch:
			return 0, true
		default:
			return 0, false
		}
	}
	select {
	case <-ch:
		return time.Since(start), true
	case <-time.After(d):
		return d, false
	}
}

// openOn opens a DB on the schema of url, closed when t ends.
func openOn(t *testing.T, url string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), url, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestOutboxNewsAcrossDBs: an event committed through one DB wakes the
// outbox's readers of another on the same schema (another pcs), promptly,
// and not those of a DB on another schema of the database.
func TestOutboxNewsAcrossDBs(t *testing.T) {
	url := pgtest.Schema(t)
	a, b := openOn(t, url), openOn(t, url)
	other := openOn(t, pgtest.Schema(t))
	for i := range 3 {
		changed, elsewhere := a.OutboxChanged(), other.OutboxChanged()
		appendEvent(t, b, fmt.Sprintf("e%d", i))
		if d, ok := woken(changed, prompt); !ok {
			t.Fatalf("event %d through b: a's readers not woken within %v", i, prompt)
		} else {
			t.Logf("event %d through b woke a's readers in %v", i, d)
		}
		if _, ok := woken(elsewhere, 100*time.Millisecond); ok {
			t.Errorf("event %d on one schema woke the readers of another", i)
		}
	}
}

// TestListenerReconnects: when the listening connection is terminated,
// the readers are woken (what commits until it is back goes unheard), the
// listener connects again by itself and wakes them once more (to read what
// committed meanwhile), and a commit through another DB then wakes them as
// before.
func TestListenerReconnects(t *testing.T) {
	url := pgtest.Schema(t)
	a, b := openOn(t, url), openOn(t, url)
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for round := range 2 {
		pid := postgres.ListenerPID(a)
		if pid == 0 {
			t.Fatal("a has no listening connection")
		}
		changed := a.OutboxChanged()
		var ended bool
		if err := admin.QueryRow(`SELECT pg_terminate_backend($1)`, pid).Scan(&ended); err != nil || !ended {
			t.Fatalf("terminate the listener's backend %d: %v, %v", pid, ended, err)
		}
		if _, ok := woken(changed, prompt); !ok {
			t.Fatalf("round %d: the readers were not woken when the listener's connection ended", round)
		}
		changed = a.OutboxChanged()
		deadline := time.Now().Add(10 * time.Second)
		for now := postgres.ListenerPID(a); now == 0 || now == pid; now = postgres.ListenerPID(a) {
			if time.Now().After(deadline) {
				t.Fatalf("round %d: the listener did not connect again within 10s", round)
			}
			time.Sleep(10 * time.Millisecond)
		}
		if _, ok := woken(changed, 0); !ok {
			t.Errorf("round %d: the readers were not woken when the listener listened again", round)
		}
		changed = a.OutboxChanged()
		appendEvent(t, b, fmt.Sprintf("after-%d", round))
		if _, ok := woken(changed, prompt); !ok {
			t.Fatalf("round %d: after the reconnect, an event through b did not wake a's readers within %v", round, prompt)
		}
	}
}
