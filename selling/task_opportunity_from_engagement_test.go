package selling_test

import (
	"testing"

	"pcs/internal/apitest"
)

func leadContext(status string) map[string]any {
	lead := map[string]any{
		"Customer": map[string]any{"CompanyName": "Example Freight", "Industry": "Retail", "WebsiteUrl": "https://freight.example.com",
			"Address": map[string]any{"CountryCode": "US", "City": "Seattle", "StateOrRegion": "Washington", "PostalCode": "98101"}},
		"Interactions": []any{map[string]any{"SourceType": "Event", "SourceId": "evt-1", "SourceName": "Summit",
			"CustomerAction": "Visited booth", "BusinessProblem": "The customer wants to move its analytics to AWS.",
			"Contact": map[string]any{"BusinessTitle": "CTO", "Email": "cto@freight.example.com", "FirstName": "Ana", "LastName": "Silva"}}},
	}
	if status != "" {
		lead["QualificationStatus"] = status
	}
	return map[string]any{"Lead": lead}
}

func TestLeadConversion(t *testing.T) {
	s := apitest.New(t)
	eng := s.OK("CreateEngagement", map[string]any{"Catalog": "Sandbox", "ClientToken": "e", "Title": "Lead", "Description": "A lead",
		"Contexts": []any{
			map[string]any{"Type": "Lead", "Payload": leadContext("Qualified")},
			map[string]any{"Type": "Lead", "Payload": leadContext("Disqualified")},
			map[string]any{"Type": "CustomerProject", "Payload": customerProject("p")},
		}})
	engID := eng["Id"].(string)
	convert := func(token, ctxID string) map[string]any {
		return s.OK("StartOpportunityFromEngagementTask", map[string]any{"Catalog": "Sandbox", "ClientToken": token,
			"Identifier": engID, "ContextIdentifier": ctxID})
	}
	task := convert("c1", "1")
	if task["TaskStatus"] != "COMPLETE" || task["ContextId"] != "4" || task["ResourceSnapshotJobId"] == nil {
		t.Fatalf("task = %v", task)
	}
	opp := getOpp(t, s, task["OpportunityId"].(string))
	for path, want := range map[string]any{
		"Project.Title":                   "Converted from Lead",
		"Project.CustomerBusinessProblem": "The customer wants to move its analytics to AWS.",
		"Customer.Account.CompanyName":    "Example Freight",
		"LifeCycle.Stage":                 "Prospect",
		"LifeCycle.ReviewStatus":          "Pending Submission",
		"LifeCycle.TargetCloseDate":       "2026-04-05",
	} {
		if got := get(opp, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	for _, tt := range []struct{ ctx, reason string }{
		{"2", "DisqualifiedLeadNotPermitted"}, {"3", "CustomerProjectContextNotPermitted"}, {"9", "ContextNotFound"},
	} {
		if got := convert("c-"+tt.ctx, tt.ctx); got["TaskStatus"] != "FAILED" || got["ReasonCode"] != tt.reason {
			t.Errorf("context %s: %v", tt.ctx, got)
		}
	}
	list := s.OK("ListOpportunityFromEngagementTasks", map[string]any{"Catalog": "Sandbox", "ContextIdentifier": []string{"4"}})
	if l := list["TaskSummaries"].([]any); len(l) != 1 || l[0].(map[string]any)["TaskId"] != task["TaskId"] {
		t.Errorf("tasks for context 4 = %v", list)
	}
	if all := s.OK("ListOpportunityFromEngagementTasks", map[string]any{"Catalog": "Sandbox"}); len(all["TaskSummaries"].([]any)) != 4 {
		t.Errorf("all conversion tasks = %v", all)
	}
	// The converted opportunity is submitted in the engagement it came from.
	body := updateBody(t, task["OpportunityId"].(string), opp["LastModifiedDate"])
	set(body, "Project.OtherSolutionDescription", "Analytics on Amazon Redshift")
	s.OK("UpdateOpportunity", body)
	sub := s.OK("StartEngagementFromOpportunityTask", startTask(task["OpportunityId"].(string), "sub", "Co-Sell"))
	if sub["TaskStatus"] != "COMPLETE" || sub["EngagementId"] != engID {
		t.Errorf("submitting the converted opportunity: %v", sub)
	}
}
