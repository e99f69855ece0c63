package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"pcs/store"
)

// ownSequences is the prefix of the counter rows the store keeps for
// itself (seqEvents): Dump gives them as store.Positions, not as sequences.
const ownSequences = "store/"

// each runs query and calls fn with each row, one at a time, so that a
// dump of a large store holds one record in memory. fn's own error is
// returned as it is.
func (t *Tx) each(ctx context.Context, what, query string, args []any, fn func(rowScanner) error) error {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return t.errorf("dump %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return t.errorf("dump %s: %w", what, err)
	}
	return nil
}

// dumpOf adds the scanning of one kind to each: scan reads a row, emit
// hands the record on.
func dumpOf[T any](ctx context.Context, t *Tx, what, query string, args []any, scan func(rowScanner) (T, error),
	emit func(*T) error) error {
	return t.each(ctx, what, query, args, func(row rowScanner) error {
		v, err := scan(row)
		if err != nil {
			return t.errorf("dump %s: %w", what, err)
		}
		return emit(&v)
	})
}

// dumpScope is the WHERE condition of what a DumpFilter selects, kind by
// kind.
type dumpScope struct {
	account     string
	catalogs    string // " AND catalog IN (...)" or ""
	catalogArgs []any
}

// owned is the condition on the rows of a table with account and catalog
// columns.
func (s dumpScope) owned() (string, []any) {
	if s.account == "" {
		return "1 = 1", nil
	}
	return "account = ?" + s.catalogs, append([]any{s.account}, s.catalogArgs...)
}

// engagements is the condition on an engagement e (its catalog and id
// columns) that the account is a member of it or was invited into it.
func (s dumpScope) engagements(catalog, id string) (string, []any) {
	if s.account == "" {
		return "1 = 1", nil
	}
	mc := strings.ReplaceAll(s.catalogs, "catalog", catalog)
	cond := `(EXISTS (SELECT 1 FROM engagement_members m WHERE m.catalog = ` + catalog + ` AND m.engagement_id = ` + id + ` AND m.account = ?)
		OR EXISTS (SELECT 1 FROM invitations i WHERE i.catalog = ` + catalog + ` AND i.engagement_id = ` + id + `
			AND (i.sender_account = ? OR i.receiver_account = ?)))` + mc
	return cond, append([]any{s.account, s.account, s.account}, s.catalogArgs...)
}

// counter is a counter row's value, 0 for one never used.
func (t *Tx) counter(ctx context.Context, name string) (int64, error) {
	var v int64
	if err := t.queryRow(ctx, `SELECT COALESCE(MAX(value), 0) FROM sequences WHERE name = ?`, name).Scan(&v); err != nil {
		return 0, t.errorf("sequence %s: %w", name, err)
	}
	return v, nil
}

func (t *Tx) Dump(ctx context.Context, f store.DumpFilter, fn func(store.Record) error) error {
	s := dumpScope{account: f.Account}
	if f.Account != "" {
		s.catalogs, s.catalogArgs = inList("catalog", f.Catalogs)
	}
	var p store.Positions
	var err error
	if p.EventSeq, err = t.counter(ctx, seqEvents); err != nil {
		return err
	}
	if p.EventsPrunedThrough, err = t.EventsPrunedThrough(ctx); err != nil {
		return err
	}
	if err := fn(store.Record{Positions: &p}); err != nil {
		return err
	}

	err = dumpOf(ctx, t, "sequences", `SELECT name, value FROM sequences WHERE substr(name, 1, ?) <> ? ORDER BY name`,
		[]any{utf8.RuneCountInString(ownSequences), ownSequences}, func(row rowScanner) (store.Sequence, error) {
			var q store.Sequence
			return q, row.Scan(&q.Name, &q.Value)
		}, func(q *store.Sequence) error { return fn(store.Record{Sequence: q}) })
	if err != nil {
		return err
	}

	owned, args := s.owned()
	err = dumpOf(ctx, t, "opportunity clocks", `SELECT account, catalog, version, pruned_through FROM opportunity_clock
		WHERE `+owned+` ORDER BY account, catalog`, args, func(row rowScanner) (store.OpportunityClock, error) {
		var c store.OpportunityClock
		return c, row.Scan(&c.Account, &c.Catalog, &c.Version, &c.PrunedThrough)
	}, func(c *store.OpportunityClock) error { return fn(store.Record{OpportunityClock: c}) })
	if err != nil {
		return err
	}

	settings, settingArgs := `SELECT key, value FROM settings`, []any(nil)
	if f.Account != "" {
		conds := []string{"1 = 0"}
		for _, p := range f.SettingPrefixes {
			conds = append(conds, "substr(key, 1, ?) = ?")
			settingArgs = append(settingArgs, utf8.RuneCountInString(p), p)
		}
		settings += " WHERE " + strings.Join(conds, " OR ")
	}
	err = dumpOf(ctx, t, "settings", settings+" ORDER BY key", settingArgs, func(row rowScanner) (store.Setting, error) {
		var st store.Setting
		return st, row.Scan(&st.Key, &st.Value)
	}, func(st *store.Setting) error { return fn(store.Record{Setting: st}) })
	if err != nil {
		return err
	}

	err = dumpOf(ctx, t, "opportunities", `SELECT account, catalog, id, created_at, last_modified_at, stage, review_status,
		company, target_close, summary, doc, valid_from, COALESCE(valid_to, 0), COALESCE(replaced_at, 0)
		FROM opportunity_versions WHERE `+owned+` ORDER BY account, catalog, id_num, id, valid_from`, args, scanOpportunityVersion,
		func(o *store.OpportunityVersion) error { return fn(store.Record{Opportunity: o}) })
	if err != nil {
		return err
	}

	err = dumpOf(ctx, t, "solutions", `SELECT `+solutionColumns+` FROM solutions WHERE `+owned+` ORDER BY account, catalog, id`,
		args, scanSolution, func(sol *store.Solution) error { return fn(store.Record{Solution: sol}) })
	if err != nil {
		return err
	}

	err = dumpOf(ctx, t, "client tokens", `SELECT account, catalog, operation, token, request_hash, response, created_at
		FROM idempotency WHERE `+owned+` ORDER BY account, catalog, operation, token`, args, func(row rowScanner) (store.Idempotency, error) {
		var r store.Idempotency
		var created int64
		err := row.Scan(&r.Account, &r.Catalog, &r.Operation, &r.Token, &r.RequestHash, &r.Response, &created)
		r.CreatedAt = time.Unix(0, created).UTC()
		return r, err
	}, func(r *store.Idempotency) error { return fn(store.Record{Idempotency: r}) })
	if err != nil {
		return err
	}

	jobs, jobArgs := owned, args
	if f.Account != "" && len(f.JobKeys) > 0 {
		keys, keyArgs := inList("key", f.JobKeys)
		jobs = "(" + owned + ") OR (1 = 1" + keys + ")"
		jobArgs = append(append([]any(nil), args...), keyArgs...)
	}
	err = dumpOf(ctx, t, "jobs", `SELECT `+jobColumns+` FROM jobs WHERE `+jobs+` ORDER BY id`, jobArgs, scanJob,
		func(j *store.Job) error { return fn(store.Record{Job: j}) })
	if err != nil {
		return err
	}

	inv, invArgs := "1 = 1", []any(nil)
	if f.Account != "" {
		inv = "(sender_account = ? OR receiver_account = ?)" + s.catalogs
		invArgs = append([]any{f.Account, f.Account}, s.catalogArgs...)
	}
	err = dumpOf(ctx, t, "invitations", `SELECT `+invitationColumns+` FROM invitations WHERE `+inv+` ORDER BY catalog, id`,
		invArgs, scanInvitation, func(inv *store.Invitation) error { return fn(store.Record{Invitation: inv}) })
	if err != nil {
		return err
	}

	err = dumpOf(ctx, t, "tasks", `SELECT account, catalog, id, family, status, started_at, opportunity_id, invitation_id,
		engagement_id, doc FROM tasks WHERE `+owned+` ORDER BY account, catalog, id`, args, scanTask,
		func(k *store.Task) error { return fn(store.Record{Task: k}) })
	if err != nil {
		return err
	}

	cond, condArgs := s.engagements("e.catalog", "e.id")
	err = dumpOf(ctx, t, "engagements", `SELECT `+engagementColumns+` FROM engagements e WHERE `+cond+` ORDER BY catalog, id`,
		condArgs, scanEngagement, func(e *store.Engagement) error { return fn(store.Record{Engagement: e}) })
	if err != nil {
		return err
	}
	ofEngagements := `(catalog, engagement_id) IN (SELECT e.catalog, e.id FROM engagements e WHERE ` + cond + `)`
	err = dumpOf(ctx, t, "engagement members", `SELECT catalog, engagement_id, account, joined_at, doc FROM engagement_members
		WHERE `+ofEngagements+` ORDER BY catalog, engagement_id, joined_at, account`, condArgs,
		func(row rowScanner) (store.EngagementMember, error) {
			var m store.EngagementMember
			var joined int64
			err := row.Scan(&m.Catalog, &m.EngagementID, &m.Account, &joined, &m.Doc)
			m.JoinedAt = time.Unix(0, joined).UTC()
			return m, err
		}, func(m *store.EngagementMember) error { return fn(store.Record{Member: m}) })
	if err != nil {
		return err
	}
	snaps, snapArgs := `SELECT `+snapshotColumns+` FROM snapshots WHERE `+ofEngagements, condArgs
	if f.Account != "" {
		snaps += ` AND (created_by = ? OR audience IN ('', ?))`
		snapArgs = append(append([]any(nil), condArgs...), f.Account, f.Account)
	}
	err = dumpOf(ctx, t, "snapshots", snaps+` ORDER BY catalog, engagement_id, resource_type, resource_id, template, revision`,
		snapArgs, scanSnapshot, func(sn *store.Snapshot) error { return fn(store.Record{Snapshot: sn}) })
	if err != nil {
		return err
	}

	err = dumpOf(ctx, t, "snapshot jobs", `SELECT `+snapshotJobColumns+` FROM snapshot_jobs WHERE `+owned+`
		ORDER BY account, catalog, id`, args, scanSnapshotJob,
		func(j *store.SnapshotJob) error { return fn(store.Record{SnapshotJob: j}) })
	if err != nil {
		return err
	}

	return dumpOf(ctx, t, "events", `SELECT `+eventColumns+` FROM events WHERE `+owned+` ORDER BY seq`, args, scanEvent,
		func(e *store.Event) error { return fn(store.Record{Event: e}) })
}

func scanOpportunityVersion(row rowScanner) (store.OpportunityVersion, error) {
	var v store.OpportunityVersion
	var created, modified, replacedAt int64
	err := row.Scan(&v.Account, &v.Catalog, &v.ID, &created, &modified, &v.Stage, &v.ReviewStatus,
		&v.CustomerCompanyName, &v.TargetCloseDate, &v.Summary, &v.Doc, &v.Version, &v.ReplacedBy, &replacedAt)
	v.CreatedAt, v.LastModifiedAt = time.Unix(0, created).UTC(), time.Unix(0, modified).UTC()
	if replacedAt != 0 {
		v.ReplacedAt = time.Unix(0, replacedAt).UTC()
	}
	return v, err
}

// raise sets a counter row to value unless it stands higher already; a
// counter never used is 0, which needs no row.
func (t *Tx) raise(ctx context.Context, name string, value int64) error {
	if value <= 0 {
		return nil
	}
	_, err := t.exec(ctx, `INSERT INTO sequences (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = `+t.d.Greatest+`(sequences.value, excluded.value)`, name, value)
	if err != nil {
		return t.errorf("load sequence %s: %w", name, err)
	}
	return nil
}

// raiseClock sets scope's opportunity clock to at least version and
// prunedThrough.
func (t *Tx) raiseClock(ctx context.Context, scope store.Scope, version, prunedThrough int64) error {
	_, err := t.exec(ctx, `INSERT INTO opportunity_clock (account, catalog, version, pruned_through) VALUES (?, ?, ?, ?)
		ON CONFLICT (account, catalog) DO UPDATE SET
		version = `+t.d.Greatest+`(opportunity_clock.version, excluded.version),
		pruned_through = `+t.d.Greatest+`(opportunity_clock.pruned_through, excluded.pruned_through)`,
		scope.Account, scope.Catalog, version, prunedThrough)
	if err != nil {
		return t.errorf("load the opportunity clock of %s/%s: %w", scope.Account, scope.Catalog, err)
	}
	return nil
}

// exists reports whether query finds a row.
func (t *Tx) exists(ctx context.Context, what, query string, args ...any) (bool, error) {
	var one int
	err := t.queryRow(ctx, query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, t.errorf("load %s: %w", what, err)
	}
	return true, nil
}

// insertNew runs an INSERT of a record whose key must be free: ErrExists
// when it is taken. The INSERT does nothing then, rather than fail, so the
// transaction goes on (a failed statement ends a PostgreSQL transaction).
func (t *Tx) insertNew(ctx context.Context, what, query string, args ...any) error {
	res, err := t.exec(ctx, query+` ON CONFLICT DO NOTHING`, args...)
	if err != nil {
		return t.errorf("load %s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return t.errorf("load %s: %w", what, err)
	}
	if n == 0 {
		return store.ErrExists
	}
	return nil
}

func (t *Tx) Load(ctx context.Context, r store.Record) error {
	switch {
	case r.Positions != nil:
		p := r.Positions
		if err := t.raise(ctx, seqEvents, max(p.EventSeq, p.EventsPrunedThrough)); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE events_pruned SET through = `+t.d.Greatest+`(through, ?)`, p.EventsPrunedThrough); err != nil {
			return t.errorf("load positions: %w", err)
		}
		t.outboxChanged = true
		return nil
	case r.Sequence != nil:
		if strings.HasPrefix(r.Sequence.Name, ownSequences) {
			return t.errorf("load sequence %s: the names %s… are the store's own", r.Sequence.Name, ownSequences)
		}
		return t.raise(ctx, r.Sequence.Name, r.Sequence.Value)
	case r.OpportunityClock != nil:
		c := r.OpportunityClock
		if c.Version < 0 || c.PrunedThrough < 0 || c.PrunedThrough > c.Version {
			return t.errorf("load the opportunity clock of %s/%s: version %d pruned through %d", c.Account, c.Catalog, c.Version, c.PrunedThrough)
		}
		return t.raiseClock(ctx, c.Scope, c.Version, c.PrunedThrough)
	case r.Setting != nil:
		return t.PutSetting(ctx, r.Setting.Key, r.Setting.Value)
	case r.Opportunity != nil:
		return t.loadOpportunity(ctx, r.Opportunity)
	case r.Solution != nil:
		s := r.Solution
		return t.insertNew(ctx, "solution "+s.ID, `INSERT INTO solutions (account, catalog, id, name, status, category, created_at, doc)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.Account, s.Catalog, s.ID, s.Name, s.Status, s.Category, s.CreatedAt.UnixNano(), nonNil(s.Doc))
	case r.Idempotency != nil:
		i := r.Idempotency
		return t.insertNew(ctx, "client token", `INSERT INTO idempotency (account, catalog, operation, token, request_hash, response, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, i.Account, i.Catalog, i.Operation, i.Token, i.RequestHash, nonNil(i.Response), i.CreatedAt.UnixNano())
	case r.Job != nil:
		return t.loadJob(ctx, r.Job)
	case r.Invitation != nil:
		return t.PutInvitation(ctx, r.Invitation)
	case r.Task != nil:
		k := r.Task
		return t.insertNew(ctx, "task "+k.ID, `INSERT INTO tasks
			(account, catalog, id, family, status, started_at, opportunity_id, invitation_id, engagement_id, doc)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, k.Account, k.Catalog, k.ID, k.Family, k.Status, k.StartedAt.UnixNano(),
			k.OpportunityID, k.InvitationID, k.EngagementID, nonNil(k.Doc))
	case r.Engagement != nil:
		return t.PutEngagement(ctx, r.Engagement)
	case r.Member != nil:
		m := r.Member
		_, err := t.exec(ctx, `INSERT INTO engagement_members (catalog, engagement_id, account, joined_at, doc)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (catalog, engagement_id, account) DO UPDATE SET
			joined_at = excluded.joined_at, doc = excluded.doc`, m.Catalog, m.EngagementID, m.Account, m.JoinedAt.UnixNano(), nonNil(m.Doc))
		if err != nil {
			return t.errorf("load member %s of %s: %w", m.Account, m.EngagementID, err)
		}
		return nil
	case r.Snapshot != nil:
		sn := r.Snapshot
		_, err := t.exec(ctx, `INSERT INTO snapshots
			(catalog, engagement_id, resource_type, resource_id, template, revision, created_by, audience, created_at, doc)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (catalog, engagement_id, resource_type, resource_id, template, revision) DO UPDATE SET
			created_by = excluded.created_by, audience = excluded.audience, created_at = excluded.created_at, doc = excluded.doc`,
			sn.Catalog, sn.EngagementID, sn.ResourceType, sn.ResourceID, sn.Template, sn.Revision, sn.CreatedBy, sn.Audience,
			sn.CreatedAt.UnixNano(), nonNil(sn.Doc))
		if err != nil {
			return t.errorf("load snapshot of %s: %w", sn.ResourceID, err)
		}
		return nil
	case r.SnapshotJob != nil:
		j := r.SnapshotJob
		return t.insertNew(ctx, "snapshot job "+j.ID, `INSERT INTO snapshot_jobs
			(account, catalog, id, engagement_id, resource_id, status, created_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			j.Account, j.Catalog, j.ID, j.EngagementID, j.ResourceID, j.Status, j.CreatedAt.UnixNano(), nonNil(j.Doc))
	case r.Event != nil:
		return t.loadEvent(ctx, r.Event)
	}
	return t.errorf("load: an empty record")
}

func (t *Tx) loadOpportunity(ctx context.Context, v *store.OpportunityVersion) error {
	if v.Version <= 0 || (v.ReplacedBy != 0 && v.ReplacedBy <= v.Version) {
		return t.errorf("load opportunity %s: version %d replaced by %d", v.ID, v.Version, v.ReplacedBy)
	}
	if err := storable(v.CreatedAt, v.LastModifiedAt); err != nil {
		return t.errorf("load opportunity %s: %w", v.ID, err)
	}
	var summary any
	if len(v.Summary) > 0 {
		summary = v.Summary
	}
	var answer any // only the current version keeps one (Dump does not carry it)
	if v.ReplacedBy == 0 {
		answer = orNull(v.Answer)
	}
	var replacedBy, replacedAt any // NULL: the current version
	if v.ReplacedBy != 0 {
		replacedBy = v.ReplacedBy
	}
	if !v.ReplacedAt.IsZero() {
		replacedAt = v.ReplacedAt.UnixNano()
	}
	err := t.insertNew(ctx, "opportunity "+v.ID, `INSERT INTO opportunity_versions
		(account, catalog, id, id_num, valid_from, valid_to, replaced_at, created_at, last_modified_at, stage, review_status,
		company, target_close, summary, summary_encoded, doc, answer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.Account, v.Catalog, v.ID, idNumber(v.ID), v.Version, replacedBy, replacedAt,
		v.CreatedAt.UnixNano(), v.LastModifiedAt.UnixNano(), v.Stage, v.ReviewStatus, v.CustomerCompanyName, v.TargetCloseDate,
		summary, summaryEncoded(&v.Opportunity) && summary != nil, nonNil(v.Doc), answer)
	if err != nil {
		return err
	}
	// The scope's later writes take versions above every loaded one.
	return t.raiseClock(ctx, v.Scope, max(v.Version, v.ReplacedBy), 0)
}

func (t *Tx) loadJob(ctx context.Context, j *store.Job) error {
	if taken, err := t.exists(ctx, "job "+j.Key, `SELECT 1 FROM jobs WHERE key = ?`, j.Key); err != nil || taken {
		if err == nil {
			err = store.ErrExists
		}
		return err
	}
	idTaken, err := t.exists(ctx, "job "+j.Key, `SELECT 1 FROM jobs WHERE id = ?`, j.ID)
	if err != nil {
		return err
	}
	var finished any
	if !j.FinishedAt.IsZero() {
		finished = j.FinishedAt.UnixNano()
	}
	args := []any{j.Key, j.Kind, j.Scope.Account, j.Scope.Catalog, j.DueAt.UnixNano(), nonNil(j.Payload), j.State,
		j.CreatedAt.UnixNano(), finished, j.Error}
	if idTaken || j.ID <= 0 {
		// The database numbers it, after every id it holds.
		return t.insertNew(ctx, "job "+j.Key, `INSERT INTO jobs (key, kind, account, catalog, due_at, payload, state, created_at, finished_at, error)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	}
	err = t.insertNew(ctx, "job "+j.Key, `INSERT INTO jobs (id, key, kind, account, catalog, due_at, payload, state, created_at, finished_at, error)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append([]any{j.ID}, args...)...)
	if err != nil || t.d.RaiseIdentity == nil {
		return err
	}
	if _, err := t.exec(ctx, t.d.RaiseIdentity("jobs", "id"), j.ID); err != nil {
		return t.errorf("load job %s: %w", j.Key, err)
	}
	return nil
}

func (t *Tx) loadEvent(ctx context.Context, e *store.Event) error {
	if taken, err := t.exists(ctx, "event "+e.ID, `SELECT 1 FROM events WHERE id = ?`, e.ID); err != nil || taken {
		if err == nil {
			err = store.ErrExists
		}
		return err
	}
	seq := e.Seq
	taken, err := t.exists(ctx, "event "+e.ID, `SELECT 1 FROM events WHERE seq = ?`, seq)
	if err != nil {
		return err
	}
	if taken || seq <= 0 {
		// The counter stands at or above every stored seq: its next is free.
		if seq, err = t.NextSequence(ctx, seqEvents); err != nil {
			return err
		}
	} else if err := t.raise(ctx, seqEvents, seq); err != nil {
		return err
	}
	written := e.Written
	if written.IsZero() {
		written = e.Time
	}
	t.outboxChanged = true
	return t.insertNew(ctx, "event "+e.ID, `INSERT INTO events (seq, id, account, catalog, detail_type, time, written, doc)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, seq, e.ID, e.Account, e.Catalog, e.DetailType, e.Time.UnixNano(), written.UnixNano(), nonNil(e.Doc))
}
