package selling_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"pcs/api"
	"pcs/awsjson"
	"pcs/caller"
	"pcs/internal/apitest"
	"pcs/selling"
	"pcs/store"
)

// TestStoredSummariesAreTheListings lists the opportunities of a store
// that every write path filled (create, update, submit, AWS's review,
// assignment, associations, referrals accepted and pending, engagements,
// seeding), of its imported copy and of versions stored before summaries
// were kept encoded, spliced from the stored summaries and built from the
// decoded ones, and wants the same bytes: those awsjson sends for the
// output ListOpportunities returns. Every version written since is listed
// from its encoded summary as it was stored.
func TestStoredSummariesAreTheListings(t *testing.T) {
	a := roundTripServer(t, apitest.Start)
	b := a.As("222222222222")
	buildExportWorld(t, a, b)
	// HTML characters, which a summary encoded by json.Marshal escapes.
	html := createOpportunity(t, a, func(m map[string]any) {
		set(m, "Customer.Account.CompanyName", "Smith & Sons <EU>")
		set(m, "Customer.Account.WebsiteUrl", "https://example.com/?a=1&b=2")
	})
	ctx := context.Background()
	scope := store.Scope{Account: a.Account, Catalog: "Sandbox"}
	if _, err := selling.SeedOpportunities(ctx, a.Store, scope, apitest.Start, 0, 20); err != nil {
		t.Fatal(err)
	}

	// A listing pinned before an update lists the superseded version.
	first := map[string]any{"Catalog": "Sandbox", "MaxResults": 2,
		"Sort": map[string]any{"SortBy": "Identifier", "SortOrder": "ASCENDING"}}
	tok := compareListings(t, a, a.Account, first)
	o := getOpp(t, a, html)
	upd := updateBody(t, html, o["LastModifiedDate"])
	set(upd, "Customer.Account.CompanyName", "Smith & Sons <US>")
	a.OK("UpdateOpportunity", upd)
	first["NextToken"] = tok
	for tok != nil {
		first["NextToken"] = tok
		tok = compareListings(t, a, a.Account, first)
	}

	copyOf := importedCopy(t, a)
	for _, s := range []*apitest.Server{a, copyOf} {
		if n := compareAllListings(t, s); n < 25 {
			t.Errorf("compared %d listed summaries, want every opportunity's", n)
		}
		if bad := unencodedSummaries(t, s); len(bad) > 0 {
			t.Errorf("versions listed from summaries not kept encoded: %v", bad)
		}
	}

	// Versions stored before: summaries encoded by json.Marshal, and none.
	legacy := store.Scope{Account: "333333333333", Catalog: "Sandbox"}
	at := apitest.Start.Add(time.Minute)
	err := a.Store.Update(ctx, func(tx store.Tx) error {
		for i, company := range []string{"Fabrikam & Co <EU>", "Contoso"} {
			id := fmt.Sprintf("O%d", 9000001+i)
			sum := api.OpportunitySummary{Id: &id, Catalog: &legacy.Catalog, LastModifiedDate: &api.DateTime{Time: at},
				CreatedDate: &api.DateTime{Time: at}, Customer: &api.CustomerSummary{Account: &api.AccountSummary{CompanyName: &company}}}
			old, err := json.Marshal(sum)
			if err != nil {
				return err
			}
			if !bytes.Contains(old, []byte(`\u0026`)) && i == 0 {
				t.Fatalf("json.Marshal no longer escapes HTML characters: %s", old)
			}
			rec := store.Opportunity{Scope: legacy, ID: id, CreatedAt: at, LastModifiedAt: at, CustomerCompanyName: company,
				Summary: old, Doc: old}
			if err := tx.InsertOpportunity(ctx, &rec); err != nil {
				return err
			}
		}
		doc := []byte(`{"Id":"O9000003","Catalog":"Sandbox","Customer":{"Account":{"CompanyName":"A & B"}}}`)
		return tx.InsertOpportunity(ctx, &store.Opportunity{Scope: legacy, ID: "O9000003", CreatedAt: at, LastModifiedAt: at, Doc: doc})
	})
	if err != nil {
		t.Fatal(err)
	}
	page := compareListing(t, a, legacy.Account, map[string]any{"Catalog": "Sandbox"})
	for _, want := range []string{`"CompanyName":"Fabrikam & Co <EU>"`, `"CompanyName":"A & B"`, `"CompanyName":"Contoso"`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("legacy listing %s lacks %s", page, want)
		}
	}
}

// compareAllListings lists every scope of s's store whole, in pages of 3
// and of 100, sorted and filtered, spliced and built, and returns how many
// summaries it compared.
func compareAllListings(t *testing.T, s *apitest.Server) int {
	t.Helper()
	n := 0
	for scope, pairs := range listedScopes(t, s) {
		bodies := []map[string]any{
			{"Catalog": scope.Catalog},
			{"Catalog": scope.Catalog, "MaxResults": 3},
			{"Catalog": scope.Catalog, "MaxResults": 100, "Sort": map[string]any{"SortBy": "CustomerCompanyName", "SortOrder": "ASCENDING"}},
		}
		for _, p := range pairs {
			bodies = append(bodies, map[string]any{"Catalog": scope.Catalog, "MaxResults": 100,
				"LifeCycleStage": []string{p[0]}, "LifeCycleReviewStatus": []string{p[1]}})
		}
		for i, body := range bodies {
			for {
				var out struct {
					NextToken            *string
					OpportunitySummaries []json.RawMessage
				}
				if err := json.Unmarshal(compareListing(t, s, scope.Account, body), &out); err != nil {
					t.Fatal(err)
				}
				if i == 2 {
					n += len(out.OpportunitySummaries)
				}
				if out.NextToken == nil {
					break
				}
				body["NextToken"] = *out.NextToken
			}
		}
	}
	return n
}

// compareListings compares one page and returns its NextToken.
func compareListings(t *testing.T, s *apitest.Server, account string, body map[string]any) any {
	t.Helper()
	var out struct{ NextToken *string }
	if err := json.Unmarshal(compareListing(t, s, account, body), &out); err != nil {
		t.Fatal(err)
	}
	if out.NextToken == nil {
		return nil
	}
	return *out.NextToken
}

// compareListing lists body as account spliced and built, fails unless
// both are the same bytes, and returns them.
func compareListing(t *testing.T, s *apitest.Server, account string, body map[string]any) []byte {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	var in api.ListOpportunitiesRequest
	if err := json.Unmarshal(raw, &in); err != nil {
		t.Fatal(err)
	}
	ctx := caller.NewContext(context.Background(), caller.Identity{AccountID: account})
	fast := selling.WithStoredAnswers(s.Service).(awsjson.EncodedAnswerer)
	spliced, ok, err := fast.EncodedAnswer(ctx, api.OpListOpportunities, &in)
	out, want := s.Service.ListOpportunities(ctx, &in)
	if want != nil {
		if !ok || err == nil || err.Error() != want.Error() {
			t.Fatalf("%s: spliced %v, %v; want %v", raw, ok, err, want)
		}
		return nil
	}
	if err != nil || !ok {
		t.Fatalf("%s: spliced %v, %v", raw, ok, err)
	}
	if built := encodeOutput(t, out); !bytes.Equal(spliced, built) {
		t.Fatalf("%s as %s: spliced\n%s\nwant\n%s", raw, account, spliced, built)
	}
	return spliced
}

// listedScopes returns each scope of s's store that a partner lists, with
// the (stage, review status) pairs of its current versions.
func listedScopes(t *testing.T, s *apitest.Server) map[store.Scope][][2]string {
	t.Helper()
	ctx := context.Background()
	scopes := map[store.Scope][][2]string{}
	err := s.Store.View(ctx, func(tx store.Tx) error {
		return tx.Dump(ctx, store.DumpFilter{}, func(r store.Record) error {
			v := r.Opportunity
			if v == nil || v.ReplacedBy != 0 || strings.Contains(v.Catalog, ":") {
				return nil
			}
			p := [2]string{v.Stage, v.ReviewStatus}
			if !slices.Contains(scopes[v.Scope], p) {
				scopes[v.Scope] = append(scopes[v.Scope], p)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return scopes
}

// unencodedSummaries returns the versions of s's store, current and
// superseded, whose summary is not kept as the listing's encoded item.
func unencodedSummaries(t *testing.T, s *apitest.Server) []string {
	t.Helper()
	ctx := context.Background()
	var bad []string
	scopes := listedScopes(t, s)
	err := s.Store.View(ctx, func(tx store.Tx) error {
		for scope := range scopes {
			v, err := tx.OpportunityVersion(ctx, scope)
			if err != nil {
				return err
			}
			for asOf := int64(1); asOf <= v; asOf++ {
				recs, err := tx.ListOpportunities(ctx, scope, store.OpportunityQuery{AsOf: asOf, Sort: store.SortIdentifier})
				if err != nil {
					return err
				}
				for _, r := range recs {
					if !r.SummaryEncoded {
						bad = append(bad, fmt.Sprintf("%s %s at %d", scope, r.ID, asOf))
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return bad
}
