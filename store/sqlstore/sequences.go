package sqlstore

import (
	"context"
)

func (t *Tx) NextSequence(ctx context.Context, name string) (int64, error) {
	var v int64
	err := t.queryRow(ctx, `INSERT INTO sequences (name, value) VALUES (?, 1)
		ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 RETURNING value`, name).Scan(&v)
	if err != nil {
		return 0, t.errorf("sequence %s: %w", name, err)
	}
	return v, nil
}
