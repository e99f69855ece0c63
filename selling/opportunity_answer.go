package selling

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"pcs/api"
	"pcs/store"
)

// Each opportunity's current version keeps its GetOpportunity answer,
// encoded, beside its document (store.Opportunity.Answer), so that a read
// copies bytes instead of decoding the document and encoding it again.
// The answer is what the slow path gives: the public part of the document
// as decodeOpportunity reads it back, encoded as package awsjson encodes
// outputs. The service-private members (Origin, Tags, Submission,
// EngagementId, StatusChanges, ...) are never part of it.

// encodeAnswer encodes a GetOpportunity answer as awsjson encodes an
// output: without HTML escaping, without the encoder's trailing newline.
func encodeAnswer(out *api.GetOpportunityResponse) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// answer is what GetOpportunity answers for o once stored: its public
// part with the related entities as decodeOpportunity gives them back.
func (o *opportunity) answer() ([]byte, error) {
	out := o.GetOpportunityResponse
	var rel api.RelatedEntityIdentifiers
	if o.RelatedEntityIdentifiers != nil {
		rel = *o.RelatedEntityIdentifiers
	}
	out.RelatedEntityIdentifiers = relatedEntities(&rel)
	return encodeAnswer(&out)
}

// answerOfDoc is the answer of a stored document, decoded as a read
// decodes it: for records written without an answer (an import).
func answerOfDoc(rec *store.Opportunity) ([]byte, error) {
	o, err := decodeOpportunity(rec)
	if err != nil {
		return nil, err
	}
	return encodeAnswer(&o.GetOpportunityResponse)
}

// WithStoredAnswers returns s answering GetOpportunity from the stored
// answer when the current version has one and ListOpportunities from the
// stored summaries (awsjson.EncodedAnswerer), and every operation as s
// does.
func WithStoredAnswers(s *Service) api.Service { return storedAnswers{s} }

// storedAnswers is a Service with EncodedAnswer, which is no operation and
// so no method of Service.
type storedAnswers struct{ *Service }

// EncodedAnswer implements awsjson.EncodedAnswerer: GetOpportunity from
// the stored answer, ListOpportunities from the stored summaries; their
// errors are the operations'.
func (a storedAnswers) EncodedAnswer(ctx context.Context, op string, in api.Input) ([]byte, bool, error) {
	s := a.Service
	if req, ok := in.(*api.ListOpportunitiesRequest); ok && op == api.OpListOpportunities {
		b, err := s.encodedListing(ctx, req)
		return b, true, err
	}
	req, ok := in.(*api.GetOpportunityRequest)
	if op != api.OpGetOpportunity || !ok {
		return nil, false, nil
	}
	scope, err := s.scope(ctx, req.Catalog)
	if err != nil {
		return nil, true, err
	}
	id := deref(req.Identifier)
	var b []byte
	err = s.db.View(ctx, func(tx store.Tx) error {
		b, err = tx.OpportunityAnswer(ctx, scope, id)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, true, opportunityNotFound(scope, id)
	case err != nil:
		return nil, true, err
	}
	return b, b != nil, nil
}

// checkStoredAnswers makes GetOpportunity compare the stored answer with
// the one it builds from the document, and fail on a difference: set by
// the package's tests, so that every write path they exercise is checked.
var checkStoredAnswers = false

// checkStoredAnswer fails when the stored answer of o's current version is
// not what GetOpportunity built from its document.
func checkStoredAnswer(ctx context.Context, tx store.Tx, scope store.Scope, o *opportunity) error {
	stored, err := tx.OpportunityAnswer(ctx, scope, deref(o.Id))
	if err != nil || stored == nil {
		return err
	}
	built, err := encodeAnswer(&o.GetOpportunityResponse)
	if err != nil {
		return err
	}
	if !bytes.Equal(stored, built) {
		return fmt.Errorf("opportunity %s: stored answer differs from its document's:\nstored %s\nbuilt  %s", deref(o.Id), stored, built)
	}
	return nil
}
