package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"pcs/store"
	"pcs/store/postgres"
	"pcs/store/postgres/pgtest"
)

// put writes key=value and takes a sequence value, then fails with fail
// (nil: commits).
func put(key, value string, fail error) func(store.Tx) error {
	return func(tx store.Tx) error {
		ctx := context.Background()
		if _, err := tx.NextSequence(ctx, "test"); err != nil {
			return err
		}
		if err := tx.PutSetting(ctx, key, value); err != nil {
			return err
		}
		return fail
	}
}

func setting(t *testing.T, db *postgres.DB, key string) string {
	t.Helper()
	v, err := db.Setting(context.Background(), key)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
	return v
}

// TestBatchIsolatesFailures runs writes in one shared transaction: each
// sees the writes before it, a failing one is rolled back alone (its
// error, and its writes gone, a statement PostgreSQL refused included), a
// panic is reported to its own caller, and the others commit, in one
// transaction.
func TestBatchIsolatesFailures(t *testing.T) {
	ctx := context.Background()
	db := openFresh(t)
	defer db.Close()
	commits := postgres.CountCommits(db)
	refused := errors.New("refused")
	var seen string
	errs := postgres.CommitBatch(db, nil,
		put("a", "1", nil),
		put("b", "1", refused),
		func(tx store.Tx) error { panic("boom") },
		func(tx store.Tx) (err error) { seen, err = tx.GetSetting(ctx, "a"); return err },
		// A statement that fails in PostgreSQL aborts the transaction
		// until its savepoint is rolled back.
		func(tx store.Tx) error {
			if err := tx.PutSetting(ctx, "d", "1"); err != nil {
				return err
			}
			token := &store.Idempotency{Scope: store.Scope{Account: "1", Catalog: "AWS"}, Operation: "create", Token: "t",
				RequestHash: "h", Response: []byte(`{}`), CreatedAt: time.Now()}
			if err := tx.PutIdempotency(ctx, token); err != nil {
				return err
			}
			err := tx.PutIdempotency(ctx, token)
			if err == nil {
				err = errors.New("a second token of one key was stored")
			}
			return err
		},
		put("a", "2", refused),
		put("c", "1", nil),
	)
	for i, err := range errs {
		ok := err == nil
		if want := i == 0 || i == 3 || i == 6; ok != want {
			t.Errorf("write %d: %v, want success %v", i, err, want)
		}
	}
	if errs[1] != refused || fmt.Sprint(errs[2]) != "panic: boom" {
		t.Errorf("answers %v", errs)
	}
	if seen != "1" {
		t.Errorf("a write saw a=%q, want the earlier write's 1", seen)
	}
	for key, want := range map[string]string{"a": "1", "b": "", "c": "1", "d": ""} {
		if got := setting(t, db, key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if c, w := commits(); c != 1 || w != 3 {
		t.Errorf("%d commits of %d writes, want 1 of 3", c, w)
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

// TestConcurrentUpdatesShareCommits: Updates that wait for the write lock
// together (here held by another session, as another pcs would) commit
// together, each with its own answer, exactly the successful ones stored;
// with their events.
func TestConcurrentUpdatesShareCommits(t *testing.T) {
	ctx := context.Background()
	dbURL := pgtest.Schema(t)
	db, err := postgres.Open(ctx, dbURL, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	commits := postgres.CountCommits(db)
	other, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, postgres.WriteLockKey(db)); err != nil {
		t.Fatal(err)
	}

	refused := errors.New("refused")
	const n = 32
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var fail error
			if i%3 == 0 {
				fail = refused
			}
			errs[i] = db.Update(ctx, func(tx store.Tx) error {
				if err := tx.AppendEvent(ctx, &store.Event{ID: fmt.Sprint("e", i), Account: "111111111111", Catalog: "AWS",
					DetailType: "Opportunity Created", Time: time.Now(), Doc: []byte(`{}`)}); err != nil {
					return err
				}
				return put(fmt.Sprint("k", i), "v", fail)(tx)
			})
		})
	}
	time.Sleep(300 * time.Millisecond) // for the Updates to queue behind the lock
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, postgres.WriteLockKey(db)); err != nil {
		t.Fatal(err)
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
	// One write took the lock first; the others waited behind it.
	c, w := commits()
	if want := int64(n - (n+2)/3); w != want || c > 3 {
		t.Errorf("%d writes in %d commits, want %d in at most 3", w, c, want)
	}
	var events int
	if err := other.QueryRowContext(ctx, `SELECT count(*) FROM events`).Scan(&events); err != nil {
		t.Fatal(err)
	}
	if want := n - (n+2)/3; events != want {
		t.Errorf("%d events stored, want %d", events, want)
	}
}

// TestBatchLostBeforeCommitRunsAgain: a batch whose connection is lost
// before its COMMIT committed nothing, so each of its writes runs again in
// a transaction of its own, and commits.
func TestBatchLostBeforeCommitRunsAgain(t *testing.T) {
	db := openFresh(t)
	defer db.Close()
	commits := postgres.CountCommits(db)
	postgres.LoseConnectionsBeforeCommit(db, 1)
	runs := 0
	counted := func(fn func(store.Tx) error) func(store.Tx) error {
		return func(tx store.Tx) error { runs++; return fn(tx) }
	}
	errs := postgres.CommitBatch(db, nil, counted(put("a", "1", nil)), counted(put("b", "1", nil)), counted(put("c", "1", nil)))
	for i, err := range errs {
		if err != nil {
			t.Errorf("write %d: %v", i, err)
		}
	}
	if runs != 6 {
		t.Errorf("the writes ran %d times, want 6: once in the lost batch, once alone", runs)
	}
	if c, w := commits(); c != 3 || w != 3 {
		t.Errorf("%d commits of %d writes, want 3 of 3", c, w)
	}
	for _, key := range []string{"a", "b", "c"} {
		if got := setting(t, db, key); got != "1" {
			t.Errorf("%s = %q, want 1", key, got)
		}
	}
}

// TestBatchLostDuringCommitFails: a batch whose connection is lost during
// its COMMIT may have committed, so its writes fail and none runs again,
// through Update's retries neither. (A deferred trigger ends the backend
// in the middle of COMMIT.)
func TestBatchLostDuringCommitFails(t *testing.T) {
	ctx := context.Background()
	dbURL := pgtest.Schema(t)
	db, err := postgres.Open(ctx, dbURL, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	other, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	for _, stmt := range []string{
		`CREATE FUNCTION lose_connection() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$`,
		`CREATE CONSTRAINT TRIGGER lose_connection AFTER INSERT ON settings DEFERRABLE INITIALLY DEFERRED
			FOR EACH ROW WHEN (NEW.key LIKE 'lose%') EXECUTE FUNCTION lose_connection()`,
	} {
		if _, err := other.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	runs := 0
	counted := func(fn func(store.Tx) error) func(store.Tx) error {
		return func(tx store.Tx) error { runs++; return fn(tx) }
	}
	refused := errors.New("refused")
	errs := postgres.CommitBatch(db, nil, counted(put("lose-a", "1", nil)), counted(put("b", "1", refused)), counted(put("c", "1", nil)))
	if !strings.Contains(fmt.Sprint(errs[0]), "commit") || errs[1] != refused || !strings.Contains(fmt.Sprint(errs[2]), "commit") {
		t.Errorf("answers %v; want the COMMIT's error, refused, the COMMIT's error", errs)
	}
	if err := db.Update(ctx, counted(put("lose-d", "1", nil))); !strings.Contains(fmt.Sprint(err), "commit") {
		t.Errorf("Update: %v, want the COMMIT's error", err)
	}
	if runs != 4 {
		t.Errorf("the writes ran %d times, want 4: none again", runs)
	}
}

// TestBatchAbandonedByItsCallers: Updates waiting for the write lock,
// here held by another session, return when their contexts end, before
// the lock is released.
func TestBatchAbandonedByItsCallers(t *testing.T) {
	ctx := context.Background()
	dbURL := pgtest.Schema(t)
	db, err := postgres.Open(ctx, dbURL, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	other, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, postgres.WriteLockKey(db)); err != nil {
		t.Fatal(err)
	}
	unlocked := make(chan struct{})
	go func() {
		time.Sleep(5 * time.Second)
		_, _ = conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, postgres.WriteLockKey(db))
		close(unlocked)
	}()
	start := time.Now()
	errs := make([]error, 8)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			wctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
			defer cancel()
			errs[i] = db.Update(wctx, put(fmt.Sprint("k", i), "v", nil))
		})
	}
	wg.Wait()
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the Updates returned after %v, waiting for the lock", d)
	}
	for i, err := range errs {
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("write %d: %v, want its deadline", i, err)
		}
	}
	<-unlocked
	if err := db.Update(ctx, put("after", "v", nil)); err != nil {
		t.Fatal(err)
	}
	for i := range errs {
		if got := setting(t, db, fmt.Sprint("k", i)); got != "" {
			t.Errorf("k%d = %q after its Update failed", i, got)
		}
	}
}
