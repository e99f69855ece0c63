package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"pcs/clock"
	"pcs/event"
	"pcs/store"
	"pcs/store/sqlite"
)

// TestSweepPrunesOnlyDeliveredOldEvents: the maintenance lets an event go
// once it is older than the retention on the wall clock and, with event
// targets, once the slowest target has had it.
func TestSweepPrunesOnlyDeliveredOldEvents(t *testing.T) {
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		targets   bool
		delivered bool // the target got the events before the sweep
		age       time.Duration
		pruned    int64
	}{
		{"no targets, young", false, false, time.Hour, 0},
		{"no targets, old", false, false, 25 * time.Hour, 3},
		{"undelivered, old", true, false, 25 * time.Hour, 0},
		{"delivered, young", true, true, time.Hour, 0},
		{"delivered, old", true, true, 25 * time.Hour, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, err := sqlite.OpenMemory(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			hook := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
			defer hook.Close()
			wall := clock.NewFixed(start)
			cfg := Config{Store: db, Clock: wall}
			if tt.targets {
				cfg.EventTargets = []event.Target{{Name: "crm", Sender: &event.Webhook{URL: hook.URL}}}
			}
			s, err := New(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			err = db.Update(ctx, func(tx store.Tx) error {
				for i := range 3 {
					if err := tx.AppendEvent(ctx, &store.Event{ID: fmt.Sprint("e", i), Account: "111111111111", Catalog: "AWS",
						DetailType: "Opportunity Created", Time: start, Written: wall.Now(), Doc: []byte(`{}`)}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if tt.delivered {
				if n, err := s.deliver.DeliverPending(ctx, cfg.EventTargets[0]); err != nil || n != 3 {
					t.Fatalf("delivered %d, %v", n, err)
				}
			}
			wall.Advance(tt.age)
			m, err := s.sweep(ctx)
			if err != nil || m.Events != tt.pruned {
				t.Errorf("sweep pruned %d events, %v; want %d", m.Events, err, tt.pruned)
			}
		})
	}
}
