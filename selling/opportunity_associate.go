package selling

import (
	"context"
	"errors"
	"slices"
	"strings"

	"pcs/api"
	"pcs/store"
)

// Association limits per opportunity (the service's quotas page). The
// quotas page names none for AWS Marketplace solutions and products, so
// those are chosen: as many as partner solutions (which Marketplace
// solutions replace) and as AWS products.
var associationLimits = map[api.RelatedEntityType]int{
	api.RelatedEntityTypeSolutions:               10,
	api.RelatedEntityTypeAwsProducts:             20,
	api.RelatedEntityTypeAwsMarketplaceOffers:    1,
	api.RelatedEntityTypeAwsMarketplaceOfferSets: 1,
	api.RelatedEntityTypeAwsMarketplaceSolutions: 10,
	api.RelatedEntityTypeAwsMarketplaceProducts:  20,
}

// AssociateOpportunity links a solution, AWS product, or Marketplace offer,
// offer set, solution or product to an opportunity.
func (s *Service) AssociateOpportunity(ctx context.Context, in *api.AssociateOpportunityRequest) error {
	return s.changeAssociation(ctx, in.Catalog, deref(in.OpportunityIdentifier), deref(in.RelatedEntityType), deref(in.RelatedEntityIdentifier), true)
}

// DisassociateOpportunity removes such a link.
func (s *Service) DisassociateOpportunity(ctx context.Context, in *api.DisassociateOpportunityRequest) error {
	return s.changeAssociation(ctx, in.Catalog, deref(in.OpportunityIdentifier), deref(in.RelatedEntityType), deref(in.RelatedEntityIdentifier), false)
}

func (s *Service) changeAssociation(ctx context.Context, catalog *string, oppID string, kind api.RelatedEntityType, entity string, associate bool) error {
	scope, err := s.scope(ctx, catalog)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx store.Tx) error {
		o, err := loadOpportunity(ctx, tx, scope, oppID)
		if err != nil {
			return err
		}
		switch st := o.reviewStatus(); st {
		case api.ReviewStatusSubmitted, api.ReviewStatusInReview, api.ReviewStatusRejected:
			return businessInvalid(fieldError("opportunityIdentifier", api.ValidationExceptionErrorCodeInvalidResourceState,
				"Opportunity %s's related entities can't be changed while its ReviewStatus is %s.", oppID, st))
		}
		list := relatedList(o.RelatedEntityIdentifiers, kind) // there on every loaded opportunity
		if associate {
			if err := s.checkAssociable(ctx, tx, scope, o, kind, entity); err != nil {
				return err
			}
			if slices.Contains(*list, entity) {
				return businessInvalid(fieldError("relatedEntityIdentifier", api.ValidationExceptionErrorCodeDuplicateKeyValue,
					"%s is already associated with opportunity %s.", entity, oppID))
			}
			if n := associationLimits[kind]; len(*list) >= n {
				return businessInvalid(fieldError("relatedEntityIdentifier", api.ValidationExceptionErrorCodeTooManyValues,
					"Opportunity %s already has %d %s, the most it can have. Disassociate one first.", oppID, len(*list), kind))
			}
			*list = append(*list, entity)
		} else {
			i := slices.Index(*list, entity)
			if i < 0 {
				return notFound("%s is not associated with opportunity %s as %s.", entity, oppID, kind)
			}
			*list = slices.Delete(*list, i, i+1)
		}
		o.LastModifiedDate = api.NewDateTime(later(s.now(), o.LastModifiedDate.Time))
		return s.saveOpportunity(ctx, tx, scope, o, false)
	})
}

// hasSolution reports whether a partner solution or an AWS Marketplace
// solution (which the service recommends over the former) is associated.
func (o *opportunity) hasSolution() bool {
	rel := o.RelatedEntityIdentifiers
	return rel != nil && (len(rel.Solutions) > 0 || len(rel.AwsMarketplaceSolutions) > 0)
}

func relatedList(rel *api.RelatedEntityIdentifiers, kind api.RelatedEntityType) *[]string {
	switch kind {
	case api.RelatedEntityTypeSolutions:
		return &rel.Solutions
	case api.RelatedEntityTypeAwsProducts:
		return &rel.AwsProducts
	case api.RelatedEntityTypeAwsMarketplaceOffers:
		return &rel.AwsMarketplaceOffers
	case api.RelatedEntityTypeAwsMarketplaceSolutions:
		return &rel.AwsMarketplaceSolutions
	case api.RelatedEntityTypeAwsMarketplaceProducts:
		return &rel.AwsMarketplaceProducts
	default:
		return &rel.AwsMarketplaceOfferSets
	}
}

// checkAssociable checks that entity exists and may be linked.
func (s *Service) checkAssociable(ctx context.Context, tx store.Tx, scope store.Scope, o *opportunity, kind api.RelatedEntityType, entity string) error {
	field := "relatedEntityIdentifier"
	switch kind {
	case api.RelatedEntityTypeSolutions:
		if !solutionIDPattern.MatchString(entity) {
			return requestInvalid(fieldError(field, api.ValidationExceptionErrorCodeInvalidStringFormat,
				"%q is not a solution identifier (S- followed by digits; ListSolutions lists yours).", entity))
		}
		sol, err := s.solution(ctx, tx, scope, entity)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("Solution %s not found in catalog %s.", entity, scope.Catalog)
		}
		if err != nil {
			return err
		}
		if sol.Status != string(api.SolutionStatusActive) {
			return businessInvalid(fieldError(field, api.ValidationExceptionErrorCodeInvalidResourceState,
				"Solution %s is %s; only Active solutions can be associated.", entity, sol.Status))
		}
	case api.RelatedEntityTypeAwsProducts:
		if !productIDPattern.MatchString(entity) {
			return requestInvalid(fieldError(field, api.ValidationExceptionErrorCodeInvalidStringFormat,
				"%q is not an AWS product identifier (for example AmazonRedshift).", entity))
		}
	case api.RelatedEntityTypeAwsMarketplaceOffers, api.RelatedEntityTypeAwsMarketplaceOfferSets:
		pattern, other := offerARNPattern, o.RelatedEntityIdentifiers.AwsMarketplaceOfferSets
		what, otherWhat := "an AWS Marketplace offer ARN", "an offer set"
		if kind == api.RelatedEntityTypeAwsMarketplaceOfferSets {
			pattern, other = offerSetPattern, o.RelatedEntityIdentifiers.AwsMarketplaceOffers
			what, otherWhat = "an AWS Marketplace offer set ARN", "an offer"
		}
		m := pattern.FindStringSubmatch(entity)
		if m == nil {
			return requestInvalid(fieldError(field, api.ValidationExceptionErrorCodeInvalidStringFormat,
				"%q is not %s.", entity, what))
		}
		if m[1] != scope.Account {
			return businessInvalid(fieldError(field, api.ValidationExceptionErrorCodeInvalidValue,
				"%s belongs to account %s; only offers of your linked seller account %s can be associated.", entity, m[1], scope.Account))
		}
		if len(other) > 0 {
			return businessInvalid(fieldError(field, api.ValidationExceptionErrorCodeActionNotPermitted,
				"Opportunity %s already has %s (%s); an opportunity takes one offer or one offer set, not both.", deref(o.Id), otherWhat, strings.Join(other, ", ")))
		}
	case api.RelatedEntityTypeAwsMarketplaceSolutions:
		if !marketplaceSolutionPattern.MatchString(entity) {
			return requestInvalid(fieldError(field, api.ValidationExceptionErrorCodeInvalidStringFormat,
				"%q is not an AWS Marketplace solution ARN (for example %s; ListSolutions shows your solutions' AwsMarketplaceSolutionArn).", entity, marketplaceSolutionExample))
		}
		return s.checkMarketplaceSolutionActive(ctx, tx, scope, entity)
	case api.RelatedEntityTypeAwsMarketplaceProducts:
		if !marketplaceProductPattern.MatchString(entity) {
			return requestInvalid(fieldError(field, api.ValidationExceptionErrorCodeInvalidStringFormat,
				"%q is not an AWS Marketplace product ARN (for example %s).", entity, marketplaceProductExample))
		}
	}
	return nil
}

// checkMarketplaceSolutionActive refuses a Marketplace solution that one of
// the partner's registered solutions carries while none of those is Active,
// as the service refuses draft and inactive listings. pcs holds no copy of
// AWS Marketplace, so an ARN no registered solution carries (a subsidiary
// seller account's, say) is taken as listed.
func (s *Service) checkMarketplaceSolutionActive(ctx context.Context, tx store.Tx, scope store.Scope, arn string) error {
	sols, err := solutionsWithMarketplaceARN(ctx, tx, scope, arn)
	if err != nil || len(sols) == 0 {
		return err
	}
	for _, sol := range sols {
		if deref(sol.Status) == api.SolutionStatusActive {
			return nil
		}
	}
	return businessInvalid(fieldError("relatedEntityIdentifier", api.ValidationExceptionErrorCodeInvalidResourceState,
		"AWS Marketplace solution %s is solution %s's, which is %s; only Active solutions can be associated.", arn, deref(sols[0].Id), deref(sols[0].Status)))
}
