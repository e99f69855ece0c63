package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"pcs/store"
)

// TestCountersAndRowsInOneStatement: on PostgreSQL an event's position and
// an opportunity's version are taken by the statement that writes the row;
// the first of each, before its counter exists, by two. Either way they
// count from 1 in order, and a duplicate opportunity is ErrExists with the
// counter untouched.
func TestCountersAndRowsInOneStatement(t *testing.T) {
	ctx := context.Background()
	db := openFresh(t)
	defer db.Close()
	scope := store.Scope{Account: "111111111111", Catalog: "AWS"}
	insert := func(id string) error {
		return db.Update(ctx, func(tx store.Tx) error {
			at := time.Now().UTC()
			if err := tx.InsertOpportunity(ctx, &store.Opportunity{Scope: scope, ID: id, CreatedAt: at, LastModifiedAt: at,
				Stage: "Prospect", Summary: []byte(`{}`), Doc: []byte(`{}`)}); err != nil {
				return err
			}
			return tx.AppendEvent(ctx, &store.Event{ID: "e" + id, Account: scope.Account, Catalog: scope.Catalog,
				DetailType: "Opportunity Created", Time: at, Doc: []byte(`{}`)})
		})
	}
	for i := range 3 {
		if err := insert(fmt.Sprint("O", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := insert("O1"); !errors.Is(err, store.ErrExists) {
		t.Errorf("a second O1: %v, want ErrExists", err)
	}
	err := db.View(ctx, func(tx store.Tx) error {
		v, err := tx.OpportunityVersion(ctx, scope)
		if err != nil {
			return err
		}
		if v != 3 {
			t.Errorf("opportunity version %d, want 3", v)
		}
		events, err := tx.EventsAfter(ctx, scope.Account, 0, 10)
		if err != nil {
			return err
		}
		for i, e := range events {
			if e.Seq != int64(i+1) || e.ID != fmt.Sprint("eO", i) {
				t.Errorf("event %d: %d %s", i, e.Seq, e.ID)
			}
		}
		if len(events) != 3 {
			t.Errorf("%d events, want 3", len(events))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
