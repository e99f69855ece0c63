package selling_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"pcs/internal/apitest"
	"pcs/server"
	"pcs/store"
	"pcs/store/sqlite"
)

// seed creates n opportunities one second apart; the i-th has company
// "Company <i%3>", stage Prospect or Qualified by parity, and close date
// 2026-02-01 plus i days.
func seed(t *testing.T, s *apitest.Server, n int) []string {
	t.Helper()
	var ids []string
	for i := range n {
		out := s.OK("CreateOpportunity", map[string]any{
			"Catalog": "Sandbox", "ClientToken": fmt.Sprint("seed-", i),
			"Customer":  map[string]any{"Account": map[string]any{"CompanyName": fmt.Sprint("Company ", i%3), "WebsiteUrl": "https://example.com"}},
			"LifeCycle": map[string]any{"Stage": []string{"Prospect", "Qualified"}[i%2], "TargetCloseDate": time.Date(2026, 2, 1+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)},
		})
		ids = append(ids, out["Id"].(string))
		s.Clock.Advance(time.Second)
	}
	return ids
}

func listIDs(t *testing.T, s *apitest.Server, req map[string]any) ([]string, string) {
	t.Helper()
	out := s.OK("ListOpportunities", req)
	var ids []string
	for _, o := range out["OpportunitySummaries"].([]any) {
		ids = append(ids, o.(map[string]any)["Id"].(string))
	}
	next, _ := out["NextToken"].(string)
	return ids, next
}

func TestListOpportunitiesFiltersAndSorts(t *testing.T) {
	s := apitest.New(t)
	ids := seed(t, s, 6) // created 09:00:00 .. 09:00:05
	rev := func(in ...string) []string {
		out := make([]string, len(in))
		for i, v := range in {
			out[len(in)-1-i] = v
		}
		return out
	}
	tests := []struct {
		name string
		req  map[string]any
		want []string
	}{
		{"default newest first", map[string]any{}, rev(ids...)},
		{"identifier", map[string]any{"Identifier": []string{ids[1], ids[4]}}, []string{ids[4], ids[1]}},
		{"stage", map[string]any{"LifeCycleStage": []string{"Qualified"}}, []string{ids[5], ids[3], ids[1]}},
		{"review status", map[string]any{"LifeCycleReviewStatus": []string{"Submitted"}}, nil},
		{"company name", map[string]any{"CustomerCompanyName": []string{"Company 0"}}, []string{ids[3], ids[0]}},
		{"modified on or after", map[string]any{"LastModifiedDate": map[string]any{"AfterLastModifiedDate": "2026-01-05T09:00:04Z"}}, []string{ids[5], ids[4]}},
		{"modified on or before", map[string]any{"LastModifiedDate": map[string]any{"BeforeLastModifiedDate": "2026-01-05T09:00:01Z"}}, []string{ids[1], ids[0]}},
		{"created between", map[string]any{"CreatedDate": map[string]any{"AfterCreatedDate": "2026-01-05T09:00:02Z", "BeforeCreatedDate": "2026-01-05T09:00:03.000000Z"}}, []string{ids[3], ids[2]}},
		{"target close", map[string]any{"TargetCloseDate": map[string]any{"AfterTargetCloseDate": "2026-02-05"}}, []string{ids[5], ids[4]}},
		{"filters combine", map[string]any{"LifeCycleStage": []string{"Prospect"}, "CustomerCompanyName": []string{"Company 1", "Company 2"}}, []string{ids[4], ids[2]}},
		{"identifier ascending", map[string]any{"Sort": map[string]any{"SortBy": "Identifier", "SortOrder": "ASCENDING"}}, ids},
		{"created ascending", map[string]any{"Sort": map[string]any{"SortBy": "CreatedDate", "SortOrder": "ASCENDING"}}, ids},
		{"close date descending", map[string]any{"Sort": map[string]any{"SortBy": "TargetCloseDate", "SortOrder": "DESCENDING"}}, rev(ids...)},
		{"company then id", map[string]any{"Sort": map[string]any{"SortBy": "CustomerCompanyName", "SortOrder": "ASCENDING"}}, []string{ids[0], ids[3], ids[1], ids[4], ids[2], ids[5]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req["Catalog"] = "Sandbox"
			got, next := listIDs(t, s, tt.req)
			if strings.Join(got, ",") != strings.Join(tt.want, ",") || next != "" {
				t.Errorf("got %v (next %q), want %v", got, next, tt.want)
			}
		})
	}
}

func TestListOpportunitiesPaging(t *testing.T) {
	s := apitest.New(t)
	ids := seed(t, s, 45)
	first, next := listIDs(t, s, map[string]any{"Catalog": "Sandbox"})
	if len(first) != 20 || next == "" || !strings.HasPrefix(next, "AAMA-") {
		t.Fatalf("default page: %d records, next %q; want 20 and a token", len(first), next)
	}
	big, _ := listIDs(t, s, map[string]any{"Catalog": "Sandbox", "MaxResults": 100})
	if len(big) != 45 {
		t.Errorf("MaxResults 100 returned %d of 45", len(big))
	}
	r := s.Fail("ListOpportunities", map[string]any{"Catalog": "Sandbox", "MaxResults": 101}, "ValidationException")
	if errs := fieldErrors(r); !contains(errs, "maxResults:VALUE_OUT_OF_RANGE") {
		t.Errorf("MaxResults 101: %v", errs)
	}

	// Paging while others write: every record that existed when paging began
	// comes exactly once, even those that are updated and so move to the front.
	seen := map[string]int{}
	req := map[string]any{"Catalog": "Sandbox", "MaxResults": 7}
	for page := 0; ; page++ {
		got, next := listIDs(t, s, req)
		for _, id := range got {
			seen[id]++
		}
		// Touch the two oldest records, which have not been listed yet.
		for _, id := range ids[2*page : 2*page+2] {
			if seen[id] == 0 {
				s.Clock.Advance(time.Second)
				body := map[string]any{"Catalog": "Sandbox", "Identifier": id,
					"LastModifiedDate": getOpp(t, s, id)["LastModifiedDate"], "Marketing": map[string]any{"Source": "None"},
					"Customer": map[string]any{"Account": map[string]any{"CompanyName": "Moved", "WebsiteUrl": "https://example.com"}}}
				s.OK("UpdateOpportunity", body)
			}
		}
		s.OK("CreateOpportunity", map[string]any{"Catalog": "Sandbox", "ClientToken": fmt.Sprint("during-", page)})
		if next == "" {
			break
		}
		req["NextToken"] = next
	}
	for _, id := range ids {
		if seen[id] != 1 {
			t.Errorf("%s listed %d times", id, seen[id])
		}
	}
	if len(seen) != len(ids) {
		t.Errorf("listed %d records, want the %d that existed when paging began", len(seen), len(ids))
	}
}

func TestListOpportunitiesTokenRefusals(t *testing.T) {
	s := apitest.New(t)
	seed(t, s, 3)
	_, next := listIDs(t, s, map[string]any{"Catalog": "Sandbox", "MaxResults": 1})
	tests := []struct {
		name string
		req  map[string]any
	}{
		{"tampered", map[string]any{"NextToken": next[:len(next)-2] + "xx"}},
		{"other filters", map[string]any{"NextToken": next, "LifeCycleStage": []string{"Prospect"}}},
		{"other sort", map[string]any{"NextToken": next, "Sort": map[string]any{"SortBy": "Identifier", "SortOrder": "ASCENDING"}}},
		{"not a token", map[string]any{"NextToken": "tok-2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req["Catalog"] = "Sandbox"
			r := s.Fail("ListOpportunities", tt.req, "ValidationException")
			if errs := fieldErrors(r); !contains(errs, "nextToken:INVALID_VALUE") {
				t.Errorf("ErrorList = %v", errs)
			}
		})
	}
	// Another page size is the same listing.
	s.OK("ListOpportunities", map[string]any{"Catalog": "Sandbox", "NextToken": next, "MaxResults": 2})
}

// TestIncrementalSync follows the seeds' recipe: remember the newest
// LastModifiedDate seen, list with AfterLastModifiedDate, follow NextToken.
func TestIncrementalSync(t *testing.T) {
	s := apitest.New(t)
	seed(t, s, 5)
	mirror := map[string]string{} // id -> LastModifiedDate
	var watermark string
	sync := func() {
		req := map[string]any{"Catalog": "Sandbox", "MaxResults": 2}
		if watermark != "" {
			req["LastModifiedDate"] = map[string]any{"AfterLastModifiedDate": watermark}
		}
		for {
			out := s.OK("ListOpportunities", req)
			for _, o := range out["OpportunitySummaries"].([]any) {
				m := o.(map[string]any)
				lm := m["LastModifiedDate"].(string)
				mirror[m["Id"].(string)] = lm
				if lm > watermark {
					watermark = lm
				}
			}
			next, _ := out["NextToken"].(string)
			if next == "" {
				return
			}
			req["NextToken"] = next
		}
	}
	sync()
	ids := seed(t, s, 3)
	s.Clock.Advance(time.Second)
	s.OK("UpdateOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": ids[0],
		"LastModifiedDate": getOpp(t, s, ids[0])["LastModifiedDate"], "Marketing": map[string]any{"Source": "None"}})
	sync()
	all, _ := listIDs(t, s, map[string]any{"Catalog": "Sandbox", "MaxResults": 100})
	if len(mirror) != len(all) {
		t.Fatalf("mirror has %d records, server %d", len(mirror), len(all))
	}
	for _, id := range all {
		if mirror[id] != getOpp(t, s, id)["LastModifiedDate"] {
			t.Errorf("%s: mirror at %s, server at %v", id, mirror[id], getOpp(t, s, id)["LastModifiedDate"])
		}
	}
}

// summaryless is a store whose opportunity writes keep no listing summary,
// as the versions an earlier pcs stored: listings answer from documents.
type summaryless struct{ store.Store }

func (db summaryless) Update(ctx context.Context, fn func(store.Tx) error) error {
	return db.Store.Update(ctx, func(tx store.Tx) error { return fn(summarylessTx{tx}) })
}

type summarylessTx struct{ store.Tx }

func (tx summarylessTx) InsertOpportunity(ctx context.Context, o *store.Opportunity) error {
	bare := *o
	bare.Summary = nil
	return tx.Tx.InsertOpportunity(ctx, &bare)
}

func (tx summarylessTx) UpdateOpportunity(ctx context.Context, o *store.Opportunity) error {
	bare := *o
	bare.Summary = nil
	return tx.Tx.UpdateOpportunity(ctx, &bare)
}

// TestListingsReadStoredSummaries: listings answer from the summaries
// stored beside the documents, and exactly what versions stored without one
// (before summaries were kept) answer from their documents, pinned pages
// included.
func TestListingsReadStoredSummaries(t *testing.T) {
	script := func(s *apitest.Server) []string {
		var bodies []string
		list := func(req map[string]any) string {
			t.Helper()
			req["Catalog"] = "Sandbox"
			out := s.OK("ListOpportunities", req)
			next, _ := out["NextToken"].(string)
			delete(out, "NextToken") // sealed with the server's own key
			b, _ := json.Marshal(out)
			bodies = append(bodies, string(b))
			return next
		}
		first := createOpportunity(t, s, nil)
		s.Clock.Advance(time.Second)
		createOpportunity(t, s, func(m map[string]any) {
			set(m, "LifeCycle.Stage", "Qualified")
			set(m, "Customer.Account.CompanyName", "Other Corp")
			set(m, "Project.ExpectedCustomerSpend", deleted)
		})
		s.Clock.Advance(time.Second)
		seed(t, s, 2)
		next := list(map[string]any{"MaxResults": 2})
		// The update moves the first to the front of the listing now, but
		// the pinned listing goes on as it stood.
		up := updateBody(t, first, getOpp(t, s, first)["LastModifiedDate"])
		set(up, "LifeCycle.NextSteps", "Send the proposal")
		s.OK("UpdateOpportunity", up)
		for next != "" {
			next = list(map[string]any{"MaxResults": 2, "NextToken": next})
		}
		list(map[string]any{})
		list(map[string]any{"LifeCycleStage": []string{"Qualified"}, "Sort": map[string]any{"SortBy": "CustomerCompanyName", "SortOrder": "ASCENDING"}})
		return bodies
	}

	s := apitest.New(t)
	want := script(s)
	err := s.Store.View(context.Background(), func(tx store.Tx) error {
		recs, err := tx.ListOpportunities(context.Background(), scopeOf(s, "Sandbox"), store.OpportunityQuery{})
		for _, r := range recs {
			if r.Summary == nil || r.Doc != nil {
				t.Errorf("%s is listed with summary %q and a document of %d bytes, want its summary only", r.ID, r.Summary, len(r.Doc))
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	mem, err := sqlite.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := script(apitest.NewWith(t, server.Config{Store: summaryless{mem}}))
	if !slices.Equal(got, want) {
		t.Errorf("listings of versions without summaries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
