package selling

import (
	"context"

	"pcs/api"
	"pcs/store"
)

// simulateReview is the Sandbox catalog's stand-in for AWS's review: the
// partner sets LifeCycle.ReviewStatus to the outcome it wants to test. Only
// the review members of such an update are applied.
func (s *Service) simulateReview(ctx context.Context, tx store.Tx, scope store.Scope, old *opportunity, in *api.UpdateOpportunityRequest) (*api.UpdateOpportunityResponse, error) {
	id := deref(old.Id)
	from, to := old.reviewStatus(), deref(in.LifeCycle.ReviewStatus)
	field := "lifeCycle.reviewStatus"
	switch {
	case from == api.ReviewStatusApproved:
		return nil, businessInvalid(fieldError(field, api.ValidationExceptionErrorCodeActionNotPermitted,
			"reviewStatus is not editable if status is Approved"))
	case to == api.ReviewStatusSubmitted || to == api.ReviewStatusInReview || to == api.ReviewStatusPendingSubmission:
		return nil, businessInvalid(fieldError(field, api.ValidationExceptionErrorCodeActionNotPermitted,
			"LifeCycle.ReviewStatus can't be set to %s: the Sandbox simulates AWS's review outcomes only (Approved, Action Required, Rejected). Submit the opportunity with StartEngagementFromOpportunityTask or SubmitOpportunity.", to))
	case from == api.ReviewStatusPendingSubmission:
		return nil, businessInvalid(fieldError(field, api.ValidationExceptionErrorCodeInvalidResourceState,
			"Opportunity %s has not been submitted, so there is no review to simulate. Submit it first.", id))
	case from == api.ReviewStatusRejected:
		return nil, businessInvalid(fieldError(field, api.ValidationExceptionErrorCodeInvalidResourceState,
			"Opportunity %s was rejected; a rejected opportunity is read-only.", id))
	}
	o := *old
	lc := *old.LifeCycle
	lc.ReviewStatus = ptr(to)
	lc.ReviewComments = in.LifeCycle.ReviewComments
	lc.ReviewStatusReason = in.LifeCycle.ReviewStatusReason
	o.LifeCycle = &lc
	o.LastModifiedDate = api.NewDateTime(later(s.now(), old.LastModifiedDate.Time))
	if err := s.saveOpportunity(ctx, tx, scope, &o, false); err != nil {
		return nil, err
	}
	if err := s.followReview(ctx, tx, scope, &o); err != nil {
		return nil, err
	}
	return &api.UpdateOpportunityResponse{Id: o.Id, LastModifiedDate: o.LastModifiedDate}, nil
}
