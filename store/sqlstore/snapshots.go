package sqlstore

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"pcs/store"
)

func (t *Tx) PutSnapshot(ctx context.Context, sn *store.Snapshot) error {
	_, err := t.exec(ctx, `INSERT INTO snapshots
		(catalog, engagement_id, resource_type, resource_id, template, revision, created_by, audience, created_at, doc)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, sn.Catalog, sn.EngagementID, sn.ResourceType, sn.ResourceID, sn.Template,
		sn.Revision, sn.CreatedBy, sn.Audience, sn.CreatedAt.UnixNano(), nonNil(sn.Doc))
	if t.d.IsUniqueViolation(err) {
		return store.ErrExists
	}
	if err != nil {
		return t.errorf("put snapshot: %w", err)
	}
	return nil
}

const snapshotColumns = `catalog, engagement_id, resource_type, resource_id, template, revision, created_by, audience, created_at, doc`

func scanSnapshot(row rowScanner) (store.Snapshot, error) {
	var sn store.Snapshot
	var at int64
	err := row.Scan(&sn.Catalog, &sn.EngagementID, &sn.ResourceType, &sn.ResourceID, &sn.Template, &sn.Revision,
		&sn.CreatedBy, &sn.Audience, &at, &sn.Doc)
	sn.CreatedAt = time.Unix(0, at).UTC()
	return sn, err
}

func (t *Tx) GetSnapshot(ctx context.Context, k store.SnapshotKey, revision int) (*store.Snapshot, error) {
	q := `SELECT ` + snapshotColumns + ` FROM snapshots WHERE catalog = ? AND engagement_id = ? AND resource_type = ?
		AND resource_id = ? AND template = ?`
	args := []any{k.Catalog, k.EngagementID, k.ResourceType, k.ResourceID, k.Template}
	if revision > 0 {
		q += ` AND revision = ?`
		args = append(args, revision)
	}
	return queryOne(ctx, t, "get snapshot", q+` ORDER BY revision DESC LIMIT 1`, args, scanSnapshot)
}

func (t *Tx) ListSnapshots(ctx context.Context, q store.SnapshotQuery) ([]store.Snapshot, error) {
	w := snapshotsQuery(q)
	return queryAll(ctx, t, "list snapshots", w.sb.String(), w.args, scanSnapshot)
}

// snapshotOrder is the order of snapshot listings: creation time, then the
// snapshot's key. resource_type, which makes the order total, comes last so
// that it only orders snapshots the other columns leave tied.
var snapshotOrder = []string{"created_at", "engagement_id", "resource_id", "template", "revision", "resource_type"}

func snapshotsQuery(q store.SnapshotQuery) *where {
	w := new(where)
	w.sb.WriteString(`SELECT ` + snapshotColumns + ` FROM snapshots WHERE catalog = ?`)
	w.args = append(w.args, q.Catalog)
	for _, f := range []struct{ col, v string }{{"engagement_id", q.EngagementID}, {"resource_type", q.ResourceType},
		{"resource_id", q.ResourceID}, {"template", q.Template}, {"created_by", q.CreatedBy}} {
		if f.v != "" {
			w.eq(f.col, f.v)
		}
	}
	if q.Viewer != "" {
		w.sb.WriteString(" AND audience IN ('', ?)")
		w.args = append(w.args, q.Viewer)
	}
	var after []any
	if c := q.After; c != nil {
		after = []any{c.At, c.EngagementID, c.ResourceID, c.Template, c.Revision, c.ResourceType}
	}
	w.seekPage(snapshotOrder, false, after, q.Limit)
	return w
}

func (t *Tx) PutSnapshotJob(ctx context.Context, j *store.SnapshotJob) error {
	_, err := t.exec(ctx, `INSERT INTO snapshot_jobs (account, catalog, id, engagement_id, resource_id, status, created_at, doc)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account, catalog, id) DO UPDATE SET engagement_id = excluded.engagement_id,
		resource_id = excluded.resource_id, status = excluded.status, created_at = excluded.created_at, doc = excluded.doc`,
		j.Account, j.Catalog, j.ID, j.EngagementID, j.ResourceID, j.Status, j.CreatedAt.UnixNano(), nonNil(j.Doc))
	if err != nil {
		return t.errorf("put snapshot job %s: %w", j.ID, err)
	}
	return nil
}

const snapshotJobColumns = `account, catalog, id, engagement_id, resource_id, status, created_at, doc`

func scanSnapshotJob(row rowScanner) (store.SnapshotJob, error) {
	var j store.SnapshotJob
	var at int64
	err := row.Scan(&j.Account, &j.Catalog, &j.ID, &j.EngagementID, &j.ResourceID, &j.Status, &at, &j.Doc)
	j.CreatedAt = time.Unix(0, at).UTC()
	return j, err
}

func (t *Tx) GetSnapshotJob(ctx context.Context, scope store.Scope, id string) (*store.SnapshotJob, error) {
	return queryOne(ctx, t, "get snapshot job "+id, `SELECT `+snapshotJobColumns+` FROM snapshot_jobs
		WHERE account = ? AND catalog = ? AND id = ?`, []any{scope.Account, scope.Catalog, id}, scanSnapshotJob)
}

func (t *Tx) DeleteSnapshotJob(ctx context.Context, scope store.Scope, id string) error {
	res, err := t.exec(ctx, `DELETE FROM snapshot_jobs WHERE account = ? AND catalog = ? AND id = ?`,
		scope.Account, scope.Catalog, id)
	if err != nil {
		return t.errorf("delete snapshot job %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return store.ErrNotFound
	}
	return nil
}

func (t *Tx) ListSnapshotJobs(ctx context.Context, scope store.Scope, q store.SnapshotJobQuery) ([]store.SnapshotJob, error) {
	w := snapshotJobsQuery(t.d, scope, q)
	jobs, err := queryAll(ctx, t, "list snapshot jobs", w.sb.String(), w.args, scanSnapshotJob)
	if err == nil && allOfResource(q) {
		slices.SortFunc(jobs, func(a, b store.SnapshotJob) int {
			c := cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
			if q.Descending {
				return -c
			}
			return c
		})
	}
	return jobs, err
}

// allOfResource reports whether q asks for every job of one resource (as
// each write of an opportunity does, for its running jobs). A resource has
// few: they are found through its index and put in order here, where
// walking the listing's order would read every job of the account.
func allOfResource(q store.SnapshotJobQuery) bool {
	return q.ResourceID != "" && q.After == nil && q.Limit == 0
}

func snapshotJobsQuery(d *Dialect, scope store.Scope, q store.SnapshotJobQuery) *where {
	w := new(where)
	from := "snapshot_jobs"
	if allOfResource(q) && d.IndexedBy != nil {
		from += d.IndexedBy("snapshot_jobs_by_resource")
	}
	w.sb.WriteString(`SELECT ` + snapshotJobColumns + ` FROM ` + from + ` WHERE account = ? AND catalog = ?`)
	w.args = append(w.args, scope.Account, scope.Catalog)
	for _, f := range []struct{ col, v string }{{"engagement_id", q.EngagementID}, {"resource_id", q.ResourceID}, {"status", q.Status}} {
		if f.v != "" {
			w.eq(f.col, f.v)
		}
	}
	if !allOfResource(q) {
		w.seekPage([]string{"created_at", "id"}, q.Descending, cursorValues(q.After), q.Limit)
	}
	return w
}
