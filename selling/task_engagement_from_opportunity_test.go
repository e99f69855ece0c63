package selling_test

import (
	"strings"
	"testing"

	"pcs/internal/apitest"
)

func startTask(id, token, involvement string) map[string]any {
	return map[string]any{"Catalog": "Sandbox", "ClientToken": token, "Identifier": id,
		"AwsSubmission": map[string]any{"InvolvementType": involvement, "Visibility": "Full"}}
}

func TestStartEngagementFromOpportunity(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, func(m map[string]any) {
		set(m, "Project.Title", "Partner Project Title - this field is not short at all")
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	task := s.OK("StartEngagementFromOpportunityTask", startTask(id, "t1", "Co-Sell"))
	engID, _ := task["EngagementId"].(string)
	invID, _ := task["EngagementInvitationId"].(string)
	if task["TaskStatus"] != "COMPLETE" || task["OpportunityId"] != id || !strings.HasPrefix(engID, "eng-") || len(engID) != 18 ||
		!strings.HasPrefix(invID, "engi-") || !strings.HasPrefix(task["ResourceSnapshotJobId"].(string), "job-") ||
		!strings.Contains(task["TaskArn"].(string), ":catalog/Sandbox/engagement-from-opportunity-task/task-") {
		t.Fatalf("task = %v", task)
	}
	if again := s.OK("StartEngagementFromOpportunityTask", startTask(id, "t1", "Co-Sell")); again["TaskId"] != task["TaskId"] {
		t.Errorf("polling with the same token = %v", again)
	}
	if st := get(getOpp(t, s, id), "LifeCycle.ReviewStatus"); st != "Submitted" {
		t.Errorf("ReviewStatus %v, want Submitted", st)
	}
	eng := s.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": engID})
	if eng["Title"] != "Partner Project Title - this field is no" || eng["MemberCount"] != float64(1) || eng["CreatedBy"] != "111111111111" {
		t.Errorf("engagement = %v", eng)
	}
	sent := s.OK("ListEngagementInvitations", map[string]any{"Catalog": "Sandbox", "ParticipantType": "SENDER"})
	list := sent["EngagementInvitationSummaries"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["Id"] != invID || list[0].(map[string]any)["Status"] != "PENDING" {
		t.Fatalf("sent invitations = %v", list)
	}
	tasks := s.OK("ListEngagementFromOpportunityTasks", map[string]any{"Catalog": "Sandbox", "OpportunityIdentifier": []string{id}})
	if l := tasks["TaskSummaries"].([]any); len(l) != 1 || l[0].(map[string]any)["TaskId"] != task["TaskId"] {
		t.Errorf("tasks = %v", tasks)
	}
	s.As("222222222222").Fail("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": engID}, "ResourceNotFoundException")

	// AWS's approval accepts the invitation, and AWS joins the engagement.
	review(t, s, id, "Approved")
	inv := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID})
	if inv["Status"] != "ACCEPTED" {
		t.Errorf("invitation to AWS after approval: %v", inv["Status"])
	}
	members := s.OK("ListEngagementMembers", map[string]any{"Catalog": "Sandbox", "Identifier": engID})
	if l := members["EngagementMemberList"].([]any); len(l) != 2 || l[1].(map[string]any)["CompanyName"] != "AWS" {
		t.Errorf("members = %v", members)
	}
	engs := s.OK("ListEngagements", map[string]any{"Catalog": "Sandbox"})
	if l := engs["EngagementSummaryList"].([]any); len(l) != 1 || l[0].(map[string]any)["MemberCount"] != float64(2) {
		t.Errorf("engagements = %v", engs)
	}
}

func TestStartEngagementFromOpportunityFails(t *testing.T) {
	s := apitest.New(t)
	// No solution and no description of one: AWS can't review it.
	id := createOpportunity(t, s, nil)
	task := s.OK("StartEngagementFromOpportunityTask", startTask(id, "t1", "Co-Sell"))
	if task["TaskStatus"] != "FAILED" || task["ReasonCode"] != "OpportunityValidationFailed" ||
		!strings.Contains(task["Message"].(string), "OtherSolutionDescription") || task["EngagementId"] != nil {
		t.Fatalf("task = %v", task)
	}
	if st := get(getOpp(t, s, id), "LifeCycle.ReviewStatus"); st != "Pending Submission" {
		t.Errorf("a failed task changed the opportunity: %v", st)
	}
	failed := s.OK("ListEngagementFromOpportunityTasks", map[string]any{"Catalog": "Sandbox", "TaskStatus": []string{"FAILED"}})
	if l := failed["TaskSummaries"].([]any); len(l) != 1 {
		t.Errorf("failed tasks = %v", failed)
	}

	done := submitted(t, s)
	task = s.OK("StartEngagementFromOpportunityTask", startTask(done, "t2", "Co-Sell"))
	if task["TaskStatus"] != "FAILED" || task["ReasonCode"] != "OpportunityConflict" {
		t.Errorf("task for a submitted opportunity = %v", task)
	}
	s.Fail("StartEngagementFromOpportunityTask", startTask("O1", "t3", "Co-Sell"), "ResourceNotFoundException")
}
