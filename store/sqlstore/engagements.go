package sqlstore

import (
	"context"
	"strings"
	"time"

	"pcs/store"
)

func joinTypes(types []string) string { return "," + strings.Join(types, ",") + "," }

func splitTypes(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

func (t *Tx) PutEngagement(ctx context.Context, e *store.Engagement) error {
	if err := storable(e.CreatedAt, e.ModifiedAt); err != nil {
		return t.errorf("engagement %s: %w", e.ID, err)
	}
	_, err := t.exec(ctx, `INSERT INTO engagements (catalog, id, created_by, created_at, modified_at, context_types, doc)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (catalog, id) DO UPDATE SET created_by = excluded.created_by, created_at = excluded.created_at,
		modified_at = excluded.modified_at, context_types = excluded.context_types, doc = excluded.doc`,
		e.Catalog, e.ID, e.CreatedBy, e.CreatedAt.UnixNano(), e.ModifiedAt.UnixNano(), joinTypes(e.ContextTypes), nonNil(e.Doc))
	if err != nil {
		return t.errorf("put engagement %s: %w", e.ID, err)
	}
	return nil
}

const engagementColumns = `catalog, id, created_by, created_at, modified_at, context_types, doc`

func scanEngagement(row rowScanner) (store.Engagement, error) {
	var e store.Engagement
	var created, modified int64
	var types string
	err := row.Scan(&e.Catalog, &e.ID, &e.CreatedBy, &created, &modified, &types, &e.Doc)
	e.CreatedAt, e.ModifiedAt, e.ContextTypes = time.Unix(0, created).UTC(), time.Unix(0, modified).UTC(), splitTypes(types)
	return e, err
}

func (t *Tx) GetEngagement(ctx context.Context, catalog, id string) (*store.Engagement, error) {
	return queryOne(ctx, t, "get engagement "+id, `SELECT `+engagementColumns+` FROM engagements
		WHERE catalog = ? AND id = ?`, []any{catalog, id}, scanEngagement)
}

func (t *Tx) AddEngagementMember(ctx context.Context, m *store.EngagementMember) error {
	_, err := t.exec(ctx, `INSERT INTO engagement_members (catalog, engagement_id, account, joined_at, doc)
		VALUES (?, ?, ?, ?, ?)`, m.Catalog, m.EngagementID, m.Account, m.JoinedAt.UnixNano(), nonNil(m.Doc))
	if t.d.IsUniqueViolation(err) {
		return store.ErrExists
	}
	if err != nil {
		return t.errorf("add member to %s: %w", m.EngagementID, err)
	}
	return nil
}

func (t *Tx) EngagementMembers(ctx context.Context, catalog, engagementID string) ([]store.EngagementMember, error) {
	return queryAll(ctx, t, "members of "+engagementID, `SELECT catalog, engagement_id, account, joined_at, doc
		FROM engagement_members WHERE catalog = ? AND engagement_id = ? ORDER BY joined_at, account`,
		[]any{catalog, engagementID}, func(row rowScanner) (store.EngagementMember, error) {
			var m store.EngagementMember
			var joined int64
			err := row.Scan(&m.Catalog, &m.EngagementID, &m.Account, &joined, &m.Doc)
			m.JoinedAt = time.Unix(0, joined).UTC()
			return m, err
		})
}

func (t *Tx) ListEngagements(ctx context.Context, q store.EngagementQuery) ([]store.Engagement, error) {
	w := engagementsQuery(t.d, q)
	return queryAll(ctx, t, "list engagements", w.sb.String(), w.args, scanEngagement)
}

// engagementsQuery lists a member's engagements through its memberships.
// No index can serve an order over the join, so the database sorts the member's
// engagements; the cursor still leaves the earlier pages out of that sort.
func engagementsQuery(d *Dialect, q store.EngagementQuery) *where {
	w := new(where)
	w.sb.WriteString(`SELECT e.catalog, e.id, e.created_by, e.created_at, e.modified_at, e.context_types, e.doc
		FROM engagement_members m JOIN engagements e ON e.catalog = m.catalog AND e.id = m.engagement_id
		WHERE m.account = ? AND m.catalog = ?`)
	w.args = append(w.args, q.Member, q.Catalog)
	w.in("e.id", q.IDs)
	w.in("e.created_by", q.CreatedBy)
	if len(q.ExcludeCreatedBy) > 0 {
		w.sb.WriteString(" AND e.created_by NOT IN (" + strings.Repeat("?,", len(q.ExcludeCreatedBy)-1) + "?)")
		for _, v := range q.ExcludeCreatedBy {
			w.args = append(w.args, v)
		}
	}
	if len(q.ContextTypes) > 0 {
		w.sb.WriteString(" AND (" + strings.TrimSuffix(strings.Repeat(d.Position+"(e.context_types, ?) > 0 OR ", len(q.ContextTypes)), " OR ") + ")")
		for _, v := range q.ContextTypes {
			w.args = append(w.args, ","+v+",")
		}
	}
	for _, v := range q.ExcludeContextTypes {
		w.sb.WriteString(" AND " + d.Position + "(e.context_types, ?) = 0")
		w.args = append(w.args, ","+v+",")
	}
	w.seekPage([]string{"e.created_at", "e.id"}, q.Descending, cursorValues(q.After), q.Limit)
	return w
}
