package selling_test

import (
	"strings"
	"testing"
	"time"

	"pcs/internal/apitest"
)

func TestSnapshotJobLifecycle(t *testing.T) {
	s := apitest.New(t)
	setJobRole(t, s)
	id := createOpportunity(t, s, nil)
	eng := s.OK("CreateEngagement", map[string]any{"Catalog": "Sandbox", "ClientToken": "e", "Title": "T", "Description": "D"})
	req := snapshotKey(eng["Id"].(string), id)
	req["ClientToken"] = "j"
	job := s.OK("CreateResourceSnapshotJob", req)
	jobID := map[string]any{"Catalog": "Sandbox", "ResourceSnapshotJobIdentifier": job["Id"]}
	if got := s.OK("GetResourceSnapshotJob", jobID); got["Status"] != "Stopped" || got["Arn"] != job["Arn"] {
		t.Fatalf("new job = %v", got)
	}
	s.Fail("StopResourceSnapshotJob", jobID, "ConflictException")
	s.OK("StartResourceSnapshotJob", jobID)
	if got := s.OK("GetResourceSnapshotJob", jobID); got["Status"] != "Running" || got["LastSuccessfulExecutionDate"] == nil {
		t.Errorf("started job = %v", got)
	}
	if r := s.OK("GetResourceSnapshot", snapshotKey(eng["Id"].(string), id))["Revision"]; r != float64(1) {
		t.Errorf("starting the job made revision %v", r)
	}
	s.Fail("DeleteResourceSnapshotJob", jobID, "ConflictException")
	s.OK("StopResourceSnapshotJob", jobID)
	s.OK("DeleteResourceSnapshotJob", jobID)
	s.Fail("GetResourceSnapshotJob", jobID, "ResourceNotFoundException")

	snap := snapshotKey(eng["Id"].(string), id)
	snap["ClientToken"] = "s"
	if out := s.OK("CreateResourceSnapshot", snap); out["Revision"] != float64(2) {
		t.Errorf("CreateResourceSnapshot = %v", out)
	}
	snap["ClientToken"], snap["ResourceSnapshotTemplateIdentifier"] = "s2", "NoSuchTemplate"
	s.Fail("CreateResourceSnapshot", snap, "ValidationException")
	if jobs := s.OK("ListResourceSnapshotJobs", map[string]any{"Catalog": "Sandbox"}); len(jobs["ResourceSnapshotJobSummaries"].([]any)) != 0 {
		t.Errorf("jobs after delete = %v", jobs)
	}
}

// TestSnapshotJobNeedsARole: a job runs as the partner's resource snapshot
// job role; without one its runs fail, and the members keep the revision
// they have until the role is set.
func TestSnapshotJobNeedsARole(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, func(m map[string]any) {
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	task := s.OK("StartEngagementFromOpportunityTask", startTask(id, "t", "Co-Sell"))
	engID, jobID := task["EngagementId"].(string), task["ResourceSnapshotJobId"].(string)
	job := func() map[string]any {
		return s.OK("GetResourceSnapshotJob", map[string]any{"Catalog": "Sandbox", "ResourceSnapshotJobIdentifier": jobID})
	}
	firstRun := job()["LastSuccessfulExecutionDate"]
	if firstRun == nil || job()["LastFailure"] != nil {
		t.Fatalf("the task's job = %v", job())
	}
	revision := func() any { return s.OK("GetResourceSnapshot", snapshotKey(engID, id))["Revision"] }

	review(t, s, id, "Approved") // changes the shared view
	if r := revision(); r != float64(1) {
		t.Errorf("a job without a role wrote revision %v", r)
	}
	got := job()
	if f, _ := got["LastFailure"].(string); !strings.Contains(f, "PutSellingSystemSettings") || got["LastSuccessfulExecutionDate"] != firstRun {
		t.Errorf("failed run recorded as %v", got)
	}

	setJobRole(t, s)
	s.Advance(time.Minute)
	body := updateBody(t, id, getOpp(t, s, id)["LastModifiedDate"])
	set(body, "LifeCycle.NextSteps", "Architecture review next week")
	s.OK("UpdateOpportunity", body)
	if r := revision(); r != float64(2) {
		t.Errorf("with a role: revision %v, want 2", r)
	}
	if got := job(); got["LastSuccessfulExecutionDate"] == firstRun {
		t.Errorf("successful run not recorded: %v", got)
	}
}
