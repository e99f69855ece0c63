package selling_test

import (
	"testing"

	"pcs/internal/apitest"
	"pcs/selling"
)

// addresslessLead is a lead whose customer has no address, a free-text
// industry the service's Industry enum lacks, and an interaction with only
// its contact: all the newest SDK lets a partner leave out.
func addresslessLead() map[string]any {
	return map[string]any{"Lead": map[string]any{
		"Customer": map[string]any{"CompanyName": "Example Payments", "Industry": "Fintech", "MarketSegment": "Mid-market"},
		"Interactions": []any{map[string]any{"BusinessProblem": "The customer wants fraud scoring in real time.",
			"Contact": map[string]any{"BusinessTitle": "CTO", "Email": "cto@payments.example.com", "FirstName": "Ana", "LastName": "Silva"}}},
	}}
}

// TestLeadsWithoutAddress: a lead without an address goes through every
// operation that takes one, and whatever is made from it has no address.
func TestLeadsWithoutAddress(t *testing.T) {
	s := apitest.New(t)
	// Title and Description are optional in the newest model.
	eng := s.OK("CreateEngagement", map[string]any{"Catalog": "Sandbox", "ClientToken": "e",
		"Contexts": []any{map[string]any{"Type": "Lead", "Payload": addresslessLead()}}})
	engID := eng["Id"].(string)
	s.OK("CreateEngagementContext", map[string]any{"Catalog": "Sandbox", "ClientToken": "c", "EngagementIdentifier": engID,
		"Type": "Lead", "Payload": addresslessLead()})
	got := s.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": engID})
	if got["Title"] != nil || len(got["Contexts"].([]any)) != 2 {
		t.Fatalf("engagement = %v", got)
	}
	update := addresslessLead()
	set(update, "Lead.QualificationStatus", "Qualified")
	s.OK("UpdateEngagementContext", map[string]any{"Catalog": "Sandbox", "EngagementIdentifier": engID, "ContextIdentifier": "2",
		"EngagementLastModifiedAt": got["ModifiedAt"], "Type": "Lead", "Payload": update})

	conv := s.OK("StartOpportunityFromEngagementTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "convert",
		"Identifier": engID, "ContextIdentifier": "1"})
	if conv["TaskStatus"] != "COMPLETE" {
		t.Fatalf("converting an address-less lead: %v", conv)
	}
	opp := getOpp(t, s, conv["OpportunityId"].(string))
	account := get(opp, "Customer.Account").(map[string]any)
	if account["Address"] != nil || account["Industry"] != "Other" || account["OtherIndustry"] != "Fintech" {
		t.Errorf("converted account = %v, want no address, Industry Other, OtherIndustry Fintech", account)
	}

	task := startProspecting(s, "no address", engID)
	s.Advance(selling.DefaultProspectingTime)
	if st := outcomes(getProspecting(s, task["TaskId"].(string)))[engID]["Status"]; st != "COMPLETED" {
		t.Fatalf("prospecting an address-less lead: %v", st)
	}
	contexts := s.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": engID})["Contexts"].([]any)
	customer := get(contexts[len(contexts)-1].(map[string]any), "Payload.ProspectingResult.Aws.Customer").(map[string]any)
	for _, absent := range []string{"Country", "Geo", "Region", "SubRegion", "CompanySize"} {
		if customer[absent] != nil {
			t.Errorf("prospected customer has %s %v without a country or known segment", absent, customer[absent])
		}
	}
	if customer["Industry"] != "Other" || customer["Segment"] != "Mid-market" {
		t.Errorf("prospected customer = %v", customer)
	}
}

// TestLeadAddressIsFreeText: a lead's address is free text of the
// documented lengths; a country that is not an ISO code stays on the lead
// and is left out of what is made from it.
func TestLeadAddressIsFreeText(t *testing.T) {
	s := apitest.New(t)
	lead := leadContext("")
	set(lead, "Lead.Customer.Address", map[string]any{"City": "Zürich", "CountryCode": "Swiss"})
	engID := newEngagement(t, s, map[string]any{"Type": "Lead", "Payload": lead})
	conv := s.OK("StartOpportunityFromEngagementTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "convert",
		"Identifier": engID, "ContextIdentifier": "1"})
	address := get(getOpp(t, s, conv["OpportunityId"].(string)), "Customer.Account.Address").(map[string]any)
	if address["City"] != "Zürich" || address["CountryCode"] != nil {
		t.Errorf("converted address = %v, want Zürich without a country", address)
	}

	set(lead, "Lead.Customer.Address.CountryCode", "SWITZERLAND")
	r := s.Call("CreateEngagement", map[string]any{"Catalog": "Sandbox", "ClientToken": "long", "Title": "t", "Description": "d",
		"Contexts": []any{map[string]any{"Type": "Lead", "Payload": lead}}})
	if errs := fieldErrors(r); r.Status != 400 || !contains(errs, "contexts.payload.lead.customer.address.countryCode:INVALID_STRING_FORMAT") {
		t.Errorf("an 11-character country: HTTP %d %v", r.Status, errs)
	}
}
