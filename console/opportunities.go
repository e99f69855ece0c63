package console

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"pcs/api"
	"pcs/selling"
	"pcs/store"
)

// pageSizes are the page sizes a user can pick; the first is the default.
var pageSizes = []int{50, 20, 100}

// opportunityFilter is the opportunities page's query, as the
// ListOpportunities request it becomes.
type opportunityFilter struct {
	Stage, Review                 string
	Company, ID                   string
	ModifiedAfter, ModifiedBefore string // YYYY-MM-DD
	CreatedAfter, CreatedBefore   string
	CloseAfter, CloseBefore       string
	Sort, Order                   string
	Size                          int
}

func filterOf(q url.Values) opportunityFilter {
	f := opportunityFilter{Stage: q.Get("stage"), Review: q.Get("review"), Company: strings.TrimSpace(q.Get("company")),
		ID: strings.TrimSpace(q.Get("id")), ModifiedAfter: q.Get("modified_after"), ModifiedBefore: q.Get("modified_before"),
		CreatedAfter: q.Get("created_after"), CreatedBefore: q.Get("created_before"), CloseAfter: q.Get("close_after"),
		CloseBefore: q.Get("close_before"), Sort: q.Get("sort"), Order: q.Get("order")}
	f.Size, _ = strconv.Atoi(q.Get("size"))
	if !slices.Contains(pageSizes, f.Size) {
		f.Size = pageSizes[0]
	}
	return f
}

// values are f as a query, for links that keep it (the next page, counts).
func (f opportunityFilter) values(s store.Scope) url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"account": s.Account, "catalog": s.Catalog, "stage": f.Stage, "review": f.Review,
		"company": f.Company, "id": f.ID, "modified_after": f.ModifiedAfter, "modified_before": f.ModifiedBefore,
		"created_after": f.CreatedAfter, "created_before": f.CreatedBefore, "close_after": f.CloseAfter,
		"close_before": f.CloseBefore, "sort": f.Sort, "order": f.Order} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Size != pageSizes[0] {
		q.Set("size", strconv.Itoa(f.Size))
	}
	return q
}

// day reads a date input: the start of the day, or its last millisecond.
func day(s string, end bool) (*api.DateTime, error) {
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return nil, err
	}
	if end {
		t = t.Add(24*time.Hour - time.Millisecond)
	}
	return api.NewDateTime(t), nil
}

// request is the ListOpportunities request of f.
func (f opportunityFilter) request(s store.Scope, next string) (*api.ListOpportunitiesRequest, error) {
	in := &api.ListOpportunitiesRequest{Catalog: &s.Catalog, MaxResults: ptr(int32(f.Size))}
	if next != "" {
		in.NextToken = &next
	}
	if f.Stage != "" {
		in.LifeCycleStage = []api.Stage{api.Stage(f.Stage)}
	}
	if f.Review != "" {
		in.LifeCycleReviewStatus = []api.ReviewStatus{api.ReviewStatus(f.Review)}
	}
	if f.Company != "" {
		in.CustomerCompanyName = []string{f.Company}
	}
	if f.ID != "" {
		in.Identifier = strings.Fields(strings.ReplaceAll(f.ID, ",", " "))
	}
	var err error
	var after, before *api.DateTime
	if after, err = day(f.ModifiedAfter, false); err != nil {
		return nil, err
	}
	if before, err = day(f.ModifiedBefore, true); err != nil {
		return nil, err
	}
	if after != nil || before != nil {
		in.LastModifiedDate = &api.LastModifiedDate{AfterLastModifiedDate: after, BeforeLastModifiedDate: before}
	}
	if after, err = day(f.CreatedAfter, false); err != nil {
		return nil, err
	}
	if before, err = day(f.CreatedBefore, true); err != nil {
		return nil, err
	}
	if after != nil || before != nil {
		in.CreatedDate = &api.CreatedDateFilter{AfterCreatedDate: after, BeforeCreatedDate: before}
	}
	if f.CloseAfter != "" || f.CloseBefore != "" {
		in.TargetCloseDate = &api.TargetCloseDateFilter{}
		if f.CloseAfter != "" {
			in.TargetCloseDate.AfterTargetCloseDate = &f.CloseAfter
		}
		if f.CloseBefore != "" {
			in.TargetCloseDate.BeforeTargetCloseDate = &f.CloseBefore
		}
	}
	if f.Sort != "" {
		order := api.SortOrderDescending
		if f.Order == string(api.SortOrderAscending) {
			order = api.SortOrderAscending
		}
		in.Sort = &api.OpportunitySort{SortBy: ptr(api.OpportunitySortName(f.Sort)), SortOrder: &order}
	}
	return in, nil
}

// counts is the stage by review status table of a scope's opportunities.
type counts struct {
	Reviews []string
	Rows    []countRow
	Total   int
}

type countRow struct {
	Stage string
	N     []int // by Reviews
	Total int
}

func countTable(cs []store.OpportunityCount) counts {
	var t counts
	for _, c := range cs {
		if !slices.Contains(t.Reviews, c.ReviewStatus) {
			t.Reviews = append(t.Reviews, c.ReviewStatus)
		}
	}
	slices.Sort(t.Reviews)
	for _, c := range cs {
		i := slices.IndexFunc(t.Rows, func(r countRow) bool { return r.Stage == c.Stage })
		if i < 0 {
			t.Rows = append(t.Rows, countRow{Stage: c.Stage, N: make([]int, len(t.Reviews))})
			i = len(t.Rows) - 1
		}
		t.Rows[i].N[slices.Index(t.Reviews, c.ReviewStatus)] += c.N
		t.Rows[i].Total += c.N
		t.Total += c.N
	}
	return t
}

type opportunitiesView struct {
	Filter  opportunityFilter
	Rows    []api.OpportunitySummary
	Next    string // the next page's link, "" on the last page
	First   string // the first page's link, "" on the first page
	Counts  counts
	Problem string
	Stages  []api.Stage
	Reviews []api.ReviewStatus
	Sorts   []api.OpportunitySortName
	Sizes   []int
}

func (h *Handler) opportunities(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	f := filterOf(r.URL.Query())
	v := opportunitiesView{Filter: f,
		Stages: api.Stage("").Values(), Reviews: api.ReviewStatus("").Values(),
		Sorts: api.OpportunitySortName("").Values(), Sizes: pageSizes}
	if r.URL.Query().Get("next") != "" {
		v.First = Prefix + "opportunities?" + f.values(scope).Encode()
	}
	if scope.Account == "" {
		h.render(w, r, http.StatusOK, "opportunities", "Opportunities", v)
		return
	}
	err := h.cfg.Store.View(r.Context(), func(tx store.Tx) error {
		cs, err := tx.CountOpportunities(r.Context(), scope)
		v.Counts = countTable(cs)
		return err
	})
	if err != nil {
		h.log.Error("console: count opportunities", "err", err)
	}
	in, err := f.request(scope, r.URL.Query().Get("next"))
	if err != nil {
		v.Problem = "A date must be YYYY-MM-DD: " + err.Error()
		h.render(w, r, http.StatusBadRequest, "opportunities", "Opportunities", v)
		return
	}
	out, err := h.cfg.Service.ListOpportunities(as(r.Context(), scope), in)
	if err != nil {
		v.Problem = problem(err)
		h.render(w, r, http.StatusBadRequest, "opportunities", "Opportunities", v)
		return
	}
	v.Rows = out.OpportunitySummaries
	if out.NextToken != nil {
		q := f.values(scope)
		q.Set("next", *out.NextToken)
		v.Next = Prefix + "opportunities?" + q.Encode()
	}
	h.render(w, r, http.StatusOK, "opportunities", "Opportunities", v)
}

type opportunityView struct {
	ID           string
	Opportunity  *api.GetOpportunityResponse
	Problem      string
	AWSSummary   *api.GetAwsOpportunitySummaryResponse
	AWSProblem   string
	Engagements  []engagementSnapshots
	Events       []store.Event
	Timeline     timeline
	CanReview    bool               // Submitted or In review: AWS can decide
	CanStart     bool               // Submitted: AWS can start the review
	Requests     bool               // the request recorder is on: link to the requests naming it
	Reviews      []api.ReviewStatus // the outcomes a review can have
	DefaultNotes string
}

// timeline is an opportunity's review timeline: each review status and
// stage it took, and when. selling records these changes in the
// opportunity, so they last as it does. An opportunity stored before it
// did (or with more changes than it keeps) has its record start later
// than its creation: the steps before are taken from the stored versions,
// which the store keeps only until maintenance prunes them (once no
// ListOpportunities page token can reach them), and a timeline whose first
// step is still not the creation is Partial. The event outbox cannot tell
// it: an Opportunity Updated event names the opportunity, not its status.
type timeline struct {
	Steps   []timelineStep
	Partial bool
	Problem string
}

type timelineStep struct {
	At                    time.Time // on the pcs clock
	ReviewStatus, Stage   string
	FromReview, FromStage string // the step's previous values, "" for the first
}

// add appends a step unless it repeats the last one.
func (t *timeline) add(at time.Time, review, stage string) {
	n := len(t.Steps)
	if n > 0 && t.Steps[n-1].ReviewStatus == review && t.Steps[n-1].Stage == stage {
		return
	}
	step := timelineStep{At: at, ReviewStatus: review, Stage: stage}
	if n > 0 {
		step.FromReview, step.FromStage = t.Steps[n-1].ReviewStatus, t.Steps[n-1].Stage
	}
	t.Steps = append(t.Steps, step)
}

// timelineOf makes the timeline of an opportunity's recorded changes and,
// when those do not go back to its creation, of its stored versions
// (oldest first) from before the first recorded change.
func timelineOf(rec *selling.StatusTimeline, versions []store.Opportunity) timeline {
	var t timeline
	if !rec.FromCreation {
		var first time.Time
		if len(rec.Changes) > 0 {
			first = rec.Changes[0].At
		}
		for _, v := range versions {
			if !first.IsZero() && !v.LastModifiedAt.Before(first) {
				break
			}
			t.add(v.LastModifiedAt, v.ReviewStatus, v.Stage)
		}
		// Every version a service writes at creation has the two dates equal.
		t.Partial = len(versions) == 0 || !versions[0].LastModifiedAt.Equal(versions[0].CreatedAt) ||
			(!first.IsZero() && !versions[0].LastModifiedAt.Before(first))
	}
	for _, c := range rec.Changes {
		t.add(c.At, string(c.ReviewStatus), string(c.Stage))
	}
	return t
}

type engagementSnapshots struct {
	EngagementID string
	Snapshots    []api.ResourceSnapshotSummary
	Problem      string
}

// eventsShown bounds the events a page lists.
const eventsShown = 50

func (h *Handler) opportunity(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	id := r.PathValue("id")
	ctx := as(r.Context(), scope)
	v := opportunityView{ID: id, Reviews: []api.ReviewStatus{api.ReviewStatusApproved, api.ReviewStatusActionRequired, api.ReviewStatusRejected}}
	o, err := h.cfg.Service.GetOpportunity(ctx, &api.GetOpportunityRequest{Catalog: &scope.Catalog, Identifier: &id})
	if err != nil {
		v.Problem = problem(err)
		h.render(w, r, statusOf(err), "opportunity", "Opportunity "+id, v)
		return
	}
	v.Opportunity = o
	if o.LifeCycle != nil && o.LifeCycle.ReviewStatus != nil {
		st := *o.LifeCycle.ReviewStatus
		v.CanReview = st == api.ReviewStatusSubmitted || st == api.ReviewStatusInReview
		v.CanStart = st == api.ReviewStatusSubmitted
	}
	v.Requests = h.cfg.Requests != nil
	v.Timeline, err = h.timeline(r, scope, id)
	if err != nil {
		v.Timeline.Problem = problem(err)
	}
	if sum, err := h.cfg.Service.GetAwsOpportunitySummary(ctx, &api.GetAwsOpportunitySummaryRequest{
		Catalog: &scope.Catalog, RelatedOpportunityIdentifier: &id}); err != nil {
		v.AWSProblem = problem(err)
	} else {
		v.AWSSummary = sum
	}
	assoc, err := h.cfg.Service.ListEngagementResourceAssociations(ctx, &api.ListEngagementResourceAssociationsRequest{
		Catalog: &scope.Catalog, ResourceIdentifier: &id, ResourceType: ptr(api.ResourceTypeOpportunity), MaxResults: ptr(int32(10))})
	if err == nil {
		for _, a := range assoc.EngagementResourceAssociationSummaries {
			e := engagementSnapshots{EngagementID: val(a.EngagementId)}
			snaps, err := h.cfg.Service.ListResourceSnapshots(ctx, &api.ListResourceSnapshotsRequest{Catalog: &scope.Catalog,
				EngagementIdentifier: a.EngagementId, ResourceIdentifier: &id, MaxResults: ptr(int32(20))})
			if err != nil {
				e.Problem = problem(err)
			} else {
				e.Snapshots = snaps.ResourceSnapshotSummaries
			}
			v.Engagements = append(v.Engagements, e)
		}
	}
	v.Events, err = h.recentEvents(r, store.EventQuery{Account: scope.Account, Catalog: scope.Catalog, Contains: `"` + id + `"`, Limit: eventsShown})
	if err != nil {
		h.log.Error("console: events of an opportunity", "err", err)
	}
	h.render(w, r, http.StatusOK, "opportunity", "Opportunity "+id, v)
}

// timeline reads an opportunity's review timeline; only one stored
// before selling recorded its changes needs the stored versions.
func (h *Handler) timeline(r *http.Request, scope store.Scope, id string) (timeline, error) {
	rec, err := h.cfg.AWS.StatusTimeline(r.Context(), scope, id)
	if err != nil {
		return timeline{}, err
	}
	var versions []store.Opportunity
	if !rec.FromCreation {
		err = h.cfg.Store.View(r.Context(), func(tx store.Tx) (err error) {
			versions, err = tx.OpportunityHistory(r.Context(), scope, id)
			return err
		})
	}
	return timelineOf(rec, versions), err
}

func (h *Handler) recentEvents(r *http.Request, q store.EventQuery) ([]store.Event, error) {
	var evs []store.Event
	err := h.cfg.Store.View(r.Context(), func(tx store.Tx) error {
		var err error
		evs, err = tx.RecentEvents(r.Context(), q)
		return err
	})
	return evs, err
}

func ptr[T any](v T) *T { return &v }
