package selling

import (
	"context"
	"strings"

	"pcs/api"
	"pcs/store"
)

// StartEngagementFromOpportunityTask submits an opportunity to AWS the way
// the service recommends: it creates the opportunity's engagement (or reuses
// the one it has), invites AWS into it, starts the snapshot job, and submits.
// The task is COMPLETE at once, or FAILED with a ReasonCode saying which
// step failed; a repeat with the same ClientToken returns the task.
func (s *Service) StartEngagementFromOpportunityTask(ctx context.Context, in *api.StartEngagementFromOpportunityTaskRequest) (*api.StartEngagementFromOpportunityTaskResponse, error) {
	return writeOnce(ctx, s, in.Catalog, api.OpStartEngagementFromOpportunityTask, in.ClientToken, in,
		func(tx store.Tx, scope store.Scope, in *api.StartEngagementFromOpportunityTaskRequest) (*api.StartEngagementFromOpportunityTaskResponse, error) {
			return s.engagementFromOpportunity(ctx, tx, scope, in)
		})
}

func (s *Service) engagementFromOpportunity(ctx context.Context, tx store.Tx, scope store.Scope, in *api.StartEngagementFromOpportunityTaskRequest) (*api.StartEngagementFromOpportunityTaskResponse, error) {
	o, err := loadOpportunity(ctx, tx, scope, deref(in.Identifier))
	if err != nil {
		return nil, err
	}
	taskID := taskIDForm.new()
	out := &api.StartEngagementFromOpportunityTaskResponse{
		OpportunityId: o.Id, StartTime: api.NewDateTime(s.now()),
		TaskArn: ptr(taskARN(scope.Catalog, familyFromOpportunity, taskID)), TaskId: &taskID,
	}
	involvement := deref(in.AwsSubmission.InvolvementType)
	fail := func(code api.ReasonCode, msg string) (*api.StartEngagementFromOpportunityTaskResponse, error) {
		out.TaskStatus, out.ReasonCode, out.Message = ptr(api.TaskStatusFailed), &code, &msg
		return out, s.saveTask(ctx, tx, scope, familyFromOpportunity, out, "")
	}
	if st := o.reviewStatus(); st != api.ReviewStatusPendingSubmission {
		return fail(api.ReasonCodeOpportunityConflict, "Opportunity "+deref(o.Id)+" is "+string(st)+"; only a Pending Submission opportunity can be submitted to AWS.")
	}
	if errs := s.submissionProblems(ctx, tx, scope, o, involvement); len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = deref(e.Message)
		}
		return fail(api.ReasonCodeOpportunityValidationFailed, strings.Join(msgs, " "))
	}

	var eng *api.GetEngagementResponse
	if o.EngagementID != "" {
		if eng, _, err = loadEngagement(ctx, tx, scope, o.EngagementID); err != nil {
			return nil, err
		}
	} else {
		var title *string
		if o.Project != nil && o.Project.Title != nil {
			title = ptr(truncateRunes(*o.Project.Title, engagementTitleMax))
		}
		var description *string
		if o.Project != nil {
			description = o.Project.CustomerBusinessProblem
		}
		if eng, err = s.createEngagement(ctx, tx, scope, title, description, nil); err != nil {
			return nil, err
		}
		o.EngagementID = deref(eng.Id)
	}
	inv := s.invitationToAWS(scope, o, eng)
	if err := s.saveInvitation(ctx, tx, inv); err != nil {
		return nil, err
	}
	o.AwsInvitationID = deref(inv.Id)
	s.markSubmitted(o, involvement, in.AwsSubmission.Visibility)
	if err := s.enterReview(ctx, tx, scope, o); err != nil {
		return nil, err
	}
	// Share the opportunity with the engagement, and keep it shared.
	job, err := s.shareOpportunity(ctx, tx, scope, deref(eng.Id), o)
	if err != nil {
		return nil, err
	}
	out.TaskStatus = ptr(api.TaskStatusComplete)
	out.EngagementId, out.EngagementInvitationId, out.ResourceSnapshotJobId = eng.Id, inv.Id, job.Id
	return out, s.saveTask(ctx, tx, scope, familyFromOpportunity, out, deref(eng.Id))
}

// invitationToAWS is the invitation a submission sends AWS into the
// opportunity's engagement; it follows AWS's review.
func (s *Service) invitationToAWS(scope store.Scope, o *opportunity, eng *api.GetEngagementResponse) *invitation {
	inv := newInvitation(scope.Catalog, api.EngagementInvitationPayloadTypeOpportunityInvitation, s.now())
	inv.EngagementId, inv.EngagementTitle, inv.EngagementDescription = eng.Id, eng.Title, eng.Description
	inv.SenderAwsAccountId, inv.SenderCompanyName = ptr(scope.Account), ptr(s.companyName(scope.Account))
	inv.ExistingMembers = []api.EngagementMemberSummary{memberSummary(scope.Account, s.companyName(scope.Account))}
	inv.Receiver = &api.Receiver{Account: &api.AccountReceiver{AwsAccountId: ptr(awsSenderAWSCatalog)}}
	p := &api.OpportunityInvitationPayload{Customer: &api.EngagementCustomer{}, Project: &api.ProjectDetails{},
		ReceiverResponsibilities: []api.ReceiverResponsibility{api.ReceiverResponsibilityCoSellFacilitator}}
	if a := customerAccount(o); a != nil {
		p.Customer.CompanyName, p.Customer.Industry, p.Customer.WebsiteUrl = a.CompanyName, a.Industry, a.WebsiteUrl
		if a.Address != nil {
			p.Customer.CountryCode = a.Address.CountryCode
		}
	}
	if pr := o.Project; pr != nil {
		p.Project.Title, p.Project.BusinessProblem, p.Project.ExpectedCustomerSpend = pr.Title, pr.CustomerBusinessProblem, pr.ExpectedCustomerSpend
	}
	p.Project.TargetCompletionDate = o.LifeCycle.TargetCloseDate
	inv.Payload = &api.Payload{OpportunityInvitation: p}
	return inv
}

// ListEngagementFromOpportunityTasks lists the caller's submission tasks.
func (s *Service) ListEngagementFromOpportunityTasks(ctx context.Context, in *api.ListEngagementFromOpportunityTasksRequest) (*api.ListEngagementFromOpportunityTasksResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	q := taskQuery(familyFromOpportunity, in.TaskIdentifier, in.OpportunityIdentifier, in.TaskStatus, in.Sort, in.MaxResults)
	for _, id := range in.EngagementIdentifier {
		q.EngagementIDs = append(q.EngagementIDs, idFromARN(id))
	}
	out := &api.ListEngagementFromOpportunityTasksResponse{}
	out.TaskSummaries, out.NextToken, err = listTasks[api.ListEngagementFromOpportunityTaskSummary](ctx, s, scope, in, in.NextToken, q)
	return out, err
}
