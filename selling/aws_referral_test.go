package selling_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"pcs/api"
	"pcs/internal/apitest"
	"pcs/selling"
)

// referral creates an AWS referral in the Sandbox, lets AWS send its
// invitation, and returns the opportunity and invitation ids.
func referral(t *testing.T, s *apitest.Server) (oppID, invID string) {
	t.Helper()
	oppID = createOpportunity(t, s, func(m map[string]any) { set(m, "Origin", "AWS Referral") })
	if invs := receivedInvitations(t, s); len(invs) != 0 {
		t.Fatalf("invitation before AWS sent it: %v", invs)
	}
	s.Advance(5 * time.Second)
	invs := receivedInvitations(t, s)
	if len(invs) != 1 {
		t.Fatalf("received %d invitations 5 s after the referral, want 1", len(invs))
	}
	return oppID, invs[0]["Id"].(string)
}

func TestAWSReferralAccepted(t *testing.T) {
	s := apitest.New(t)
	oppID, invID := referral(t, s)
	inv := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID})
	for path, want := range map[string]any{
		"Status":                        "PENDING",
		"PayloadType":                   "OpportunityInvitation",
		"SenderCompanyName":             "AWS",
		"InvitationDate":                "2026-01-05T09:00:05.000Z",
		"ExpirationDate":                "2026-01-20T09:00:05.000Z",
		"EngagementTitle":               "Fleet telemetry platform migration to AW", // the project title cut to 40
		"Receiver.Account.AwsAccountId": "111111111111",
		"Payload.OpportunityInvitation.Customer.CompanyName":         "Northwind Logistics GmbH",
		"Payload.OpportunityInvitation.Project.TargetCompletionDate": "2026-12-15",
	} {
		if got := get(inv, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	if !strings.HasPrefix(invID, "engi-") || len(invID) != 18 || !strings.HasPrefix(inv["Arn"].(string), "arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement-invitation/engi-") {
		t.Errorf("id %q, arn %v", invID, inv["Arn"])
	}
	// Contacts and the street address stay hidden until acceptance.
	if get(inv, "Payload.OpportunityInvitation.Customer.Contacts") != nil {
		t.Error("the invitation shows customer contacts")
	}

	s.Advance(time.Minute)
	accept := map[string]any{"Catalog": "Sandbox", "ClientToken": "accept-1", "Identifier": inv["Arn"]}
	task := s.OK("StartEngagementByAcceptingInvitationTask", accept)
	if task["TaskStatus"] != "COMPLETE" || task["OpportunityId"] != oppID || task["EngagementInvitationId"] != invID ||
		!strings.HasPrefix(task["TaskId"].(string), "task-") {
		t.Fatalf("task = %v", task)
	}
	// Polling with the same ClientToken returns the task.
	if again := s.OK("StartEngagementByAcceptingInvitationTask", accept); again["TaskId"] != task["TaskId"] {
		t.Errorf("repeat = %v, want the same task", again)
	}
	got := getOpp(t, s, oppID)
	if get(got, "LifeCycle.ReviewStatus") != "Approved" || get(got, "Customer.Contacts") == nil ||
		got["LastModifiedDate"] != "2026-01-05T09:01:05.000Z" {
		t.Errorf("accepted referral: review %v, contacts %v, modified %v", get(got, "LifeCycle.ReviewStatus"),
			get(got, "Customer.Contacts"), got["LastModifiedDate"])
	}
	if inv := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID}); inv["Status"] != "ACCEPTED" {
		t.Errorf("invitation status %v", inv["Status"])
	}
	tasks := s.OK("ListEngagementByAcceptingInvitationTasks", map[string]any{"Catalog": "Sandbox", "OpportunityIdentifier": []string{oppID}})
	if list := tasks["TaskSummaries"].([]any); len(list) != 1 || list[0].(map[string]any)["TaskId"] != task["TaskId"] {
		t.Errorf("tasks = %v", tasks)
	}
	r := s.Fail("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "accept-2", "Identifier": invID}, "ConflictException")
	if !strings.Contains(r.JSON()["Message"].(string), "ACCEPTED") {
		t.Errorf("second accept: %s", r.Body)
	}
}

func TestAWSReferralRejected(t *testing.T) {
	s := apitest.New(t)
	_, invID := referral(t, s)
	r := s.Call("RejectEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID, "RejectionReason": "Customer problem unclear"})
	if r.Status != 200 || len(r.Body) != 0 {
		t.Fatalf("reject: HTTP %d %s", r.Status, r.Body)
	}
	inv := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID})
	if inv["Status"] != "REJECTED" || inv["RejectionReason"] != "Customer problem unclear" || inv["Payload"] != nil {
		t.Errorf("rejected invitation = %v", inv)
	}
	if invs := receivedInvitations(t, s); len(invs) != 1 || invs[0]["Status"] != "REJECTED" {
		t.Errorf("listing after rejection = %v", invs)
	}
	s.Fail("RejectEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID}, "ConflictException")
	s.Fail("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "a", "Identifier": invID}, "ConflictException")
}

func TestReferralSentThroughAdmin(t *testing.T) {
	s := apitest.New(t)
	inv, err := s.AWS.SendReferral(t.Context(), selling.ReferralSpec{Account: "111111111111", Catalog: "AWS"})
	if err != nil {
		t.Fatal(err)
	}
	if *inv.SenderAwsAccountId != "aws" {
		t.Errorf("AWS-catalog referral sender %q, want aws", *inv.SenderAwsAccountId)
	}
	task := s.OK("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "AWS", "ClientToken": "t", "Identifier": *inv.Id})
	got := s.OK("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": task["OpportunityId"]})
	if get(got, "LifeCycle.ReviewStatus") != "Approved" || get(got, "Project.Title") != "Data lake modernization" ||
		get(got, "Customer.Account.CompanyName") != "Example Freight Inc." {
		t.Errorf("opportunity from the referral = %v", got)
	}
	_, err = s.AWS.SendReferral(t.Context(), selling.ReferralSpec{Account: "1", Catalog: "Prod"})
	if err == nil {
		t.Error("a referral to a bad account and catalog was accepted")
	}
}

func TestAcceptedReferralSharesTheOpportunity(t *testing.T) {
	s := apitest.New(t)
	oppID, invID := referral(t, s)
	inv := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID})
	engID := inv["EngagementId"].(string)
	s.Fail("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": engID}, "ResourceNotFoundException")
	task := s.OK("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "a", "Identifier": invID})
	eng := s.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": engID})
	if eng["CreatedBy"] != "aws" || eng["MemberCount"] != float64(2) {
		t.Errorf("referral engagement = %v", eng)
	}
	job := s.OK("GetResourceSnapshotJob", map[string]any{"Catalog": "Sandbox", "ResourceSnapshotJobIdentifier": task["ResourceSnapshotJobId"]})
	if job["Status"] != "Running" || job["ResourceId"] != oppID {
		t.Errorf("job = %v", job)
	}
}

// TestAwsSummaryOfAcceptedReferral: an opportunity that came from an AWS
// referral is AWS's opportunity, so GetAwsOpportunitySummary answers for it
// from acceptance, with AWS's team and involvement as the referral set them.
// Both the Sandbox referral (CreateOpportunity with Origin AWS Referral) and
// one AWS sends in the AWS catalog.
func TestAwsSummaryOfAcceptedReferral(t *testing.T) {
	s := apitest.New(t)
	sandboxOpp, invID := referral(t, s)
	s.OK("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "a", "Identifier": invID})

	inv, err := s.AWS.SendReferral(t.Context(), selling.ReferralSpec{Account: "111111111111", Catalog: "AWS"})
	if err != nil {
		t.Fatal(err)
	}
	awsOpp := s.OK("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "AWS", "ClientToken": "b", "Identifier": *inv.Id})["OpportunityId"]

	for catalog, id := range map[string]any{"Sandbox": sandboxOpp, "AWS": awsOpp} {
		sum := s.OK("GetAwsOpportunitySummary", map[string]any{"Catalog": catalog, "RelatedOpportunityIdentifier": id})
		for path, want := range map[string]any{
			"Catalog":              catalog,
			"RelatedOpportunityId": id,
			"Origin":               "AWS Referral",
			"InvolvementType":      "Co-Sell",
			"Visibility":           "Full",
		} {
			if got := get(sum, path); got != want {
				t.Errorf("%s: %s = %v, want %v", catalog, path, got, want)
			}
		}
		team, _ := sum["OpportunityTeam"].([]any)
		want := map[string]any{"BusinessTitle": "PDM", "Email": "partner-development-manager@aws.example.com", "FirstName": "Dana", "LastName": "Manager"}
		if len(team) != 1 || !reflect.DeepEqual(team[0], want) {
			t.Errorf("%s: OpportunityTeam = %v, want the referral's sender %v", catalog, team, want)
		}
	}
}

// TestReferralEngagementTitleCut: the engagement AWS opens for a referral,
// and its invitation, are titled after the project, cut to the 40
// characters the model allows, as the service cuts the title of the
// engagement StartEngagementFromOpportunityTask opens; the payload keeps
// the whole title.
func TestReferralEngagementTitleCut(t *testing.T) {
	const whole = "Fleet telemetry platform migration to AWS" // 41 characters
	const cut = "Fleet telemetry platform migration to AW"
	s := apitest.New(t)
	_, sandboxInv := referral(t, s) // the testdata opportunity's title

	p := &api.OpportunityInvitationPayload{
		Customer:                 &api.EngagementCustomer{CompanyName: ptr("Example Freight Inc."), CountryCode: ptr(api.CountryCodeUs), Industry: ptr(api.IndustryRetail), WebsiteUrl: ptr("https://freight.example.com")},
		Project:                  &api.ProjectDetails{Title: ptr(whole), BusinessProblem: ptr("The customer wants to consolidate shipment telemetry into a governed data lake on AWS."), TargetCompletionDate: ptr("2026-12-01"), ExpectedCustomerSpend: []api.ExpectedCustomerSpend{{Amount: ptr("100"), CurrencyCode: ptr(api.CurrencyCodeUsd), Frequency: ptr(api.PaymentFrequencyMonthly), TargetCompany: ptr("AWS")}}},
		ReceiverResponsibilities: []api.ReceiverResponsibility{api.ReceiverResponsibilityServicesPartner},
		SenderContacts:           []api.SenderContact{{Email: ptr("pdm@aws.example.com")}},
	}
	sent, err := s.AWS.SendReferral(t.Context(), selling.ReferralSpec{Account: s.Account, Catalog: "AWS", Payload: p})
	if err != nil {
		t.Fatal(err)
	}
	for catalog, invID := range map[string]string{"Sandbox": sandboxInv, "AWS": *sent.Id} {
		inv := s.OK("GetEngagementInvitation", map[string]any{"Catalog": catalog, "Identifier": invID})
		listed := s.OK("ListEngagementInvitations", map[string]any{"Catalog": catalog, "ParticipantType": "RECEIVER"})["EngagementInvitationSummaries"].([]any)
		s.OK("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": catalog, "ClientToken": "a", "Identifier": invID})
		eng := s.OK("GetEngagement", map[string]any{"Catalog": catalog, "Identifier": inv["EngagementId"]})
		for what, got := range map[string]any{
			"invitation's EngagementTitle": inv["EngagementTitle"],
			"listed EngagementTitle":       listed[0].(map[string]any)["EngagementTitle"],
			"engagement's Title":           eng["Title"],
		} {
			if got != cut {
				t.Errorf("%s: %s = %q, want %q", catalog, what, got, cut)
			}
		}
		if got := get(inv, "Payload.OpportunityInvitation.Project.Title"); got != whole {
			t.Errorf("%s: payload's project title = %v, want it whole", catalog, got)
		}
	}
}
