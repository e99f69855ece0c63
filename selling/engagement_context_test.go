package selling_test

import (
	"testing"

	"pcs/api"
	"pcs/internal/apitest"
	"pcs/selling"
)

func customerProject(title string) map[string]any {
	return map[string]any{"CustomerProject": map[string]any{
		"Customer": map[string]any{"CompanyName": "Example Corp", "CountryCode": "US", "Industry": "Retail", "WebsiteUrl": "https://example.com"},
		"Project":  map[string]any{"Title": title, "BusinessProblem": "A problem worth solving on AWS.", "TargetCompletionDate": "2026-12-01"},
	}}
}

func TestEngagementsAndContexts(t *testing.T) {
	s := apitest.New(t)
	create := map[string]any{"Catalog": "Sandbox", "ClientToken": "e1", "Title": "Joint pursuit", "Description": "Two partners, one customer",
		"Contexts": []any{map[string]any{"Type": "CustomerProject", "Payload": customerProject("First")}}}
	out := s.OK("CreateEngagement", create)
	engID := out["Id"].(string)
	if again := s.OK("CreateEngagement", create); again["Id"] != engID {
		t.Errorf("same ClientToken made another engagement: %v", again)
	}
	eng := s.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": engID})
	ctxs := eng["Contexts"].([]any)
	if eng["Title"] != "Joint pursuit" || len(ctxs) != 1 || ctxs[0].(map[string]any)["Id"] != "1" || eng["MemberCount"] != float64(1) {
		t.Fatalf("engagement = %v", eng)
	}

	added := s.OK("CreateEngagementContext", map[string]any{"Catalog": "Sandbox", "ClientToken": "c2", "EngagementIdentifier": engID,
		"Type": "CustomerProject", "Payload": customerProject("Second")})
	if added["ContextId"] != "2" {
		t.Errorf("second context id %v", added["ContextId"])
	}
	update := map[string]any{"Catalog": "Sandbox", "EngagementIdentifier": engID, "ContextIdentifier": "2",
		"EngagementLastModifiedAt": added["EngagementLastModifiedAt"], "Type": "CustomerProject", "Payload": customerProject("Second, revised")}
	updated := s.OK("UpdateEngagementContext", update)
	if updated["EngagementLastModifiedAt"] == added["EngagementLastModifiedAt"] {
		t.Error("UpdateEngagementContext did not move EngagementLastModifiedAt")
	}
	s.Fail("UpdateEngagementContext", update, "ConflictException") // stale now
	update["EngagementLastModifiedAt"] = updated["EngagementLastModifiedAt"]
	update["ContextIdentifier"] = "9"
	s.Fail("UpdateEngagementContext", update, "ResourceNotFoundException")
	eng = s.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": engID})
	if got := get(eng["Contexts"].([]any)[1].(map[string]any), "Payload.CustomerProject.Project.Title"); got != "Second, revised" {
		t.Errorf("context 2 title %v", got)
	}

	r := s.Fail("CreateEngagementContext", map[string]any{"Catalog": "Sandbox", "ClientToken": "c3", "EngagementIdentifier": engID,
		"Type": "Lead", "Payload": customerProject("Mismatch")}, "ValidationException")
	if !contains(fieldErrors(r), "payload:INVALID_VALUE") {
		t.Errorf("type/payload mismatch: %v", fieldErrors(r))
	}
	s.As("222222222222").Fail("CreateEngagementContext", map[string]any{"Catalog": "Sandbox", "ClientToken": "c4",
		"EngagementIdentifier": engID, "Type": "CustomerProject", "Payload": customerProject("x")}, "ResourceNotFoundException")
	listed := s.OK("ListEngagements", map[string]any{"Catalog": "Sandbox", "ContextTypes": []string{"CustomerProject"}})
	if l := listed["EngagementSummaryList"].([]any); len(l) != 1 {
		t.Errorf("engagements with a CustomerProject context: %v", listed)
	}
}

func prospectingPayload(account string) map[string]any {
	return map[string]any{"ProspectingResult": map[string]any{"Aws": map[string]any{
		"Customer": map[string]any{"AccountName": account, "Country": "DE"},
		"Insights": map[string]any{"MarketplaceEngagementScore": "Low"},
	}}}
}

func TestProspectingResultContexts(t *testing.T) {
	s := apitest.New(t)
	lead := newEngagement(t, s, map[string]any{"Type": "Lead", "Payload": enterpriseLead()})
	refusals := []struct {
		name, op string
		body     map[string]any
		want     string
	}{
		{"CreateEngagement", "CreateEngagement", map[string]any{"Catalog": "Sandbox", "ClientToken": "r1", "Title": "t", "Description": "d",
			"Contexts": []any{map[string]any{"Type": "ProspectingResult", "Payload": prospectingPayload("Example")}}}, "contexts.type:ACTION_NOT_PERMITTED"},
		{"CreateEngagementContext", "CreateEngagementContext", map[string]any{"Catalog": "Sandbox", "ClientToken": "r2",
			"EngagementIdentifier": lead, "Type": "ProspectingResult", "Payload": prospectingPayload("Example")}, "type:ACTION_NOT_PERMITTED"},
		{"payload of another type", "CreateEngagementContext", map[string]any{"Catalog": "Sandbox", "ClientToken": "r3",
			"EngagementIdentifier": lead, "Type": "Lead", "Payload": prospectingPayload("Example")}, "payload:INVALID_VALUE"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			r := s.Fail(tt.op, tt.body, "ValidationException")
			if got := fieldErrors(r); !contains(got, tt.want) {
				t.Errorf("field errors %v, want %s", got, tt.want)
			}
		})
	}

	startProspecting(s, "Enrich", lead)
	s.Advance(selling.DefaultProspectingTime)
	eng := s.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": lead})
	update := map[string]any{"Catalog": "Sandbox", "EngagementIdentifier": lead, "ContextIdentifier": "2",
		"EngagementLastModifiedAt": eng["ModifiedAt"], "Type": "ProspectingResult", "Payload": prospectingPayload("Example GmbH")}
	updates := []struct {
		name   string
		edit   func(m map[string]any)
		errTyp string
		want   string
	}{
		{"Lead payload for the prospecting context", func(m map[string]any) {
			m["Type"], m["Payload"] = "Lead", map[string]any{"Lead": map[string]any{"Customer": leadContext("")["Lead"].(map[string]any)["Customer"]}}
		}, "ValidationException", "type:INVALID_VALUE"},
		{"prospecting payload for the lead", func(m map[string]any) { m["ContextIdentifier"] = "1" }, "ValidationException", "type:INVALID_VALUE"},
		{"type and payload differ", func(m map[string]any) { m["Type"] = "CustomerProject" }, "ValidationException", "payload:INVALID_VALUE"},
	}
	for _, tt := range updates {
		t.Run(tt.name, func(t *testing.T) {
			body := map[string]any{}
			for k, v := range update {
				body[k] = v
			}
			tt.edit(body)
			if got := fieldErrors(s.Fail("UpdateEngagementContext", body, tt.errTyp)); !contains(got, tt.want) {
				t.Errorf("field errors %v, want %s", got, tt.want)
			}
		})
	}

	s.OK("UpdateEngagementContext", update)
	eng = s.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": lead})
	c := eng["Contexts"].([]any)[1].(map[string]any)
	if get(c, "Payload.ProspectingResult.Aws.Customer.AccountName") != "Example GmbH" || get(c, "Payload.ProspectingResult.Aws.TaskId") != nil {
		t.Errorf("updated prospecting context = %v", c)
	}
}

// TestPartnerCannotSetLeadInsights: AWS generates a lead's insights, so a
// partner's are ignored, also when it echoes a lead it read back.
func TestPartnerCannotSetLeadInsights(t *testing.T) {
	s := apitest.New(t)
	lead := testLead(t)
	lead.Insights = &api.LeadInsights{LeadReadinessScore: ptr("Low")}
	engID, got := acceptedLead(t, s, lead)
	got["Insights"] = map[string]any{"LeadReadinessScore": "High"}
	got["QualificationStatus"] = "Qualified"
	delete(got, "Interactions")
	eng := s.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": engID})
	s.OK("UpdateEngagementContext", map[string]any{"Catalog": "Sandbox", "EngagementIdentifier": engID, "ContextIdentifier": "1",
		"EngagementLastModifiedAt": eng["ModifiedAt"], "Type": "Lead", "Payload": map[string]any{"Lead": got}})
	eng = s.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": engID})
	updated := get(eng["Contexts"].([]any)[0].(map[string]any), "Payload.Lead").(map[string]any)
	if get(updated, "Insights.LeadReadinessScore") != "Low" || updated["QualificationStatus"] != "Qualified" {
		t.Errorf("after the partner's update: Insights %v, QualificationStatus %v; want AWS's Low kept, Qualified",
			updated["Insights"], updated["QualificationStatus"])
	}

	// A partner's own lead has no AWS insights either.
	own := leadContext("")
	own["Lead"].(map[string]any)["Insights"] = map[string]any{"LeadReadinessScore": "High"}
	created := s.OK("CreateEngagement", map[string]any{"Catalog": "Sandbox", "ClientToken": "own", "Title": "Own lead", "Description": "Ours",
		"Contexts": []any{map[string]any{"Type": "Lead", "Payload": own}}})
	s.OK("CreateEngagementContext", map[string]any{"Catalog": "Sandbox", "ClientToken": "own-2", "EngagementIdentifier": created["Id"],
		"Type": "Lead", "Payload": own})
	for _, c := range s.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": created["Id"]})["Contexts"].([]any) {
		if in := get(c.(map[string]any), "Payload.Lead.Insights"); in != nil {
			t.Errorf("context %v of the partner's lead has Insights %v", get(c.(map[string]any), "Id"), in)
		}
	}
}
