package sqlstore

import (
	"context"
	"strings"
	"unicode/utf8"

	"pcs/store"
)

// deleteRows runs a DELETE and adds the rows it deleted to *n.
func (t *Tx) deleteRows(ctx context.Context, n *int64, query string, args ...any) error {
	res, err := t.exec(ctx, query, args...)
	if err != nil {
		return t.errorf("reset: %w", err)
	}
	rows, err := res.RowsAffected()
	*n += rows
	return err
}

func (t *Tx) countRows(ctx context.Context, n *int64, query string, args ...any) error {
	var c int64
	if err := t.queryRow(ctx, query, args...).Scan(&c); err != nil {
		return t.errorf("reset: %w", err)
	}
	*n += c
	return nil
}

func (t *Tx) DeleteAll(ctx context.Context) (store.Deleted, error) {
	var d store.Deleted
	if err := t.countRows(ctx, &d.Opportunities, `SELECT COUNT(*) FROM opportunity_versions WHERE valid_to IS NULL`); err != nil {
		return d, err
	}
	var versions int64
	// The counters (sequences, opportunity_clock, the jobs' ids) stay, so
	// ids and positions keep growing across the reset.
	for _, table := range []struct {
		name string
		n    *int64
	}{
		{"opportunity_versions", &versions},
		{"idempotency", &d.ClientTokens},
		{"solutions", &d.Solutions},
		{"jobs", &d.Jobs},
		{"invitations", &d.Invitations},
		{"tasks", &d.Tasks},
		{"engagements", &d.Engagements},
		{"engagement_members", &d.EngagementMembers},
		{"events", &d.Events},
		{"snapshots", &d.Snapshots},
		{"snapshot_jobs", &d.SnapshotJobs},
	} {
		if err := t.deleteRows(ctx, table.n, `DELETE FROM `+table.name); err != nil {
			return d, err
		}
	}
	return d, nil
}

// inList is " AND col IN (?, ...)" with its arguments; nothing for no values.
func inList(col string, values []string) (string, []any) {
	if len(values) == 0 {
		return "", nil
	}
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	return " AND " + col + " IN (" + strings.Repeat("?, ", len(values)-1) + "?)", args
}

func (t *Tx) DeleteAccount(ctx context.Context, r store.AccountReset) (store.Deleted, error) {
	var d store.Deleted
	if r.Account == "" {
		return d, t.errorf("reset: no account") // "" is the account of jobs that belong to none
	}
	a := r.Account
	mc, margs := inList("catalog", r.Catalogs)
	with := func(args ...any) []any { return append(args, margs...) }

	// First the shared engagements that nobody but the account (and
	// bystanders) would be left in: they go whole.
	keepers, kargs := " AND m.account <> ?", []any{a}
	if len(r.Bystanders) > 0 {
		keepers += " AND m.account NOT IN (" + strings.Repeat("?, ", len(r.Bystanders)-1) + "?)"
		for _, b := range r.Bystanders {
			kargs = append(kargs, b)
		}
	}
	type engagementKey struct{ catalog, id string }
	orphans, err := queryAll(ctx, t, "reset: engagements",
		`SELECT c.catalog, c.engagement_id FROM (
			SELECT catalog, engagement_id FROM engagement_members WHERE account = ?`+mc+`
			UNION SELECT catalog, engagement_id FROM invitations WHERE sender_account = ?`+mc+`
			UNION SELECT catalog, engagement_id FROM invitations WHERE receiver_account = ?`+mc+`
		) c
		WHERE EXISTS (SELECT 1 FROM engagements e WHERE e.catalog = c.catalog AND e.id = c.engagement_id)
		AND NOT EXISTS (SELECT 1 FROM engagement_members m
			WHERE m.catalog = c.catalog AND m.engagement_id = c.engagement_id`+keepers+`)`,
		append(append(append(with(a), with(a)...), with(a)...), kargs...),
		func(row rowScanner) (engagementKey, error) {
			var k engagementKey
			err := row.Scan(&k.catalog, &k.id)
			return k, err
		})
	if err != nil {
		return d, err
	}
	for _, e := range orphans {
		for _, del := range []struct {
			n     *int64
			query string
		}{
			{&d.Engagements, `DELETE FROM engagements WHERE catalog = ? AND id = ?`},
			{&d.EngagementMembers, `DELETE FROM engagement_members WHERE catalog = ? AND engagement_id = ?`},
			{&d.Snapshots, `DELETE FROM snapshots WHERE catalog = ? AND engagement_id = ?`},
			{&d.Invitations, `DELETE FROM invitations WHERE catalog = ? AND engagement_id = ?`},
		} {
			if err := t.deleteRows(ctx, del.n, del.query, e.catalog, e.id); err != nil {
				return d, err
			}
		}
	}

	// Then the account's part of what stays shared, and what is its alone.
	if err := t.countRows(ctx, &d.Opportunities, `SELECT COUNT(*) FROM opportunity_versions
		WHERE account = ? AND valid_to IS NULL`+mc, with(a)...); err != nil {
		return d, err
	}
	var versions int64
	for _, del := range []struct {
		n     *int64
		query string
		args  []any
	}{
		{&d.EngagementMembers, `DELETE FROM engagement_members WHERE account = ?`, []any{a}},
		{&d.Invitations, `DELETE FROM invitations WHERE (sender_account = ? OR receiver_account = ?)`, []any{a, a}},
		{&d.Snapshots, `DELETE FROM snapshots WHERE (created_by = ? OR audience = ?)`, []any{a, a}},
		{&versions, `DELETE FROM opportunity_versions WHERE account = ?`, []any{a}},
		{&d.ClientTokens, `DELETE FROM idempotency WHERE account = ?`, []any{a}},
		{&d.Solutions, `DELETE FROM solutions WHERE account = ?`, []any{a}},
		{&d.Tasks, `DELETE FROM tasks WHERE account = ?`, []any{a}},
		{&d.SnapshotJobs, `DELETE FROM snapshot_jobs WHERE account = ?`, []any{a}},
		{&d.Jobs, `DELETE FROM jobs WHERE account = ?`, []any{a}},
		{&d.Events, `DELETE FROM events WHERE account = ?`, []any{a}},
	} {
		if err := t.deleteRows(ctx, del.n, del.query+mc, with(del.args...)...); err != nil {
			return d, err
		}
	}
	return d, nil
}

func (t *Tx) DeleteJobs(ctx context.Context, keys []string) (int64, error) {
	var n int64
	for _, k := range keys {
		if err := t.deleteRows(ctx, &n, `DELETE FROM jobs WHERE key = ?`, k); err != nil {
			return n, err
		}
	}
	return n, nil
}

func (t *Tx) DeleteSettings(ctx context.Context, prefix string) (int64, error) {
	var n int64
	err := t.deleteRows(ctx, &n, `DELETE FROM settings WHERE substr(key, 1, ?) = ?`, utf8.RuneCountInString(prefix), prefix)
	return n, err
}
