package selling

import (
	"context"
	"regexp"

	"pcs/api"
	"pcs/store"
)

// maxTags is how many tags a resource may carry (the model's TagList).
const maxTags = 200

// taggableARN splits a taggable resource's ARN: account, catalog, resource
// type and id.
var taggableARN = regexp.MustCompile(`^arn:aws:partnercentral:us-east-1:([0-9]{12}):catalog/([A-Za-z]+)/([a-z-]+)/([^/]+)$`)

// tagged loads the opportunity a tagging request names; other taggable
// resources (resource snapshot jobs) are not stored yet.
func (s *Service) tagged(ctx context.Context, tx store.Tx, arn string) (*opportunity, store.Scope, error) {
	m := taggableARN.FindStringSubmatch(arn)
	notFoundErr := notFound("Resource %s not found.", arn)
	if m == nil {
		return nil, store.Scope{}, notFoundErr
	}
	scope, err := s.scope(ctx, &m[2])
	if err != nil {
		return nil, store.Scope{}, err
	}
	if m[1] != scope.Account || m[3] != "opportunity" {
		return nil, store.Scope{}, notFoundErr
	}
	o, err := loadOpportunity(ctx, tx, scope, m[4])
	if err != nil {
		return nil, store.Scope{}, notFoundErr
	}
	return o, scope, nil
}

// saveTags stores o's tags; tags are no change to the opportunity itself,
// so its LastModifiedDate stays and no event is sent.
func saveTags(ctx context.Context, tx store.Tx, scope store.Scope, o *opportunity) error {
	rec, err := o.record(scope)
	if err != nil {
		return err
	}
	return tx.UpdateOpportunity(ctx, rec)
}

// TagResource adds tags to a resource, replacing the values of keys it has.
func (s *Service) TagResource(ctx context.Context, in *api.TagResourceRequest) (*api.TagResourceResponse, error) {
	err := s.db.Update(ctx, func(tx store.Tx) error {
		o, scope, err := s.tagged(ctx, tx, deref(in.ResourceArn))
		if err != nil {
			return err
		}
		for _, t := range in.Tags {
			replaced := false
			for i := range o.Tags {
				if deref(o.Tags[i].Key) == deref(t.Key) {
					o.Tags[i].Value, replaced = t.Value, true
				}
			}
			if !replaced {
				o.Tags = append(o.Tags, t)
			}
		}
		if len(o.Tags) > maxTags {
			return requestInvalid(fieldError("tags", api.ValidationExceptionErrorCodeTooManyValues,
				"A resource can have at most %d tags; this request would give it %d.", maxTags, len(o.Tags)))
		}
		return saveTags(ctx, tx, scope, o)
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
		o, scope, err := s.tagged(ctx, tx, deref(in.ResourceArn))
		if err != nil {
			return err
		}
		kept := o.Tags[:0]
		for _, t := range o.Tags {
			if !drop[deref(t.Key)] {
				kept = append(kept, t)
			}
		}
		o.Tags = kept
		return saveTags(ctx, tx, scope, o)
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
		o, _, err := s.tagged(ctx, tx, deref(in.ResourceArn))
		if err != nil {
			return err
		}
		out.Tags = append(out.Tags, o.Tags...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
