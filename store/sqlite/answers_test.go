package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"pcs/store"
)

// TestAnswersReadOnDriverConnections: a file store's answers are read on
// the reader pool's driver connections, the query prepared once on each
// (at most as many as the pool opens), concurrently, and closed with the
// store; what they read is what a View reads (the storetest case
// OpportunityAnswers holds the rest of the contract).
func TestAnswersReadOnDriverConnections(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "pcs.db"))
	if err != nil {
		t.Fatal(err)
	}
	scope := store.Scope{Account: "111111111111", Catalog: "AWS"}
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	const n = 20
	err = db.Update(ctx, func(tx store.Tx) error {
		for i := range n {
			o := &store.Opportunity{Scope: scope, ID: fmt.Sprintf("O%d", i), CreatedAt: t0, LastModifiedAt: t0,
				Stage: "Prospect", ReviewStatus: "Pending Submission", TargetCloseDate: "2030-12-31",
				Doc: []byte(`{}`), Answer: fmt.Appendf(nil, `{"Id":"O%d"}`, i)}
			if err := tx.InsertOpportunity(ctx, o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 50 {
				id := fmt.Sprintf("O%d", (g+i)%n)
				got, err := db.OpportunityAnswer(ctx, scope, id)
				if want := `{"Id":"` + id + `"}`; err != nil || string(got) != want {
					t.Errorf("answer of %s = %q, %v; want %q", id, got, err, want)
					return
				}
			}
		})
	}
	wg.Wait()
	if _, err := db.OpportunityAnswer(ctx, scope, "O99"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("answer of a missing id: %v, want ErrNotFound", err)
	}
	db.answers.mu.Lock()
	prepared := len(db.answers.stmts)
	db.answers.mu.Unlock()
	if open := db.reader.Stats().OpenConnections; prepared == 0 || prepared > open {
		t.Errorf("the query is prepared on %d connections, want 1 to %d (the pool's)", prepared, open)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if len(db.answers.stmts) != 0 {
		t.Errorf("%d statements left open after Close", len(db.answers.stmts))
	}
}
