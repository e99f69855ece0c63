package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

func (t *Tx) TakeDeliveryLease(ctx context.Context, target, holder string, now, until time.Time) (bool, error) {
	// The upsert changes the row, and returns it, only when the lease is
	// holder's or free; under a serializable Update two takers of one free
	// lease cannot both see it free.
	var got string
	err := t.queryRow(ctx, `INSERT INTO delivery_leases (target, holder, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (target) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE delivery_leases.holder = excluded.holder OR delivery_leases.expires_at <= ?
		RETURNING holder`, target, holder, until.UnixNano(), now.UnixNano()).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, t.errorf("delivery lease %s: %w", target, err)
	}
	return true, nil
}

func (t *Tx) ReleaseDeliveryLease(ctx context.Context, target, holder string) error {
	if _, err := t.exec(ctx, `DELETE FROM delivery_leases WHERE target = ? AND holder = ?`, target, holder); err != nil {
		return t.errorf("release delivery lease %s: %w", target, err)
	}
	return nil
}
