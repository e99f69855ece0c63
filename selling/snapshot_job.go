package selling

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"pcs/api"
	"pcs/store"
)

// snapshotJob is a stored resource snapshot job: what GetResourceSnapshotJob
// answers.
type snapshotJob struct {
	api.GetResourceSnapshotJobResponse
	Tags []api.Tag `json:"Tags,omitempty"`
}

func (j *snapshotJob) key() store.SnapshotKey {
	return store.SnapshotKey{Catalog: deref(j.Catalog), EngagementID: deref(j.EngagementId), ResourceType: string(deref(j.ResourceType)),
		ResourceID: deref(j.ResourceId), Template: deref(j.ResourceSnapshotTemplateName)}
}

func saveSnapshotJob(ctx context.Context, tx store.Tx, scope store.Scope, j *snapshotJob) error {
	doc, err := json.Marshal(j)
	if err != nil {
		return err
	}
	return tx.PutSnapshotJob(ctx, &store.SnapshotJob{Scope: scope, ID: deref(j.Id), EngagementID: deref(j.EngagementId),
		ResourceID: deref(j.ResourceId), Status: string(deref(j.Status)), CreatedAt: j.CreatedAt.Time, Doc: doc})
}

func loadSnapshotJob(ctx context.Context, tx store.Tx, scope store.Scope, idOrARN string) (*snapshotJob, error) {
	id := idFromARN(idOrARN)
	rec, err := tx.GetSnapshotJob(ctx, scope, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("Resource snapshot job %s not found in catalog %s.", id, scope.Catalog)
	}
	if err != nil {
		return nil, err
	}
	j := new(snapshotJob)
	if err := json.Unmarshal(rec.Doc, j); err != nil {
		return nil, fmt.Errorf("snapshot job %s: corrupt document: %w", id, err)
	}
	return j, nil
}

// newSnapshotJob makes a job keeping o's snapshots in k's engagement current.
func (s *Service) newSnapshotJob(scope store.Scope, k store.SnapshotKey, o *opportunity, status api.ResourceSnapshotJobStatus) *snapshotJob {
	id := snapshotJobIDForm.new()
	return &snapshotJob{GetResourceSnapshotJobResponse: api.GetResourceSnapshotJobResponse{
		Arn: ptr(snapshotJobARN(scope, id)), Catalog: &scope.Catalog, CreatedAt: api.NewDateTime(s.now()), EngagementId: &k.EngagementID,
		Id: &id, ResourceArn: o.Arn, ResourceId: &k.ResourceID, ResourceSnapshotTemplateName: &k.Template,
		ResourceType: ptr(api.ResourceType(k.ResourceType)), Status: &status,
	}}
}

// runSnapshotJob brings the job's snapshots up to date with o. A job runs
// as the partner's resource snapshot job role (snapshotJobRole): with none
// set in the selling system settings the run fails, LastFailure says why,
// and the members keep the revision they have.
func (s *Service) runSnapshotJob(ctx context.Context, tx store.Tx, scope store.Scope, j *snapshotJob, o *opportunity, role string) error {
	if role == "" {
		j.LastFailure = ptr(fmt.Sprintf("The job has no role to run as: catalog %s has no ResourceSnapshotJobRole. "+
			"Set one with PutSellingSystemSettings; the engagement's members see revisions from the job's next run on.", scope.Catalog))
		return saveSnapshotJob(ctx, tx, scope, j)
	}
	if _, err := s.takeSnapshot(ctx, tx, scope, j.key(), o, true); err != nil {
		return err
	}
	j.LastSuccessfulExecutionDate = api.NewDateTime(s.now())
	return saveSnapshotJob(ctx, tx, scope, j)
}

// runSnapshotJobsFor runs the account's running jobs on opportunity o after
// it changed: each writes a revision when the shared view changed.
func (s *Service) runSnapshotJobsFor(ctx context.Context, tx store.Tx, scope store.Scope, o *opportunity) error {
	recs, err := tx.ListSnapshotJobs(ctx, scope, store.SnapshotJobQuery{ResourceID: deref(o.Id), Status: string(api.ResourceSnapshotJobStatusRunning)})
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return nil
	}
	role, err := snapshotJobRole(ctx, tx, scope)
	if err != nil {
		return err
	}
	for _, r := range recs {
		j := new(snapshotJob)
		if err := json.Unmarshal(r.Doc, j); err != nil {
			return err
		}
		if err := s.runSnapshotJob(ctx, tx, scope, j, o, role); err != nil {
			return err
		}
	}
	return nil
}

// CreateResourceSnapshotJob makes a job, Stopped until StartResourceSnapshotJob.
func (s *Service) CreateResourceSnapshotJob(ctx context.Context, in *api.CreateResourceSnapshotJobRequest) (*api.CreateResourceSnapshotJobResponse, error) {
	return writeOnce(ctx, s, in.Catalog, api.OpCreateResourceSnapshotJob, in.ClientToken, in,
		func(tx store.Tx, scope store.Scope, in *api.CreateResourceSnapshotJobRequest) (*api.CreateResourceSnapshotJobResponse, error) {
			k, o, err := s.snapshotTarget(ctx, tx, scope, deref(in.EngagementIdentifier), deref(in.ResourceIdentifier), deref(in.ResourceSnapshotTemplateIdentifier))
			if err != nil {
				return nil, err
			}
			j := s.newSnapshotJob(scope, k, o, api.ResourceSnapshotJobStatusStopped)
			j.Tags = in.Tags
			if err := saveSnapshotJob(ctx, tx, scope, j); err != nil {
				return nil, err
			}
			return &api.CreateResourceSnapshotJobResponse{Arn: j.Arn, Id: j.Id}, nil
		})
}

// GetResourceSnapshotJob returns one of the caller's jobs.
func (s *Service) GetResourceSnapshotJob(ctx context.Context, in *api.GetResourceSnapshotJobRequest) (*api.GetResourceSnapshotJobResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	var j *snapshotJob
	err = s.db.View(ctx, func(tx store.Tx) error {
		j, err = loadSnapshotJob(ctx, tx, scope, deref(in.ResourceSnapshotJobIdentifier))
		return err
	})
	if err != nil {
		return nil, err
	}
	return &j.GetResourceSnapshotJobResponse, nil
}

// changeSnapshotJob moves a job from one status to another.
func (s *Service) changeSnapshotJob(ctx context.Context, catalog *string, id string, from, to api.ResourceSnapshotJobStatus) error {
	scope, err := s.scope(ctx, catalog)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx store.Tx) error {
		j, err := loadSnapshotJob(ctx, tx, scope, id)
		if err != nil {
			return err
		}
		if st := deref(j.Status); st != from {
			return conflict("Resource snapshot job %s is %s; it must be %s.", deref(j.Id), st, from)
		}
		j.Status = &to
		if to != api.ResourceSnapshotJobStatusRunning {
			return saveSnapshotJob(ctx, tx, scope, j)
		}
		o, err := loadOpportunity(ctx, tx, scope, deref(j.ResourceId))
		if err != nil {
			return err
		}
		role, err := snapshotJobRole(ctx, tx, scope)
		if err != nil {
			return err
		}
		return s.runSnapshotJob(ctx, tx, scope, j, o, role)
	})
}

// StartResourceSnapshotJob starts a stopped job; it runs at once.
func (s *Service) StartResourceSnapshotJob(ctx context.Context, in *api.StartResourceSnapshotJobRequest) error {
	return s.changeSnapshotJob(ctx, in.Catalog, deref(in.ResourceSnapshotJobIdentifier), api.ResourceSnapshotJobStatusStopped, api.ResourceSnapshotJobStatusRunning)
}

// StopResourceSnapshotJob stops a running job.
func (s *Service) StopResourceSnapshotJob(ctx context.Context, in *api.StopResourceSnapshotJobRequest) error {
	return s.changeSnapshotJob(ctx, in.Catalog, deref(in.ResourceSnapshotJobIdentifier), api.ResourceSnapshotJobStatusRunning, api.ResourceSnapshotJobStatusStopped)
}

// DeleteResourceSnapshotJob deletes a stopped job.
func (s *Service) DeleteResourceSnapshotJob(ctx context.Context, in *api.DeleteResourceSnapshotJobRequest) error {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx store.Tx) error {
		j, err := loadSnapshotJob(ctx, tx, scope, deref(in.ResourceSnapshotJobIdentifier))
		if err != nil {
			return err
		}
		if deref(j.Status) != api.ResourceSnapshotJobStatusStopped {
			return conflict("Resource snapshot job %s is running; stop it before deleting it.", deref(j.Id))
		}
		return tx.DeleteSnapshotJob(ctx, scope, deref(j.Id))
	})
}

// ListResourceSnapshotJobs lists the caller's jobs.
func (s *Service) ListResourceSnapshotJobs(ctx context.Context, in *api.ListResourceSnapshotJobsRequest) (*api.ListResourceSnapshotJobsResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	q := store.SnapshotJobQuery{EngagementID: idFromARN(deref(in.EngagementIdentifier)), Status: string(deref(in.Status)), Limit: pageSize(in.MaxResults)}
	if in.Sort != nil {
		q.Descending = deref(in.Sort.SortOrder) == api.SortOrderDescending
	}
	out := &api.ListResourceSnapshotJobsResponse{}
	out.ResourceSnapshotJobSummaries, out.NextToken, err = storePage(ctx, s, in, in.NextToken, q.Limit,
		func(tx store.Tx, after *store.Cursor, limit int) ([]store.SnapshotJob, error) {
			qq := q
			qq.After, qq.Limit = after, limit
			return tx.ListSnapshotJobs(ctx, scope, qq)
		},
		func(r store.SnapshotJob) (api.ResourceSnapshotJobSummary, error) {
			return api.ResourceSnapshotJobSummary{Arn: ptr(snapshotJobARN(scope, r.ID)), EngagementId: ptr(r.EngagementID),
				Id: ptr(r.ID), Status: ptr(api.ResourceSnapshotJobStatus(r.Status))}, nil
		})
	return out, err
}

// shareOpportunity shares o with an engagement (its first snapshot
// revision) and starts the running job that keeps it current.
func (s *Service) shareOpportunity(ctx context.Context, tx store.Tx, scope store.Scope, engagementID string, o *opportunity) (*snapshotJob, error) {
	k := store.SnapshotKey{Catalog: scope.Catalog, EngagementID: engagementID, ResourceType: string(api.ResourceTypeOpportunity),
		ResourceID: deref(o.Id), Template: templateSummaryView}
	if _, err := s.takeSnapshot(ctx, tx, scope, k, o, false); err != nil {
		return nil, err
	}
	job := s.newSnapshotJob(scope, k, o, api.ResourceSnapshotJobStatusRunning)
	job.LastSuccessfulExecutionDate = api.NewDateTime(s.now())
	return job, saveSnapshotJob(ctx, tx, scope, job)
}
