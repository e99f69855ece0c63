package sqlstore

import (
	"context"
	"database/sql"
	"errors"
)

func (t *Tx) NextSequence(ctx context.Context, name string) (int64, error) {
	// Once a counter exists, which is nearly always, an update takes its
	// next value at less cost than the insert that would conflict; the
	// upsert makes it the first time.
	var v int64
	err := t.queryRow(ctx, `UPDATE sequences SET value = value + 1 WHERE name = ? RETURNING value`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		err = t.queryRow(ctx, `INSERT INTO sequences (name, value) VALUES (?, 1)
			ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 RETURNING value`, name).Scan(&v)
	}
	if err != nil {
		return 0, t.errorf("sequence %s: %w", name, err)
	}
	return v, nil
}
