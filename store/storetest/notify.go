package storetest

import (
	"errors"
	"testing"
	"time"

	"pcs/store"
)

// testOutboxNotifier: a store that tells of outbox changes
// (store.OutboxNotifier) has closed the channel taken before an Update
// by the time the Update returns, when the Update added events (appended
// or loaded) or pruned the outbox, and leaves it open after one that
// touched no event or rolled back.
func testOutboxNotifier(t *testing.T, db store.Store) {
	n, ok := db.(store.OutboxNotifier)
	if !ok {
		t.Skip("the store does not tell of outbox changes: its readers poll")
	}
	event := func(id string) *store.Event {
		return &store.Event{ID: id, Account: scopeA.Account, Catalog: scopeA.Catalog, DetailType: "Opportunity Created",
			Time: t0, Doc: []byte(`{}`)}
	}
	boom := errors.New("boom")
	steps := []struct {
		name  string
		fn    func(tx store.Tx) error
		wakes bool
	}{
		{"a setting", func(tx store.Tx) error { return tx.PutSetting(ctx, "k", "v") }, false},
		{"an event", func(tx store.Tx) error { return tx.AppendEvent(ctx, event("e1")) }, true},
		{"a rolled-back event", func(tx store.Tx) error {
			if err := tx.AppendEvent(ctx, event("gone")); err != nil {
				return err
			}
			return boom
		}, false},
		{"a loaded event", func(tx store.Tx) error {
			e := event("e2")
			return tx.Load(ctx, store.Record{Event: e})
		}, true},
		{"a prune of nothing", func(tx store.Tx) error { _, err := tx.PruneEvents(ctx, t0.Add(-time.Hour), 1<<62); return err }, false},
		{"a prune", func(tx store.Tx) error { _, err := tx.PruneEvents(ctx, t0.Add(time.Hour), 1<<62); return err }, true},
	}
	for _, s := range steps {
		changed := n.OutboxChanged()
		if err := db.Update(ctx, s.fn); err != nil && !errors.Is(err, boom) {
			t.Fatalf("%s: %v", s.name, err)
		}
		select {
		case <-changed:
			if !s.wakes {
				t.Errorf("%s woke the outbox's readers", s.name)
			}
		default:
			if s.wakes {
				t.Errorf("%s had not woken the outbox's readers when its Update returned", s.name)
			}
		}
	}
}
