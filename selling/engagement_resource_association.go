package selling

import (
	"context"

	"pcs/api"
	"pcs/store"
)

// ListEngagementResourceAssociations lists the resources shared in the
// engagements the caller is a member of.
func (s *Service) ListEngagementResourceAssociations(ctx context.Context, in *api.ListEngagementResourceAssociationsRequest) (*api.ListEngagementResourceAssociationsResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	limit := pageSize(in.MaxResults)
	var all []api.EngagementResourceAssociationSummary
	err = s.db.View(ctx, func(tx store.Tx) error {
		q := store.EngagementQuery{Catalog: scope.Catalog, Member: scope.Account}
		if id := deref(in.EngagementIdentifier); id != "" {
			q.IDs = []string{idFromARN(id)}
		}
		engs, err := tx.ListEngagements(ctx, q)
		if err != nil {
			return err
		}
		for _, e := range engs {
			snaps, err := tx.ListSnapshots(ctx, store.SnapshotQuery{Catalog: scope.Catalog, EngagementID: e.ID,
				ResourceType: string(deref(in.ResourceType)), ResourceID: deref(in.ResourceIdentifier), CreatedBy: deref(in.CreatedBy),
				Viewer: scope.Account})
			if err != nil {
				return err
			}
			seen := map[string]bool{}
			for _, sn := range snaps {
				if k := sn.ResourceType + "/" + sn.ResourceID; !seen[k] {
					seen[k] = true
					all = append(all, api.EngagementResourceAssociationSummary{Catalog: &scope.Catalog, CreatedBy: ptr(sn.CreatedBy),
						EngagementId: ptr(e.ID), ResourceId: ptr(sn.ResourceID), ResourceType: ptr(api.ResourceType(sn.ResourceType))})
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := &api.ListEngagementResourceAssociationsResponse{}
	out.EngagementResourceAssociationSummaries, out.NextToken, err = slicePage(s, in, in.NextToken, limit, all)
	return out, err
}
