package sqlstore

import (
	"context"
	"encoding/hex"
)

func (t *Tx) Secret(ctx context.Context, name string, fresh []byte) ([]byte, error) {
	// Kept as hex: TEXT reads back alike in every dialect.
	if _, err := t.exec(ctx, `INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`,
		name, hex.EncodeToString(fresh)); err != nil {
		return nil, t.errorf("secret %s: %w", name, err)
	}
	var v string
	if err := t.queryRow(ctx, `SELECT value FROM secrets WHERE name = ?`, name).Scan(&v); err != nil {
		return nil, t.errorf("secret %s: %w", name, err)
	}
	b, err := hex.DecodeString(v)
	if err != nil {
		return nil, t.errorf("secret %s: %w", name, err)
	}
	return b, nil
}
