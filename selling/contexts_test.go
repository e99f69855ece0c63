package selling_test

import (
	"testing"

	"pcs/internal/apitest"
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
