package selling

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"pcs/store"
)

// msgTokenConflict is the real service's text for a reused client token.
const msgTokenConflict = "Conflicting client token submitted for a new request body."

// idempotent makes an operation with a client token safe to retry: the first
// request with a token runs do and its output is remembered with a hash of the
// request; a repeat with the same body gets that output again without doing
// anything, and a repeat with a different body is refused. Tokens are scoped to
// (account, catalog, operation) and live for the configured window.
func idempotent[Out any](ctx context.Context, s *Service, tx store.Tx, scope store.Scope, op, token string, in any, do func() (*Out, error)) (*Out, error) {
	hash, err := requestHash(in)
	if err != nil {
		return nil, err
	}
	rec, err := tx.GetIdempotency(ctx, scope, op, token)
	switch {
	case err == nil && s.now().Sub(rec.CreatedAt) < s.cfg.IdempotencyWindow:
		if rec.RequestHash != hash {
			return nil, conflict(msgTokenConflict)
		}
		out := new(Out)
		if err := json.Unmarshal(rec.Response, out); err != nil {
			return nil, fmt.Errorf("stored response for client token: %w", err)
		}
		return out, nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	out, err := do()
	if err != nil {
		return nil, err
	}
	resp, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	err = tx.PutIdempotency(ctx, &store.Idempotency{
		Scope: scope, Operation: op, Token: token,
		RequestHash: hash, Response: resp, CreatedAt: s.now(),
	})
	return out, err
}

// requestHash identifies a request body by its decoded meaning, so the same
// request sent by boto3 (spaced JSON, \u escapes) and by the JS SDK (compact,
// raw UTF-8, other member order) hashes the same.
func requestHash(in any) (string, error) {
	b, err := json.Marshal(in)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// writeOnce is an operation with a client token: do runs in one write
// transaction of the caller's scope in catalog, at most once per token
// (see idempotent). Each run of the transaction gets a copy of the request
// of its own, to change as it likes (see clone).
func writeOnce[In, Out any](ctx context.Context, s *Service, catalog *string, op string, token *string, in *In,
	do func(tx store.Tx, scope store.Scope, in *In) (*Out, error)) (*Out, error) {
	scope, err := s.scope(ctx, catalog)
	if err != nil {
		return nil, err
	}
	var out *Out
	run := copies(in)
	err = s.db.Update(ctx, func(tx store.Tx) error {
		req := run()
		out, err = idempotent(ctx, s, tx, scope, op, deref(token), req, func() (*Out, error) { return do(tx, scope, req) })
		return err
	})
	return out, err
}
