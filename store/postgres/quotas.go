package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"pcs/store"
)

// The quota budgets (store.QuotaBudgets) are PostgreSQL's alone, as only
// it is shared by several pcs, so their queries are here rather than in
// package sqlstore. Each is one statement outside Update: it takes no
// advisory lock, and the only row lock it takes is its budget's, for the
// statement, so a quota check neither waits for writes nor holds them up.

var _ store.QuotaBudgets = (*DB)(nil)

func (db *DB) QuotaBudget(ctx context.Context, account, group string) (store.QuotaBudget, bool, error) {
	b := store.QuotaBudget{Account: account, Group: group}
	err := db.db.QueryRowContext(ctx, `SELECT tokens, filled_at, minutes, full_at, version
		FROM quota_budgets WHERE account = $1 AND grp = $2`, account, group).
		Scan(&b.Tokens, &b.FilledAt, &b.Minutes, &b.FullAt, &b.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return store.QuotaBudget{}, false, nil
	}
	if err != nil {
		return store.QuotaBudget{}, false, fmt.Errorf("postgres: quota budget: %w", err)
	}
	return b, true, nil
}

func (db *DB) PutQuotaBudget(ctx context.Context, b store.QuotaBudget) (store.QuotaBudget, bool, error) {
	minutes := b.Minutes
	if minutes == nil {
		minutes = []byte{}
	}
	// The write, and when it does not happen the budget kept instead, in
	// one round trip: the second SELECT reads only when the first finds
	// nothing written (both see the statement's snapshot, which the row a
	// write lost to may have been committed after: the next try sees it).
	const orKept = `
		SELECT true, version, 0::DOUBLE PRECISION, 0::BIGINT, ''::BYTEA, 0::BIGINT FROM saved
		UNION ALL
		SELECT false, version, tokens, filled_at, minutes, full_at FROM quota_budgets
		WHERE account = $1 AND grp = $2 AND NOT EXISTS (SELECT 1 FROM saved)`
	var query string
	args := []any{b.Account, b.Group, b.Tokens, b.FilledAt, minutes, b.FullAt}
	if b.Version == 0 {
		// A budget first kept, which is rare (an account's first request
		// of the group, or its first after a reset or a day idle): the
		// time to forget the budgets that are full, which the index on
		// full_at finds without reading the others.
		if _, err := db.db.ExecContext(ctx, `DELETE FROM quota_budgets WHERE full_at <= $1`, b.FilledAt); err != nil {
			return store.QuotaBudget{}, false, fmt.Errorf("postgres: forget full quota budgets: %w", err)
		}
		query = `WITH saved AS (
			INSERT INTO quota_budgets (account, grp, tokens, filled_at, minutes, full_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, nextval('quota_budget_versions'))
			ON CONFLICT (account, grp) DO NOTHING RETURNING version)` + orKept
	} else {
		query = `WITH saved AS (
			UPDATE quota_budgets
			SET tokens = $3, filled_at = $4, minutes = $5, full_at = $6, version = nextval('quota_budget_versions')
			WHERE account = $1 AND grp = $2 AND version = $7 RETURNING version)` + orKept
		args = append(args, b.Version)
	}
	var saved bool
	kept := store.QuotaBudget{Account: b.Account, Group: b.Group}
	err := db.db.QueryRowContext(ctx, query, args...).
		Scan(&saved, &kept.Version, &kept.Tokens, &kept.FilledAt, &kept.Minutes, &kept.FullAt)
	switch {
	case errors.Is(err, sql.ErrNoRows): // neither written nor kept: removed by a reset, or not yet seen
		return store.QuotaBudget{Account: b.Account, Group: b.Group}, false, nil
	case err != nil:
		return store.QuotaBudget{}, false, fmt.Errorf("postgres: write quota budget: %w", err)
	case saved:
		version := kept.Version
		kept = b
		kept.Version = version
	}
	return kept, saved, nil
}

func (db *DB) ListQuotaBudgets(ctx context.Context, account string) ([]store.QuotaBudget, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT grp, tokens, filled_at, minutes, full_at, version
		FROM quota_budgets WHERE account = $1 ORDER BY grp`, account)
	if err != nil {
		return nil, fmt.Errorf("postgres: quota budgets: %w", err)
	}
	defer rows.Close()
	var out []store.QuotaBudget
	for rows.Next() {
		b := store.QuotaBudget{Account: account}
		if err := rows.Scan(&b.Group, &b.Tokens, &b.FilledAt, &b.Minutes, &b.FullAt, &b.Version); err != nil {
			return nil, fmt.Errorf("postgres: quota budgets: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

func (db *DB) DeleteQuotaBudgets(ctx context.Context, account string) (int64, error) {
	res, err := db.db.ExecContext(ctx, `DELETE FROM quota_budgets WHERE $1 = '' OR account = $1`, account)
	if err != nil {
		return 0, fmt.Errorf("postgres: forget quota budgets: %w", err)
	}
	return res.RowsAffected()
}
