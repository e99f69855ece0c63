package selling

import (
	"context"
	"strconv"

	"pcs/api"
	"pcs/store"
)

// partnerMayCreate refuses contexts only AWS writes: a ProspectingResult
// comes from a prospecting task.
func partnerMayCreate(t api.EngagementContextType, field string) error {
	if t != api.EngagementContextTypeProspectingResult {
		return nil
	}
	path := "type"
	if field != "" {
		path = field + ".type"
	}
	return requestInvalid(fieldError(path, api.ValidationExceptionErrorCodeActionNotPermitted,
		"Contexts of Type %s are written by prospecting tasks. Start one with StartProspectingFromEngagementTask.", t))
}

// payloadType is the context Type whose member a payload sets ("" for none).
func payloadType(p *api.EngagementContextPayload) api.EngagementContextType {
	if p == nil {
		return ""
	}
	return setMember(p.CustomerProject != nil, p.Lead != nil, p.ProspectingResult != nil)
}

// updatePayloadType is payloadType for UpdateEngagementContext's payload.
func updatePayloadType(p *api.UpdateEngagementContextPayload) api.EngagementContextType {
	if p == nil {
		return ""
	}
	return setMember(p.CustomerProject != nil, p.Lead != nil, p.ProspectingResult != nil)
}

func setMember(customerProject, lead, prospectingResult bool) api.EngagementContextType {
	switch {
	case customerProject:
		return api.EngagementContextTypeCustomerProject
	case lead:
		return api.EngagementContextTypeLead
	case prospectingResult:
		return api.EngagementContextTypeProspectingResult
	}
	return ""
}

// contextMatchesType checks that a context's payload (of type payload) is
// of its Type.
func contextMatchesType(t, payload api.EngagementContextType, field string) error {
	if t == payload {
		return nil
	}
	path := "payload"
	if field != "" {
		path = field + ".payload"
	}
	return requestInvalid(fieldError(path, api.ValidationExceptionErrorCodeInvalidValue,
		"A context of Type %s needs a payload of that type (Payload.%s).", t, t))
}

// nextContextID numbers an engagement's contexts "1", "2", ... in order.
func nextContextID(e *api.GetEngagementResponse) string {
	n := 0
	for _, c := range e.Contexts {
		if v, err := strconv.Atoi(deref(c.Id)); err == nil && v > n {
			n = v
		}
	}
	return strconv.Itoa(n + 1)
}

// CreateEngagementContext adds a context to an engagement the caller is a member of.
func (s *Service) CreateEngagementContext(ctx context.Context, in *api.CreateEngagementContextRequest) (*api.CreateEngagementContextResponse, error) {
	if err := partnerMayCreate(deref(in.Type), ""); err != nil {
		return nil, err
	}
	if err := contextMatchesType(deref(in.Type), payloadType(in.Payload), ""); err != nil {
		return nil, err
	}
	return writeOnce(ctx, s, in.Catalog, api.OpCreateEngagementContext, in.ClientToken, in,
		func(tx store.Tx, scope store.Scope, in *api.CreateEngagementContextRequest) (*api.CreateEngagementContextResponse, error) {
			e, _, err := loadEngagement(ctx, tx, scope, deref(in.EngagementIdentifier))
			if err != nil {
				return nil, err
			}
			id := nextContextID(e)
			e.Contexts = append(e.Contexts, api.EngagementContextDetails{Id: &id, Type: in.Type, Payload: withoutLeadInsights(in.Payload)})
			if err := s.touchEngagement(ctx, tx, scope, e); err != nil {
				return nil, err
			}
			return &api.CreateEngagementContextResponse{ContextId: &id, EngagementArn: e.Arn, EngagementId: e.Id,
				EngagementLastModifiedAt: e.ModifiedAt}, nil
		})
}

// withoutLeadInsights is p without a lead's Insights: AWS generates those,
// so a partner's are ignored (clients may echo a lead they read back).
func withoutLeadInsights(p *api.EngagementContextPayload) *api.EngagementContextPayload {
	if p == nil || p.Lead == nil || p.Lead.Insights == nil {
		return p
	}
	lead := *p.Lead
	lead.Insights = nil
	return &api.EngagementContextPayload{Lead: &lead}
}

// UpdateEngagementContext changes a context, guarded by the engagement's
// last modification time as an optimistic lock. A lead update's
// Interaction is added to the lead's interactions, and the lead keeps AWS's
// Insights whatever the update says; other payloads replace the context's.
func (s *Service) UpdateEngagementContext(ctx context.Context, in *api.UpdateEngagementContextRequest) (*api.UpdateEngagementContextResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	if err := contextMatchesType(deref(in.Type), updatePayloadType(in.Payload), ""); err != nil {
		return nil, err
	}
	var out *api.UpdateEngagementContextResponse
	err = s.db.Update(ctx, func(tx store.Tx) error {
		in := clone(in) // this run's own (see clone)
		e, _, err := loadEngagement(ctx, tx, scope, deref(in.EngagementIdentifier))
		if err != nil {
			return err
		}
		if !in.EngagementLastModifiedAt.Time.Equal(e.ModifiedAt.Time) {
			return conflict("Engagement %s was modified at %s, after the EngagementLastModifiedAt you sent (%s). Call GetEngagement and retry with its ModifiedAt.",
				deref(e.Id), e.ModifiedAt.Format(timeFormat), in.EngagementLastModifiedAt.UTC().Format(timeFormat))
		}
		var c *api.EngagementContextDetails
		for i := range e.Contexts {
			if deref(e.Contexts[i].Id) == deref(in.ContextIdentifier) {
				c = &e.Contexts[i]
			}
		}
		if c == nil {
			return notFound("Context %s not found in engagement %s.", deref(in.ContextIdentifier), deref(e.Id))
		}
		if deref(c.Type) != deref(in.Type) {
			return requestInvalid(fieldError("type", api.ValidationExceptionErrorCodeInvalidValue,
				"Context %s is of Type %s, not %s.", deref(c.Id), deref(c.Type), deref(in.Type)))
		}
		switch {
		case in.Payload.CustomerProject != nil:
			c.Payload = &api.EngagementContextPayload{CustomerProject: in.Payload.CustomerProject}
		case in.Payload.ProspectingResult != nil:
			c.Payload = &api.EngagementContextPayload{ProspectingResult: in.Payload.ProspectingResult}
		default:
			lead := c.Payload.Lead
			if lead == nil {
				lead = &api.LeadContext{}
			}
			u := in.Payload.Lead
			lead.Customer = u.Customer
			if u.QualificationStatus != nil {
				lead.QualificationStatus = u.QualificationStatus
			}
			if u.Interaction != nil {
				lead.Interactions = append(lead.Interactions, *u.Interaction)
			}
			c.Payload = &api.EngagementContextPayload{Lead: lead}
		}
		if err := s.touchEngagement(ctx, tx, scope, e); err != nil {
			return err
		}
		out = &api.UpdateEngagementContextResponse{ContextId: c.Id, EngagementArn: e.Arn, EngagementId: e.Id,
			EngagementLastModifiedAt: e.ModifiedAt}
		return nil
	})
	return out, err
}
