package selling

import (
	"context"

	"pcs/api"
	"pcs/store"
)

// GetAwsOpportunitySummary is AWS's view of a submitted opportunity or of
// one AWS referred.
func (s *Service) GetAwsOpportunitySummary(ctx context.Context, in *api.GetAwsOpportunitySummaryRequest) (*api.GetAwsOpportunitySummaryResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	id := deref(in.RelatedOpportunityIdentifier)
	var o *opportunity
	if err := s.db.View(ctx, func(tx store.Tx) error {
		o, err = loadOpportunity(ctx, tx, scope, id)
		return err
	}); err != nil {
		return nil, err
	}
	if o.Submission == nil {
		return nil, notFound("AWS has no opportunity related to %s yet: it has not been submitted.", id)
	}
	v := o.awsFullView()
	return &api.GetAwsOpportunitySummaryResponse{
		Catalog: ptr(scope.Catalog), CosellMotion: v.CosellMotion, Customer: v.Customer, Insights: v.Insights, InvolvementType: v.InvolvementType,
		LifeCycle: v.LifeCycle, OpportunityTeam: v.OpportunityTeam, Origin: v.Origin, Project: v.Project,
		RelatedEntityIds: v.RelatedEntityIds, RelatedOpportunityId: v.RelatedOpportunityId, SoftwareRevenue: v.SoftwareRevenue,
		Visibility: v.Visibility,
	}, nil
}

// awsFullView is AWS's view of a submitted opportunity: what
// GetAwsOpportunitySummary answers and AwsOpportunitySummaryFullView
// snapshots hold.
func (o *opportunity) awsFullView() *api.AwsOpportunitySummaryFullView {
	out := &api.AwsOpportunitySummaryFullView{
		Customer:             &api.AwsOpportunityCustomer{Contacts: []api.Contact{}},
		InvolvementType:      ptr(o.Submission.InvolvementType),
		Visibility:           ptr(o.Submission.Visibility),
		Origin:               o.Origin,
		RelatedOpportunityId: o.Id,
		LifeCycle: &api.AwsOpportunityLifeCycle{
			NextSteps:       o.LifeCycle.NextSteps,
			Stage:           ptr(api.AwsOpportunityStageProspect),
			TargetCloseDate: o.LifeCycle.TargetCloseDate,
		},
		OpportunityTeam: []api.AwsTeamMember{},
	}
	if st := api.AwsOpportunityStage(deref(o.LifeCycle.Stage)); st.IsKnown() {
		out.LifeCycle.Stage = &st
	}
	if o.Project != nil {
		out.Project = &api.AwsOpportunityProject{AwsPartition: o.Project.AwsPartition, ExpectedCustomerSpend: o.Project.ExpectedCustomerSpend}
	}
	out.SoftwareRevenue = awsSoftwareRevenue(o.SoftwareRevenue)
	if rel := o.RelatedEntityIdentifiers; rel != nil {
		out.RelatedEntityIds = &api.AwsOpportunityRelatedEntities{AwsProducts: rel.AwsProducts, Solutions: rel.Solutions,
			AwsMarketplaceSolutions: rel.AwsMarketplaceSolutions, AwsMarketplaceProducts: rel.AwsMarketplaceProducts}
	}
	if len(o.Submission.AwsTeam) > 0 {
		out.OpportunityTeam = o.Submission.AwsTeam
	}
	if o.scored() {
		// Once approved, an AWS seller is on the opportunity (the referral's
		// senders on one AWS referred) and AWS scores it.
		if len(out.OpportunityTeam) == 0 {
			out.OpportunityTeam = []api.AwsTeamMember{{
				BusinessTitle: ptr(api.AwsMemberBusinessTitlePsm),
				Email:         ptr("partner-sales-manager@aws.example.com"),
				FirstName:     ptr("Pat"), LastName: ptr("Seller"),
			}}
		}
		out.Insights = &api.AwsOpportunityInsights{
			EngagementScore:    ptr(api.EngagementScoreMedium),
			NextBestActions:    ptr("Align with the AWS seller on the customer's migration timeline."),
			OpportunityQuality: o.opportunityQuality(),
			Recommendations:    o.recommendations(),
		}
		out.CosellMotion = ptr(o.cosellMotion())
	}
	return out
}

// awsSoftwareRevenue is the opportunity's software revenue as AWS records
// the deal terms: the partner's value and contract dates. The Discount is
// the seller's PARC term, and pcs has no seller to provide one. nil when
// the opportunity states no software revenue.
func awsSoftwareRevenue(r *api.SoftwareRevenue) *api.AwsSoftwareRevenue {
	if r == nil || (r.Value == nil && r.EffectiveDate == nil && r.ExpirationDate == nil) {
		return nil
	}
	return &api.AwsSoftwareRevenue{Value: r.Value, EffectiveDate: r.EffectiveDate, ExpirationDate: r.ExpirationDate}
}
