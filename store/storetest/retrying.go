package storetest

import (
	"context"
	"errors"

	"pcs/store"
)

// Retrying is db with every Update's fn run twice: first in a transaction
// that is rolled back whatever fn returns, as a backend rolls back an
// attempt that hit a serialization failure, then for real. Run a service's
// tests over it to find the functions given to Update that have an effect
// outside their transaction (see store.Store): those tests then fail.
// It tells of outbox changes when db does (store.OutboxNotifier).
func Retrying(db store.Store) store.Store {
	if n, ok := db.(store.OutboxNotifier); ok {
		return notifyingRetrying{retrying{db}, n}
	}
	return retrying{db}
}

type retrying struct{ store.Store }

type notifyingRetrying struct {
	retrying
	store.OutboxNotifier
}

// errRetry rolls back the first run.
var errRetry = errors.New("storetest: the first run of an Update, rolled back")

func (r retrying) Update(ctx context.Context, fn func(store.Tx) error) error {
	err := r.Store.Update(ctx, func(tx store.Tx) error {
		_ = fn(tx)
		return errRetry
	})
	if !errors.Is(err, errRetry) {
		return err
	}
	return r.Store.Update(ctx, fn)
}

// Size is the size of the store underneath, when it tells one (pcs's
// metrics report it).
func (r retrying) Size(ctx context.Context) (int64, error) {
	if s, ok := r.Store.(interface {
		Size(context.Context) (int64, error)
	}); ok {
		return s.Size(ctx)
	}
	return 0, errors.ErrUnsupported
}
