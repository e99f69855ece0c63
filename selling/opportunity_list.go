package selling

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"pcs/api"
	"pcs/pagetoken"
	"pcs/store"
)

// Page sizes of ListOpportunities (the model's PageSize allows 1 to 100).
const (
	defaultOpportunityPage = 20
	maxOpportunityPage     = 100
)

// opportunityPage is what a ListOpportunities NextToken carries: the store
// version the listing is pinned to, so concurrent writes neither skip nor
// repeat a record, and the position of the last record returned.
type opportunityPage struct {
	AsOf   int64                   `json:"v"`
	Cursor store.OpportunityCursor `json:"c"`
}

// ListOpportunities lists the caller's opportunities in a catalog.
func (s *Service) ListOpportunities(ctx context.Context, in *api.ListOpportunitiesRequest) (*api.ListOpportunitiesResponse, error) {
	page, err := s.listOpportunities(ctx, in)
	if err != nil {
		return nil, err
	}
	out := &api.ListOpportunitiesResponse{OpportunitySummaries: make([]api.OpportunitySummary, 0, len(page.recs)), NextToken: page.next}
	for i := range page.recs {
		sum, err := listedSummary(&page.recs[i])
		if err != nil {
			return nil, err
		}
		if checkStoredAnswers {
			if err := checkEncodedSummary(&page.recs[i], &sum); err != nil {
				return nil, err
			}
		}
		out.OpportunitySummaries = append(out.OpportunitySummaries, sum)
	}
	return out, nil
}

// listedPage is one page of ListOpportunities as the store gives it: its
// records, with their summaries, and the NextToken to the next page.
type listedPage struct {
	recs []store.Opportunity
	next *string
}

// listOpportunities reads the page of ListOpportunities that in asks for;
// ListOpportunities and its encoded answer (encodedListing) build their
// answers from it.
func (s *Service) listOpportunities(ctx context.Context, in *api.ListOpportunitiesRequest) (listedPage, error) {
	var page listedPage
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return page, err
	}
	q := opportunityQuery(in)
	tokens, err := s.pageTokens(in)
	if err != nil {
		return page, err
	}
	if tok := deref(in.NextToken); tok != "" {
		var at opportunityPage
		if err := tokens.decode(tok, &at); err != nil {
			return page, err
		}
		q.AsOf, q.After = at.AsOf, &at.Cursor
	}
	limit := q.Limit
	q.Limit++ // one more tells whether another page exists
	l, err := store.ReadListing(ctx, s.db, scope, q)
	if errors.Is(err, store.ErrSnapshotExpired) {
		return page, invalidNextToken(pagetoken.ErrExpired)
	}
	if err != nil {
		return page, err
	}
	recs := l.Opportunities
	if len(recs) > limit {
		recs = recs[:limit]
		last := recs[len(recs)-1]
		if page.next, err = tokens.encode(opportunityPage{AsOf: l.AsOf, Cursor: last.Cursor(q.Sort)}); err != nil {
			return page, err
		}
	}
	page.recs = recs
	return page, nil
}

func opportunityQuery(in *api.ListOpportunitiesRequest) store.OpportunityQuery {
	q := store.OpportunityQuery{
		IDs:                  in.Identifier,
		CustomerCompanyNames: in.CustomerCompanyName,
		Sort:                 store.SortLastModifiedDate,
		Descending:           true,
		Limit:                defaultOpportunityPage,
	}
	for _, st := range in.LifeCycleStage {
		q.Stages = append(q.Stages, string(st))
	}
	for _, rs := range in.LifeCycleReviewStatus {
		q.ReviewStatuses = append(q.ReviewStatuses, string(rs))
	}
	if f := in.LastModifiedDate; f != nil {
		q.LastModifiedAfter, q.LastModifiedBefore = instant(f.AfterLastModifiedDate), instant(f.BeforeLastModifiedDate)
	}
	if f := in.CreatedDate; f != nil {
		q.CreatedAfter, q.CreatedBefore = instant(f.AfterCreatedDate), instant(f.BeforeCreatedDate)
	}
	if f := in.TargetCloseDate; f != nil {
		q.TargetCloseAfter, q.TargetCloseBefore = deref(f.AfterTargetCloseDate), deref(f.BeforeTargetCloseDate)
	}
	if srt := in.Sort; srt != nil {
		q.Sort = store.OpportunitySort(deref(srt.SortBy))
		q.Descending = deref(srt.SortOrder) == api.SortOrderDescending
	}
	if n := deref(in.MaxResults); n > 0 {
		q.Limit = min(int(n), maxOpportunityPage)
	}
	return q
}

func instant(d *api.DateTime) *time.Time {
	if d == nil {
		return nil
	}
	t := d.UTC()
	return &t
}

// listedSummary is the summary of a listed record: the one stored beside
// its document, or, for a version stored before summaries were kept, the
// one its document makes.
func listedSummary(rec *store.Opportunity) (api.OpportunitySummary, error) {
	var sum api.OpportunitySummary
	if rec.Summary == nil {
		o, err := decodeOpportunity(rec)
		if err != nil {
			return sum, err
		}
		return o.summary(), nil
	}
	if err := json.Unmarshal(rec.Summary, &sum); err != nil {
		return sum, fmt.Errorf("opportunity %s: corrupt summary: %w", rec.ID, err)
	}
	return sum, nil
}

// summary is the ListOpportunities view of an opportunity.
func (o *opportunity) summary() api.OpportunitySummary {
	s := api.OpportunitySummary{
		Arn:                          o.Arn,
		Catalog:                      o.Catalog,
		CreatedDate:                  o.CreatedDate,
		Id:                           o.Id,
		LastModifiedDate:             o.LastModifiedDate,
		OpportunityType:              o.OpportunityType,
		PartnerOpportunityIdentifier: o.PartnerOpportunityIdentifier,
	}
	if lc := o.LifeCycle; lc != nil {
		s.LifeCycle = &api.LifeCycleSummary{
			ClosedLostReason:   lc.ClosedLostReason,
			NextSteps:          lc.NextSteps,
			ReviewComments:     lc.ReviewComments,
			ReviewStatus:       lc.ReviewStatus,
			ReviewStatusReason: lc.ReviewStatusReason,
			Stage:              lc.Stage,
			TargetCloseDate:    lc.TargetCloseDate,
		}
	}
	if a := customerAccount(o); a != nil {
		as := &api.AccountSummary{
			CompanyName:   a.CompanyName,
			Industry:      a.Industry,
			OtherIndustry: a.OtherIndustry,
			WebsiteUrl:    a.WebsiteUrl,
		}
		if ad := a.Address; ad != nil {
			as.Address = &api.AddressSummary{
				City:          ad.City,
				CountryCode:   ad.CountryCode,
				PostalCode:    ad.PostalCode,
				StateOrRegion: ad.StateOrRegion,
			}
		}
		s.Customer = &api.CustomerSummary{Account: as}
	}
	if p := o.Project; p != nil {
		s.Project = &api.ProjectSummary{
			DeliveryModels:           p.DeliveryModels,
			ExpectedContractDuration: p.ExpectedContractDuration,
			ExpectedCustomerSpend:    p.ExpectedCustomerSpend,
		}
	}
	return s
}
