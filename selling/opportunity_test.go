package selling_test

import (
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"testing"

	"pcs/internal/apitest"
	"pcs/selling"
)

func TestCreateOpportunityAndGet(t *testing.T) {
	s := apitest.New(t)
	out := s.OK("CreateOpportunity", payload(t, "create_opportunity.json"))
	id, _ := out["Id"].(string)
	if !regexp.MustCompile(`^O[0-9]{7,19}$`).MatchString(id) {
		t.Fatalf("Id %q is not O + digits", id)
	}
	if out["PartnerOpportunityIdentifier"] != "CRM-OPP-2025-004812" {
		t.Errorf("PartnerOpportunityIdentifier = %v", out["PartnerOpportunityIdentifier"])
	}
	if out["LastModifiedDate"] != "2026-01-05T09:00:00.000Z" {
		t.Errorf("LastModifiedDate = %v, want the clock's time with milliseconds", out["LastModifiedDate"])
	}

	got := s.OK("GetOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id})
	want := map[string]any{
		"Id":                           id,
		"Arn":                          "arn:aws:partnercentral:us-east-1:111111111111:catalog/Sandbox/opportunity/" + id,
		"Catalog":                      "Sandbox",
		"CreatedDate":                  "2026-01-05T09:00:00.000Z",
		"LastModifiedDate":             "2026-01-05T09:00:00.000Z",
		"LifeCycle.ReviewStatus":       "Pending Submission",
		"LifeCycle.Stage":              "Prospect",
		"Customer.Account.CompanyName": "Northwind Logistics GmbH",
		"Project.CustomerUseCase":      "Migration / Database Migration",
		"Marketing.Source":             "Marketing Activity",
		"NationalSecurity":             "No",
		"OpportunityType":              "Net New Business",
		"PartnerOpportunityIdentifier": "CRM-OPP-2025-004812",
	}
	for path, w := range want {
		if g := get(got, path); g != w {
			t.Errorf("%s = %v, want %v", path, g, w)
		}
	}
	if _, ok := got["Tags"]; ok {
		t.Error("GetOpportunity must not return Tags (ListTagsForResource does)")
	}
	if _, ok := got["Origin"]; ok {
		t.Error("GetOpportunity must not return Origin (not in its output shape)")
	}
	team, _ := got["OpportunityTeam"].([]any)
	titles := map[string]bool{}
	for _, c := range team {
		titles[fmt.Sprint(c.(map[string]any)["BusinessTitle"])] = true
	}
	if !titles["OpportunityOwner"] || !titles["PartnerAccountManager"] || len(team) != 2 {
		t.Errorf("OpportunityTeam = %v, want the service's owner plus the partner's account manager", team)
	}
	hist, _ := get(got, "LifeCycle.NextStepsHistory").([]any)
	if len(hist) != 1 {
		t.Errorf("NextStepsHistory = %v, want the initial NextSteps", hist)
	}
}

func TestCreateOpportunityDefaults(t *testing.T) {
	s := apitest.New(t)
	out := s.OK("CreateOpportunity", map[string]any{"Catalog": "AWS", "ClientToken": "t1",
		"LifeCycle": map[string]any{"ReviewStatus": "Approved"}})
	got := s.OK("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": out["Id"]})
	for path, want := range map[string]string{
		"LifeCycle.Stage":        "Prospect",
		"LifeCycle.ReviewStatus": "Pending Submission",
		"NationalSecurity":       "No",
		"OpportunityType":        "Net New Business",
		"Marketing.Source":       "None",
	} {
		if g := get(got, path); g != want {
			t.Errorf("%s = %v, want %q", path, g, want)
		}
	}
}

func TestOpportunityIDsAreUniqueAcrossAccounts(t *testing.T) {
	s := apitest.New(t)
	seen := map[string]bool{}
	for i, acct := range []string{"111111111111", "222222222222", "111111111111"} {
		out := s.As(acct).OK("CreateOpportunity", map[string]any{"Catalog": "Sandbox", "ClientToken": fmt.Sprint(i)})
		id := out["Id"].(string)
		if seen[id] {
			t.Fatalf("Id %s handed out twice", id)
		}
		seen[id] = true
	}
}

func TestOpportunityIsolation(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, nil)
	tests := []struct {
		name    string
		srv     *apitest.Server
		catalog string
	}{
		{"another account", s.As("222222222222"), "Sandbox"},
		{"another catalog", s, "AWS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.srv.Fail("GetOpportunity", map[string]any{"Catalog": tt.catalog, "Identifier": id}, "ResourceNotFoundException")
			if r.Status != http.StatusBadRequest {
				t.Errorf("HTTP %d, want 400", r.Status)
			}
			tt.srv.Fail("UpdateOpportunity", map[string]any{"Catalog": tt.catalog, "Identifier": id,
				"LastModifiedDate": "2026-01-05T09:00:00Z", "Marketing": map[string]any{"Source": "None"}}, "ResourceNotFoundException")
			list := tt.srv.OK("ListOpportunities", map[string]any{"Catalog": tt.catalog})
			if n := len(list["OpportunitySummaries"].([]any)); n != 0 {
				t.Errorf("listing shows %d opportunities of someone else", n)
			}
		})
	}
}

// TestRelatedEntityIdentifiersOfAFreshOpportunity: the model requires
// RelatedEntityIdentifiers and the service answers it, its lists empty ([]),
// on every opportunity with nothing associated: created, converted,
// accepted, preloaded, and after the last association is undone.
func TestRelatedEntityIdentifiersOfAFreshOpportunity(t *testing.T) {
	s := apitest.New(t)
	none := map[string]any{}
	for _, l := range []string{"AwsMarketplaceOfferSets", "AwsMarketplaceOffers", "AwsMarketplaceProducts", "AwsMarketplaceSolutions", "AwsProducts", "Solutions"} {
		none[l] = []any{}
	}
	created := createOpportunity(t, s, nil)
	_, invID := referral(t, s)
	accepted := s.OK("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "a", "Identifier": invID})["OpportunityId"].(string)
	preloaded, err := selling.SeedOpportunities(t.Context(), s.Store, scopeOf(s, "Sandbox"), apitest.Start, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	undone := createOpportunity(t, s, nil)
	s.OK("AssociateOpportunity", associate(undone, "AwsProducts", "AmazonRedshift"))
	s.OK("DisassociateOpportunity", associate(undone, "AwsProducts", "AmazonRedshift"))
	for name, id := range map[string]string{"created": created, "accepted": accepted, "preloaded": preloaded[0], "undone": undone} {
		if got := getOpp(t, s, id)["RelatedEntityIdentifiers"]; !reflect.DeepEqual(got, none) {
			t.Errorf("%s: RelatedEntityIdentifiers = %v, want %v", name, got, none)
		}
	}
}
