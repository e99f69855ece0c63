package postgres_test

import (
	"context"
	"testing"
	"time"

	"pcs/store"
)

// TestQuotaBudgets: a budget is written only over the version it was read
// at, even across a removal and a new budget of the same key; one first
// kept forgets those full by then; a reset forgets one account's or all.
func TestQuotaBudgets(t *testing.T) {
	ctx := context.Background()
	db := openFresh(t)
	defer db.Close()
	var kept store.QuotaBudget // as the latest put left it
	put := func(b store.QuotaBudget) bool {
		t.Helper()
		var ok bool
		var err error
		kept, ok, err = db.PutQuotaBudget(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	get := func(account, group string) (store.QuotaBudget, bool) {
		t.Helper()
		b, ok, err := db.QuotaBudget(ctx, account, group)
		if err != nil {
			t.Fatal(err)
		}
		return b, ok
	}
	if _, ok := get("1", "write"); ok {
		t.Fatal("a budget before any was written")
	}
	first := store.QuotaBudget{Account: "1", Group: "write", Tokens: 4, FilledAt: 100, Minutes: []byte{1, 2, 3}, FullAt: 200}
	if !put(first) {
		t.Fatal("the first budget was not written")
	}
	written := kept
	if got, _ := get("1", "write"); got.Tokens != 4 || got.FilledAt != 100 || string(got.Minutes) != "\x01\x02\x03" ||
		got.FullAt != 200 || got.Version == 0 || got.Version != written.Version {
		t.Fatalf("kept %+v, written as %+v", got, written)
	}
	if put(first) {
		t.Error("a second first budget of the same key was written")
	}
	if kept.Version != written.Version || kept.Tokens != 4 || string(kept.Minutes) != "\x01\x02\x03" {
		t.Errorf("a write that lost answered %+v, want the budget kept, %+v", kept, written)
	}
	next := written
	next.Tokens, next.Minutes = 3, nil
	if !put(next) {
		t.Fatal("a write over the version read failed")
	}
	if kept.Version == written.Version || kept.Tokens != 3 {
		t.Errorf("a write answered %+v, want what it wrote with a new version", kept)
	}
	if put(next) {
		t.Error("a write over a version gone was written")
	}
	if kept.Tokens != 3 || kept.Version == next.Version {
		t.Errorf("a write that lost answered %+v", kept)
	}

	// A reset and a new budget between a read and its write: the write
	// must not land on the new budget.
	for range 2 {
		if n, err := db.DeleteQuotaBudgets(ctx, "1"); err != nil || n != 1 {
			t.Fatalf("reset: %d, %v", n, err)
		}
		if !put(first) {
			t.Fatal("a budget after the reset was not written")
		}
	}
	stale, _ := get("1", "write") // read just after it was first written
	if n, err := db.DeleteQuotaBudgets(ctx, "1"); err != nil || n != 1 {
		t.Fatalf("reset: %d, %v", n, err)
	}
	if !put(first) {
		t.Fatal("a budget after the reset was not written")
	}
	stale.Tokens = 0
	if put(stale) {
		t.Error("a write read before a reset landed on the budget after it")
	}
	if n, err := db.DeleteQuotaBudgets(ctx, "1"); err != nil || n != 1 {
		t.Fatalf("reset: %d, %v", n, err)
	}
	if put(stale) || kept.Version != 0 {
		t.Errorf("a write over a budget reset answered %+v, want none kept", kept)
	}
	if !put(first) {
		t.Fatal("a budget after the reset was not written")
	}

	if !put(store.QuotaBudget{Account: "2", Group: "write", Tokens: 1, FilledAt: 300, FullAt: 300}) {
		t.Fatal("another account's budget was not written")
	}
	if got, err := db.ListQuotaBudgets(ctx, "2"); err != nil || len(got) != 1 || got[0].Group != "write" {
		t.Fatalf("account 2's budgets: %+v, %v", got, err)
	}
	// A budget first kept at 250 forgets account 1's (full at 200), not
	// account 2's (full at 300).
	if !put(store.QuotaBudget{Account: "3", Group: "read", Tokens: 9, FilledAt: 250, FullAt: 400}) {
		t.Fatal("account 3's budget was not written")
	}
	if _, ok := get("1", "write"); ok {
		t.Error("a budget full before a new one was kept is still kept")
	}
	if _, ok := get("2", "write"); !ok {
		t.Error("a budget not yet full was forgotten")
	}
	if n, err := db.DeleteQuotaBudgets(ctx, ""); err != nil || n != 2 {
		t.Errorf("reset of all: %d, %v; want 2", n, err)
	}
}

// TestQuotaBudgetsDoNotWaitForWrites: the budgets are read and written
// while a write transaction holds the write lock.
func TestQuotaBudgetsDoNotWaitForWrites(t *testing.T) {
	db := openFresh(t)
	defer db.Close()
	locked, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- db.Update(context.Background(), func(tx store.Tx) error {
			close(locked)
			<-release
			return nil
		})
	}()
	<-locked
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, _, err := db.PutQuotaBudget(ctx, store.QuotaBudget{Account: "1", Group: "write", Tokens: 1, FilledAt: 1, FullAt: 2})
	if err == nil {
		_, _, err = db.QuotaBudget(ctx, "1", "write")
	}
	close(release)
	if err != nil {
		t.Errorf("budgets beside a write transaction: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
