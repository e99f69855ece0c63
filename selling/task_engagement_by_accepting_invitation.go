package selling

import (
	"context"
	"errors"
	"fmt"

	"pcs/api"
	"pcs/store"
)

// StartEngagementByAcceptingInvitationTask accepts an opportunity invitation
// and creates the receiver's opportunity from it. The service reports such
// tasks COMPLETE at once (FAILED for a lead invitation, which
// AcceptEngagementInvitation accepts); a repeat with the same ClientToken
// returns the task.
func (s *Service) StartEngagementByAcceptingInvitationTask(ctx context.Context, in *api.StartEngagementByAcceptingInvitationTaskRequest) (*api.StartEngagementByAcceptingInvitationTaskResponse, error) {
	return writeOnce(ctx, s, in.Catalog, api.OpStartEngagementByAcceptingInvitationTask, in.ClientToken, in,
		func(tx store.Tx, scope store.Scope, in *api.StartEngagementByAcceptingInvitationTaskRequest) (*api.StartEngagementByAcceptingInvitationTaskResponse, error) {
			return s.acceptInvitation(ctx, tx, scope, deref(in.Identifier))
		})
}

func (s *Service) acceptInvitation(ctx context.Context, tx store.Tx, scope store.Scope, identifier string) (*api.StartEngagementByAcceptingInvitationTaskResponse, error) {
	inv, rec, err := pendingReceived(ctx, tx, scope, identifier, "accepted")
	if err != nil {
		return nil, err
	}
	taskID := taskIDForm.new()
	out := &api.StartEngagementByAcceptingInvitationTaskResponse{
		StartTime: api.NewDateTime(s.now()),
		TaskArn:   ptr(taskARN(scope.Catalog, familyAcceptInvitation, taskID)),
		TaskId:    &taskID,
	}
	if inv.Payload == nil || inv.Payload.OpportunityInvitation == nil {
		// A lead makes no opportunity on acceptance: it is accepted as it is,
		// and converted when the partner chooses. The invitation stays PENDING.
		out.TaskStatus, out.ReasonCode = ptr(api.TaskStatusFailed), ptr(api.ReasonCodeInvitationValidationFailed)
		out.Message = ptr(fmt.Sprintf("Engagement invitation %s carries a %s, which this task can't accept: it makes an opportunity only from an OpportunityInvitation. "+
			"Accept the invitation with AcceptEngagementInvitation, then convert its lead with StartOpportunityFromEngagementTask.", rec.ID, deref(inv.PayloadType)))
		return out, s.saveTask(ctx, tx, scope, familyAcceptInvitation, out, "")
	}
	o, err := s.opportunityFromInvitation(ctx, tx, scope, inv)
	if err != nil {
		return nil, err
	}
	eng, err := s.acceptByJoining(ctx, tx, scope, inv, rec)
	if err != nil {
		return nil, err
	}
	// The task then attaches the customer details the invitation hid: the
	// receiver hears of the new opportunity twice, Created and Updated, as
	// AWS's events documentation lists.
	if err := s.opportunityEvent(ctx, tx, scope, deref(o.Id), false); err != nil {
		return nil, err
	}
	out.EngagementInvitationId, out.OpportunityId, out.TaskStatus = inv.Id, o.Id, ptr(api.TaskStatusComplete)
	if eng != nil {
		job, err := s.shareOpportunity(ctx, tx, scope, deref(eng.Id), o)
		if err != nil {
			return nil, err
		}
		out.ResourceSnapshotJobId = job.Id
	}
	return out, s.saveTask(ctx, tx, scope, familyAcceptInvitation, out, deref(inv.EngagementId))
}

// opportunityFromInvitation creates the receiver's opportunity: an AWS
// referral made in the Sandbox arrives with the id it was created with;
// any other invitation makes a new opportunity from its payload. Either is
// Approved, as AWS referrals are, and one AWS referred is AWS's opportunity
// too from now on.
func (s *Service) opportunityFromInvitation(ctx context.Context, tx store.Tx, scope store.Scope, inv *invitation) (*opportunity, error) {
	now := s.now()
	var o *opportunity
	if inv.OpportunityID != "" {
		rec, err := tx.GetOpportunity(ctx, awsSideScope(scope), inv.OpportunityID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if rec != nil {
			if o, err = decodeOpportunity(rec); err != nil {
				return nil, err
			}
			o.AwsSide = false
		}
	}
	if o == nil {
		p := inv.Payload.OpportunityInvitation
		seq, err := tx.NextSequence(ctx, "opportunity")
		if err != nil {
			return nil, err
		}
		id := opportunityID(seq)
		o = &opportunity{opportunityState: opportunityState{Origin: ptr(api.OpportunityOriginAwsReferral)}}
		o.Id, o.Arn, o.Catalog = &id, ptr(opportunityARN(scope, id)), ptr(scope.Catalog)
		o.CreatedDate = api.NewDateTime(now)
		o.RelatedEntityIdentifiers = relatedEntities(nil)
		if c := p.Customer; c != nil {
			o.Customer = &api.Customer{Account: &api.Account{CompanyName: c.CompanyName, Industry: c.Industry,
				WebsiteUrl: c.WebsiteUrl, Address: &api.Address{CountryCode: c.CountryCode}}, Contacts: []api.Contact{}}
		}
		if pr := p.Project; pr != nil {
			o.Project = &api.Project{Title: pr.Title, CustomerBusinessProblem: pr.BusinessProblem, ExpectedCustomerSpend: pr.ExpectedCustomerSpend}
			o.LifeCycle = &api.LifeCycle{TargetCloseDate: pr.TargetCompletionDate}
		}
		applyDefaults(o)
		o.PrimaryNeedsFromAws = []api.PrimaryNeedFromAws{primaryNeedNoSupport}
		o.OpportunityTeam = withOwner(nil, defaultOwner(ctx))
	}
	o.LifeCycle.ReviewStatus = ptr(api.ReviewStatusApproved)
	o.Submission = referredByAWS(inv, now)
	if ref := inv.SenderOpportunity; ref != nil {
		status, err := s.follow(ctx, tx, *ref, opportunityRef{Account: scope.Account, ID: deref(o.Id)}, scope.Catalog)
		if err != nil {
			return nil, err
		}
		o.LifeCycle.ReviewStatus = &status
	}
	o.LastModifiedDate = api.NewDateTime(now)
	if err := s.saveOpportunity(ctx, tx, scope, o, true); err != nil {
		if errors.Is(err, store.ErrExists) {
			return nil, conflict("Opportunity %s already exists in catalog %s.", deref(o.Id), scope.Catalog)
		}
		return nil, err
	}
	return o, nil
}

// ListEngagementByAcceptingInvitationTasks lists the caller's accept tasks.
func (s *Service) ListEngagementByAcceptingInvitationTasks(ctx context.Context, in *api.ListEngagementByAcceptingInvitationTasksRequest) (*api.ListEngagementByAcceptingInvitationTasksResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	q := taskQuery(familyAcceptInvitation, in.TaskIdentifier, in.OpportunityIdentifier, in.TaskStatus, in.Sort, in.MaxResults)
	for _, id := range in.EngagementInvitationIdentifier {
		q.InvitationIDs = append(q.InvitationIDs, idFromARN(id))
	}
	out := &api.ListEngagementByAcceptingInvitationTasksResponse{}
	out.TaskSummaries, out.NextToken, err = listTasks[api.ListEngagementByAcceptingInvitationTaskSummary](ctx, s, scope, in, in.NextToken, q)
	return out, err
}
