package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"pcs/store"
)

// queryAll runs query and scans every row with scan; what names the query
// in errors.
func queryAll[T any](ctx context.Context, tx *sql.Tx, what, query string, args []any, scan func(rowScanner) (T, error)) ([]T, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %s: %w", what, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// queryOne reads the one row query selects: store.ErrNotFound when there
// is none, other errors wrapped with what was being read.
func queryOne[T any](ctx context.Context, tx *sql.Tx, what, query string, args []any, scan func(rowScanner) (T, error)) (*T, error) {
	v, err := scan(tx.QueryRowContext(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", what, err)
	}
	return &v, nil
}

// rowScanner is what a scan function reads one row from.
type rowScanner interface{ Scan(...any) error }
