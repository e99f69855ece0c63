package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"pcs/fault"
	"pcs/store"
)

// storedFaults keeps the fault rules in the store, where every pcs on it
// applies them (fault.Rules).
type storedFaults struct{ db store.Store }

func (s storedFaults) Add(ctx context.Context, r fault.Rule) (fault.Rule, error) {
	doc, err := json.Marshal(r)
	if err != nil {
		return fault.Rule{}, err
	}
	var stored store.FaultRule
	err = s.db.Update(ctx, func(tx store.Tx) error {
		stored = store.FaultRule{Account: r.Account, Count: r.Count, Rule: doc}
		return tx.InsertFaultRule(ctx, &stored)
	})
	if err != nil {
		return fault.Rule{}, err
	}
	r.ID, r.Hits = int(stored.ID), 0
	return r, nil
}

func (s storedFaults) List(ctx context.Context) ([]fault.Rule, error) {
	var stored []store.FaultRule
	err := s.db.View(ctx, func(tx store.Tx) error {
		var err error
		stored, err = tx.ListFaultRules(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	rules := make([]fault.Rule, len(stored))
	for i, sr := range stored {
		if err := json.Unmarshal(sr.Rule, &rules[i]); err != nil {
			return nil, fmt.Errorf("fault rule %d: %w", sr.ID, err)
		}
		rules[i].ID, rules[i].Hits = int(sr.ID), sr.Hits
	}
	return rules, nil
}

func (s storedFaults) Remove(ctx context.Context, id int) (bool, error) {
	err := s.db.Update(ctx, func(tx store.Tx) error { return tx.DeleteFaultRule(ctx, int64(id)) })
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (s storedFaults) Clear(ctx context.Context) (int, error) {
	return s.count(ctx, func(tx store.Tx) (int64, error) { return tx.DeleteFaultRules(ctx) })
}

func (s storedFaults) ClearAccount(ctx context.Context, account string) (int, error) {
	return s.count(ctx, func(tx store.Tx) (int64, error) { return tx.DeleteAccountFaultRules(ctx, account) })
}

func (s storedFaults) count(ctx context.Context, del func(store.Tx) (int64, error)) (int, error) {
	var n int64
	err := s.db.Update(ctx, func(tx store.Tx) error {
		var err error
		n, err = del(tx)
		return err
	})
	return int(n), err
}

func (s storedFaults) Hit(ctx context.Context, id int) (bool, error) {
	var ok bool
	err := s.db.Update(ctx, func(tx store.Tx) error {
		var err error
		ok, err = tx.HitFaultRule(ctx, int64(id))
		return err
	})
	return ok && err == nil, err
}
