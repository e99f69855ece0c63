package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pcs/store"
)

func (t *Tx) GetIdempotency(ctx context.Context, scope store.Scope, operation, token string) (*store.Idempotency, error) {
	r := store.Idempotency{Scope: scope, Operation: operation, Token: token}
	var created int64
	err := t.queryRow(ctx, `SELECT request_hash, response, created_at FROM idempotency
		WHERE account = ? AND catalog = ? AND operation = ? AND token = ?`,
		scope.Account, scope.Catalog, operation, token).Scan(&r.RequestHash, &r.Response, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, t.errorf("get client token: %w", err)
	}
	r.CreatedAt = time.Unix(0, created).UTC()
	return &r, nil
}

func (t *Tx) PutIdempotency(ctx context.Context, r *store.Idempotency) error {
	_, err := t.exec(ctx, `INSERT INTO idempotency (account, catalog, operation, token, request_hash, response, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account, catalog, operation, token) DO UPDATE SET
		request_hash = excluded.request_hash, response = excluded.response, created_at = excluded.created_at`,
		r.Account, r.Catalog, r.Operation, r.Token, r.RequestHash, nonNil(r.Response), r.CreatedAt.UnixNano())
	if err != nil {
		return t.errorf("put client token: %w", err)
	}
	return nil
}

func (t *Tx) DeleteIdempotencyBefore(ctx context.Context, before time.Time) (int64, error) {
	res, err := t.exec(ctx, `DELETE FROM idempotency WHERE created_at < ?`, before.UnixNano())
	if err != nil {
		return 0, t.errorf("expire client tokens: %w", err)
	}
	return res.RowsAffected()
}
