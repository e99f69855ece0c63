package selling_test

import (
	"fmt"
	"testing"

	"pcs/internal/apitest"
)

func snapshotKey(engID, id string) map[string]any {
	return map[string]any{"Catalog": "Sandbox", "EngagementIdentifier": engID, "ResourceType": "Opportunity",
		"ResourceIdentifier": id, "ResourceSnapshotTemplateIdentifier": "OpportunitySummaryView"}
}

// setJobRole gives the caller's Sandbox resource snapshot jobs a role to
// run as, without which they write no revisions.
func setJobRole(t *testing.T, s *apitest.Server) {
	t.Helper()
	s.OK("PutSellingSystemSettings", map[string]any{"Catalog": "Sandbox", "ResourceSnapshotJobRoleIdentifier": "PartnerCentralSnapshotJobRole"})
}

func TestSnapshotsFollowTheOpportunity(t *testing.T) {
	s := apitest.New(t)
	setJobRole(t, s)
	id := createOpportunity(t, s, func(m map[string]any) {
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	task := s.OK("StartEngagementFromOpportunityTask", startTask(id, "t", "Co-Sell"))
	engID, jobID := task["EngagementId"].(string), task["ResourceSnapshotJobId"].(string)
	job := s.OK("GetResourceSnapshotJob", map[string]any{"Catalog": "Sandbox", "ResourceSnapshotJobIdentifier": jobID})
	if job["Status"] != "Running" || job["ResourceId"] != id || job["EngagementId"] != engID {
		t.Fatalf("the task's job = %v", job)
	}
	revision := func() any { return s.OK("GetResourceSnapshot", snapshotKey(engID, id))["Revision"] }
	if r := revision(); r != float64(1) {
		t.Fatalf("first revision %v", r)
	}
	snap := s.OK("GetResourceSnapshot", snapshotKey(engID, id))
	if get(snap, "Payload.OpportunitySummary.Lifecycle.ReviewStatus") != "Submitted" {
		t.Errorf("snapshot payload = %v", snap["Payload"])
	}

	review(t, s, id, "Approved") // the review status is in the shared view
	if r := revision(); r != float64(2) {
		t.Errorf("after approval: revision %v, want 2", r)
	}
	body := updateBody(t, id, getOpp(t, s, id)["LastModifiedDate"])
	set(body, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	set(body, "Project.AdditionalComments", "Not in the shared view")
	s.OK("UpdateOpportunity", body)
	if r := revision(); r != float64(2) {
		t.Errorf("a change outside the view made revision %v", r)
	}
	set(body, "LastModifiedDate", getOpp(t, s, id)["LastModifiedDate"])
	set(body, "LifeCycle.NextSteps", "Architecture review next week")
	s.OK("UpdateOpportunity", body)
	if r := revision(); r != float64(3) {
		t.Errorf("after a NextSteps change: revision %v, want 3", r)
	}
	first := snapshotKey(engID, id)
	first["Revision"] = 1
	if r := s.OK("GetResourceSnapshot", first)["Revision"]; r != float64(1) {
		t.Errorf("revision 1 = %v", r)
	}
	list := s.OK("ListResourceSnapshots", map[string]any{"Catalog": "Sandbox", "EngagementIdentifier": engID,
		"ResourceSnapshotTemplateIdentifier": "OpportunitySummaryView"})
	if l := list["ResourceSnapshotSummaries"].([]any); len(l) != 3 {
		t.Errorf("snapshots = %v", list)
	}
	assoc := s.OK("ListEngagementResourceAssociations", map[string]any{"Catalog": "Sandbox"})
	if l := assoc["EngagementResourceAssociationSummaries"].([]any); len(l) != 1 || l[0].(map[string]any)["ResourceId"] != id {
		t.Errorf("associations = %v", assoc)
	}
	s.As("222222222222").Fail("GetResourceSnapshot", snapshotKey(engID, id), "ResourceNotFoundException")
}

// TestAwsFullViewForTheOwnerOnly: AWS writes its view of a submitted
// opportunity into the engagement as AwsOpportunitySummaryFullView
// revisions that only the opportunity's owner reads.
func TestAwsFullViewForTheOwnerOnly(t *testing.T) {
	a := apitest.New(t)
	b := a.As("222222222222")
	id := createOpportunity(t, a, func(m map[string]any) {
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	engID := a.OK("StartEngagementFromOpportunityTask", startTask(id, "t", "Co-Sell"))["EngagementId"].(string)
	inv := a.OK("CreateEngagementInvitation", map[string]any{"Catalog": "Sandbox", "ClientToken": "inv-b",
		"EngagementIdentifier": engID, "Invitation": opportunityInvitation(b.Account)})
	b.OK("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "acc", "Identifier": inv["Id"]})

	full := snapshotKey(engID, id)
	full["ResourceSnapshotTemplateIdentifier"] = "AwsOpportunitySummaryFullView"
	snap := a.OK("GetResourceSnapshot", full)
	if snap["Revision"] != float64(1) || snap["CreatedBy"] != "aws" || get(snap, "Payload.AwsOpportunitySummaryFullView.RelatedOpportunityId") != id ||
		get(snap, "Payload.AwsOpportunitySummaryFullView.InvolvementType") != "Co-Sell" {
		t.Fatalf("AWS's view = %v", snap)
	}
	if got := snap["TargetMemberAccounts"]; len(got.([]any)) != 1 || got.([]any)[0] != a.Account {
		t.Errorf("TargetMemberAccounts = %v", got)
	}

	review(t, a, id, "Approved") // AWS's view gains its seller and insights
	snap = a.OK("GetResourceSnapshot", full)
	if snap["Revision"] != float64(2) || get(snap, "Payload.AwsOpportunitySummaryFullView.Insights.EngagementScore") != "Medium" ||
		get(snap, "Payload.AwsOpportunitySummaryFullView.CosellMotion") != "AWS Field-engaged" ||
		get(snap, "Payload.AwsOpportunitySummaryFullView.Insights.OpportunityQuality.Score") != float64(80) {
		t.Errorf("after approval: %v", snap)
	}
	body := updateBody(t, id, getOpp(t, a, id)["LastModifiedDate"])
	set(body, "Project.AdditionalComments", "Not in AWS's view")
	a.OK("UpdateOpportunity", body)
	if r := a.OK("GetResourceSnapshot", full)["Revision"]; r != float64(2) {
		t.Errorf("a change outside AWS's view made revision %v", r)
	}
	a.OK("AssociateOpportunity", associate(id, "AwsMarketplaceProducts", mpProductARN))
	snap = a.OK("GetResourceSnapshot", full)
	if snap["Revision"] != float64(3) || fmt.Sprint(get(snap, "Payload.AwsOpportunitySummaryFullView.RelatedEntityIds.AwsMarketplaceProducts")) != "["+mpProductARN+"]" {
		t.Errorf("after associating a Marketplace product: %v", snap)
	}

	// The other member sees the shared view, not AWS's.
	b.OK("GetResourceSnapshot", snapshotKey(engID, id))
	b.Fail("GetResourceSnapshot", full, "ResourceNotFoundException")
	templates := func(c *apitest.Server) map[string]int {
		out := map[string]int{}
		list := c.OK("ListResourceSnapshots", map[string]any{"Catalog": "Sandbox", "EngagementIdentifier": engID, "ResourceIdentifier": id})
		for _, sn := range list["ResourceSnapshotSummaries"].([]any) {
			out[sn.(map[string]any)["ResourceSnapshotTemplateName"].(string)]++
		}
		return out
	}
	if got := templates(a); got["AwsOpportunitySummaryFullView"] != 3 || got["OpportunitySummaryView"] == 0 {
		t.Errorf("owner lists %v", got)
	}
	if got := templates(b); got["AwsOpportunitySummaryFullView"] != 0 || got["OpportunitySummaryView"] == 0 {
		t.Errorf("other member lists %v", got)
	}

	// Partners do not write AWS's view.
	full["ClientToken"] = "mine"
	r := a.Fail("CreateResourceSnapshot", full, "ValidationException")
	if got := fieldErrors(r); len(got) != 1 || got[0] != "resourceSnapshotTemplateIdentifier:INVALID_VALUE" {
		t.Errorf("CreateResourceSnapshot with AWS's template: %s", r.Body)
	}
}
