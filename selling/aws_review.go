package selling

import (
	"context"
	"errors"
	"fmt"
	"time"

	"pcs/api"
	"pcs/store"
)

// ReviewDecision is the outcome of AWS's review of a submitted opportunity.
type ReviewDecision struct {
	// Outcome is Approved, Action Required or Rejected; empty means the
	// review waits for a decision given through the admin side.
	Outcome            api.ReviewStatus
	ReviewComments     string
	ReviewStatusReason string
	// After is how long the review takes once the opportunity is In review.
	After time.Duration
}

// ReviewPolicy plays AWS's reviewers in the AWS catalog. (The Sandbox has
// no automatic review: the partner simulates outcomes with UpdateOpportunity.)
type ReviewPolicy interface {
	// StartAfter is how long a submitted opportunity waits before AWS
	// starts reviewing it (Submitted, then In review).
	StartAfter() time.Duration
	// Decide picks the outcome for an opportunity as it stands when its
	// review starts.
	Decide(o *api.GetOpportunityResponse) ReviewDecision
}

// FixedReview is the simplest policy: every review starts after Wait and
// ends after Review with Outcome (empty: wait for an admin decision) and
// Comments as its ReviewComments (empty: DefaultActionRequiredComments for
// Action Required, none for the other outcomes).
type FixedReview struct {
	Wait, Review time.Duration
	Outcome      api.ReviewStatus
	Comments     string
}

// DefaultActionRequiredComments are the ReviewComments of an Action
// Required that no one gave comments for: AWS always says what it requires.
const DefaultActionRequiredComments = "Add detail to the customer's business problem and confirm the customer's website and address so that AWS can validate the opportunity."

// StartAfter implements ReviewPolicy.
func (p FixedReview) StartAfter() time.Duration { return p.Wait }

// Decide implements ReviewPolicy.
func (p FixedReview) Decide(*api.GetOpportunityResponse) ReviewDecision {
	return ReviewDecision{Outcome: p.Outcome, ReviewComments: p.Comments, After: p.Review}
}

// manualReview is how a rules file or pcs serve -review-outcome names the
// outcome of a review that waits for a decision given through the admin
// side.
const manualReview = "manual"

// ParseReviewOutcome reads a review outcome as users write it (pcs serve
// -review-outcome, a rules file): Approved, Action Required, Rejected, or
// manual, read as the empty outcome of a review left to the admin side.
func ParseReviewOutcome(s string) (api.ReviewStatus, error) {
	if s == manualReview {
		return "", nil
	}
	if st := api.ReviewStatus(s); decides(st) {
		return st, nil
	}
	return "", fmt.Errorf("outcome %q: want Approved, \"Action Required\", Rejected or %s", s, manualReview)
}

// decides reports whether st is an outcome that ends a review.
func decides(st api.ReviewStatus) bool {
	switch st {
	case api.ReviewStatusApproved, api.ReviewStatusActionRequired, api.ReviewStatusRejected:
		return true
	}
	return false
}

// DefaultReview approves every opportunity after a short review: a minute
// in the queue and five minutes In review, on the pcs clock.
var DefaultReview = FixedReview{Wait: time.Minute, Review: 5 * time.Minute, Outcome: api.ReviewStatusApproved}

// enterReview puts o into AWS's review queue: Submitted now, and in the AWS
// catalog a scheduled start of the review.
func (s *Service) enterReview(ctx context.Context, tx store.Tx, scope store.Scope, o *opportunity) error {
	o.LifeCycle.ReviewStatus = ptr(api.ReviewStatusSubmitted)
	o.LifeCycle.ReviewComments, o.LifeCycle.ReviewStatusReason = nil, nil
	o.Submission.Round++
	if err := s.saveOpportunity(ctx, tx, scope, o, false); err != nil {
		return err
	}
	if scope.Catalog != CatalogAWS || s.cfg.ReviewPolicy == nil {
		return nil
	}
	p := reviewJob{ID: deref(o.Id), Round: o.Submission.Round}
	return s.scheduleJob(ctx, tx, scope, jobReviewStart, reviewJobKey(jobReviewStart, scope, p), s.now().Add(s.cfg.ReviewPolicy.StartAfter()), p)
}

// runReviewJob does one step of AWS's review.
func (a *AWS) runReviewJob(ctx context.Context, tx store.Tx, j store.Job) error {
	var p reviewJob
	if err := decodeJob(j, &p); err != nil {
		return err
	}
	o, err := loadOpportunity(ctx, tx, j.Scope, p.ID)
	if err != nil {
		return fmt.Errorf("job %d: %w", j.ID, err)
	}
	if o.Submission == nil || o.Submission.Round != p.Round {
		return nil
	}
	switch j.Kind {
	case jobReviewStart:
		if o.reviewStatus() != api.ReviewStatusSubmitted {
			return nil
		}
		// Timed from when the review was due to start, so that one move of
		// the clock past both steps plays both out.
		return a.startReview(ctx, tx, j.Scope, o, j.DueAt)
	case jobReviewDecide:
		if o.reviewStatus() != api.ReviewStatusInReview || p.Decision == nil {
			return nil
		}
		return a.applyReview(ctx, tx, j.Scope, o, *p.Decision)
	}
	return nil
}

// startReview puts the Submitted o In review, from at on the pcs clock,
// and in the AWS catalog schedules the decision the review policy makes,
// if it makes one, for when the review ends.
func (a *AWS) startReview(ctx context.Context, tx store.Tx, scope store.Scope, o *opportunity, at time.Time) error {
	s := a.svc
	o.LifeCycle.ReviewStatus = ptr(api.ReviewStatusInReview)
	o.LastModifiedDate = api.NewDateTime(later(s.now(), o.LastModifiedDate.Time))
	if err := s.saveOpportunity(ctx, tx, scope, o, false); err != nil {
		return err
	}
	if scope.Catalog != CatalogAWS || s.cfg.ReviewPolicy == nil || o.Submission == nil {
		return nil // no review job would run: a review policy plays the AWS catalog only
	}
	d := s.cfg.ReviewPolicy.Decide(&o.GetOpportunityResponse)
	if d.Outcome == "" {
		return nil
	}
	p := reviewJob{ID: deref(o.Id), Round: o.Submission.Round, Decision: &d}
	return s.scheduleJob(ctx, tx, scope, jobReviewDecide, reviewJobKey(jobReviewDecide, scope, p), at.Add(d.After), p)
}

// StartReview is AWS's reviewer taking up a Submitted opportunity now,
// through the admin side, as the review's scheduled start would: it goes
// In review and, in the AWS catalog, the review policy's decision (if it
// makes one) follows after the policy's review time. The scheduled start
// then finds it In review and does nothing.
func (a *AWS) StartReview(ctx context.Context, scope store.Scope, id string) error {
	return a.svc.db.Update(ctx, func(tx store.Tx) error {
		o, err := loadOpportunity(ctx, tx, scope, id)
		if err != nil {
			return err
		}
		if st := o.reviewStatus(); st != api.ReviewStatusSubmitted {
			return &InvalidInputError{Problems: []string{fmt.Sprintf("opportunity %s is %s; only a Submitted opportunity can go In review", id, st)}}
		}
		return a.startReview(ctx, tx, scope, o, a.svc.now())
	})
}

// applyReview records AWS's decision on o; an Action Required without
// comments gets AWS's default ones.
func (a *AWS) applyReview(ctx context.Context, tx store.Tx, scope store.Scope, o *opportunity, d ReviewDecision) error {
	s := a.svc
	if d.Outcome == api.ReviewStatusActionRequired && d.ReviewComments == "" {
		d.ReviewComments = DefaultActionRequiredComments
	}
	o.LifeCycle.ReviewStatus = ptr(d.Outcome)
	o.LifeCycle.ReviewComments = optional(d.ReviewComments)
	o.LifeCycle.ReviewStatusReason = optional(d.ReviewStatusReason)
	o.LastModifiedDate = api.NewDateTime(later(s.now(), o.LastModifiedDate.Time))
	if err := s.saveOpportunity(ctx, tx, scope, o, false); err != nil {
		return err
	}
	return s.followReview(ctx, tx, scope, o)
}

// ReviewOpportunity is AWS's reviewer deciding now, through the admin side:
// an opportunity that is Submitted or In review gets the outcome.
func (a *AWS) ReviewOpportunity(ctx context.Context, scope store.Scope, id string, d ReviewDecision) error {
	s := a.svc
	if !decides(d.Outcome) {
		return &InvalidInputError{Problems: []string{"Outcome must be Approved, Action Required or Rejected"}}
	}
	return s.db.Update(ctx, func(tx store.Tx) error {
		o, err := loadOpportunity(ctx, tx, scope, id)
		if err != nil {
			return err
		}
		if st := o.reviewStatus(); st != api.ReviewStatusSubmitted && st != api.ReviewStatusInReview {
			return &InvalidInputError{Problems: []string{fmt.Sprintf("opportunity %s is %s; only Submitted or In review opportunities can be reviewed", id, st)}}
		}
		return a.applyReview(ctx, tx, scope, o, d)
	})
}

// follow registers follower as taking the review status of the sender's
// opportunity, and returns the status it starts with: Approved when the
// sender's is, Pending Submission while the sender's is, else Submitted.
func (s *Service) follow(ctx context.Context, tx store.Tx, sender, follower opportunityRef, catalog string) (api.ReviewStatus, error) {
	scope := store.Scope{Account: sender.Account, Catalog: catalog}
	o, err := loadOpportunity(ctx, tx, scope, sender.ID)
	if err != nil {
		return "", err
	}
	o.Followers = append(o.Followers, follower)
	rec, err := o.record(scope)
	if err != nil {
		return "", err
	}
	// Bookkeeping of the service's, not a change of the sender's opportunity.
	if err := tx.UpdateOpportunity(ctx, rec); err != nil {
		return "", err
	}
	switch st := o.reviewStatus(); st {
	case api.ReviewStatusApproved, api.ReviewStatusPendingSubmission:
		return st, nil
	default:
		return api.ReviewStatusSubmitted, nil
	}
}

// approveFollowers approves the followers of o, which AWS just approved.
func (s *Service) approveFollowers(ctx context.Context, tx store.Tx, catalog string, o *opportunity) error {
	for _, f := range o.Followers {
		scope := store.Scope{Account: f.Account, Catalog: catalog}
		fo, err := loadOpportunity(ctx, tx, scope, f.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if fo.reviewStatus() != api.ReviewStatusSubmitted {
			continue
		}
		fo.LifeCycle.ReviewStatus = ptr(api.ReviewStatusApproved)
		fo.LastModifiedDate = api.NewDateTime(later(s.now(), fo.LastModifiedDate.Time))
		if err := s.saveOpportunity(ctx, tx, scope, fo, false); err != nil {
			return err
		}
	}
	return nil
}

// followReview moves the invitation to AWS with AWS's decision: an
// approval accepts it (AWS joins the engagement), a rejection rejects it.
func (s *Service) followReview(ctx context.Context, tx store.Tx, scope store.Scope, o *opportunity) error {
	if o.reviewStatus() == api.ReviewStatusApproved {
		if err := s.approveFollowers(ctx, tx, scope.Catalog, o); err != nil {
			return err
		}
	}
	if o.AwsInvitationID == "" {
		return nil
	}
	var status api.InvitationStatus
	switch o.reviewStatus() {
	case api.ReviewStatusApproved:
		status = api.InvitationStatusAccepted
	case api.ReviewStatusRejected:
		status = api.InvitationStatusRejected
	default:
		return nil
	}
	inv, _, err := loadInvitation(ctx, tx, scope, o.AwsInvitationID)
	if err != nil || deref(inv.Status) != api.InvitationStatusPending {
		return err
	}
	inv.Status = &status
	if err := s.saveInvitation(ctx, tx, inv); err != nil {
		return err
	}
	if status != api.InvitationStatusAccepted {
		return nil
	}
	eng, _, err := loadEngagement(ctx, tx, scope, o.EngagementID)
	if err != nil {
		return err
	}
	return s.addMember(ctx, tx, scope.Catalog, eng, awsSenderAWSCatalog)
}
