package selling_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"pcs/internal/apitest"
	"pcs/selling"
	"pcs/server"
)

func TestProspectingOutcomes(t *testing.T) {
	s := apitest.New(t)
	good := newEngagement(t, s, map[string]any{"Type": "Lead", "Payload": enterpriseLead()})
	noLead := newEngagement(t, s, map[string]any{"Type": "CustomerProject", "Payload": customerProject("p")})
	disqualified := newEngagement(t, s, leadOf("disqualified"))
	others := newEngagement(t, s.As("222222222222"), leadOf("Qualified"))

	ids := []string{good, noLead, disqualified, others, missingEngagement}
	start := startProspecting(s, "Spring prospects", ids...)
	taskID, _ := start["TaskId"].(string)
	if !regexp.MustCompile(`^task-[0-9a-z]{14}$`).MatchString(taskID) ||
		start["TaskArn"] != "arn:aws:partnercentral-selling:us-east-1::catalog/Sandbox/prospecting-from-engagement-task/"+taskID ||
		start["TaskStatus"] != "PENDING" || start["TaskName"] != "Spring prospects" ||
		start["StartTime"] != apitest.Start.Format("2006-01-02T15:04:05.000Z") || !slices.Equal(strs(start["Identifiers"]), ids) {
		t.Fatalf("start = %v", start)
	}

	// Before the prospecting time has passed on the pcs clock, AWS is still at work.
	s.Advance(selling.DefaultProspectingTime - time.Second)
	task := getProspecting(s, taskID)
	if task["EndTime"] != nil || task["TaskArn"] != start["TaskArn"] || task["TaskName"] != "Spring prospects" {
		t.Errorf("pending task = %v", task)
	}
	for id, r := range outcomes(task) {
		if r["Status"] != "PENDING" || r["EngagementContextId"] != nil || r["ReasonCode"] != nil {
			t.Errorf("%s before the run: %v", id, r)
		}
	}

	var cursor int64
	newEvents(t, s, s.Account, &cursor)
	s.Advance(time.Second)
	if evs := newEvents(t, s, s.Account, &cursor); !slices.Equal(evs, []string{"Engagement Updated"}) {
		t.Errorf("events of the run: %v, want one Engagement Updated", evs)
	}
	task = getProspecting(s, taskID)
	if task["EndTime"] != apitest.Start.Add(selling.DefaultProspectingTime).Format("2006-01-02T15:04:05.000Z") {
		t.Errorf("EndTime = %v", task["EndTime"])
	}
	got := outcomes(task)
	if r := got[good]; r["Status"] != "COMPLETED" || r["EngagementContextId"] != "2" || r["ReasonCode"] != nil {
		t.Errorf("lead engagement: %v", r)
	}
	for _, tt := range []struct{ id, reason, hint string }{
		{noLead, "LeadContextNotFound", "Lead context"},
		{disqualified, "DisqualifiedLeadNotPermitted", "QualificationStatus"},
		{others, "EngagementNotFound", "accept the engagement's invitation"},
		{missingEngagement, "EngagementNotFound", "Check the identifier"},
	} {
		r := got[tt.id]
		msg, _ := r["Message"].(string)
		if r["Status"] != "FAILED" || r["ReasonCode"] != tt.reason || !strings.Contains(msg, tt.hint) || r["EngagementContextId"] != nil {
			t.Errorf("%s: %v, want FAILED %s with a message mentioning %q", tt.id, r, tt.reason, tt.hint)
		}
	}

	eng := s.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": good})
	ctxs := eng["Contexts"].([]any)
	if len(ctxs) != 2 {
		t.Fatalf("contexts = %v", ctxs)
	}
	result := ctxs[1].(map[string]any)
	if result["Id"] != "2" || result["Type"] != "ProspectingResult" {
		t.Fatalf("prospecting context = %v", result)
	}
	for path, want := range map[string]any{
		"Payload.ProspectingResult.Aws.TaskId":               taskID,
		"Payload.ProspectingResult.Aws.TaskArn":              start["TaskArn"],
		"Payload.ProspectingResult.Aws.TaskName":             "Spring prospects",
		"Payload.ProspectingResult.Aws.StartTime":            start["StartTime"],
		"Payload.ProspectingResult.Aws.EndTime":              task["EndTime"],
		"Payload.ProspectingResult.Aws.Customer.AccountName": "Example Freight",
		"Payload.ProspectingResult.Aws.Customer.Country":     "US",
		"Payload.ProspectingResult.Aws.Customer.Industry":    "Retail",
		"Payload.ProspectingResult.Aws.Customer.Segment":     "Enterprise",
		"Payload.ProspectingResult.Aws.Customer.CompanySize": "10,000+ employees",
		"Payload.ProspectingResult.Aws.Customer.Geo":         "AMER",
		"Payload.ProspectingResult.Aws.Customer.Region":      "North America",
		"Payload.ProspectingResult.Aws.Customer.SubRegion":   "United States",
	} {
		if got := get(result, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	insights := get(result, "Payload.ProspectingResult.Aws.Insights").(map[string]any)
	levels := []string{"High", "Medium", "Low"}
	if !slices.Contains(levels, insights["MarketplaceEngagementScore"].(string)) || !slices.Contains(levels, insights["SolutionScore"].(string)) ||
		insights["SolutionCategory"] == "" || insights["SolutionSubCategory"] == "" {
		t.Errorf("insights = %v", insights)
	}
	if summary, _ := get(result, "Payload.ProspectingResult.Aws.Customer.PublicProfileSummary").(string); !strings.Contains(summary, "Example Freight") {
		t.Errorf("PublicProfileSummary = %q", summary)
	}
	if l := s.OK("ListEngagements", map[string]any{"Catalog": "Sandbox", "ContextTypes": []string{"ProspectingResult"}}); len(l["EngagementSummaryList"].([]any)) != 1 {
		t.Errorf("engagements with a ProspectingResult: %v", l)
	}

	// Prospecting the engagement again replaces its result; the insights
	// of the same lead are the same.
	again := startProspecting(s, "Summer prospects", good)
	s.Advance(selling.DefaultProspectingTime)
	if r := outcomes(getProspecting(s, again["TaskId"].(string)))[good]; r["Status"] != "COMPLETED" || r["EngagementContextId"] != "2" {
		t.Errorf("second run: %v", r)
	}
	eng = s.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": good})
	if ctxs := eng["Contexts"].([]any); len(ctxs) != 2 {
		t.Fatalf("contexts after a second run = %v", ctxs)
	}
	rerun := eng["Contexts"].([]any)[1].(map[string]any)
	if get(rerun, "Payload.ProspectingResult.Aws.TaskId") != again["TaskId"] || get(rerun, "Payload.ProspectingResult.Aws.TaskName") != "Summer prospects" {
		t.Errorf("replaced context = %v", rerun)
	}
	if got := get(rerun, "Payload.ProspectingResult.Aws.Insights").(map[string]any); fmt.Sprint(got) != fmt.Sprint(insights) {
		t.Errorf("insights changed from %v to %v", insights, got)
	}
}

func TestProspectingTimeConfig(t *testing.T) {
	s := apitest.NewWith(t, server.Config{Selling: selling.Config{ProspectingTime: time.Hour}})
	eng := newEngagement(t, s, map[string]any{"Type": "Lead", "Payload": enterpriseLead()})
	task := startProspecting(s, "Slow", eng)
	s.Advance(59 * time.Minute)
	if r := outcomes(getProspecting(s, task["TaskId"].(string)))[eng]; r["Status"] != "PENDING" {
		t.Errorf("after 59m: %v", r)
	}
	s.Advance(time.Minute)
	if r := outcomes(getProspecting(s, task["TaskId"].(string)))[eng]; r["Status"] != "COMPLETED" {
		t.Errorf("after 1h: %v", r)
	}
}
