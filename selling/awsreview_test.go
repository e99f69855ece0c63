package selling_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"pcs/api"
	"pcs/internal/apitest"
	"pcs/selling"
)

// submittedAWS creates a reviewable opportunity in the AWS catalog and
// submits it.
func submittedAWS(t *testing.T, s *apitest.Server) string {
	t.Helper()
	id := createOpportunity(t, s, func(m map[string]any) {
		set(m, "Catalog", "AWS")
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	s.OK("SubmitOpportunity", map[string]any{"Catalog": "AWS", "Identifier": id, "InvolvementType": "Co-Sell", "Visibility": "Limited"})
	return id
}

func awsStatus(t *testing.T, s *apitest.Server, id string) any {
	t.Helper()
	return get(s.OK("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": id}), "LifeCycle.ReviewStatus")
}

func TestAWSReviewApprovesOnSchedule(t *testing.T) {
	s := apitest.New(t)
	id := submittedAWS(t, s)
	steps := []struct {
		after time.Duration
		want  string
	}{
		{0, "Submitted"},
		{59 * time.Second, "Submitted"},
		{time.Second, "In review"},
		{5 * time.Minute, "Approved"},
		{time.Hour, "Approved"},
	}
	for _, st := range steps {
		s.Advance(st.after)
		if got := awsStatus(t, s, id); got != st.want {
			t.Fatalf("after +%v: ReviewStatus %v, want %s", st.after, got, st.want)
		}
	}
	sum := s.OK("GetAwsOpportunitySummary", map[string]any{"Catalog": "AWS", "RelatedOpportunityIdentifier": id})
	if sum["InvolvementType"] != "Co-Sell" || sum["Visibility"] != "Limited" || sum["RelatedOpportunityId"] != id {
		t.Errorf("summary = %v", sum)
	}
	if team, _ := sum["OpportunityTeam"].([]any); len(team) != 1 {
		t.Errorf("approved summary has AWS team %v", sum["OpportunityTeam"])
	}
	if get(sum, "Insights.EngagementScore") == nil {
		t.Errorf("approved summary lacks insights: %v", sum["Insights"])
	}
}

func TestAWSReviewOutcomes(t *testing.T) {
	tests := []struct {
		outcome api.ReviewStatus
	}{{api.ReviewStatusRejected}, {api.ReviewStatusActionRequired}}
	for _, tt := range tests {
		t.Run(string(tt.outcome), func(t *testing.T) {
			s := apitest.New(t, selling.WithReviewPolicy(selling.FixedReview{Wait: time.Minute, Review: time.Hour, Outcome: tt.outcome}))
			id := submittedAWS(t, s)
			s.Advance(time.Minute + time.Hour)
			if got := awsStatus(t, s, id); got != string(tt.outcome) {
				t.Errorf("ReviewStatus %v, want %s", got, tt.outcome)
			}
		})
	}
}

func TestAWSActionRequiredFixReentersReview(t *testing.T) {
	s := apitest.New(t, selling.WithReviewPolicy(selling.FixedReview{Wait: time.Minute, Review: time.Hour}))
	id := submittedAWS(t, s)
	s.Advance(time.Minute)
	if got := awsStatus(t, s, id); got != "In review" {
		t.Fatalf("ReviewStatus %v, want In review (a manual policy waits there)", got)
	}
	err := s.Sim.Review(t.Context(), scopeOf(s, "AWS"), id, selling.ReviewDecision{
		Outcome: api.ReviewStatusActionRequired, ReviewComments: "Customer website does not resolve", ReviewStatusReason: "Incomplete"})
	if err != nil {
		t.Fatal(err)
	}
	got := s.OK("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": id})
	if get(got, "LifeCycle.ReviewStatus") != "Action Required" || get(got, "LifeCycle.ReviewComments") != "Customer website does not resolve" {
		t.Fatalf("after AWS asked for action: %v", got["LifeCycle"])
	}
	body := updateBody(t, id, got["LastModifiedDate"])
	set(body, "Catalog", "AWS")
	set(body, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	set(body, "Customer.Account.WebsiteUrl", "https://www.northwind.example.com")
	s.OK("UpdateOpportunity", body)
	if got := awsStatus(t, s, id); got != "Submitted" {
		t.Fatalf("after the fix: %v, want Submitted (back in AWS's queue)", got)
	}
	s.Advance(time.Minute)
	if got := awsStatus(t, s, id); got != "In review" {
		t.Fatalf("second round: %v, want In review", got)
	}
	if err := s.Sim.Review(t.Context(), scopeOf(s, "AWS"), id, selling.ReviewDecision{Outcome: api.ReviewStatusApproved}); err != nil {
		t.Fatal(err)
	}
	if got := awsStatus(t, s, id); got != "Approved" {
		t.Errorf("final: %v", got)
	}
	// A decision for a review that is over is refused.
	if err := s.Sim.Review(t.Context(), scopeOf(s, "AWS"), id, selling.ReviewDecision{Outcome: api.ReviewStatusRejected}); err == nil {
		t.Error("reviewing an approved opportunity again was accepted")
	}
}

func TestSandboxHasNoAutomaticReview(t *testing.T) {
	s := apitest.New(t)
	id := submitted(t, s)
	s.Advance(24 * time.Hour)
	if got := get(getOpp(t, s, id), "LifeCycle.ReviewStatus"); got != "Submitted" {
		t.Errorf("Sandbox opportunity moved to %v on its own", got)
	}
}

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

func TestAWSRejectionRejectsTheInvitationToAWS(t *testing.T) {
	s := apitest.New(t, selling.WithReviewPolicy(selling.FixedReview{Wait: time.Minute, Review: time.Hour, Outcome: api.ReviewStatusRejected}))
	id := createOpportunity(t, s, func(m map[string]any) {
		set(m, "Catalog", "AWS")
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	req := startTask(id, "t", "For Visibility Only")
	req["Catalog"] = "AWS"
	task := s.OK("StartEngagementFromOpportunityTask", req)
	s.Advance(2 * time.Hour)
	if st := awsStatus(t, s, id); st != "Rejected" {
		t.Fatalf("ReviewStatus %v", st)
	}
	inv := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "AWS", "Identifier": task["EngagementInvitationId"]})
	if inv["Status"] != "REJECTED" {
		t.Errorf("invitation to AWS after rejection: %v", inv["Status"])
	}
}
