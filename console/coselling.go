package console

import (
	"net/http"

	"pcs/api"
	"pcs/store"
)

// listed is one page of a listing: its rows, the link to the next page,
// and the service's refusal if it refused.
type listed struct {
	Title   string
	Table   table
	Next    string
	Problem string
}

// nextLink is the current page's URL with param set to token, or "" when
// there is no next page.
func nextLink(r *http.Request, param string, token *string) string {
	if token == nil {
		return ""
	}
	q := r.URL.Query()
	q.Set(param, *token)
	return r.URL.Path + "?" + q.Encode()
}

func tokenParam(r *http.Request, param string) *string {
	if t := r.URL.Query().Get(param); t != "" {
		return &t
	}
	return nil
}

const listPage = int32(50)

type invitationsView struct {
	Sent, Received []invitationRow
	SentNext       string
	ReceivedNext   string
	Problem        string
}

type invitationRow struct {
	api.EngagementInvitationSummary
	ExpiresIn string
	Pending   bool
}

func (h *Handler) invitations(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	var v invitationsView
	if scope.Account != "" {
		ctx := as(r.Context(), scope)
		now := h.cfg.Jobs.Now()
		for _, side := range []struct {
			role  api.ParticipantType
			param string
			rows  *[]invitationRow
			next  *string
		}{{api.ParticipantTypeSender, "sent_next", &v.Sent, &v.SentNext}, {api.ParticipantTypeReceiver, "received_next", &v.Received, &v.ReceivedNext}} {
			out, err := h.cfg.Service.ListEngagementInvitations(ctx, &api.ListEngagementInvitationsRequest{Catalog: &scope.Catalog,
				ParticipantType: ptr(side.role), MaxResults: ptr(listPage), NextToken: tokenParam(r, side.param)})
			if err != nil {
				v.Problem = problem(err)
				break
			}
			for _, inv := range out.EngagementInvitationSummaries {
				row := invitationRow{EngagementInvitationSummary: inv, Pending: val(inv.Status) == string(api.InvitationStatusPending)}
				if row.Pending {
					row.ExpiresIn = until(inv.ExpirationDate, now)
				}
				*side.rows = append(*side.rows, row)
			}
			*side.next = nextLink(r, side.param, out.NextToken)
		}
	}
	h.render(w, r, http.StatusOK, "invitations", "Invitations", v)
}

func (h *Handler) engagements(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	v := listed{Title: "Engagements"}
	if scope.Account != "" {
		out, err := h.cfg.Service.ListEngagements(as(r.Context(), scope), &api.ListEngagementsRequest{Catalog: &scope.Catalog,
			MaxResults: ptr(listPage), NextToken: tokenParam(r, "next")})
		if err != nil {
			v.Problem = problem(err)
		} else {
			v.Table = records(out.EngagementSummaryList, "Id", "Title", "ContextTypes", "MemberCount", "CreatedBy", "CreatedAt", "ModifiedAt")
			v.Next = nextLink(r, "next", out.NextToken)
		}
	}
	h.render(w, r, http.StatusOK, "engagements", "Engagements", v)
}

type engagementView struct {
	ID         string
	Engagement *api.GetEngagementResponse
	Problem    string
	Members    listed
	Resources  listed
	Snapshots  listed
	Events     []store.Event
}

func (h *Handler) engagement(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	id := r.PathValue("id")
	ctx := as(r.Context(), scope)
	v := engagementView{ID: id}
	e, err := h.cfg.Service.GetEngagement(ctx, &api.GetEngagementRequest{Catalog: &scope.Catalog, Identifier: &id})
	if err != nil {
		v.Problem = problem(err)
		h.render(w, r, statusOf(err), "engagement", "Engagement "+id, v)
		return
	}
	v.Engagement = e
	v.Members.Title = "Members"
	if out, err := h.cfg.Service.ListEngagementMembers(ctx, &api.ListEngagementMembersRequest{Catalog: &scope.Catalog,
		Identifier: &id, MaxResults: ptr(listPage), NextToken: tokenParam(r, "members_next")}); err != nil {
		v.Members.Problem = problem(err)
	} else {
		v.Members.Table = records(out.EngagementMemberList, "AccountId", "CompanyName", "WebsiteUrl")
		v.Members.Next = nextLink(r, "members_next", out.NextToken)
	}
	v.Resources.Title = "Associated resources"
	if out, err := h.cfg.Service.ListEngagementResourceAssociations(ctx, &api.ListEngagementResourceAssociationsRequest{
		Catalog: &scope.Catalog, EngagementIdentifier: &id, MaxResults: ptr(listPage), NextToken: tokenParam(r, "resources_next")}); err != nil {
		v.Resources.Problem = problem(err)
	} else {
		v.Resources.Table = records(out.EngagementResourceAssociationSummaries, "ResourceType", "ResourceId", "CreatedBy")
		v.Resources.Next = nextLink(r, "resources_next", out.NextToken)
	}
	v.Snapshots.Title = "Resource snapshots"
	if out, err := h.cfg.Service.ListResourceSnapshots(ctx, &api.ListResourceSnapshotsRequest{Catalog: &scope.Catalog,
		EngagementIdentifier: &id, MaxResults: ptr(listPage), NextToken: tokenParam(r, "snapshots_next")}); err != nil {
		v.Snapshots.Problem = problem(err)
	} else {
		v.Snapshots.Table = records(out.ResourceSnapshotSummaries, "ResourceType", "ResourceId", "ResourceSnapshotTemplateName", "Revision", "CreatedBy")
		v.Snapshots.Next = nextLink(r, "snapshots_next", out.NextToken)
	}
	v.Events, err = h.recentEvents(r, store.EventQuery{Account: scope.Account, Catalog: scope.Catalog, Contains: `"` + id + `"`, Limit: eventsShown})
	if err != nil {
		h.log.Error("console: events of an engagement", "err", err)
	}
	h.render(w, r, http.StatusOK, "engagement", "Engagement "+id, v)
}

func (h *Handler) tasks(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	var v []listed
	if scope.Account != "" {
		ctx := as(r.Context(), scope)
		cols := []string{"TaskId", "TaskStatus", "StartTime", "ReasonCode", "Message", "OpportunityId", "EngagementId"}
		add := func(title, param string, next *string, t table, err error) {
			l := listed{Title: title}
			if err != nil {
				l.Problem = problem(err)
			} else {
				l.Table, l.Next = t, nextLink(r, param, next)
			}
			v = append(v, l)
		}
		{
			out, err := h.cfg.Service.ListEngagementByAcceptingInvitationTasks(ctx, &api.ListEngagementByAcceptingInvitationTasksRequest{
				Catalog: &scope.Catalog, MaxResults: ptr(listPage), NextToken: tokenParam(r, "accepting_next")})
			if err == nil {
				add("Engagement by accepting invitation", "accepting_next", out.NextToken, records(out.TaskSummaries, append(cols, "EngagementInvitationId")...), nil)
			} else {
				add("Engagement by accepting invitation", "", nil, table{}, err)
			}
		}
		{
			out, err := h.cfg.Service.ListEngagementFromOpportunityTasks(ctx, &api.ListEngagementFromOpportunityTasksRequest{
				Catalog: &scope.Catalog, MaxResults: ptr(listPage), NextToken: tokenParam(r, "from_opportunity_next")})
			if err == nil {
				add("Engagement from opportunity", "from_opportunity_next", out.NextToken, records(out.TaskSummaries, append(cols, "EngagementInvitationId")...), nil)
			} else {
				add("Engagement from opportunity", "", nil, table{}, err)
			}
		}
		{
			out, err := h.cfg.Service.ListOpportunityFromEngagementTasks(ctx, &api.ListOpportunityFromEngagementTasksRequest{
				Catalog: &scope.Catalog, MaxResults: ptr(listPage), NextToken: tokenParam(r, "opportunity_next")})
			if err == nil {
				add("Opportunity from engagement", "opportunity_next", out.NextToken, records(out.TaskSummaries, append(cols, "ContextId")...), nil)
			} else {
				add("Opportunity from engagement", "", nil, table{}, err)
			}
		}
		{
			out, err := h.cfg.Service.ListProspectingFromEngagementTasks(ctx, &api.ListProspectingFromEngagementTasksRequest{
				Catalog: &scope.Catalog, MaxResults: ptr(listPage), NextToken: tokenParam(r, "prospecting_next")})
			if err == nil {
				add("Prospecting from engagement", "prospecting_next", out.NextToken, records(out.TaskSummaries, "TaskId", "TaskName", "TaskStatus", "StartTime", "EndTime", "TotalEngagementCount", "CompletedEngagementCount", "FailedEngagementCount"), nil)
			} else {
				add("Prospecting from engagement", "", nil, table{}, err)
			}
		}
	}
	h.render(w, r, http.StatusOK, "tasks", "Tasks", v)
}
