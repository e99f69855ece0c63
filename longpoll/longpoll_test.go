package longpoll_test

import (
	"context"
	"testing"
	"time"

	"pcs/longpoll"
	"pcs/store"
	"pcs/store/sqlite"
)

// quiet is a store that does not tell of outbox changes.
type quiet struct{ store.Store }

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

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// TestNotifier: over a store that tells, OutboxChanged is closed by the
// commit of an event; over one that does not, after the fallback poll;
// End closes Ended, once and for all.
func TestNotifier(t *testing.T) {
	db, err := sqlite.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	n := longpoll.New(db)
	changed := n.OutboxChanged()
	if closed(changed) {
		t.Fatal("closed before any commit")
	}
	appendEvent(t, db, "e1")
	if !closed(changed) {
		t.Error("not closed when an event had committed")
	}

	polled := longpoll.New(quiet{db})
	changed = polled.OutboxChanged()
	appendEvent(t, db, "e2")
	if closed(changed) {
		t.Error("a store that does not tell: closed at once")
	}
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Error("a store that does not tell: not closed within 5s")
	}

	if closed(n.Ended()) {
		t.Fatal("ended before End")
	}
	n.End()
	n.End()
	if !closed(n.Ended()) {
		t.Error("not ended by End")
	}
}
