package selling

import (
	"context"

	"pcs/api"
	"pcs/store"
)

// primaryNeedNoSupport is what the service stores in PrimaryNeedsFromAws for
// an opportunity submitted for visibility only (model/overlay.json adds it
// to the model's enum).
const primaryNeedNoSupport = api.PrimaryNeedFromAwsDoNotNeedSupportFromAwsSalesRep

// SubmitOpportunity sends a Pending Submission opportunity to AWS for review.
func (s *Service) SubmitOpportunity(ctx context.Context, in *api.SubmitOpportunityRequest) error {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx store.Tx) error {
		o, err := loadOpportunity(ctx, tx, scope, deref(in.Identifier))
		if err != nil {
			return err
		}
		return s.submit(ctx, tx, scope, o, deref(in.InvolvementType), in.Visibility)
	})
}

// submit checks that o can be reviewed and moves it to Submitted.
func (s *Service) submit(ctx context.Context, tx store.Tx, scope store.Scope, o *opportunity, involvement api.SalesInvolvementType, visibility *api.Visibility) error {
	if st := o.reviewStatus(); st != api.ReviewStatusPendingSubmission {
		return businessInvalid(fieldError("identifier", api.ValidationExceptionErrorCodeInvalidResourceState,
			"Opportunity %s can't be submitted: its ReviewStatus is %s, and only Pending Submission opportunities can be submitted.", deref(o.Id), st))
	}
	if errs := s.submissionProblems(ctx, tx, scope, o, involvement); len(errs) > 0 {
		return businessInvalid(errs...)
	}
	s.markSubmitted(o, involvement, visibility)
	return s.enterReview(ctx, tx, scope, o)
}

// submissionProblems lists what keeps AWS from reviewing o.
func (s *Service) submissionProblems(ctx context.Context, tx store.Tx, scope store.Scope, o *opportunity, involvement api.SalesInvolvementType) []api.ValidationExceptionError {
	errs := s.checkOpportunity(ctx, tx, scope, o, o, checkSubmit)
	if involvement == api.SalesInvolvementTypeCoSell {
		if len(o.PrimaryNeedsFromAws) == 0 {
			errs = append(errs, fieldError("primaryNeedsFromAws", api.ValidationExceptionErrorCodeRequiredFieldMissing,
				"PrimaryNeedsFromAws is required to submit for Co-Sell: say what you need from AWS."))
		}
		if o.Project == nil || len(o.Project.SalesActivities) == 0 {
			errs = append(errs, fieldError("project.salesActivities", api.ValidationExceptionErrorCodeRequiredFieldMissing,
				"Project.SalesActivities is required to submit for Co-Sell."))
		}
	}
	return errs
}

// markSubmitted records how o goes to AWS.
func (s *Service) markSubmitted(o *opportunity, involvement api.SalesInvolvementType, visibility *api.Visibility) {
	vis := api.VisibilityFull
	if visibility != nil {
		vis = *visibility
	}
	now := s.now()
	if involvement == api.SalesInvolvementTypeForVisibilityOnly {
		o.PrimaryNeedsFromAws = []api.PrimaryNeedFromAws{primaryNeedNoSupport}
	}
	o.Submission = &submission{InvolvementType: involvement, Visibility: vis, SubmittedAt: now}
	o.LastModifiedDate = api.NewDateTime(later(now, o.LastModifiedDate.Time))
}
