package sqlstore

import (
	"context"

	"pcs/store"
)

// Queries that give an overview of what the store holds: which scopes have
// data, how their opportunities stand, the latest events. They serve pcs's
// own console, not the API.

func (t *Tx) RecentEvents(ctx context.Context, q store.EventQuery) ([]store.Event, error) {
	w := new(where)
	w.sb.WriteString(`SELECT ` + eventColumns + ` FROM events WHERE 1 = 1`)
	if q.Account != "" {
		w.eq("account", q.Account)
	}
	if q.Catalog != "" {
		w.eq("catalog", q.Catalog)
	}
	if q.DetailType != "" {
		w.eq("detail_type", q.DetailType)
	}
	if q.Contains != "" {
		w.sb.WriteString(` AND ` + t.d.BytesContain("doc"))
		w.args = append(w.args, []byte(q.Contains))
	}
	if q.Before > 0 {
		w.sb.WriteString(` AND seq < ?`)
		w.args = append(w.args, q.Before)
	}
	w.sb.WriteString(` ORDER BY seq DESC LIMIT ?`)
	w.args = append(w.args, q.Limit)
	return queryAll(ctx, t, "recent events", w.sb.String(), w.args, scanEvent)
}

func (t *Tx) Scopes(ctx context.Context) ([]store.Scope, error) {
	return queryAll(ctx, t, "scopes", `
		SELECT account, catalog FROM opportunity_versions WHERE valid_to IS NULL
		UNION SELECT receiver_account, catalog FROM invitations
		UNION SELECT sender_account, catalog FROM invitations
		UNION SELECT account, catalog FROM engagement_members
		UNION SELECT account, catalog FROM solutions
		ORDER BY 1, 2`, nil, func(row rowScanner) (store.Scope, error) {
		var s store.Scope
		err := row.Scan(&s.Account, &s.Catalog)
		return s, err
	})
}

func (t *Tx) CountOpportunities(ctx context.Context, scope store.Scope) ([]store.OpportunityCount, error) {
	return queryAll(ctx, t, "count opportunities", `SELECT stage, review_status, COUNT(*) FROM opportunity_versions
		WHERE account = ? AND catalog = ? AND valid_to IS NULL GROUP BY stage, review_status ORDER BY stage, review_status`,
		[]any{scope.Account, scope.Catalog}, func(row rowScanner) (store.OpportunityCount, error) {
			var c store.OpportunityCount
			err := row.Scan(&c.Stage, &c.ReviewStatus, &c.N)
			return c, err
		})
}
