package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"

	pcsadmin "pcs/admin"
	"pcs/internal/apitest"
	"pcs/store"
)

func opportunityBody(token string) map[string]any {
	return map[string]any{"Catalog": "Sandbox", "ClientToken": token,
		"Customer": map[string]any{"Account": map[string]any{"CompanyName": "Example", "Industry": "Retail",
			"WebsiteUrl": "https://example.com", "Address": map[string]any{"CountryCode": "DE", "PostalCode": "20457"}}},
		"LifeCycle": map[string]any{"TargetCloseDate": "2026-12-01"},
		"Project": map[string]any{"Title": "t", "CustomerBusinessProblem": "A problem that is long enough.",
			"DeliveryModels": []string{"SaaS or PaaS"}, "OtherSolutionDescription": "ours",
			"ExpectedCustomerSpend": []any{map[string]any{"Amount": "10", "CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "AWS"}}},
	}
}

// TestResetWhileWritesAreInFlight resets account A again and again while
// A and B create opportunities: each create (the opportunity, its client
// token, its event) survives a reset whole or is deleted whole, and B
// loses nothing.
func TestResetWhileWritesAreInFlight(t *testing.T) {
	s := apitest.New(t)
	a, b := s, s.As("222222222222")
	const writes = 30
	created := map[string]map[string]string{} // account -> client token -> id
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, p := range []*apitest.Server{a, b} {
		created[p.Account] = map[string]string{}
		wg.Go(func() {
			for i := range writes {
				token := fmt.Sprintf("%s-%d", p.Account, i)
				r := p.Call("CreateOpportunity", opportunityBody(token))
				if r.Status != http.StatusOK {
					t.Errorf("create %s: HTTP %d %s", token, r.Status, r.Body)
					return
				}
				mu.Lock()
				created[p.Account][token] = r.JSON()["Id"].(string)
				mu.Unlock()
			}
		})
	}
	wg.Go(func() {
		for range 10 {
			if _, err := s.PCS.Reset(context.Background(), pcsadmin.ResetRequest{Account: a.Account}); err != nil {
				t.Errorf("reset: %v", err)
				return
			}
		}
	})
	wg.Wait()
	if t.Failed() {
		return
	}

	for _, p := range []*apitest.Server{a, b} {
		var listed []string
		for _, o := range p.OK("ListOpportunities", map[string]any{"Catalog": "Sandbox", "MaxResults": 100})["OpportunitySummaries"].([]any) {
			listed = append(listed, o.(map[string]any)["Id"].(string))
		}
		slices.Sort(listed)
		if got := createdEvents(t, s, p.Account); !slices.Equal(got, listed) {
			t.Errorf("%s: opportunities %v, but Opportunity Created events of %v", p.Account, listed, got)
		}
		if p == b && len(listed) != writes {
			t.Errorf("B has %d of its %d opportunities", len(listed), writes)
		}
		// A client token is there exactly when its opportunity is.
		for token, id := range created[p.Account] {
			again := p.OK("CreateOpportunity", opportunityBody(token))["Id"]
			if kept := slices.Contains(listed, id); kept != (again == id) {
				t.Errorf("%s: opportunity %s kept %v, but its client token answers %v", p.Account, id, kept, again)
			}
		}
	}
}

// createdEvents returns the ids of the opportunities whose creation the
// outbox reports to account, sorted.
func createdEvents(t *testing.T, s *apitest.Server, account string) []string {
	t.Helper()
	var ids []string
	err := s.Store.View(context.Background(), func(tx store.Tx) error {
		evs, err := tx.EventsAfter(context.Background(), account, 0, 1000)
		for _, e := range evs {
			var env struct {
				DetailType string `json:"detail-type"`
				Detail     struct {
					Opportunity struct{ Identifier string }
				}
			}
			if err := json.Unmarshal(e.Doc, &env); err != nil {
				return err
			}
			if env.DetailType == "Opportunity Created" {
				ids = append(ids, env.Detail.Opportunity.Identifier)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}
