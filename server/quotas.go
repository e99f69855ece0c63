package server

import (
	"context"
	"log/slog"
	"time"

	"pcs/clock"
	"pcs/quota"
	"pcs/store"
)

// newLimiter is the Limiter of groups: over the store's quota budgets when
// it keeps them, for a store several pcs share (PostgreSQL), so that a
// client has one budget however many pcs it spreads its requests over; in
// memory otherwise (SQLite, used by one pcs).
func newLimiter(db store.Store, clk clock.Clock, groups []quota.Group, log *slog.Logger) (*quota.Limiter, error) {
	if budgets, ok := db.(store.QuotaBudgets); ok && len(groups) > 0 {
		return quota.NewShared(clk, groups, storedBudgets{budgets}, log)
	}
	return quota.New(clk, groups)
}

// storedBudgets keeps the quota budgets in the store (quota.Budgets).
type storedBudgets struct{ db store.QuotaBudgets }

func (s storedBudgets) Load(ctx context.Context, account, group string) (quota.Budget, error) {
	b, ok, err := s.db.QuotaBudget(ctx, account, group)
	if err != nil || !ok {
		return quota.Budget{}, err
	}
	return fromStored(b), nil
}

func (s storedBudgets) Save(ctx context.Context, account, group string, b quota.Budget) (quota.Budget, bool, error) {
	kept, saved, err := s.db.PutQuotaBudget(ctx, store.QuotaBudget{Account: account, Group: group, Tokens: b.Tokens,
		FilledAt: b.Filled.UnixNano(), Minutes: b.Minutes, FullAt: b.Full.UnixNano(), Version: b.Version})
	if err != nil || kept.Version == 0 {
		return quota.Budget{}, saved, err
	}
	return fromStored(kept), saved, nil
}

func (s storedBudgets) List(ctx context.Context, account string) (map[string]quota.Budget, error) {
	stored, err := s.db.ListQuotaBudgets(ctx, account)
	if err != nil {
		return nil, err
	}
	out := make(map[string]quota.Budget, len(stored))
	for _, b := range stored {
		out[b.Group] = fromStored(b)
	}
	return out, nil
}

func (s storedBudgets) Clear(ctx context.Context, account string) (int, error) {
	n, err := s.db.DeleteQuotaBudgets(ctx, account)
	return int(n), err
}

func fromStored(b store.QuotaBudget) quota.Budget {
	return quota.Budget{Tokens: b.Tokens, Filled: time.Unix(0, b.FilledAt), Minutes: b.Minutes,
		Full: time.Unix(0, b.FullAt), Version: b.Version}
}
