package realism

import (
	"context"

	"pcs/api"
)

// service is an api.Service with the quirks of a Config; the operations it
// does not name pass through unchanged.
type service struct {
	api.Service
	entities bool       // Config.HTMLEntities
	lag      *creations // nil without Config.ReadLag
}

func (s *service) CreateOpportunity(ctx context.Context, in *api.CreateOpportunityRequest) (*api.CreateOpportunityResponse, error) {
	if s.entities {
		if err := refuseEncoded(in); err != nil {
			return nil, err
		}
	}
	out, err := s.Service.CreateOpportunity(ctx, in)
	if err == nil && s.lag != nil {
		s.lag.add(ctx, in.Catalog, out)
	}
	return out, err
}

func (s *service) UpdateOpportunity(ctx context.Context, in *api.UpdateOpportunityRequest) (*api.UpdateOpportunityResponse, error) {
	if s.entities {
		if err := refuseEncoded(in); err != nil {
			return nil, err
		}
	}
	return s.Service.UpdateOpportunity(ctx, in)
}

func (s *service) GetOpportunity(ctx context.Context, in *api.GetOpportunityRequest) (*api.GetOpportunityResponse, error) {
	if s.lag != nil && s.lag.hidden(ctx, in) {
		return nil, notFound(in)
	}
	out, err := s.Service.GetOpportunity(ctx, in)
	if err == nil && s.entities && out != nil {
		out = encodeAnswer(out)
	}
	return out, err
}
