package selling

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"pcs/api"
	"pcs/caller"
	"pcs/store"
)

// opportunity is the stored document of an opportunity: what GetOpportunity
// answers, plus what the service keeps about it that no read operation shows.
type opportunity struct {
	api.GetOpportunityResponse
	opportunityState
}

// opportunityState is what the service keeps about an opportunity beyond
// its GetOpportunity answer; its members follow the answer's in the
// stored document.
type opportunityState struct {
	Origin *api.OpportunityOrigin `json:"Origin,omitempty"`
	Tags   []api.Tag              `json:"Tags,omitempty"`
	// AwsSide marks an AWS referral made in the Sandbox that stays on AWS's
	// side until the partner accepts its invitation: invisible until then.
	AwsSide bool `json:"AwsSide,omitempty"`
	// Submission is how the partner submitted it to AWS, once submitted, or
	// how AWS referred it: AWS has an opportunity behind it from then on.
	Submission *submission `json:"Submission,omitempty"`
	// EngagementID is the engagement the opportunity is shared in, and
	// AwsInvitationID the invitation to AWS that submitting it sent.
	EngagementID    string `json:"EngagementId,omitempty"`
	AwsInvitationID string `json:"AwsInvitationId,omitempty"`
	// Followers are the invited partners' opportunities that take this
	// one's review status (multi-partner opportunities).
	Followers []opportunityRef `json:"Followers,omitempty"`
	// StatusChanges are the changes of its review status and stage, the
	// last maxStatusChanges of them: its review timeline, which outlives
	// the stored versions maintenance prunes.
	StatusChanges []StatusChange `json:"StatusChanges,omitempty"`
}

type submission struct {
	InvolvementType api.SalesInvolvementType `json:"InvolvementType"`
	Visibility      api.Visibility           `json:"Visibility"`
	SubmittedAt     time.Time                `json:"SubmittedAt"`
	// Round counts the times the opportunity entered AWS's review; a
	// scheduled review step only acts on the round it was scheduled for.
	Round int `json:"Round"`
	// FirstQualityScore is the quality score AWS gave when it approved the
	// opportunity, against which its Trend is told.
	FirstQualityScore *int `json:"FirstQualityScore,omitempty"`
	// AwsTeam is AWS's team on an opportunity AWS referred: the referral's
	// senders. Empty for a partner's submission, whose team AWS assigns
	// on approval.
	AwsTeam []api.AwsTeamMember `json:"AwsTeam,omitempty"`
}

// maxNextStepsHistory is how many NextSteps changes the service keeps.
const maxNextStepsHistory = 50

func (o *opportunity) reviewStatus() api.ReviewStatus {
	if o.LifeCycle == nil || o.LifeCycle.ReviewStatus == nil {
		return ""
	}
	return *o.LifeCycle.ReviewStatus
}

// record is what the store keeps of o: its document, the summary
// ListOpportunities answers for it, encoded as sent (so that a listing
// neither reads the document nor decodes anything), and the columns
// listings filter and sort on.
func (o *opportunity) record(scope store.Scope) (*store.Opportunity, error) {
	answer, err := o.answer()
	if err != nil {
		return nil, err
	}
	doc, err := o.document(answer)
	if err != nil {
		return nil, err
	}
	summary, err := o.encodedSummary()
	if err != nil {
		return nil, err
	}
	rec := &store.Opportunity{
		Scope:          scope,
		ID:             deref(o.Id),
		CreatedAt:      o.CreatedDate.Time,
		LastModifiedAt: o.LastModifiedDate.Time,
		Summary:        summary,
		SummaryEncoded: true,
		Doc:            doc,
		Answer:         answer,
	}
	if lc := o.LifeCycle; lc != nil {
		rec.Stage = string(deref(lc.Stage))
		rec.ReviewStatus = string(deref(lc.ReviewStatus))
		rec.TargetCloseDate = deref(lc.TargetCloseDate)
	}
	if o.Customer != nil && o.Customer.Account != nil {
		rec.CustomerCompanyName = deref(o.Customer.Account.CompanyName)
	}
	return rec, nil
}

// awsSideScope is where an AWS referral waits until the partner accepts its
// invitation: outside the partner's catalog, so no read or listing of the
// partner's can reach it.
func awsSideScope(scope store.Scope) store.Scope {
	return store.Scope{Account: scope.Account, Catalog: scope.Catalog + ":aws-side"}
}

func decodeOpportunity(rec *store.Opportunity) (*opportunity, error) {
	o := new(opportunity)
	if err := json.Unmarshal(rec.Doc, o); err != nil {
		return nil, fmt.Errorf("opportunity %s: corrupt document: %w", rec.ID, err)
	}
	o.RelatedEntityIdentifiers = relatedEntities(o.RelatedEntityIdentifiers)
	o.startStatusChanges()
	return o, nil
}

// relatedEntities is rel as the service answers it: always there, a list
// with nothing associated empty ([]), not null. Stored documents, preloaded
// ones among them, may lack it or its lists.
func relatedEntities(rel *api.RelatedEntityIdentifiers) *api.RelatedEntityIdentifiers {
	if rel == nil {
		rel = &api.RelatedEntityIdentifiers{}
	}
	for _, l := range []*[]string{&rel.AwsMarketplaceOfferSets, &rel.AwsMarketplaceOffers, &rel.AwsMarketplaceProducts,
		&rel.AwsMarketplaceSolutions, &rel.AwsProducts, &rel.Solutions} {
		if *l == nil {
			*l = []string{}
		}
	}
	return rel
}

// loadOpportunity reads a visible opportunity or fails with the service's
// ResourceNotFoundException.
func loadOpportunity(ctx context.Context, tx store.Tx, scope store.Scope, id string) (*opportunity, error) {
	rec, err := tx.GetOpportunity(ctx, scope, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, opportunityNotFound(scope, id)
	}
	if err != nil {
		return nil, err
	}
	o, err := decodeOpportunity(rec)
	if err != nil {
		return nil, err
	}
	return o, nil
}

func opportunityNotFound(scope store.Scope, id string) error {
	return notFound("Opportunity %s not found in catalog %s.", id, scope.Catalog)
}

// saveOpportunity stores o and tells its owner with an Opportunity Created
// or Updated event (none while it waits on AWS's side).
func (s *Service) saveOpportunity(ctx context.Context, tx store.Tx, scope store.Scope, o *opportunity, insert bool) error {
	o.noteFirstScore()
	at := s.now()
	if insert && o.CreatedDate != nil {
		at = o.CreatedDate.Time // the creation is the timeline's first step
	}
	o.noteStatus(at)
	rec, err := o.record(scope)
	if err != nil {
		return err
	}
	if insert {
		err = tx.InsertOpportunity(ctx, rec)
	} else {
		err = tx.UpdateOpportunity(ctx, rec)
	}
	if err != nil || o.AwsSide {
		return err
	}
	if err := s.opportunityEvent(ctx, tx, scope, rec.ID, insert); err != nil || insert {
		return err
	}
	if err := s.runSnapshotJobsFor(ctx, tx, scope, o); err != nil {
		return err
	}
	return s.shareAwsView(ctx, tx, scope, o)
}

// CreateOpportunity creates an opportunity in Pending Submission.
func (s *Service) CreateOpportunity(ctx context.Context, in *api.CreateOpportunityRequest) (*api.CreateOpportunityResponse, error) {
	return writeOnce(ctx, s, in.Catalog, api.OpCreateOpportunity, in.ClientToken, in,
		func(tx store.Tx, scope store.Scope, in *api.CreateOpportunityRequest) (*api.CreateOpportunityResponse, error) {
			return s.createOpportunity(ctx, tx, scope, in)
		})
}

func (s *Service) createOpportunity(ctx context.Context, tx store.Tx, scope store.Scope, in *api.CreateOpportunityRequest) (*api.CreateOpportunityResponse, error) {
	now := s.now()
	o := &opportunity{opportunityState: opportunityState{
		Origin: in.Origin,
		Tags:   in.Tags,
	}}
	o.Customer = in.Customer
	o.LifeCycle = in.LifeCycle
	o.Marketing = in.Marketing
	o.NationalSecurity = in.NationalSecurity
	o.OpportunityType = in.OpportunityType
	o.PartnerOpportunityIdentifier = in.PartnerOpportunityIdentifier
	o.PrimaryNeedsFromAws = in.PrimaryNeedsFromAws
	o.Project = in.Project
	o.SoftwareRevenue = in.SoftwareRevenue
	o.OpportunityTeam = in.OpportunityTeam

	if errs := s.checkOpportunity(ctx, tx, scope, o, nil, checkCreate); len(errs) > 0 {
		return nil, businessInvalid(errs...)
	}
	seq, err := tx.NextSequence(ctx, "opportunity")
	if err != nil {
		return nil, err
	}
	id := opportunityID(seq)
	o.Id = &id
	o.Arn = ptr(opportunityARN(scope, id))
	o.Catalog = ptr(scope.Catalog)
	o.CreatedDate = api.NewDateTime(now)
	o.LastModifiedDate = api.NewDateTime(now)
	o.RelatedEntityIdentifiers = relatedEntities(nil)
	applyDefaults(o)
	// The service decides the review status; a value sent on create is not honoured.
	o.LifeCycle.ReviewStatus = ptr(api.ReviewStatusPendingSubmission)
	o.LifeCycle.NextStepsHistory = nil
	if ns := deref(o.LifeCycle.NextSteps); ns != "" {
		o.LifeCycle.NextStepsHistory = []api.NextStepsHistory{{Value: ptr(ns), Time: api.NewDateTime(now)}}
	}
	o.OpportunityTeam = withOwner(o.OpportunityTeam, defaultOwner(ctx))
	where := scope
	if deref(o.Origin) == api.OpportunityOriginAwsReferral {
		o.AwsSide = true
		where = awsSideScope(scope)
	}
	if err := s.saveOpportunity(ctx, tx, where, o, true); err != nil {
		return nil, err
	}
	if o.AwsSide {
		// AWS sends the partner the referral's invitation a few seconds later.
		if err := s.scheduleJob(ctx, tx, scope, jobReferralInvite, referralJobKey(id), now.Add(referralDelay), inviteJob{ID: id}); err != nil {
			return nil, err
		}
	}
	return &api.CreateOpportunityResponse{
		Id:                           o.Id,
		LastModifiedDate:             o.LastModifiedDate,
		PartnerOpportunityIdentifier: o.PartnerOpportunityIdentifier,
	}, nil
}

// applyDefaults fills what the service fills when the partner leaves it out.
func applyDefaults(o *opportunity) {
	if o.LifeCycle == nil {
		o.LifeCycle = &api.LifeCycle{}
	}
	if o.LifeCycle.Stage == nil {
		o.LifeCycle.Stage = ptr(api.StageProspect)
	}
	if o.NationalSecurity == nil {
		o.NationalSecurity = ptr(api.NationalSecurityNo)
	}
	if o.OpportunityType == nil {
		o.OpportunityType = ptr(api.OpportunityTypeNetNewBusiness)
	}
	if o.Marketing == nil {
		o.Marketing = &api.Marketing{}
	}
	if o.Marketing.Source == nil {
		o.Marketing.Source = ptr(api.MarketingSourceNone)
	}
	if o.Origin == nil {
		o.Origin = ptr(api.OpportunityOriginPartnerReferral)
	}
	// The service answers with TargetCompany AWS whatever was sent, except
	// for the Self entry of total-contract-value sizing.
	if o.Project != nil {
		for i := range o.Project.ExpectedCustomerSpend {
			e := &o.Project.ExpectedCustomerSpend[i]
			if deref(e.TargetCompany) != targetCompanySelf {
				e.TargetCompany = ptr(targetCompanyAWS)
			}
		}
	}
}

const (
	targetCompanyAWS  = "AWS"
	targetCompanySelf = "Self"
)

const (
	titleOpportunityOwner      = "OpportunityOwner"
	titlePartnerAccountManager = "PartnerAccountManager"
)

// defaultOwner is the contact the service makes the owner of a new
// opportunity: the account's alliance lead.
func defaultOwner(ctx context.Context) api.Contact {
	id, _ := caller.FromContext(ctx)
	return api.Contact{
		BusinessTitle: ptr(titleOpportunityOwner),
		Email:         ptr(fmt.Sprintf("alliance-lead@partner-%s.example.com", id.AccountID)),
		FirstName:     ptr("Alliance"),
		LastName:      ptr("Lead"),
	}
}

// withOwner keeps the partner's account managers and puts owner in place of
// any OpportunityOwner entry.
func withOwner(team []api.Contact, owner api.Contact) []api.Contact {
	out := []api.Contact{owner}
	for _, c := range team {
		if deref(c.BusinessTitle) != titleOpportunityOwner {
			out = append(out, c)
		}
	}
	return out
}

// GetOpportunity returns an opportunity of the caller's.
func (s *Service) GetOpportunity(ctx context.Context, in *api.GetOpportunityRequest) (*api.GetOpportunityResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	var o *opportunity
	err = s.db.View(ctx, func(tx store.Tx) error {
		o, err = loadOpportunity(ctx, tx, scope, deref(in.Identifier))
		if err == nil && checkStoredAnswers {
			err = checkStoredAnswer(ctx, tx, scope, o)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &o.GetOpportunityResponse, nil
}
