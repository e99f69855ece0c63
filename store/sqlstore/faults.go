package sqlstore

import (
	"context"

	"pcs/store"
)

func (t *Tx) InsertFaultRule(ctx context.Context, r *store.FaultRule) error {
	err := t.queryRow(ctx, `INSERT INTO fault_rules (account, hit_limit, hits, rule) VALUES (?, ?, 0, ?) RETURNING id`,
		r.Account, r.Count, string(r.Rule)).Scan(&r.ID)
	if err != nil {
		return t.errorf("add fault rule: %w", err)
	}
	r.Hits = 0
	return nil
}

func (t *Tx) ListFaultRules(ctx context.Context) ([]store.FaultRule, error) {
	return queryAll(ctx, t, "fault rules",
		`SELECT id, account, hit_limit, hits, rule FROM fault_rules WHERE hit_limit = 0 OR hits < hit_limit ORDER BY id`, nil,
		func(row rowScanner) (store.FaultRule, error) {
			var r store.FaultRule
			var rule string
			err := row.Scan(&r.ID, &r.Account, &r.Count, &r.Hits, &rule)
			r.Rule = []byte(rule)
			return r, err
		})
}

func (t *Tx) DeleteFaultRule(ctx context.Context, id int64) error {
	var n int64
	if err := t.deleteRows(ctx, &n, `DELETE FROM fault_rules WHERE id = ?`, id); err != nil {
		return err
	}
	if n == 0 {
		return store.ErrNotFound
	}
	return nil
}

func (t *Tx) DeleteFaultRules(ctx context.Context) (int64, error) {
	var n int64
	err := t.deleteRows(ctx, &n, `DELETE FROM fault_rules`)
	return n, err
}

func (t *Tx) DeleteAccountFaultRules(ctx context.Context, account string) (int64, error) {
	var n int64
	err := t.deleteRows(ctx, &n, `DELETE FROM fault_rules WHERE account = ?`, account)
	return n, err
}

func (t *Tx) HitFaultRule(ctx context.Context, id int64) (bool, error) {
	// The guard on hits makes the count exact however many pcs hit the
	// rule at once: only hit_limit updates find it unspent.
	res, err := t.exec(ctx, `UPDATE fault_rules SET hits = hits + 1 WHERE id = ? AND hit_limit > 0 AND hits < hit_limit`, id)
	if err != nil {
		return false, t.errorf("hit fault rule %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return false, err
	}
	var spent int64
	if err := t.deleteRows(ctx, &spent, `DELETE FROM fault_rules WHERE id = ? AND hits >= hit_limit`, id); err != nil {
		return false, err
	}
	return true, nil
}
