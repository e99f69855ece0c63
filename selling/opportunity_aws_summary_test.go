package selling_test

import (
	"reflect"
	"testing"
	"time"

	"pcs/internal/apitest"
)

func TestAwsSummaryNeedsSubmission(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, nil)
	s.Fail("GetAwsOpportunitySummary", map[string]any{"Catalog": "Sandbox", "RelatedOpportunityIdentifier": id}, "ResourceNotFoundException")
	s.As("222222222222").Fail("GetAwsOpportunitySummary", map[string]any{"Catalog": "Sandbox", "RelatedOpportunityIdentifier": id}, "ResourceNotFoundException")
}

// awsSummary is GetAwsOpportunitySummary of an AWS catalog opportunity.
func awsSummary(t *testing.T, s *apitest.Server, id string) map[string]any {
	t.Helper()
	return s.OK("GetAwsOpportunitySummary", map[string]any{"Catalog": "AWS", "RelatedOpportunityIdentifier": id})
}

// TestAwsSoftwareRevenue: AWS's view shows the opportunity's software
// revenue (value and contract dates, no seller discount), and nothing for
// an opportunity without one.
func TestAwsSoftwareRevenue(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, func(m map[string]any) {
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	engID := s.OK("StartEngagementFromOpportunityTask", startTask(id, "t", "Co-Sell"))["EngagementId"].(string)
	want := map[string]any{"Value": map[string]any{"Amount": "120000.00", "CurrencyCode": "USD"},
		"EffectiveDate": "2026-09-01", "ExpirationDate": "2029-08-31", "Discount": nil}
	sum := s.OK("GetAwsOpportunitySummary", map[string]any{"Catalog": "Sandbox", "RelatedOpportunityIdentifier": id})
	if !reflect.DeepEqual(sum["SoftwareRevenue"], want) {
		t.Errorf("SoftwareRevenue = %v, want %v", sum["SoftwareRevenue"], want)
	}
	full := snapshotKey(engID, id)
	full["ResourceSnapshotTemplateIdentifier"] = "AwsOpportunitySummaryFullView"
	if got := get(s.OK("GetResourceSnapshot", full), "Payload.AwsOpportunitySummaryFullView.SoftwareRevenue"); !reflect.DeepEqual(got, want) {
		t.Errorf("AWS's snapshot SoftwareRevenue = %v", got)
	}

	without := createOpportunity(t, s, func(m map[string]any) {
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
		delete(m, "SoftwareRevenue")
	})
	s.OK("StartEngagementFromOpportunityTask", startTask(without, "t2", "Co-Sell"))
	s.Advance(time.Second)
	if sum := s.OK("GetAwsOpportunitySummary", map[string]any{"Catalog": "Sandbox", "RelatedOpportunityIdentifier": without}); sum["SoftwareRevenue"] != nil {
		t.Errorf("SoftwareRevenue of an opportunity without one = %v", sum["SoftwareRevenue"])
	}
}
