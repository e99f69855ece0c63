package sqlstore

import (
	"fmt"

	"pcs/store"
)

// ListingSQL is the query, in d's placeholders, and the arguments of the
// listing q asks for (a store.OpportunityQuery, InvitationQuery,
// TaskQuery, SnapshotQuery, SnapshotJobQuery or EngagementQuery) in scope,
// for a backend's tests of query plans. An opportunity listing with AsOf 0
// lists the current versions, as a first page does.
func (d *Dialect) ListingSQL(scope store.Scope, q any) (string, []any, error) {
	var w *where
	switch q := q.(type) {
	case store.OpportunityQuery:
		query, args, err := listQuery(scope, q)
		return d.bind(query), args, err
	case store.InvitationQuery:
		w = invitationsQuery(q)
	case store.TaskQuery:
		w = tasksQuery(scope, q)
	case store.SnapshotQuery:
		w = snapshotsQuery(q)
	case store.SnapshotJobQuery:
		w = snapshotJobsQuery(d, scope, q)
	case store.EngagementQuery:
		w = engagementsQuery(d, q)
	default:
		return "", nil, fmt.Errorf("no listing for %T", q)
	}
	return d.bind(w.sb.String()), w.args, nil
}
