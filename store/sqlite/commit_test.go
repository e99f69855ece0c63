package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"pcs/store"
	"pcs/store/sqlite"
)

func openFile(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "pcs.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func setting(t *testing.T, db *sqlite.DB, key string) string {
	t.Helper()
	var v string
	err := db.View(context.Background(), func(tx store.Tx) (err error) {
		v, err = tx.GetSetting(context.Background(), key)
		return err
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
	return v
}

// put writes key=value and a sequence value, then fails with fail (nil:
// commits).
func put(key, value string, fail error) func(store.Tx) error {
	return func(tx store.Tx) error {
		ctx := context.Background()
		if _, err := tx.NextSequence(ctx, "test"); err != nil {
			return err
		}
		if err := tx.PutSetting(ctx, key, value); err != nil {
			return err
		}
		if fail != nil {
			return fail
		}
		return nil
	}
}

// TestBatchIsolatesFailures runs writes in one shared transaction: each
// sees the writes before it, a failing one is rolled back alone (its
// error, and its writes gone), a panic is reported to its own caller, and
// the others commit.
func TestBatchIsolatesFailures(t *testing.T) {
	ctx := context.Background()
	db := openFile(t)
	refused := errors.New("refused")
	var seen string
	errs := sqlite.CommitBatch(db, nil,
		put("a", "1", nil),
		put("b", "1", refused),
		func(tx store.Tx) error { panic("boom") },
		func(tx store.Tx) (err error) { seen, err = tx.GetSetting(ctx, "a"); return err },
		put("a", "2", refused),
		put("c", "1", nil),
	)
	want := []string{"<nil>", "refused", "panic: boom", "<nil>", "refused", "<nil>"}
	for i, err := range errs {
		if got := fmt.Sprint(err); got != want[i] {
			t.Errorf("write %d: %s, want %s", i, got, want[i])
		}
	}
	if seen != "1" {
		t.Errorf("a write saw a=%q, want the earlier write's 1", seen)
	}
	for key, want := range map[string]string{"a": "1", "b": "", "c": "1"} {
		if got := setting(t, db, key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	// Two committed writes took a sequence value each; the rolled-back
	// ones' values were taken again.
	var next int64
	if err := db.Update(ctx, func(tx store.Tx) (err error) { next, err = tx.NextSequence(ctx, "test"); return err }); err != nil {
		t.Fatal(err)
	}
	if next != 3 {
		t.Errorf("next sequence value %d, want 3", next)
	}
}

// TestBatchWithCancelledWrite: a write whose context ended before it ran
// fails with that, and does not keep the others from committing.
func TestBatchWithCancelledWrite(t *testing.T) {
	db := openFile(t)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	bg := context.Background()
	errs := sqlite.CommitBatch(db, []context.Context{bg, cancelled, bg},
		put("a", "1", nil), func(store.Tx) error { ran = true; return nil }, put("b", "1", nil))
	if errs[0] != nil || !errors.Is(errs[1], context.Canceled) || errs[2] != nil || ran {
		t.Errorf("answers %v, ran %v", errs, ran)
	}
	if setting(t, db, "a") != "1" || setting(t, db, "b") != "1" {
		t.Error("a committed write is missing")
	}
}

// TestConcurrentUpdates: many concurrent writers, some failing, each get
// their own answer, and exactly the successful writes are stored.
func TestConcurrentUpdates(t *testing.T) {
	ctx := context.Background()
	db := openFile(t)
	refused := errors.New("refused")
	const n = 64
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var fail error
			if i%3 == 0 {
				fail = refused
			}
			errs[i] = db.Update(ctx, put(fmt.Sprint("k", i), "v", fail))
		})
	}
	wg.Wait()
	for i, err := range errs {
		wantErr, wantValue := error(nil), "v"
		if i%3 == 0 {
			wantErr, wantValue = refused, ""
		}
		if err != wantErr {
			t.Errorf("write %d: %v, want %v", i, err, wantErr)
		}
		if got := setting(t, db, fmt.Sprint("k", i)); got != wantValue {
			t.Errorf("k%d = %q, want %q", i, got, wantValue)
		}
	}
}

// TestPanicReachesItsCaller: a write that panics panics in the goroutine
// that called Update, and the database takes writes afterwards.
func TestPanicReachesItsCaller(t *testing.T) {
	ctx := context.Background()
	db := openFile(t)
	func() {
		defer func() {
			if p := recover(); p != "boom" {
				t.Errorf("recovered %v, want boom", p)
			}
		}()
		_ = db.Update(ctx, func(store.Tx) error { panic("boom") })
	}()
	if err := db.Update(ctx, put("a", "1", nil)); err != nil {
		t.Fatal(err)
	}
}

// TestCloseTwice: a database closed twice stays closed, and refuses writes.
func TestCloseTwice(t *testing.T) {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "pcs.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db.Close()
	if err := db.Update(context.Background(), put("a", "1", nil)); err == nil {
		t.Error("a closed database took a write")
	}
}
