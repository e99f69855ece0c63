package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pcs/store"
	"pcs/store/sqlite"
)

// TestWritable follows a database that stops taking writes while pcs runs
// (query_only stands in for a file gone read-only or a full disk: SQLite
// refuses the write with SQLITE_READONLY) and takes them again.
func TestWritable(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pcs.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	write := func() error {
		return db.Update(ctx, func(tx store.Tx) error {
			_, err := tx.NextSequence(ctx, "s")
			return err
		})
	}
	scope := store.Scope{Account: "111111111111", Catalog: "AWS"}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	insert := func() error {
		return db.Update(ctx, func(tx store.Tx) error {
			return tx.InsertOpportunity(ctx, &store.Opportunity{Scope: scope, ID: "O1", CreatedAt: now, LastModifiedAt: now, Doc: []byte(`{}`)})
		})
	}
	steps := []struct {
		name     string
		do       func() error
		wantErr  string // of do
		writable string // what Writable says after it: "" for nil
		probeDue bool   // let Writable probe at once
	}{
		{"a fresh database", nil, "", "", false},
		{"a write", write, "", "", false},
		{"a refused insert is the transaction's, not the database's", func() error {
			if err := insert(); err != nil {
				return err
			}
			return insert()
		}, store.ErrExists.Error(), "", false},
		{"the database turns read-only", func() error { return sqlite.ExecForTest(db, "PRAGMA query_only = 1") }, "", "", false},
		{"a write is refused", write, "readonly database", "readonly database", false},
		{"reads go on, and do not clear it", func() error {
			return db.View(ctx, func(tx store.Tx) error { _, err := tx.GetOpportunity(ctx, scope, "O1"); return err })
		}, "", "readonly database", false},
		{"writable again", func() error { return sqlite.ExecForTest(db, "PRAGMA query_only = 0") }, "", "", true},
		{"refused again", func() error {
			if err := sqlite.ExecForTest(db, "PRAGMA query_only = 1"); err != nil {
				return err
			}
			return write()
		}, "readonly database", "readonly database", true},
		{"within a second of a probe, no other one", func() error { return sqlite.ExecForTest(db, "PRAGMA query_only = 0") }, "", "readonly database", false},
		{"the next probe clears it", nil, "", "", true},
		{"writes go on", write, "", "", false},
	}
	for _, s := range steps {
		var err error
		if s.do != nil {
			err = s.do()
		}
		switch {
		case s.wantErr == "" && err != nil:
			t.Fatalf("%s: %v", s.name, err)
		case s.wantErr != "" && (err == nil || !strings.Contains(err.Error(), s.wantErr)):
			t.Fatalf("%s: error %v, want one with %q", s.name, err, s.wantErr)
		}
		if s.probeDue {
			sqlite.ProbeDueForTest(db)
		}
		got := db.Writable(ctx)
		switch {
		case s.writable == "" && got != nil:
			t.Fatalf("%s: Writable = %v, want nil", s.name, got)
		case s.writable != "" && (got == nil || !strings.Contains(got.Error(), s.writable)):
			t.Fatalf("%s: Writable = %v, want an error with %q", s.name, got, s.writable)
		}
	}
}

func TestMemoryIsWritable(t *testing.T) {
	db, err := sqlite.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Writable(context.Background()); err != nil {
		t.Errorf("Writable = %v", err)
	}
}

// TestWritableIsCancelled: a probe gives up with its caller.
func TestWritableIsCancelled(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pcs.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sqlite.ExecForTest(db, "PRAGMA query_only = 1")
	db.Update(ctx, func(tx store.Tx) error { _, err := tx.NextSequence(ctx, "s"); return err })
	sqlite.ExecForTest(db, "PRAGMA query_only = 0")
	sqlite.ProbeDueForTest(db)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := db.Writable(cancelled); err == nil || errors.Is(err, context.Canceled) {
		t.Errorf("Writable with a cancelled context = %v, want the last refusal kept", err)
	}
}
