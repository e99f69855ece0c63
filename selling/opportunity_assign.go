package selling

import (
	"context"

	"pcs/api"
	"pcs/store"
)

// AssignOpportunity makes another partner user the opportunity's owner.
func (s *Service) AssignOpportunity(ctx context.Context, in *api.AssignOpportunityRequest) error {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return err
	}
	owner, err := s.assignee(scope, in.Assignee)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx store.Tx) error {
		o, err := loadOpportunity(ctx, tx, scope, deref(in.Identifier))
		if err != nil {
			return err
		}
		o.OpportunityTeam = withOwner(o.OpportunityTeam, owner)
		o.LastModifiedDate = api.NewDateTime(later(s.now(), o.LastModifiedDate.Time))
		return s.saveOpportunity(ctx, tx, scope, o, false)
	})
}
