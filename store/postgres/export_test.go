package postgres

import (
	"context"
	"database/sql"
	"sync/atomic"

	"pcs/store"
	"pcs/store/sqlstore"
)

// FailCommits makes the next n Updates fail just before they commit with
// the PostgreSQL error code, raised by the server in the transaction.
func FailCommits(db *DB, code string, n int) {
	var left atomic.Int64
	left.Store(int64(n))
	db.beforeCommit = func(ctx context.Context, tx *sql.Tx) error {
		if left.Add(-1) < 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `DO $$ BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = '`+code+`'; END $$`)
		return err
	}
}

// ListenerPID is the backend process id of db's listening connection, 0
// while none listens.
func ListenerPID(db *DB) uint32 { return db.listener.pid.Load() }

// GroupCommit turns group commit on or off for db's next writes (off:
// each write commits in a transaction of its own), for benchmarks to
// compare the two. Call it while no write is running.
func GroupCommit(db *DB, on bool) {
	db.commits.SetMaxBatch(1)
	if on {
		db.commits.SetMaxBatch(sqlstore.MaxBatch)
	}
}

// CommitBatch runs fns as one batch of db's committer, in one
// transaction, each in its savepoint, and returns each one's answer.
// Call it while no write is running.
func CommitBatch(db *DB, ctxs []context.Context, fns ...func(store.Tx) error) []error {
	return sqlstore.CommitBatch(db.commits, ctxs, fns...)
}

// CountCommits has db count its commits from now on, and returns the
// count so far: how many transactions committed, and how many writes'
// changes they committed. Call it before db's first write.
func CountCommits(db *DB) func() (commits, writes int64) {
	var c, w atomic.Int64
	db.commits.OnCommit = func(n int) { c.Add(1); w.Add(int64(n)) }
	return func() (int64, int64) { return c.Load(), w.Load() }
}

// WriteLockKey is the advisory lock key of db's write lock.
func WriteLockKey(db *DB) int64 { return db.writeLock }

// LoseConnectionsBeforeCommit makes the next n write transactions lose
// their connection just before they commit: the backend serving each is
// terminated, as a PostgreSQL restart would.
func LoseConnectionsBeforeCommit(db *DB, n int) {
	var left atomic.Int64
	left.Store(int64(n))
	db.beforeCommit = func(ctx context.Context, tx *sql.Tx) error {
		if left.Add(-1) < 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `SELECT pg_terminate_backend(pg_backend_pid())`)
		return err
	}
}
