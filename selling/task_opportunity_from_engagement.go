package selling

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"pcs/api"
	"pcs/store"
)

// Lead conversion defaults, as the service fills them.
const (
	convertedTitle     = "Converted from Lead"
	convertedCloseDays = 90
)

// StartOpportunityFromEngagementTask converts a lead: it creates a Pending
// Submission opportunity from a Lead context of an engagement, adds a
// CustomerProject context for it, and shares it with the engagement. The
// task is COMPLETE at once, or FAILED with ContextNotFound,
// CustomerProjectContextNotPermitted or DisqualifiedLeadNotPermitted.
func (s *Service) StartOpportunityFromEngagementTask(ctx context.Context, in *api.StartOpportunityFromEngagementTaskRequest) (*api.StartOpportunityFromEngagementTaskResponse, error) {
	return writeOnce(ctx, s, in.Catalog, api.OpStartOpportunityFromEngagementTask, in.ClientToken, in,
		func(tx store.Tx, scope store.Scope, in *api.StartOpportunityFromEngagementTaskRequest) (*api.StartOpportunityFromEngagementTaskResponse, error) {
			return s.convertLead(ctx, tx, scope, in)
		})
}

func (s *Service) convertLead(ctx context.Context, tx store.Tx, scope store.Scope, in *api.StartOpportunityFromEngagementTaskRequest) (*api.StartOpportunityFromEngagementTaskResponse, error) {
	e, _, err := loadEngagement(ctx, tx, scope, deref(in.Identifier))
	if err != nil {
		return nil, err
	}
	now := s.now()
	taskID := taskIDForm.new()
	out := &api.StartOpportunityFromEngagementTaskResponse{EngagementId: e.Id, StartTime: api.NewDateTime(now),
		TaskArn: ptr(taskARN(scope.Catalog, familyFromEngagement, taskID)), TaskId: &taskID}
	fail := func(code api.ReasonCode, format string, args ...any) (*api.StartOpportunityFromEngagementTaskResponse, error) {
		out.TaskStatus, out.ReasonCode, out.Message = ptr(api.TaskStatusFailed), &code, ptr(fmt.Sprintf(format, args...))
		return out, s.saveTask(ctx, tx, scope, familyFromEngagement, out, deref(e.Id))
	}
	i := slices.IndexFunc(e.Contexts, func(c api.EngagementContextDetails) bool { return deref(c.Id) == deref(in.ContextIdentifier) })
	switch {
	case i < 0:
		return fail(api.ReasonCodeContextNotFound, "Engagement %s has no context %s.", deref(e.Id), deref(in.ContextIdentifier))
	case deref(e.Contexts[i].Type) != api.EngagementContextTypeLead || e.Contexts[i].Payload == nil || e.Contexts[i].Payload.Lead == nil:
		return fail(api.ReasonCodeCustomerProjectContextNotPermitted, "Context %s is not a lead; only a Lead context converts to an opportunity.", deref(in.ContextIdentifier))
	}
	lead := e.Contexts[i].Payload.Lead
	if strings.EqualFold(deref(lead.QualificationStatus), "Disqualified") {
		return fail(api.ReasonCodeDisqualifiedLeadNotPermitted, "The lead in context %s is Disqualified and can't be converted.", deref(in.ContextIdentifier))
	}

	o, err := s.opportunityFromLead(ctx, tx, scope, lead, in.Tags, deref(e.Id))
	if err != nil {
		return nil, err
	}
	ctxID := nextContextID(e)
	project := &api.CustomerProjectsContext{Customer: &api.EngagementCustomer{}, Project: &api.EngagementCustomerProjectDetails{
		Title: o.Project.Title, BusinessProblem: o.Project.CustomerBusinessProblem, TargetCompletionDate: o.LifeCycle.TargetCloseDate}}
	if c := lead.Customer; c != nil {
		project.Customer.CompanyName, project.Customer.WebsiteUrl = c.CompanyName, c.WebsiteUrl
		project.Customer.Industry, project.Customer.CountryCode = leadIndustryOnly(c.Industry), leadCountry(c.Address)
	}
	e.Contexts = append(e.Contexts, api.EngagementContextDetails{Id: &ctxID, Type: ptr(api.EngagementContextTypeCustomerProject),
		Payload: &api.EngagementContextPayload{CustomerProject: project}})
	if err := s.touchEngagement(ctx, tx, scope, e); err != nil {
		return nil, err
	}
	job, err := s.shareOpportunity(ctx, tx, scope, deref(e.Id), o)
	if err != nil {
		return nil, err
	}
	out.TaskStatus, out.OpportunityId, out.ContextId, out.ResourceSnapshotJobId = ptr(api.TaskStatusComplete), o.Id, &ctxID, job.Id
	return out, s.saveTask(ctx, tx, scope, familyFromEngagement, out, deref(e.Id))
}

// opportunityFromLead creates the draft opportunity a lead converts into,
// with the service's defaults for what a lead does not say.
func (s *Service) opportunityFromLead(ctx context.Context, tx store.Tx, scope store.Scope, lead *api.LeadContext, tags []api.Tag, engagementID string) (*opportunity, error) {
	now := s.now()
	seq, err := tx.NextSequence(ctx, "opportunity")
	if err != nil {
		return nil, err
	}
	id := opportunityID(seq)
	o := &opportunity{opportunityState: opportunityState{Origin: ptr(api.OpportunityOriginPartnerReferral), Tags: tags, EngagementID: engagementID}}
	o.Id, o.Arn, o.Catalog = &id, ptr(opportunityARN(scope, id)), ptr(scope.Catalog)
	o.CreatedDate, o.LastModifiedDate = api.NewDateTime(now), api.NewDateTime(now)
	o.RelatedEntityIdentifiers = relatedEntities(nil)
	o.Customer = &api.Customer{Contacts: []api.Contact{}}
	if c := lead.Customer; c != nil {
		a := &api.Account{CompanyName: c.CompanyName, WebsiteUrl: c.WebsiteUrl}
		a.Industry, a.OtherIndustry = leadIndustry(c.Industry)
		a.Address = addressFromLead(c.Address)
		o.Customer.Account = a
	}
	o.Project = &api.Project{Title: ptr(convertedTitle), ExpectedCustomerSpend: []api.ExpectedCustomerSpend{}}
	for _, it := range slices.Backward(lead.Interactions) {
		if it.BusinessProblem != nil {
			o.Project.CustomerBusinessProblem = it.BusinessProblem
			break
		}
	}
	o.LifeCycle = &api.LifeCycle{Stage: ptr(api.StageProspect),
		TargetCloseDate: ptr(now.Add(convertedCloseDays * 24 * time.Hour).Format(time.DateOnly))}
	applyDefaults(o)
	o.LifeCycle.ReviewStatus = ptr(api.ReviewStatusPendingSubmission)
	o.OpportunityTeam = withOwner(nil, defaultOwner(ctx))
	return o, s.saveOpportunity(ctx, tx, scope, o, true)
}

// addressFromLead is a lead's address as an opportunity's: nil for a lead
// without one, and without a country the service does not know.
func addressFromLead(a *api.LeadAddress) *api.Address {
	if a == nil {
		return nil
	}
	return &api.Address{City: a.City, CountryCode: leadCountry(a), PostalCode: a.PostalCode, StateOrRegion: a.StateOrRegion}
}

// ListOpportunityFromEngagementTasks lists the caller's lead conversions.
func (s *Service) ListOpportunityFromEngagementTasks(ctx context.Context, in *api.ListOpportunityFromEngagementTasksRequest) (*api.ListOpportunityFromEngagementTasksResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	q := taskQuery(familyFromEngagement, in.TaskIdentifier, in.OpportunityIdentifier, in.TaskStatus, in.Sort, in.MaxResults)
	for _, id := range in.EngagementIdentifier {
		q.EngagementIDs = append(q.EngagementIDs, idFromARN(id))
	}
	out := &api.ListOpportunityFromEngagementTasksResponse{}
	if len(in.ContextIdentifier) == 0 {
		out.TaskSummaries, out.NextToken, err = listTasks[api.ListOpportunityFromEngagementTaskSummary](ctx, s, scope, in, in.NextToken, q)
		return out, err
	}
	// The context is not a stored column: filter the account's conversions
	// (few) here, then page the result.
	limit := q.Limit
	q.Limit = 0
	var recs []store.Task
	if err := s.db.View(ctx, func(tx store.Tx) error {
		recs, err = tx.ListTasks(ctx, scope, q)
		return err
	}); err != nil {
		return nil, err
	}
	all := make([]api.ListOpportunityFromEngagementTaskSummary, len(recs))
	for i, r := range recs {
		if err := json.Unmarshal(r.Doc, &all[i]); err != nil {
			return nil, err
		}
	}
	all = slices.DeleteFunc(all, func(t api.ListOpportunityFromEngagementTaskSummary) bool {
		return !slices.Contains(in.ContextIdentifier, deref(t.ContextId))
	})
	out.TaskSummaries, out.NextToken, err = slicePage(s, in, in.NextToken, limit, all)
	return out, err
}
