package selling_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"pcs/internal/apitest"
)

// recommendationTypes lists the Type of each of a summary's recommendations.
func recommendationTypes(sum map[string]any) []any {
	recs, _ := get(sum, "Insights.Recommendations").([]any)
	var types []any
	for _, r := range recs {
		types = append(types, r.(map[string]any)["Type"])
	}
	return types
}

func TestAwsViewScoresOnApproval(t *testing.T) {
	tests := []struct {
		involvement string
		motion      string
	}{
		{"Co-Sell", "AWS Field-engaged"},
		{"For Visibility Only", "Partner-led"},
	}
	for _, tt := range tests {
		t.Run(tt.involvement, func(t *testing.T) {
			s := apitest.New(t)
			id := createOpportunity(t, s, func(m map[string]any) {
				set(m, "Catalog", "AWS")
				set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
			})
			s.OK("SubmitOpportunity", map[string]any{"Catalog": "AWS", "Identifier": id, "InvolvementType": tt.involvement})
			before := awsSummary(t, s, id)
			if before["CosellMotion"] != nil || before["Insights"] != nil {
				t.Errorf("before scoring: CosellMotion %v, Insights %v; want neither", before["CosellMotion"], before["Insights"])
			}
			s.Advance(time.Minute + 5*time.Minute)
			sum := awsSummary(t, s, id)
			// The test opportunity lacks AWS products and a Marketplace solution:
			// 8 of the 10 quality criteria.
			for path, want := range map[string]any{
				"CosellMotion":                      tt.motion,
				"Insights.OpportunityQuality.Score": float64(80),
				"Insights.OpportunityQuality.Trend": "No Change",
				"Insights.EngagementScore":          "Medium",
			} {
				if got := get(sum, path); got != want {
					t.Errorf("%s = %v, want %v", path, got, want)
				}
			}
			if got := recommendationTypes(sum); fmt.Sprint(got) != "[OpportunityQuality SolutionRecommendation]" {
				t.Errorf("recommendation types = %v", got)
			}
			first := get(sum, "Insights.Recommendations").([]any)[0].(map[string]any)
			if get(first, "Attributes.MissingMembers") != "RelatedEntityIdentifiers.AwsProducts,RelatedEntityIdentifiers.AwsMarketplaceSolutions" ||
				get(first, "Attributes.Score") != "80" || !strings.Contains(first["Details"].(string), "RelatedEntityIdentifiers.AwsProducts") {
				t.Errorf("quality recommendation = %v", first)
			}
		})
	}
}

func TestAwsViewFollowsThePartnersChanges(t *testing.T) {
	s := apitest.New(t)
	id := submittedAWS(t, s)
	s.Advance(time.Minute + 5*time.Minute)
	aws := func(kind, entity string) map[string]any {
		m := associate(id, kind, entity)
		m["Catalog"] = "AWS"
		return m
	}
	s.OK("AssociateOpportunity", aws("AwsProducts", "AmazonTimestream"))
	s.OK("AssociateOpportunity", aws("AwsMarketplaceSolutions", mpSolutionARN))
	s.OK("AssociateOpportunity", aws("AwsMarketplaceProducts", mpProductARN))
	sum := awsSummary(t, s, id)
	for path, want := range map[string]any{
		"Insights.OpportunityQuality.Score": float64(100),
		"Insights.OpportunityQuality.Trend": "Improving",
	} {
		if got := get(sum, path); got != want {
			t.Errorf("complete: %s = %v, want %v", path, got, want)
		}
	}
	for path, want := range map[string]string{
		"RelatedEntityIds.AwsMarketplaceSolutions": "[" + mpSolutionARN + "]",
		"RelatedEntityIds.AwsMarketplaceProducts":  "[" + mpProductARN + "]",
		"RelatedEntityIds.AwsProducts":             "[AmazonTimestream]",
	} {
		if got := fmt.Sprint(get(sum, path)); got != want {
			t.Errorf("%s = %s, want %s", path, got, want)
		}
	}
	recs := get(sum, "Insights.Recommendations").([]any)
	if len(recs) != 1 || get(recs[0].(map[string]any), "Type") != "SpecialistRecommendation" ||
		get(recs[0].(map[string]any), "Attributes.CustomerUseCase") != "Migration / Database Migration" {
		t.Errorf("recommendations of a complete opportunity = %v", recs)
	}

	// Three criteria fewer than when AWS scored it: 70 against 80.
	opp := s.OK("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": id})
	body := updateBody(t, id, opp["LastModifiedDate"])
	set(body, "Catalog", "AWS")
	set(body, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	set(body, "Project.CompetitorName", deleted)
	set(body, "LifeCycle.NextSteps", deleted)
	delete(body["Customer"].(map[string]any), "Contacts")
	s.OK("UpdateOpportunity", body)
	sum = awsSummary(t, s, id)
	if q := get(sum, "Insights.OpportunityQuality"); fmt.Sprint(q) != "map[Score:70 Trend:Declining]" {
		t.Errorf("after the partner emptied three members: %v", q)
	}
}
