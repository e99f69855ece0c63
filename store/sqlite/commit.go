package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"pcs/store/sqlstore"
)

// Writes go through a sqlstore.Committer (group commit): concurrent
// Updates share a transaction and its fsync, each in a savepoint of its
// own. One process writes the database (the data directory's lock), so
// its committer sees every commit that changed the event outbox.

var errClosed = errors.New("sqlite: the database is closed")

func newCommitter(db *sql.DB, stmts *sqlstore.Statements, committed func()) *sqlstore.Committer {
	return sqlstore.NewCommitter(sqlstore.Backend{
		Dialect: dialect, Stmts: stmts, Committed: committed,
		Begin: func(ctx context.Context) (*sql.Tx, error) {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return nil, fmt.Errorf("sqlite: begin: %w", err)
			}
			return tx, nil
		},
		BeginError:  func(err error) error { return fmt.Errorf("sqlite: begin: %w", err) },
		CommitError: func(err error) error { return fmt.Errorf("sqlite: commit: %w", err) },
		Closed:      errClosed,
	})
}
