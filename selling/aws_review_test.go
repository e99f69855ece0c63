package selling_test

import (
	"errors"
	"testing"
	"time"

	"pcs/api"
	"pcs/internal/apitest"
	"pcs/selling"
	"pcs/server"
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

// TestAWSReviewOutcomes: each outcome of the AWS catalog's review, with the
// ReviewComments it comes with. AWS always says what action it requires, so
// Action Required has comments even when none are configured.
func TestAWSReviewOutcomes(t *testing.T) {
	tests := []struct {
		name     string
		outcome  api.ReviewStatus
		comments string // FixedReview.Comments
		want     any    // LifeCycle.ReviewComments
	}{
		{"Rejected", api.ReviewStatusRejected, "", nil},
		{"Action Required", api.ReviewStatusActionRequired, "", selling.DefaultActionRequiredComments},
		{"Action Required, configured comments", api.ReviewStatusActionRequired, "Attach the pricing calculator estimate", "Attach the pricing calculator estimate"},
		{"Approved, configured comments", api.ReviewStatusApproved, "Looks good", "Looks good"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			policy := selling.FixedReview{Wait: time.Minute, Review: time.Hour, Outcome: tt.outcome, Comments: tt.comments}
			s := apitest.NewWith(t, server.Config{Selling: selling.Config{ReviewPolicy: policy}})
			id := submittedAWS(t, s)
			s.Advance(time.Minute + time.Hour)
			got := s.OK("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": id})
			if st := get(got, "LifeCycle.ReviewStatus"); st != string(tt.outcome) {
				t.Errorf("ReviewStatus %v, want %s", st, tt.outcome)
			}
			if c := get(got, "LifeCycle.ReviewComments"); c != tt.want {
				t.Errorf("ReviewComments %v, want %v", c, tt.want)
			}
		})
	}
}

// TestAWSActionRequiredAlwaysSaysWhat: an Action Required decided through
// the admin side (pcs sim review) or by a review rule without comments
// comes with AWS's default comments.
func TestAWSActionRequiredAlwaysSaysWhat(t *testing.T) {
	s := apitest.NewWith(t, server.Config{Selling: selling.Config{ReviewPolicy: selling.FixedReview{Wait: time.Minute, Review: time.Hour}}})
	id := submittedAWS(t, s)
	s.Advance(time.Minute)
	if err := s.AWS.ReviewOpportunity(t.Context(), scopeOf(s, "AWS"), id, selling.ReviewDecision{Outcome: api.ReviewStatusActionRequired}); err != nil {
		t.Fatal(err)
	}
	got := s.OK("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": id})
	if c := get(got, "LifeCycle.ReviewComments"); c != selling.DefaultActionRequiredComments {
		t.Errorf("ReviewComments %v, want the default", c)
	}

	rules := &selling.ReviewRules{Default: selling.DefaultReview, Rules: []selling.ReviewRule{
		{When: map[string]string{"Catalog": "AWS"}, Outcome: "Action Required"}}}
	s = apitest.NewWith(t, server.Config{Selling: selling.Config{ReviewPolicy: rules}})
	id = submittedAWS(t, s)
	s.Advance(time.Hour)
	got = s.OK("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": id})
	if get(got, "LifeCycle.ReviewStatus") != "Action Required" || get(got, "LifeCycle.ReviewComments") != selling.DefaultActionRequiredComments {
		t.Errorf("by a rule without comments: %v", got["LifeCycle"])
	}
}

func TestAWSActionRequiredFixReentersReview(t *testing.T) {
	s := apitest.NewWith(t, server.Config{Selling: selling.Config{ReviewPolicy: selling.FixedReview{Wait: time.Minute, Review: time.Hour}}})
	id := submittedAWS(t, s)
	s.Advance(time.Minute)
	if got := awsStatus(t, s, id); got != "In review" {
		t.Fatalf("ReviewStatus %v, want In review (a manual policy waits there)", got)
	}
	err := s.AWS.ReviewOpportunity(t.Context(), scopeOf(s, "AWS"), id, selling.ReviewDecision{
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
	if err := s.AWS.ReviewOpportunity(t.Context(), scopeOf(s, "AWS"), id, selling.ReviewDecision{Outcome: api.ReviewStatusApproved}); err != nil {
		t.Fatal(err)
	}
	if got := awsStatus(t, s, id); got != "Approved" {
		t.Errorf("final: %v", got)
	}
	// A decision for a review that is over is refused.
	if err := s.AWS.ReviewOpportunity(t.Context(), scopeOf(s, "AWS"), id, selling.ReviewDecision{Outcome: api.ReviewStatusRejected}); err == nil {
		t.Error("reviewing an approved opportunity again was accepted")
	}
}

// TestStartReview: AWS's reviewer takes up a Submitted opportunity before
// its scheduled start; the policy's decision follows its review time from
// then, the scheduled start does nothing, and only a Submitted opportunity
// can go In review.
func TestStartReview(t *testing.T) {
	tests := []struct {
		name    string
		outcome api.ReviewStatus // the policy's; "" waits for a decision
		after   string           // ReviewStatus an hour later
	}{
		{"the policy decides", api.ReviewStatusApproved, "Approved"},
		{"manual", "", "In review"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			policy := selling.FixedReview{Wait: 2 * time.Hour, Review: time.Hour, Outcome: tt.outcome}
			s := apitest.NewWith(t, server.Config{Selling: selling.Config{ReviewPolicy: policy}})
			id := submittedAWS(t, s)
			if err := s.AWS.StartReview(t.Context(), scopeOf(s, "AWS"), id); err != nil {
				t.Fatal(err)
			}
			if got := awsStatus(t, s, id); got != "In review" {
				t.Fatalf("after StartReview: %v, want In review", got)
			}
			s.Advance(59 * time.Minute)
			if got := awsStatus(t, s, id); got != "In review" {
				t.Fatalf("before the review time: %v", got)
			}
			s.Advance(time.Minute)
			if got := awsStatus(t, s, id); got != tt.after {
				t.Fatalf("after the review time: %v, want %s", got, tt.after)
			}
			s.Advance(2 * time.Hour) // past the scheduled start, which finds the review begun
			if got := awsStatus(t, s, id); got != tt.after {
				t.Errorf("after the scheduled start: %v, want %s", got, tt.after)
			}
			err := s.AWS.StartReview(t.Context(), scopeOf(s, "AWS"), id)
			var invalid *selling.InvalidInputError
			if !errors.As(err, &invalid) {
				t.Errorf("StartReview of an opportunity %s: %v, want an InvalidInputError", tt.after, err)
			}
		})
	}
	s := apitest.New(t)
	id := submitted(t, s) // the Sandbox: no policy, In review until decided
	if err := s.AWS.StartReview(t.Context(), scopeOf(s, "Sandbox"), id); err != nil {
		t.Fatal(err)
	}
	if got := get(getOpp(t, s, id), "LifeCycle.ReviewStatus"); got != "In review" {
		t.Errorf("a Sandbox opportunity after StartReview: %v", got)
	}
	if err := s.AWS.StartReview(t.Context(), scopeOf(s, "Sandbox"), "O999999999"); !errors.As(err, new(*api.ResourceNotFoundException)) {
		t.Errorf("StartReview of no opportunity: %v", err)
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

func TestAWSRejectionRejectsTheInvitationToAWS(t *testing.T) {
	s := apitest.NewWith(t, server.Config{Selling: selling.Config{ReviewPolicy: selling.FixedReview{Wait: time.Minute, Review: time.Hour, Outcome: api.ReviewStatusRejected}}})
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
