package selling_test

import (
	"fmt"
	"testing"
	"time"

	"pcs/api"
	"pcs/internal/apitest"
	"pcs/selling"
	"pcs/server"
)

// updateBody turns the testdata create request into an UpdateOpportunity
// request for id at lastModified.
func updateBody(t *testing.T, id string, lastModified any) map[string]any {
	t.Helper()
	m := payload(t, "create_opportunity.json")
	for _, k := range []string{"ClientToken", "Origin", "OpportunityTeam", "Tags"} {
		delete(m, k)
	}
	m["Identifier"] = id
	m["LastModifiedDate"] = lastModified
	return m
}

func getOpp(t *testing.T, s *apitest.Server, id string) map[string]any {
	t.Helper()
	return s.OK("GetOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id})
}

func TestUpdateIsFullReplacement(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, nil)
	s.Clock.Advance(time.Second)
	body := updateBody(t, id, getOpp(t, s, id)["LastModifiedDate"])
	delete(body, "PartnerOpportunityIdentifier")
	set(body, "Project.AdditionalComments", deleted)
	set(body, "Project.Title", "New title")
	out := s.OK("UpdateOpportunity", body)
	if out["Id"] != id || out["LastModifiedDate"] != "2026-01-05T09:00:01.000Z" {
		t.Errorf("UpdateOpportunity = %v", out)
	}
	got := getOpp(t, s, id)
	if got["PartnerOpportunityIdentifier"] != nil {
		t.Errorf("omitted PartnerOpportunityIdentifier = %v, want null", got["PartnerOpportunityIdentifier"])
	}
	if v := get(got, "Project.AdditionalComments"); v != nil {
		t.Errorf("omitted Project.AdditionalComments = %v, want null", v)
	}
	if v := get(got, "Project.Title"); v != "New title" {
		t.Errorf("Project.Title = %v", v)
	}
	if got["CreatedDate"] != "2026-01-05T09:00:00.000Z" || got["LastModifiedDate"] != out["LastModifiedDate"] {
		t.Errorf("dates: created %v, modified %v", got["CreatedDate"], got["LastModifiedDate"])
	}
	if team, _ := got["OpportunityTeam"].([]any); len(team) != 2 {
		t.Errorf("UpdateOpportunity must leave OpportunityTeam alone, got %v", team)
	}
}

func TestUpdateOptimisticLock(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, nil)
	// Clients reformat the timestamp (boto3 sends microseconds, a caller
	// may send an offset); it is compared as an instant.
	lm := func() time.Time {
		ts, err := time.Parse(time.RFC3339, getOpp(t, s, id)["LastModifiedDate"].(string))
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	for _, format := range []func(time.Time) string{
		func(ts time.Time) string { return ts.Format("2006-01-02T15:04:05.000000Z") },
		func(ts time.Time) string {
			return ts.In(time.FixedZone("", 2*3600)).Format("2006-01-02T15:04:05.000-07:00")
		},
	} {
		s.Clock.Advance(time.Second)
		s.OK("UpdateOpportunity", updateBody(t, id, format(lm())))
	}

	stale := "2026-01-05T09:00:00Z"
	r := s.Fail("UpdateOpportunity", updateBody(t, id, stale), "ConflictException")
	if msg := fmt.Sprint(r.JSON()["Message"]); msg == "" {
		t.Error("ConflictException without a message")
	}
}

func TestUpdateLastModifiedAlwaysMoves(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, nil)
	lm := getOpp(t, s, id)["LastModifiedDate"]
	// The clock stands still: each update must still get a new timestamp,
	// or the optimistic lock could not tell the versions apart.
	out := s.OK("UpdateOpportunity", updateBody(t, id, lm))
	if out["LastModifiedDate"] == lm {
		t.Fatalf("LastModifiedDate did not move: %v", lm)
	}
	s.Fail("UpdateOpportunity", updateBody(t, id, lm), "ConflictException")
}

func TestUpdateRequiresMarketingSource(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, nil)
	body := updateBody(t, id, getOpp(t, s, id)["LastModifiedDate"])
	delete(body, "Marketing")
	r := s.Fail("UpdateOpportunity", body, "ValidationException")
	if errs := fieldErrors(r); !contains(errs, "marketing.source:REQUIRED_FIELD_MISSING") {
		t.Errorf("ErrorList = %v", errs)
	}
}

func TestNextStepsHistory(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, nil)
	for i := range 60 {
		s.Clock.Advance(time.Second)
		body := updateBody(t, id, getOpp(t, s, id)["LastModifiedDate"])
		set(body, "LifeCycle.NextSteps", fmt.Sprintf("step %d", i))
		s.OK("UpdateOpportunity", body)
	}
	// An update that leaves NextSteps as it is adds nothing.
	s.OK("UpdateOpportunity", func() map[string]any {
		b := updateBody(t, id, getOpp(t, s, id)["LastModifiedDate"])
		set(b, "LifeCycle.NextSteps", "step 59")
		return b
	}())
	hist, _ := get(getOpp(t, s, id), "LifeCycle.NextStepsHistory").([]any)
	if len(hist) != 50 {
		t.Fatalf("NextStepsHistory has %d entries, want the last 50", len(hist))
	}
	last := hist[49].(map[string]any)
	if last["Value"] != "step 59" || last["Time"] != "2026-01-05T09:01:00.000Z" {
		t.Errorf("newest entry = %v", last)
	}
	if first := hist[0].(map[string]any); first["Value"] != "step 10" {
		t.Errorf("oldest kept entry = %v, want step 10", first)
	}
}

// submitted creates an opportunity that is ready for review and submits it.
func submitted(t *testing.T, s *apitest.Server) string {
	t.Helper()
	id := createOpportunity(t, s, func(m map[string]any) {
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	s.OK("SubmitOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id, "InvolvementType": "Co-Sell"})
	return id
}

// review simulates AWS's review outcome in the Sandbox.
func review(t *testing.T, s *apitest.Server, id, status string) {
	t.Helper()
	body := updateBody(t, id, getOpp(t, s, id)["LastModifiedDate"])
	set(body, "LifeCycle.ReviewStatus", status)
	set(body, "LifeCycle.ReviewComments", "Please correct the website")
	s.OK("UpdateOpportunity", body)
}

func TestEditabilityByReviewStatus(t *testing.T) {
	tests := []struct {
		status string // "" = Submitted (no review yet)
		edit   string // member changed
		want   string // "" = allowed, else FieldName:Code
	}{
		{"", "Project.Title", "lifeCycle.reviewStatus:INVALID_RESOURCE_STATE"},
		{"Action Required", "Customer.Account.WebsiteUrl", ""},
		{"Action Required", "Project.CustomerBusinessProblem", ""},
		{"Action Required", "LifeCycle.TargetCloseDate", ""},
		{"Action Required", "Project.Title", "project.title:ACTION_NOT_PERMITTED"},
		{"Action Required", "Customer.Account.CompanyName", "customer.account.companyName:ACTION_NOT_PERMITTED"},
		{"Approved", "Project.Title", "project.title:ACTION_NOT_PERMITTED"},
		{"Approved", "Customer.Account.Industry", "customer.account.industry:ACTION_NOT_PERMITTED"},
		{"Approved", "Customer.Account.Address.PostalCode", "customer.account.address.postalCode:ACTION_NOT_PERMITTED"},
		{"Approved", "Customer.Account.CompanyName", ""},
		{"Approved", "LifeCycle.NextSteps", ""},
		{"Rejected", "LifeCycle.NextSteps", "lifeCycle.reviewStatus:INVALID_RESOURCE_STATE"},
	}
	values := map[string]any{
		"Project.Title":                       "Changed title",
		"Customer.Account.WebsiteUrl":         "https://changed.example.com",
		"Project.CustomerBusinessProblem":     "A changed description of the customer's business problem.",
		"LifeCycle.TargetCloseDate":           "2027-03-01",
		"Customer.Account.CompanyName":        "Changed GmbH",
		"Customer.Account.Industry":           "Retail",
		"Customer.Account.Address.PostalCode": "10115",
		"LifeCycle.NextSteps":                 "Changed next step",
	}
	for _, tt := range tests {
		name := tt.status
		if name == "" {
			name = "Submitted"
		}
		t.Run(name+"/"+tt.edit, func(t *testing.T) {
			s := apitest.New(t)
			id := submitted(t, s)
			if tt.status != "" {
				review(t, s, id, tt.status)
			}
			body := updateBody(t, id, getOpp(t, s, id)["LastModifiedDate"])
			set(body, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
			set(body, tt.edit, values[tt.edit])
			if tt.want == "" {
				s.OK("UpdateOpportunity", body)
				if got := get(getOpp(t, s, id), tt.edit); got != values[tt.edit] {
					t.Errorf("%s = %v after update", tt.edit, got)
				}
				return
			}
			r := s.Fail("UpdateOpportunity", body, "ValidationException")
			if errs := fieldErrors(r); !contains(errs, tt.want) {
				t.Errorf("ErrorList = %v, want %s", errs, tt.want)
			}
		})
	}
}

func TestSandboxReviewSimulation(t *testing.T) {
	tests := []struct {
		name  string
		steps []string // review statuses set in order; the last is checked
		want  string   // "" = accepted, else FieldName:Code of the refusal
	}{
		{"approve", []string{"Approved"}, ""},
		{"action required", []string{"Action Required"}, ""},
		{"reject", []string{"Rejected"}, ""},
		{"action required then approve", []string{"Action Required", "Approved"}, ""},
		{"approved is final", []string{"Approved", "Rejected"}, "lifeCycle.reviewStatus:ACTION_NOT_PERMITTED"},
		{"in review can't be set", []string{"In review"}, "lifeCycle.reviewStatus:ACTION_NOT_PERMITTED"},
		{"submitted can't be set", []string{"Action Required", "Submitted"}, "lifeCycle.reviewStatus:ACTION_NOT_PERMITTED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apitest.New(t)
			id := submitted(t, s)
			for _, st := range tt.steps[:len(tt.steps)-1] {
				review(t, s, id, st)
			}
			last := tt.steps[len(tt.steps)-1]
			body := updateBody(t, id, getOpp(t, s, id)["LastModifiedDate"])
			set(body, "LifeCycle.ReviewStatus", last)
			set(body, "LifeCycle.ReviewComments", "Please correct the website")
			if tt.want != "" {
				r := s.Fail("UpdateOpportunity", body, "ValidationException")
				if errs := fieldErrors(r); !contains(errs, tt.want) {
					t.Errorf("ErrorList = %v, want %s", errs, tt.want)
				}
				return
			}
			s.OK("UpdateOpportunity", body)
			got := getOpp(t, s, id)
			if v := get(got, "LifeCycle.ReviewStatus"); v != last {
				t.Errorf("ReviewStatus = %v, want %s", v, last)
			}
			if v := get(got, "LifeCycle.ReviewComments"); v != "Please correct the website" {
				t.Errorf("ReviewComments = %v", v)
			}
		})
	}
}

func TestReviewStatusIsReadOnlyInAWSCatalog(t *testing.T) {
	s := apitest.New(t)
	out := s.OK("CreateOpportunity", map[string]any{"Catalog": "AWS", "ClientToken": "x"})
	body := map[string]any{"Catalog": "AWS", "Identifier": out["Id"], "LastModifiedDate": out["LastModifiedDate"],
		"Marketing": map[string]any{"Source": "None"}, "LifeCycle": map[string]any{"ReviewStatus": "Approved"}}
	r := s.Fail("UpdateOpportunity", body, "ValidationException")
	if errs := fieldErrors(r); !contains(errs, "lifeCycle.reviewStatus:ACTION_NOT_PERMITTED") {
		t.Errorf("ErrorList = %v", errs)
	}
	// Echoing the current value back, as a GetOpportunity round trip does, is fine.
	set(body, "LifeCycle.ReviewStatus", "Pending Submission")
	s.OK("UpdateOpportunity", body)
}

// TestEchoForVisibilityOnly round-trips GetOpportunity into UpdateOpportunity
// for an opportunity whose PrimaryNeedsFromAws holds the value the service
// sets on a For Visibility Only submission, which the model's enum lacks.
func TestEchoForVisibilityOnly(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, func(m map[string]any) {
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	s.OK("SubmitOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id, "InvolvementType": "For Visibility Only"})
	got := getOpp(t, s, id)
	body := map[string]any{"Identifier": id}
	for _, k := range []string{"Catalog", "Customer", "LifeCycle", "Marketing", "NationalSecurity", "OpportunityType",
		"PartnerOpportunityIdentifier", "PrimaryNeedsFromAws", "Project", "SoftwareRevenue", "LastModifiedDate"} {
		body[k] = got[k]
	}
	set(body, "LifeCycle.ReviewStatus", "Approved")
	s.OK("UpdateOpportunity", body)
	if st := get(getOpp(t, s, id), "LifeCycle.ReviewStatus"); st != "Approved" {
		t.Errorf("ReviewStatus %v", st)
	}
}

// TestUpdateKeepsTheEngagementLink: a partner's update (full replacement)
// must not lose what the service keeps about the opportunity, such as the
// invitation to AWS that follows the review.
func TestUpdateKeepsTheEngagementLink(t *testing.T) {
	s := apitest.NewWith(t, server.Config{Selling: selling.Config{ReviewPolicy: selling.FixedReview{Wait: time.Minute, Review: time.Hour}}})
	id := createOpportunity(t, s, func(m map[string]any) {
		set(m, "Catalog", "AWS")
		set(m, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	})
	req := startTask(id, "t", "Co-Sell")
	req["Catalog"] = "AWS"
	task := s.OK("StartEngagementFromOpportunityTask", req)
	s.Advance(time.Minute)
	if err := s.AWS.ReviewOpportunity(t.Context(), scopeOf(s, "AWS"), id, selling.ReviewDecision{Outcome: api.ReviewStatusActionRequired}); err != nil {
		t.Fatal(err)
	}
	body := updateBody(t, id, s.OK("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": id})["LastModifiedDate"])
	set(body, "Catalog", "AWS")
	set(body, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	s.OK("UpdateOpportunity", body)
	s.Advance(time.Minute)
	if err := s.AWS.ReviewOpportunity(t.Context(), scopeOf(s, "AWS"), id, selling.ReviewDecision{Outcome: api.ReviewStatusApproved}); err != nil {
		t.Fatal(err)
	}
	if inv := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "AWS", "Identifier": task["EngagementInvitationId"]}); inv["Status"] != "ACCEPTED" {
		t.Errorf("after fix and approval the invitation to AWS is %v", inv["Status"])
	}
}
