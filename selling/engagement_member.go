package selling

import (
	"context"
	"encoding/json"
	"errors"

	"pcs/api"
	"pcs/store"
)

func (s *Service) memberDoc(account string) []byte {
	m := api.EngagementMember{AccountId: ptr(account), CompanyName: ptr(s.companyName(account))}
	if account == awsSenderAWSCatalog {
		m.WebsiteUrl = ptr(awsWebsite)
	}
	b, _ := json.Marshal(m)
	return b
}

// addMember makes account a member of e (a member already is left as is).
func (s *Service) addMember(ctx context.Context, tx store.Tx, catalog string, e *api.GetEngagementResponse, account string) error {
	err := tx.AddEngagementMember(ctx, &store.EngagementMember{Catalog: catalog, EngagementID: deref(e.Id),
		Account: account, JoinedAt: s.now(), Doc: s.memberDoc(account)})
	if errors.Is(err, store.ErrExists) {
		return nil
	}
	if err != nil {
		return err
	}
	e.ModifiedAt, e.ModifiedBy = api.NewDateTime(later(s.now(), e.ModifiedAt.Time)), ptr(account)
	if err := saveEngagement(ctx, tx, catalog, e); err != nil {
		return err
	}
	// Every member hears of the newcomer.
	members, err := tx.EngagementMembers(ctx, catalog, deref(e.Id))
	if err != nil {
		return err
	}
	for _, m := range members {
		err := s.emit(ctx, tx, m.Account, catalog, evEngagementMemberAdd, []string{deref(e.Arn)}, map[string]any{
			"catalog": catalog, "engagement": map[string]string{"id": deref(e.Id)},
			"engagementMember": map[string]string{"accountId": account, "companyName": s.companyName(account)},
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// defaultMemberPage is the page size of ListEngagementMembers without
// MaxResults.
const defaultMemberPage = 10

// ListEngagementMembers lists an engagement's members; only members may.
func (s *Service) ListEngagementMembers(ctx context.Context, in *api.ListEngagementMembersRequest) (*api.ListEngagementMembersResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	limit := defaultMemberPage
	if n := deref(in.MaxResults); n > 0 {
		limit = int(n)
	}
	var members []store.EngagementMember
	if err := s.db.View(ctx, func(tx store.Tx) error {
		_, members, err = loadEngagement(ctx, tx, scope, deref(in.Identifier))
		return err
	}); err != nil {
		return nil, err
	}
	all := make([]api.EngagementMember, len(members))
	for i, m := range members {
		if err := json.Unmarshal(m.Doc, &all[i]); err != nil {
			return nil, err
		}
	}
	out := &api.ListEngagementMembersResponse{}
	out.EngagementMemberList, out.NextToken, err = slicePage(s, in, in.NextToken, limit, all)
	return out, err
}

// joinEngagement makes the caller a member of an engagement and returns it
// (nil when pcs keeps no such engagement).
func (s *Service) joinEngagement(ctx context.Context, tx store.Tx, scope store.Scope, engagementID string) (*api.GetEngagementResponse, error) {
	rec, err := tx.GetEngagement(ctx, scope.Catalog, engagementID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	e := new(api.GetEngagementResponse)
	if err := json.Unmarshal(rec.Doc, e); err != nil {
		return nil, err
	}
	return e, s.addMember(ctx, tx, scope.Catalog, e, scope.Account)
}
