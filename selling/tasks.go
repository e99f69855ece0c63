package selling

import (
	"context"
	"encoding/json"

	"pcs/api"
	"pcs/store"
)

// Tasks: each Start*Task operation records its task, which the matching
// List*Tasks (and GetProspectingFromEngagementTask) reads back. A task's
// family is its kind: the segment of its ARN and how the store tells the
// kinds apart.
const (
	familyFromOpportunity  = "engagement-from-opportunity-task"        // StartEngagementFromOpportunityTask
	familyAcceptInvitation = "engagement-by-accepting-invitation-task" // StartEngagementByAcceptingInvitationTask
	familyFromEngagement   = "opportunity-from-engagement-task"        // StartOpportunityFromEngagementTask
	familyProspecting      = "prospecting-from-engagement-task"        // StartProspectingFromEngagementTask
)

// saveTask records a task of family from its Start response.
func (s *Service) saveTask(ctx context.Context, tx store.Tx, scope store.Scope, family string, resp any, engagementID string) error {
	doc, err := json.Marshal(resp)
	if err != nil {
		return err
	}
	var t struct {
		TaskId, OpportunityId, EngagementInvitationId string
		TaskStatus                                    api.TaskStatus
		StartTime                                     api.DateTime
	}
	if err := json.Unmarshal(doc, &t); err != nil {
		return err
	}
	return tx.PutTask(ctx, &store.Task{Scope: scope, ID: t.TaskId, Family: family, Status: string(t.TaskStatus),
		StartedAt: t.StartTime.Time, OpportunityID: t.OpportunityId, InvitationID: t.EngagementInvitationId,
		EngagementID: engagementID, Doc: doc})
}

// taskQuery is the part of a List*Tasks request every task family shares:
// newest first unless the request sorts otherwise.
func taskQuery(family string, ids, opportunities []string, statuses []api.TaskStatus, sort *api.ListTasksSortBase, maxResults *int32) store.TaskQuery {
	q := store.TaskQuery{Family: family, IDs: ids, OpportunityIDs: opportunities, Descending: true, Limit: pageSize(maxResults)}
	for _, st := range statuses {
		q.Statuses = append(q.Statuses, string(st))
	}
	if sort != nil {
		q.Descending = deref(sort.SortOrder) == api.SortOrderDescending
	}
	return q
}

// listTasks pages through an account's tasks of one family, decoding each
// into its summary shape T.
func listTasks[T any](ctx context.Context, s *Service, scope store.Scope, req any, token *string, q store.TaskQuery) ([]T, *string, error) {
	return storePage(ctx, s, req, token, q.Limit,
		func(tx store.Tx, after *store.Cursor, limit int) ([]store.Task, error) {
			qq := q
			qq.After, qq.Limit = after, limit
			return tx.ListTasks(ctx, scope, qq)
		},
		func(r store.Task) (T, error) {
			var t T
			return t, json.Unmarshal(r.Doc, &t)
		})
}
