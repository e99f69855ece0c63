package selling

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"pcs/api"
	"pcs/store"
)

// StartProspectingFromEngagementTask asks AWS to enrich lead engagements
// with insights. The task is PENDING; AWS works through its engagements
// after the prospecting time (a job of the AWS side), each one COMPLETED
// with a ProspectingResult context or FAILED with a reason.
func (s *Service) StartProspectingFromEngagementTask(ctx context.Context, in *api.StartProspectingFromEngagementTaskRequest) (*api.StartProspectingFromEngagementTaskResponse, error) {
	if err := checkProspectingIdentifiers(in.Identifiers); err != nil {
		return nil, err
	}
	return writeOnce(ctx, s, in.Catalog, api.OpStartProspectingFromEngagementTask, in.ClientToken, in,
		func(tx store.Tx, scope store.Scope, in *api.StartProspectingFromEngagementTaskRequest) (*api.StartProspectingFromEngagementTaskResponse, error) {
			return s.startProspecting(ctx, tx, scope, in)
		})
}

// checkProspectingIdentifiers refuses a task with nothing to prospect, or
// with an engagement listed twice.
func checkProspectingIdentifiers(ids []string) error {
	if len(ids) == 0 {
		return requestInvalid(fieldError("identifiers", api.ValidationExceptionErrorCodeNotEnoughValues,
			"Identifiers is empty. List the 1 to 100 engagements (eng-...) to prospect."))
	}
	var errs []api.ValidationExceptionError
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			errs = append(errs, fieldError("identifiers", api.ValidationExceptionErrorCodeDuplicateKeyValue,
				"Engagement %s is listed more than once in Identifiers. List each engagement once.", id))
		}
		seen[id] = true
	}
	if len(errs) > 0 {
		return requestInvalid(errs...)
	}
	return nil
}

func (s *Service) startProspecting(ctx context.Context, tx store.Tx, scope store.Scope, in *api.StartProspectingFromEngagementTaskRequest) (*api.StartProspectingFromEngagementTaskResponse, error) {
	id := prospectingTaskIDForm.new()
	t := &api.GetProspectingFromEngagementTaskResponse{
		TaskId: &id, TaskArn: ptr(prospectingTaskARN(scope.Catalog, id)), TaskName: in.TaskName,
		StartTime: api.NewDateTime(s.now()), Engagements: make([]api.EngagementProspectingResult, len(in.Identifiers)),
	}
	for i, eng := range in.Identifiers {
		t.Engagements[i] = api.EngagementProspectingResult{EngagementIdentifier: ptr(eng), Status: ptr(api.ProspectingTaskStatusPending)}
	}
	if err := putProspectingTask(ctx, tx, scope, t); err != nil {
		return nil, err
	}
	err := s.scheduleJob(ctx, tx, scope, jobProspecting, prospectingJobKey(scope, id),
		s.now().Add(s.cfg.ProspectingTime), prospectingJob{TaskID: id})
	if err != nil {
		return nil, err
	}
	return &api.StartProspectingFromEngagementTaskResponse{Identifiers: in.Identifiers, TaskName: t.TaskName,
		StartTime: t.StartTime, TaskId: t.TaskId, TaskArn: t.TaskArn, TaskStatus: ptr(api.ProspectingTaskStatusPending)}, nil
}

// putProspectingTask stores a task as the document GetProspectingFromEngagementTask
// answers with; its status is PENDING until AWS has been through it.
func putProspectingTask(ctx context.Context, tx store.Tx, scope store.Scope, t *api.GetProspectingFromEngagementTaskResponse) error {
	doc, err := json.Marshal(t)
	if err != nil {
		return err
	}
	return tx.PutTask(ctx, &store.Task{Scope: scope, ID: deref(t.TaskId), Family: familyProspecting,
		Status: string(prospectingStatus(t)), StartedAt: t.StartTime.Time, Doc: doc})
}

// prospectingStatus is a task's status as a whole: FAILED only when no
// engagement could be enriched.
func prospectingStatus(t *api.GetProspectingFromEngagementTaskResponse) api.ProspectingTaskStatus {
	if t.EndTime == nil {
		return api.ProspectingTaskStatusPending
	}
	if completed, _ := engagementCounts(t); completed == 0 {
		return api.ProspectingTaskStatusFailed
	}
	return api.ProspectingTaskStatusCompleted
}

func engagementCounts(t *api.GetProspectingFromEngagementTaskResponse) (completed, failed int) {
	for _, e := range t.Engagements {
		switch deref(e.Status) {
		case api.ProspectingTaskStatusCompleted:
			completed++
		case api.ProspectingTaskStatusFailed:
			failed++
		}
	}
	return completed, failed
}

// loadProspectingTask reads one of the caller's prospecting tasks.
func loadProspectingTask(ctx context.Context, tx store.Tx, scope store.Scope, id string) (*api.GetProspectingFromEngagementTaskResponse, error) {
	recs, err := tx.ListTasks(ctx, scope, store.TaskQuery{Family: familyProspecting, IDs: []string{id}, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, notFound("Prospecting task %s not found in catalog %s: it is not a task your account started there. ListProspectingFromEngagementTasks lists yours.", id, scope.Catalog)
	}
	return decodeProspectingTask(recs[0])
}

func decodeProspectingTask(r store.Task) (*api.GetProspectingFromEngagementTaskResponse, error) {
	t := new(api.GetProspectingFromEngagementTaskResponse)
	if err := json.Unmarshal(r.Doc, t); err != nil {
		return nil, fmt.Errorf("prospecting task %s: corrupt document: %w", r.ID, err)
	}
	return t, nil
}

// GetProspectingFromEngagementTask returns one of the caller's prospecting
// tasks with the outcome for each engagement.
func (s *Service) GetProspectingFromEngagementTask(ctx context.Context, in *api.GetProspectingFromEngagementTaskRequest) (*api.GetProspectingFromEngagementTaskResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	var t *api.GetProspectingFromEngagementTaskResponse
	err = s.db.View(ctx, func(tx store.Tx) error {
		t, err = loadProspectingTask(ctx, tx, scope, deref(in.TaskIdentifier))
		return err
	})
	return t, err
}

// ListProspectingFromEngagementTasks lists the caller's prospecting tasks
// in a catalog. An account's prospecting tasks are few, so they are
// filtered and sorted here, then paged.
func (s *Service) ListProspectingFromEngagementTasks(ctx context.Context, in *api.ListProspectingFromEngagementTasksRequest) (*api.ListProspectingFromEngagementTasksResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	var recs []store.Task
	if err := s.db.View(ctx, func(tx store.Tx) error {
		recs, err = tx.ListTasks(ctx, scope, store.TaskQuery{Family: familyProspecting, IDs: in.TaskIdentifier, Descending: true})
		return err
	}); err != nil {
		return nil, err
	}
	all := []api.ProspectingTaskSummary{}
	for _, r := range recs {
		t, err := decodeProspectingTask(r)
		if err != nil {
			return nil, err
		}
		if prospectingTaskMatches(in, t) {
			all = append(all, prospectingSummary(t))
		}
	}
	slices.SortStableFunc(all, prospectingOrder(in.Sort))

	limit := pageSize(in.MaxResults)
	out := &api.ListProspectingFromEngagementTasksResponse{}
	out.TaskSummaries, out.NextToken, err = slicePage(s, in, in.NextToken, limit, all)
	return out, err
}

// prospectingTaskMatches applies the filters the store does not: task
// names and the start-time window (both ends inclusive).
func prospectingTaskMatches(in *api.ListProspectingFromEngagementTasksRequest, t *api.GetProspectingFromEngagementTaskResponse) bool {
	start := t.StartTime.Time
	switch {
	case len(in.TaskName) > 0 && !slices.Contains(in.TaskName, deref(t.TaskName)):
		return false
	case in.StartAfter != nil && start.Before(in.StartAfter.Time):
		return false
	case in.StartBefore != nil && start.After(in.StartBefore.Time):
		return false
	}
	return true
}

func prospectingSummary(t *api.GetProspectingFromEngagementTaskResponse) api.ProspectingTaskSummary {
	completed, failed := engagementCounts(t)
	return api.ProspectingTaskSummary{
		TaskId: t.TaskId, TaskArn: t.TaskArn, TaskName: t.TaskName, StartTime: t.StartTime, EndTime: t.EndTime,
		TotalEngagementCount:     ptr(int32(len(t.Engagements))),
		CompletedEngagementCount: ptr(int32(completed)),
		FailedEngagementCount:    ptr(int32(failed)),
	}
}

// prospectingOrder compares summaries by the requested key (StartTime,
// newest first, by default), ties broken by start time and then task id in
// the same direction.
func prospectingOrder(sort *api.ProspectingFromEngagementTaskSort) func(a, b api.ProspectingTaskSummary) int {
	by, descending := api.ProspectingFromEngagementTaskSortNameStartTime, true
	if sort != nil {
		by, descending = deref(sort.SortBy), deref(sort.SortOrder) == api.SortOrderDescending
	}
	return func(a, b api.ProspectingTaskSummary) int {
		c := 0
		switch by {
		case api.ProspectingFromEngagementTaskSortNameTaskName:
			c = strings.Compare(deref(a.TaskName), deref(b.TaskName))
		case api.ProspectingFromEngagementTaskSortNameFailedEngagementCount:
			c = cmp.Compare(deref(a.FailedEngagementCount), deref(b.FailedEngagementCount))
		}
		c = cmp.Or(c, a.StartTime.Compare(b.StartTime.Time), strings.Compare(deref(a.TaskId), deref(b.TaskId)))
		if descending {
			return -c
		}
		return c
	}
}
