package selling

import (
	"context"

	"pcs/api"
	"pcs/store"
)

// maxTags is how many tags a resource may carry (the model's TagList).
const maxTags = 200

// taggedResource is a resource that carries tags: an opportunity or a
// resource snapshot job of the caller's.
type taggedResource struct {
	tags *[]api.Tag
	// save stores the tags; tags are no change to the resource itself, so
	// an opportunity's LastModifiedDate stays and no event is sent.
	save func() error
}

// tagged loads the resource a tagging request names.
func (s *Service) tagged(ctx context.Context, tx store.Tx, arn string) (*taggedResource, error) {
	m := taggableARN.FindStringSubmatch(arn)
	notFoundErr := notFound("Resource %s not found.", arn)
	if m == nil {
		return nil, notFoundErr
	}
	scope, err := s.scope(ctx, &m[2])
	if err != nil {
		return nil, err
	}
	if m[1] != scope.Account {
		return nil, notFoundErr
	}
	switch m[3] {
	case "opportunity":
		o, err := loadOpportunity(ctx, tx, scope, m[4])
		if err != nil {
			return nil, notFoundErr
		}
		return &taggedResource{tags: &o.Tags, save: func() error {
			rec, err := o.record(scope)
			if err != nil {
				return err
			}
			return tx.UpdateOpportunity(ctx, rec)
		}}, nil
	case "resource-snapshot-job":
		j, err := loadSnapshotJob(ctx, tx, scope, m[4])
		if err != nil {
			return nil, notFoundErr
		}
		return &taggedResource{tags: &j.Tags, save: func() error { return saveSnapshotJob(ctx, tx, scope, j) }}, nil
	}
	return nil, notFoundErr
}

// TagResource adds tags to a resource, replacing the values of keys it has.
func (s *Service) TagResource(ctx context.Context, in *api.TagResourceRequest) (*api.TagResourceResponse, error) {
	err := s.db.Update(ctx, func(tx store.Tx) error {
		r, err := s.tagged(ctx, tx, deref(in.ResourceArn))
		if err != nil {
			return err
		}
		tags := r.tags
		for _, t := range in.Tags {
			replaced := false
			for i := range *tags {
				if deref((*tags)[i].Key) == deref(t.Key) {
					(*tags)[i].Value, replaced = t.Value, true
				}
			}
			if !replaced {
				*tags = append(*tags, t)
			}
		}
		if len(*tags) > maxTags {
			return requestInvalid(fieldError("tags", api.ValidationExceptionErrorCodeTooManyValues,
				"A resource can have at most %d tags; this request would give it %d.", maxTags, len(*tags)))
		}
		return r.save()
	})
	if err != nil {
		return nil, err
	}
	return &api.TagResourceResponse{}, nil
}

// UntagResource removes tags by key; keys the resource lacks are ignored.
func (s *Service) UntagResource(ctx context.Context, in *api.UntagResourceRequest) (*api.UntagResourceResponse, error) {
	drop := setOf(in.TagKeys...)
	err := s.db.Update(ctx, func(tx store.Tx) error {
		r, err := s.tagged(ctx, tx, deref(in.ResourceArn))
		if err != nil {
			return err
		}
		kept := (*r.tags)[:0]
		for _, t := range *r.tags {
			if !drop[deref(t.Key)] {
				kept = append(kept, t)
			}
		}
		*r.tags = kept
		return r.save()
	})
	if err != nil {
		return nil, err
	}
	return &api.UntagResourceResponse{}, nil
}

// ListTagsForResource returns a resource's tags.
func (s *Service) ListTagsForResource(ctx context.Context, in *api.ListTagsForResourceRequest) (*api.ListTagsForResourceResponse, error) {
	out := &api.ListTagsForResourceResponse{Tags: []api.Tag{}}
	err := s.db.View(ctx, func(tx store.Tx) error {
		r, err := s.tagged(ctx, tx, deref(in.ResourceArn))
		if err != nil {
			return err
		}
		out.Tags = append(out.Tags, *r.tags...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
