package selling

import (
	"bytes"
	"context"
	"fmt"

	"pcs/api"
	"pcs/store"
)

// Each opportunity version keeps its ListOpportunities item encoded as
// package awsjson encodes outputs (store.Opportunity.Summary, with
// SummaryEncoded), so that a listing answers by splicing the stored items
// into the answer's JSON instead of decoding each and encoding the page
// again. Summaries stored before were encoded with HTML characters escaped;
// such an item is decoded and encoded again, alone: an array's element
// encodes to the same bytes in the array as on its own.

// encodeOutput encodes v as awsjson encodes an output: without HTML
// escaping, without the encoder's trailing newline.
func encodeOutput(v any) ([]byte, error) { return encodeUnescaped(v) }

// The members of api.ListOpportunitiesResponse, in the order awsjson
// encodes them (its fields' order); the package's tests compare every
// spliced page with the encoded output, so a change of the type shows.
const (
	listingStart     = `{"NextToken":`
	listingSummaries = `,"OpportunitySummaries":[`
	listingEnd       = `]}`
)

// encodedListing is ListOpportunities' answer to in, encoded as awsjson
// would encode the output ListOpportunities returns; its errors are
// ListOpportunities'.
func (s *Service) encodedListing(ctx context.Context, in *api.ListOpportunitiesRequest) ([]byte, error) {
	page, err := s.listOpportunities(ctx, in)
	if err != nil {
		return nil, err
	}
	size := len(listingStart) + len(listingSummaries) + len(listingEnd) + len("null")
	if page.next != nil {
		size += len(*page.next) + 2
	}
	for i := range page.recs {
		size += len(page.recs[i].Summary) + 1
	}
	b := make([]byte, 0, size)
	b = append(b, listingStart...)
	if page.next == nil {
		b = append(b, "null"...)
	} else {
		tok, err := encodeOutput(*page.next)
		if err != nil {
			return nil, err
		}
		b = append(b, tok...)
	}
	b = append(b, listingSummaries...)
	for i := range page.recs {
		if i > 0 {
			b = append(b, ',')
		}
		rec := &page.recs[i]
		if rec.SummaryEncoded {
			b = append(b, rec.Summary...)
			continue
		}
		sum, err := listedSummary(rec)
		if err != nil {
			return nil, err
		}
		item, err := encodeOutput(&sum)
		if err != nil {
			return nil, err
		}
		b = append(b, item...)
	}
	return append(b, listingEnd...), nil
}

// encodedSummary is the Summary of a version's record: its
// ListOpportunities item, encoded.
func (o *opportunity) encodedSummary() ([]byte, error) {
	sum := o.summary()
	return encodeOutput(&sum)
}

// checkEncodedSummary fails when rec's summary, kept as encoded, is not
// what the listing builds from it (sum, decoded from it): for the
// package's tests (checkStoredAnswers), so that every listing they make
// proves that splicing the stored items answers the same bytes.
func checkEncodedSummary(rec *store.Opportunity, sum *api.OpportunitySummary) error {
	if !rec.SummaryEncoded {
		return nil
	}
	built, err := encodeOutput(sum)
	if err != nil {
		return err
	}
	if !bytes.Equal(rec.Summary, built) {
		return fmt.Errorf("opportunity %s: stored summary differs from its encoding:\nstored %s\nbuilt  %s", rec.ID, rec.Summary, built)
	}
	return nil
}
