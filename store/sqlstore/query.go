package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"pcs/store"
)

// Tx implements store.Tx over one database/sql transaction, in a dialect,
// or over the database itself for a read of one statement (NewReader).
type Tx struct {
	tx     querier // a *sql.Tx, or the *sql.DB of a NewReader
	d      *Dialect
	stmts  *Statements // nil: every query runs as text
	missed []string    // queries run as text that stmts may prepare
	// outboxChanged: the transaction added events or pruned the outbox,
	// for its backend to tell the outbox's readers once it commits.
	outboxChanged bool
}

// OutboxChanged reports whether the transaction added events to the
// outbox or pruned it: once it commits, readers waiting for events have
// something to read (store.OutboxNotifier). It may report a change a
// rolled-back savepoint undid; a reader woken for nothing reads again.
func (t *Tx) OutboxChanged() bool { return t.outboxChanged }

var _ store.Tx = (*Tx)(nil)

// NewTx is tx as a store.Tx. Whether tx reads or writes, and at what
// isolation, is the backend's to decide when it begins tx.
func NewTx(tx *sql.Tx, d *Dialect) *Tx { return &Tx{tx: tx, d: d} }

// NewReader is db as a store.Tx outside any transaction: each query runs
// on its own, in the snapshot the database gives one statement, on the
// statements prepared in s (none when s is nil; see Statements.Prepare).
// It serves a read of one statement (store.AnswerReader), which needs no
// BEGIN and ROLLBACK around it to see one consistent state.
func NewReader(db *sql.DB, d *Dialect, s *Statements) *Tx { return &Tx{tx: db, d: d, stmts: s} }

// querier is what a Tx runs its queries on: a transaction or a database.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (t *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	query = t.d.bind(query)
	if stmt := t.prepared(ctx, query); stmt != nil {
		return stmt.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

func (t *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query = t.d.bind(query)
	if stmt := t.prepared(ctx, query); stmt != nil {
		return stmt.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

func (t *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	query = t.d.bind(query)
	if stmt := t.prepared(ctx, query); stmt != nil {
		return stmt.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}

// errorf is an error of the dialect's database.
func (t *Tx) errorf(format string, args ...any) error {
	return fmt.Errorf(t.d.Name+": "+format, args...)
}

// queryAll runs query and scans every row with scan; what names the query
// in errors.
func queryAll[T any](ctx context.Context, t *Tx, what, query string, args []any, scan func(rowScanner) (T, error)) ([]T, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, t.errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, t.errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// queryOne reads the one row query selects: store.ErrNotFound when there
// is none, other errors wrapped with what was being read.
func queryOne[T any](ctx context.Context, t *Tx, what, query string, args []any, scan func(rowScanner) (T, error)) (*T, error) {
	v, err := scan(t.queryRow(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, t.errorf("%s: %w", what, err)
	}
	return &v, nil
}

// rowScanner is what a scan function reads one row from.
type rowScanner interface{ Scan(...any) error }
