package postgres

import (
	"context"
	"database/sql"
	"sync/atomic"
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
