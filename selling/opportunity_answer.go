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
func encodeAnswer(out *api.GetOpportunityResponse) ([]byte, error) { return encodeUnescaped(out) }

// encodeUnescaped is json.Marshal(v) without HTML escaping.
func encodeUnescaped(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
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

// document is o's stored document, json.Marshal(o), derived from answer
// (o.answer()) where the two share their encoding: the document is the
// answer's members followed by the service's own (opportunityState), with
// HTML characters escaped as json.Marshal escapes them. They share it when
// o's related entities are as answer gives them (as every write leaves
// them); otherwise o is encoded whole.
func (o *opportunity) document(answer []byte) ([]byte, error) {
	if !relatedEntitiesComplete(o.RelatedEntityIdentifiers) || len(answer) < 2 || answer[len(answer)-1] != '}' {
		return json.Marshal(o)
	}
	state, err := encodeUnescaped(&o.opportunityState)
	if err != nil {
		return nil, err
	}
	raw := make([]byte, 0, len(answer)+len(state))
	raw = append(raw, answer[:len(answer)-1]...)
	if len(state) > 2 { // not {}
		if len(answer) > 2 {
			raw = append(raw, ',')
		}
		raw = append(raw, state[1:]...)
	} else {
		raw = append(raw, '}')
	}
	if !bytes.ContainsAny(raw, "<>&") {
		return raw, nil // the encoder escaped the line and paragraph separators already
	}
	var doc bytes.Buffer
	doc.Grow(len(raw) + len(raw)/16)
	json.HTMLEscape(&doc, raw)
	return doc.Bytes(), nil
}

// relatedEntitiesComplete reports whether rel is as relatedEntities gives
// it: there, with every list there.
func relatedEntitiesComplete(rel *api.RelatedEntityIdentifiers) bool {
	return rel != nil && rel.AwsMarketplaceOfferSets != nil && rel.AwsMarketplaceOffers != nil && rel.AwsMarketplaceProducts != nil &&
		rel.AwsMarketplaceSolutions != nil && rel.AwsProducts != nil && rel.Solutions != nil
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
	if r, ok := s.db.(store.AnswerReader); ok {
		b, err = r.OpportunityAnswer(ctx, scope, id) // one statement, no transaction around it
	} else {
		err = s.db.View(ctx, func(tx store.Tx) error {
			b, err = tx.OpportunityAnswer(ctx, scope, id)
			return err
		})
	}
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
