package selling

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"time"

	"pcs/api"
	"pcs/pagetoken"
	"pcs/store"
)

// Paging: every listing answers one page and a NextToken for the next. The
// token is opaque to the client, sealed by pagetoken so that it only
// continues the listing it came from, and carries where the page ended:
// a store cursor (storePage), an offset (slicePage), or, for
// ListOpportunities, a cursor pinned to a store version.

// defaultPageSize is how many items a listing answers when the request
// sets no MaxResults. ListOpportunities, ListSolutions and
// ListEngagementMembers answer pages of their own documented sizes.
const defaultPageSize = 50

// pageSize is the page size a request asks for with MaxResults, else
// defaultPageSize.
func pageSize(maxResults *int32) int {
	if n := deref(maxResults); n > 0 {
		return int(n)
	}
	return defaultPageSize
}

// storePage is one page of a listing read from the store in keyset order:
// fetch reads up to limit records after the cursor (nil: from the start) in
// one read transaction, and conv turns each record of the page into what
// the response lists. The NextToken carries the cursor of the page's last
// record, so records written between pages neither shift the next page
// (no repeats) nor are jumped over (no skips).
func storePage[C any, R interface{ Cursor() C }, T any](ctx context.Context, s *Service, req any, token *string, limit int,
	fetch func(tx store.Tx, after *C, limit int) ([]R, error), conv func(R) (T, error)) ([]T, *string, error) {
	tokens, err := s.pageTokens(req)
	if err != nil {
		return nil, nil, err
	}
	var after *C
	if deref(token) != "" {
		after = new(C)
		if err := tokens.decode(*token, after); err != nil {
			return nil, nil, err
		}
	}
	var recs []R
	if err := s.db.View(ctx, func(tx store.Tx) error {
		recs, err = fetch(tx, after, limit+1) // one more tells whether another page exists
		return err
	}); err != nil {
		return nil, nil, err
	}
	page := recs[:min(len(recs), limit)]
	list := make([]T, 0, len(page))
	for _, r := range page {
		t, err := conv(r)
		if err != nil {
			return nil, nil, err
		}
		list = append(list, t)
	}
	if len(recs) <= limit {
		return list, nil, nil
	}
	next, err := tokens.encode(page[len(page)-1].Cursor())
	return list, next, err
}

// slicePage is one page of a listing the service builds whole in memory
// (few records, filtered or sorted beyond what the store does): the
// NextToken carries the offset of the next page.
func slicePage[T any](s *Service, req any, token *string, limit int, all []T) ([]T, *string, error) {
	tokens, err := s.pageTokens(req)
	if err != nil {
		return nil, nil, err
	}
	offset := 0
	if deref(token) != "" {
		if err := tokens.decode(*token, &offset); err != nil {
			return nil, nil, err
		}
	}
	page := append([]T{}, all[min(offset, len(all)):]...)
	if len(page) <= limit {
		return page, nil, nil
	}
	next, err := tokens.encode(offset + limit)
	return page[:limit], next, err
}

// pageTokens makes and reads the NextTokens of one list request.
type pageTokens struct {
	codec pagetoken.Codec
	key   string
	now   time.Time
}

func (s *Service) pageTokens(req any) (pageTokens, error) {
	key, err := requestKey(req)
	return pageTokens{codec: pagetoken.Codec{Secret: s.cfg.TokenSecret, TTL: s.cfg.PageTokenTTL}, key: key, now: s.now()}, err
}

// decode reads the position token carries into state; a token that is not
// this request's, or is expired or altered, is a ValidationException.
func (p pageTokens) decode(token string, state any) error {
	if err := p.codec.Decode(token, p.key, state, p.now); err != nil {
		return invalidNextToken(err)
	}
	return nil
}

func (p pageTokens) encode(state any) (*string, error) {
	tok, err := p.codec.Encode(p.key, state, p.now)
	return &tok, err
}

// requestKey identifies a list request by everything but its page size and
// token, so a token only continues the listing it came from.
func requestKey(req any) (string, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return "", err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return "", err
	}
	delete(m, "MaxResults")
	delete(m, "NextToken")
	b, err = json.Marshal(m)
	return string(b), err
}

func invalidNextToken(err error) error {
	msg := "The NextToken is not valid. Start the listing again without NextToken."
	switch {
	case errors.Is(err, pagetoken.ErrMismatch):
		msg = "The NextToken was issued for a request with other filters or sort. Send the same filters and sort as the request that returned it, or start again without NextToken."
	case errors.Is(err, pagetoken.ErrExpired):
		msg = "The NextToken has expired. Start the listing again without NextToken."
	}
	return requestInvalid(fieldError("nextToken", api.ValidationExceptionErrorCodeInvalidValue, "%s", msg))
}

// randomSecret is a fresh secret for sealing page tokens, for a service
// configured with none.
func randomSecret() []byte {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error()) // cannot happen on supported platforms
	}
	return b
}
