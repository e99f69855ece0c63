package console_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"pcs/api"
	"pcs/selling"
)

// TestSnapshotComparison: the engagement page shows what changed between
// two revisions of a snapshot, path by path, its values escaped.
func TestSnapshotComparison(t *testing.T) {
	s := newServer(t, "")
	s.OK("PutSellingSystemSettings", map[string]any{"Catalog": "Sandbox", "ResourceSnapshotJobRoleIdentifier": "PartnerCentralSnapshotJobRole"})
	id := createOpportunity(t, s, "Sandbox", "Snapshots")
	task := s.OK("StartEngagementFromOpportunityTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "snap-1", "Identifier": id,
		"AwsSubmission": map[string]any{"InvolvementType": "Co-Sell", "Visibility": "Full"}})
	eng := task["EngagementId"].(string)
	// Revision 2: AWS approves it; revision 3: the partner's next steps.
	if err := s.AWS.ReviewOpportunity(t.Context(), scopeOf(s), id, selling.ReviewDecision{Outcome: api.ReviewStatusApproved}); err != nil {
		t.Fatal(err)
	}
	update := updateBody(t, s, id)
	update["Project"].(map[string]any)["Title"] = "Snapshots"
	update["LifeCycle"].(map[string]any)["NextSteps"] = "<b>Call</b> the CTO"
	s.OK("UpdateOpportunity", update)

	b := newBrowser(t, s)
	page := "/_pcs/console/engagements/" + eng + "?" + scopeQuery(s, "Sandbox")
	_, body := b.get(page)
	mustContain(t, "the engagement page", body, "What changed between two revisions", "OpportunitySummaryView: revision 3",
		"what revision 3 changed")
	snapshot := "Opportunity|" + id + "|OpportunitySummaryView"

	status, body := b.get(page + "&snapshot=" + snapshot + "&from=1&to=2")
	if status != http.StatusOK {
		t.Fatalf("HTTP %d\n%s", status, body)
	}
	diff := between(body, "data-diff", "</table>")
	mustContain(t, "revisions 1 to 2", diff, "<code>OpportunitySummary.Lifecycle.ReviewStatus</code></td><td>changed</td><td><code>&#34;Submitted&#34;</code></td><td><code>&#34;Approved&#34;</code>")
	if strings.Contains(diff, "NextSteps") {
		t.Errorf("revisions 1 to 2 show a later change:\n%s", diff)
	}
	_, body = b.get(page + "&snapshot=" + snapshot) // the newest and the one before
	diff = between(body, "data-diff", "</table>")
	mustContain(t, "revisions 2 to 3", diff, "OpportunitySummary.Lifecycle.NextSteps", "&lt;b&gt;Call&lt;/b&gt; the CTO")
	if strings.Contains(body, "<b>Call</b>") {
		t.Error("a snapshot's value is shown as markup")
	}
	if _, body = b.get(page + "&snapshot=" + snapshot + "&from=1&to=9"); !strings.Contains(body, "Revision 9:") {
		t.Error("a revision that does not exist is not said to be missing")
	}
	if _, body = b.get(page + "&snapshot=" + snapshot + "&from=x"); !strings.Contains(body, "A revision is a whole number") {
		t.Error("a revision that is no number is taken")
	}
}

// updateBody is an UpdateOpportunity of id with the testdata's fields.
func updateBody(t *testing.T, s interface {
	OK(string, any) map[string]any
}, id string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile("testdata/create_opportunity.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"ClientToken", "Origin", "OpportunityTeam", "Tags"} {
		delete(m, k)
	}
	m["Identifier"] = id
	m["LastModifiedDate"] = s.OK("GetOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id})["LastModifiedDate"]
	m["Project"].(map[string]any)["OtherSolutionDescription"] = "Fleet telemetry on Amazon Timestream"
	if m["LifeCycle"] == nil {
		m["LifeCycle"] = map[string]any{}
	}
	return m
}
