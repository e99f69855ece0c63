package selling

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"pcs/api"
	"pcs/store"
)

// engagementTitleMax is how much of a project title (or a lead's company
// name) the service keeps as the title of the engagement it creates for an
// opportunity or that AWS opens for a referral or a lead.
const engagementTitleMax = 40

// createEngagement makes an engagement with contexts (numbered here) whose
// first member is its creator: one Engagement Created that names the
// contexts' types, no Engagement Updated for them.
func (s *Service) createEngagement(ctx context.Context, tx store.Tx, scope store.Scope, title, description *string, contexts []api.EngagementContextDetails) (*api.GetEngagementResponse, error) {
	now := s.now()
	id := engagementIDForm.new()
	e := &api.GetEngagementResponse{
		Arn: ptr(engagementARN(scope.Catalog, id)), Id: &id, Title: title, Description: description,
		CreatedAt: api.NewDateTime(now), CreatedBy: ptr(scope.Account),
		ModifiedAt: api.NewDateTime(now), ModifiedBy: ptr(scope.Account),
		Contexts: []api.EngagementContextDetails{},
	}
	types := []string{}
	for _, c := range contexts {
		c.Id = ptr(nextContextID(e))
		e.Contexts = append(e.Contexts, c)
		types = append(types, string(deref(c.Type)))
	}
	if err := saveEngagement(ctx, tx, scope.Catalog, e); err != nil {
		return nil, err
	}
	err := s.emit(ctx, tx, scope.Account, scope.Catalog, evEngagementCreated, []string{deref(e.Arn)}, map[string]any{
		"catalog": scope.Catalog,
		"engagement": map[string]any{"engagementArn": deref(e.Arn), "engagementId": id,
			"CreatedAt": now.Format(timeFormat), "CreatedBy": scope.Account, "ContextTypes": types},
	})
	if err != nil {
		return nil, err
	}
	return e, s.addMember(ctx, tx, scope.Catalog, e, scope.Account)
}

func saveEngagement(ctx context.Context, tx store.Tx, catalog string, e *api.GetEngagementResponse) error {
	stored := *e
	stored.MemberCount = nil // derived from the members table on every read
	doc, err := json.Marshal(stored)
	if err != nil {
		return err
	}
	var types []string
	for _, c := range e.Contexts {
		types = append(types, string(deref(c.Type)))
	}
	return tx.PutEngagement(ctx, &store.Engagement{Catalog: catalog, ID: deref(e.Id), CreatedBy: deref(e.CreatedBy),
		CreatedAt: e.CreatedAt.Time, ModifiedAt: e.ModifiedAt.Time, ContextTypes: types, Doc: doc})
}

// loadEngagement reads an engagement the caller is a member of.
func loadEngagement(ctx context.Context, tx store.Tx, scope store.Scope, idOrARN string) (*api.GetEngagementResponse, []store.EngagementMember, error) {
	id := idFromARN(idOrARN)
	rec, err := tx.GetEngagement(ctx, scope.Catalog, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, notFound("Engagement %s not found in catalog %s.", id, scope.Catalog)
	}
	if err != nil {
		return nil, nil, err
	}
	members, err := tx.EngagementMembers(ctx, scope.Catalog, id)
	if err != nil {
		return nil, nil, err
	}
	member := false
	for _, m := range members {
		member = member || m.Account == scope.Account
	}
	if !member {
		return nil, nil, notFound("Engagement %s not found in catalog %s.", id, scope.Catalog)
	}
	e := new(api.GetEngagementResponse)
	if err := json.Unmarshal(rec.Doc, e); err != nil {
		return nil, nil, fmt.Errorf("engagement %s: corrupt document: %w", id, err)
	}
	e.MemberCount = ptr(int32(len(members)))
	return e, members, nil
}

// maxCreateContexts is how many contexts CreateEngagement takes.
const maxCreateContexts = 5

// CreateEngagement creates an engagement whose first member is the caller.
func (s *Service) CreateEngagement(ctx context.Context, in *api.CreateEngagementRequest) (*api.CreateEngagementResponse, error) {
	if len(in.Contexts) > maxCreateContexts {
		return nil, requestInvalid(fieldError("contexts", api.ValidationExceptionErrorCodeTooManyValues,
			"CreateEngagement takes at most %d contexts; add more with CreateEngagementContext.", maxCreateContexts))
	}
	for _, c := range in.Contexts {
		if err := partnerMayCreate(deref(c.Type), "contexts"); err != nil {
			return nil, err
		}
		if err := contextMatchesType(deref(c.Type), payloadType(c.Payload), "contexts"); err != nil {
			return nil, err
		}
	}
	return writeOnce(ctx, s, in.Catalog, api.OpCreateEngagement, in.ClientToken, in,
		func(tx store.Tx, scope store.Scope, in *api.CreateEngagementRequest) (*api.CreateEngagementResponse, error) {
			contexts := make([]api.EngagementContextDetails, len(in.Contexts))
			for i, c := range in.Contexts {
				c.Payload = withoutLeadInsights(c.Payload)
				contexts[i] = c
			}
			e, err := s.createEngagement(ctx, tx, scope, in.Title, in.Description, contexts)
			if err != nil {
				return nil, err
			}
			return &api.CreateEngagementResponse{Arn: e.Arn, Id: e.Id, ModifiedAt: e.ModifiedAt}, nil
		})
}

// GetEngagement returns an engagement the caller is a member of.
func (s *Service) GetEngagement(ctx context.Context, in *api.GetEngagementRequest) (*api.GetEngagementResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	var e *api.GetEngagementResponse
	err = s.db.View(ctx, func(tx store.Tx) error {
		e, _, err = loadEngagement(ctx, tx, scope, deref(in.Identifier))
		return err
	})
	return e, err
}

// ListEngagements lists the engagements the caller is a member of.
func (s *Service) ListEngagements(ctx context.Context, in *api.ListEngagementsRequest) (*api.ListEngagementsResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	q := store.EngagementQuery{Catalog: scope.Catalog, Member: scope.Account, CreatedBy: in.CreatedBy,
		ExcludeCreatedBy: in.ExcludeCreatedBy, Descending: true, Limit: pageSize(in.MaxResults)}
	for _, id := range in.EngagementIdentifier {
		q.IDs = append(q.IDs, idFromARN(id))
	}
	for _, t := range in.ContextTypes {
		q.ContextTypes = append(q.ContextTypes, string(t))
	}
	for _, t := range in.ExcludeContextTypes {
		q.ExcludeContextTypes = append(q.ExcludeContextTypes, string(t))
	}
	if in.Sort != nil {
		q.Descending = deref(in.Sort.SortOrder) == api.SortOrderDescending
	}
	out := &api.ListEngagementsResponse{}
	out.EngagementSummaryList, out.NextToken, err = storePage(ctx, s, in, in.NextToken, q.Limit,
		func(tx store.Tx, after *store.Cursor, limit int) ([]listedEngagement, error) {
			qq := q
			qq.After, qq.Limit = after, limit
			return listEngagements(ctx, tx, qq)
		},
		engagementSummary)
	return out, err
}

// listedEngagement is an engagement of a listing with its member count,
// read in the listing's transaction.
type listedEngagement struct {
	store.Engagement
	members int
}

func listEngagements(ctx context.Context, tx store.Tx, q store.EngagementQuery) ([]listedEngagement, error) {
	recs, err := tx.ListEngagements(ctx, q)
	if err != nil {
		return nil, err
	}
	list := make([]listedEngagement, len(recs))
	for i, r := range recs {
		members, err := tx.EngagementMembers(ctx, q.Catalog, r.ID)
		if err != nil {
			return nil, err
		}
		list[i] = listedEngagement{Engagement: r, members: len(members)}
	}
	return list, nil
}

func engagementSummary(r listedEngagement) (api.EngagementSummary, error) {
	var e api.GetEngagementResponse
	if err := json.Unmarshal(r.Doc, &e); err != nil {
		return api.EngagementSummary{}, err
	}
	sum := api.EngagementSummary{Arn: e.Arn, CreatedAt: e.CreatedAt, CreatedBy: e.CreatedBy, Id: e.Id,
		MemberCount: ptr(int32(r.members)), ModifiedAt: e.ModifiedAt, ModifiedBy: e.ModifiedBy, Title: e.Title,
		ContextTypes: []api.EngagementContextType{}}
	for _, t := range r.ContextTypes {
		sum.ContextTypes = append(sum.ContextTypes, api.EngagementContextType(t))
	}
	return sum, nil
}

// touchEngagement saves a changed engagement as modified now by the caller
// and tells its members.
func (s *Service) touchEngagement(ctx context.Context, tx store.Tx, scope store.Scope, e *api.GetEngagementResponse) error {
	e.ModifiedAt, e.ModifiedBy = api.NewDateTime(later(s.now(), e.ModifiedAt.Time)), ptr(scope.Account)
	if err := saveEngagement(ctx, tx, scope.Catalog, e); err != nil {
		return err
	}
	members, err := tx.EngagementMembers(ctx, scope.Catalog, deref(e.Id))
	if err != nil {
		return err
	}
	types := []string{}
	for _, c := range e.Contexts {
		types = append(types, string(deref(c.Type)))
	}
	for _, m := range members {
		err := s.emit(ctx, tx, m.Account, scope.Catalog, evEngagementUpdated, []string{deref(e.Arn)}, map[string]any{
			"catalog": scope.Catalog,
			"engagement": map[string]any{"engagementArn": deref(e.Arn), "engagementId": deref(e.Id),
				"LastModifiedAt": e.ModifiedAt.Format(timeFormat), "LastModifiedBy": scope.Account, "ContextTypes": types},
		})
		if err != nil {
			return err
		}
	}
	return nil
}
