package selling

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"

	"pcs/api"
	"pcs/store"
)

// Snapshot templates pcs serves: the view of an opportunity shared with an
// engagement's members ("Opportunity" is the name AWS's own examples use),
// and AWS's view of it, which AWS writes for the opportunity's owner only.
const (
	templateSummaryView = "OpportunitySummaryView"
	templateOpportunity = "Opportunity"
	templateAwsFullView = "AwsOpportunitySummaryFullView"
)

// checkTemplate accepts the templates a partner can snapshot with.
func checkTemplate(t string) error {
	switch t {
	case templateSummaryView, templateOpportunity:
		return nil
	case templateAwsFullView:
		return requestInvalid(fieldError("resourceSnapshotTemplateIdentifier", api.ValidationExceptionErrorCodeInvalidValue,
			"%s snapshots are written by AWS, for the opportunity's owner, as AWS's view of it changes; share the opportunity with %s.",
			t, templateSummaryView))
	}
	return requestInvalid(fieldError("resourceSnapshotTemplateIdentifier", api.ValidationExceptionErrorCodeInvalidValue,
		"Template %q is not one pcs serves; use %s.", t, templateSummaryView))
}

// view is what a snapshot of o shares with the engagement's members.
func (o *opportunity) view() *api.OpportunitySummaryView {
	v := &api.OpportunitySummaryView{Customer: o.Customer, OpportunityTeam: o.OpportunityTeam, OpportunityType: o.OpportunityType,
		PrimaryNeedsFromAws: o.PrimaryNeedsFromAws, RelatedEntityIdentifiers: o.RelatedEntityIdentifiers}
	if lc := o.LifeCycle; lc != nil {
		v.Lifecycle = &api.LifeCycleForView{NextSteps: lc.NextSteps, ReviewStatus: lc.ReviewStatus, Stage: lc.Stage, TargetCloseDate: lc.TargetCloseDate}
	}
	if p := o.Project; p != nil {
		v.Project = &api.ProjectView{CustomerUseCase: p.CustomerUseCase, DeliveryModels: p.DeliveryModels,
			ExpectedContractDuration: p.ExpectedContractDuration, ExpectedCustomerSpend: p.ExpectedCustomerSpend,
			OtherSolutionDescription: p.OtherSolutionDescription, SalesActivities: p.SalesActivities}
	}
	return v
}

// takeSnapshot writes a new revision of o's shared view into an engagement,
// unless onlyIfChanged and the latest revision shows the same; it returns
// the revision that now stands.
func (s *Service) takeSnapshot(ctx context.Context, tx store.Tx, scope store.Scope, k store.SnapshotKey, o *opportunity, onlyIfChanged bool) (int, error) {
	return s.writeSnapshot(ctx, tx, snapshotWrite{key: k, payload: &api.ResourceSnapshotPayload{OpportunitySummary: o.view()},
		createdBy: scope.Account, onlyIfChanged: onlyIfChanged})
}

// snapshotWrite is a revision to write: by whom, for whom ("" is every
// member), and whether only when it differs from the latest.
type snapshotWrite struct {
	key                 store.SnapshotKey
	payload             *api.ResourceSnapshotPayload
	createdBy, audience string
	onlyIfChanged       bool
}

func (s *Service) writeSnapshot(ctx context.Context, tx store.Tx, w snapshotWrite) (int, error) {
	k := w.key
	latest, err := tx.GetSnapshot(ctx, k, 0)
	rev := 1
	switch {
	case err == nil:
		rev = latest.Revision + 1
		if w.onlyIfChanged {
			var old api.GetResourceSnapshotResponse
			if err := json.Unmarshal(latest.Doc, &old); err != nil {
				return 0, err
			}
			a, _ := json.Marshal(old.Payload)
			b, _ := json.Marshal(w.payload)
			if bytes.Equal(a, b) {
				return latest.Revision, nil
			}
		}
	case !errors.Is(err, store.ErrNotFound):
		return 0, err
	}
	now := s.now()
	resp := api.GetResourceSnapshotResponse{
		Arn: ptr(snapshotARN(k, rev)), Catalog: &k.Catalog, CreatedAt: api.NewDateTime(now), CreatedBy: &w.createdBy,
		EngagementId: &k.EngagementID, Payload: w.payload, ResourceId: &k.ResourceID, ResourceSnapshotTemplateName: &k.Template,
		ResourceType: ptr(api.ResourceType(k.ResourceType)), Revision: ptr(int32(rev)),
	}
	if w.audience != "" {
		resp.TargetMemberAccounts = []string{w.audience}
	}
	doc, err := json.Marshal(resp)
	if err != nil {
		return 0, err
	}
	if err := tx.PutSnapshot(ctx, &store.Snapshot{SnapshotKey: k, Revision: rev, CreatedBy: w.createdBy, Audience: w.audience,
		CreatedAt: now, Doc: doc}); err != nil {
		return 0, err
	}
	members, err := tx.EngagementMembers(ctx, k.Catalog, k.EngagementID)
	if err != nil {
		return 0, err
	}
	for _, m := range members {
		if w.audience != "" && m.Account != w.audience {
			continue
		}
		err := s.emit(ctx, tx, m.Account, k.Catalog, evSnapshotCreated, []string{snapshotARN(k, rev)}, map[string]any{
			"schemaVersion": "1", "catalog": k.Catalog,
			"resourceSnapshot": map[string]any{"arn": snapshotARN(k, rev), "engagementId": k.EngagementID,
				"resourceType": k.ResourceType, "resourceId": k.ResourceID, "createdBy": w.createdBy},
		})
		if err != nil {
			return 0, err
		}
	}
	return rev, nil
}

// shareAwsView has AWS write the next AwsOpportunitySummaryFullView
// revision of a submitted opportunity into its engagement, for its owner,
// when AWS's view of it changed.
func (s *Service) shareAwsView(ctx context.Context, tx store.Tx, scope store.Scope, o *opportunity) error {
	if o.EngagementID == "" || o.Submission == nil {
		return nil
	}
	k := store.SnapshotKey{Catalog: scope.Catalog, EngagementID: o.EngagementID, ResourceType: string(api.ResourceTypeOpportunity),
		ResourceID: deref(o.Id), Template: templateAwsFullView}
	_, err := s.writeSnapshot(ctx, tx, snapshotWrite{key: k, payload: &api.ResourceSnapshotPayload{AwsOpportunitySummaryFullView: o.awsFullView()},
		createdBy: awsSenderAWSCatalog, audience: scope.Account, onlyIfChanged: true})
	return err
}

// snapshotTarget checks a snapshot request: the caller is a member of the
// engagement and owns the opportunity.
func (s *Service) snapshotTarget(ctx context.Context, tx store.Tx, scope store.Scope, engagement, resourceID, template string) (store.SnapshotKey, *opportunity, error) {
	if err := checkTemplate(template); err != nil {
		return store.SnapshotKey{}, nil, err
	}
	e, _, err := loadEngagement(ctx, tx, scope, engagement)
	if err != nil {
		return store.SnapshotKey{}, nil, err
	}
	o, err := loadOpportunity(ctx, tx, scope, resourceID)
	if err != nil {
		return store.SnapshotKey{}, nil, err
	}
	k := store.SnapshotKey{Catalog: scope.Catalog, EngagementID: deref(e.Id), ResourceType: string(api.ResourceTypeOpportunity),
		ResourceID: deref(o.Id), Template: template}
	return k, o, nil
}

// CreateResourceSnapshot shares the current state of an opportunity with an
// engagement as a new revision.
func (s *Service) CreateResourceSnapshot(ctx context.Context, in *api.CreateResourceSnapshotRequest) (*api.CreateResourceSnapshotResponse, error) {
	return writeOnce(ctx, s, in.Catalog, api.OpCreateResourceSnapshot, in.ClientToken, in,
		func(tx store.Tx, scope store.Scope, in *api.CreateResourceSnapshotRequest) (*api.CreateResourceSnapshotResponse, error) {
			k, o, err := s.snapshotTarget(ctx, tx, scope, deref(in.EngagementIdentifier), deref(in.ResourceIdentifier), deref(in.ResourceSnapshotTemplateIdentifier))
			if err != nil {
				return nil, err
			}
			rev, err := s.takeSnapshot(ctx, tx, scope, k, o, false)
			if err != nil {
				return nil, err
			}
			return &api.CreateResourceSnapshotResponse{Arn: ptr(snapshotARN(k, rev)), Revision: ptr(int32(rev))}, nil
		})
}

// GetResourceSnapshot returns a revision (the latest by default) to a member.
func (s *Service) GetResourceSnapshot(ctx context.Context, in *api.GetResourceSnapshotRequest) (*api.GetResourceSnapshotResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	out := new(api.GetResourceSnapshotResponse)
	err = s.db.View(ctx, func(tx store.Tx) error {
		e, _, err := loadEngagement(ctx, tx, scope, deref(in.EngagementIdentifier))
		if err != nil {
			return err
		}
		k := store.SnapshotKey{Catalog: scope.Catalog, EngagementID: deref(e.Id), ResourceType: string(deref(in.ResourceType)),
			ResourceID: deref(in.ResourceIdentifier), Template: deref(in.ResourceSnapshotTemplateIdentifier)}
		sn, err := tx.GetSnapshot(ctx, k, int(deref(in.Revision)))
		if errors.Is(err, store.ErrNotFound) || (err == nil && sn.Audience != "" && sn.Audience != scope.Account) {
			return notFound("No snapshot of %s %s with template %s in engagement %s.", k.ResourceType, k.ResourceID, k.Template, k.EngagementID)
		}
		if err != nil {
			return err
		}
		return json.Unmarshal(sn.Doc, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListResourceSnapshots lists an engagement's snapshots to a member.
func (s *Service) ListResourceSnapshots(ctx context.Context, in *api.ListResourceSnapshotsRequest) (*api.ListResourceSnapshotsResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	q := store.SnapshotQuery{Catalog: scope.Catalog, ResourceType: string(deref(in.ResourceType)), ResourceID: deref(in.ResourceIdentifier),
		Template: deref(in.ResourceSnapshotTemplateIdentifier), CreatedBy: deref(in.CreatedBy), Viewer: scope.Account, Limit: pageSize(in.MaxResults)}
	out := &api.ListResourceSnapshotsResponse{}
	out.ResourceSnapshotSummaries, out.NextToken, err = storePage(ctx, s, in, in.NextToken, q.Limit,
		func(tx store.Tx, after *store.SnapshotCursor, limit int) ([]store.Snapshot, error) {
			e, _, err := loadEngagement(ctx, tx, scope, deref(in.EngagementIdentifier))
			if err != nil {
				return nil, err
			}
			qq := q
			qq.EngagementID, qq.After, qq.Limit = deref(e.Id), after, limit
			return tx.ListSnapshots(ctx, qq)
		},
		func(r store.Snapshot) (api.ResourceSnapshotSummary, error) {
			return api.ResourceSnapshotSummary{
				Arn: ptr(snapshotARN(r.SnapshotKey, r.Revision)), CreatedBy: ptr(r.CreatedBy), ResourceId: ptr(r.ResourceID),
				ResourceSnapshotTemplateName: ptr(r.Template), ResourceType: ptr(api.ResourceType(r.ResourceType)), Revision: ptr(int32(r.Revision)),
			}, nil
		})
	return out, err
}
