package selling_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"pcs/api"
	"pcs/internal/apitest"
	"pcs/selling"
)

var updateGolden = flag.Bool("update", false, "rewrite golden files in testdata/")

// goldenJSON compares v, indented, with testdata/<name>, rewriting the file
// under -update.
func goldenJSON(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := "testdata/" + name
	if *updateGolden {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// testLead is testdata/aws_lead.json, the lead AWS holds.
func testLead(t *testing.T) *api.LeadContext {
	t.Helper()
	b, err := os.ReadFile("testdata/aws_lead.json")
	if err != nil {
		t.Fatal(err)
	}
	var l api.LeadContext
	if err := json.Unmarshal(b, &l); err != nil {
		t.Fatal(err)
	}
	return &l
}

// sendLead has AWS send s.Account the test lead in the Sandbox, and returns
// the invitation's id and its engagement's.
func sendLead(t *testing.T, s *apitest.Server) (invID, engID string) {
	t.Helper()
	inv, err := s.AWS.SendLead(t.Context(), selling.LeadSpec{Account: s.Account, Catalog: "Sandbox", Lead: testLead(t)})
	if err != nil {
		t.Fatal(err)
	}
	return *inv.Id, *inv.EngagementId
}

// contactDetails are what the test lead's invitation must not show.
var contactDetails = []string{"Priya", "Shah", "priya.shah@", "+441615550123", "Tom", "Okafor", "tom.okafor@", "M1 1AE", "Manchester"}

func TestAWSLeadAcceptedConvertedAndSubmitted(t *testing.T) {
	s := apitest.New(t)
	var seen int64
	invID, engID := sendLead(t, s)
	if got := newEvents(t, s, s.Account, &seen); strings.Join(got, ",") != "Engagement Invitation Created" {
		t.Errorf("events of the sent lead: %q", got)
	}

	invs := receivedInvitations(t, s)
	if len(invs) != 1 || invs[0]["PayloadType"] != "LeadInvitation" || invs[0]["SenderCompanyName"] != "AWS" || invs[0]["Status"] != "PENDING" {
		t.Fatalf("received invitations = %v", invs)
	}
	r := s.Call("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID})
	inv := r.JSON()
	for path, want := range map[string]any{
		"PayloadType":                   "LeadInvitation",
		"SenderAwsAccountId":            "048574921384",
		"InvitationDate":                "2026-01-05T09:00:00.000Z",
		"ExpirationDate":                "2026-01-20T09:00:00.000Z",
		"EngagementId":                  engID,
		"EngagementTitle":               "Northwind Traders Ltd.",
		"EngagementDescription":         "The retailer's nightly sales reports take nine hours on its on-premises data warehouse.",
		"Receiver.Account.AwsAccountId": s.Account,
	} {
		if got := get(inv, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	// Only company, industry, country, website, segment, AWS maturity and the
	// latest interaction's source, use case and contact title.
	goldenJSON(t, "aws_lead_invitation.golden.json", inv["Payload"])
	for _, hidden := range contactDetails {
		if strings.Contains(string(r.Body), hidden) {
			t.Errorf("the invitation shows %q before acceptance: %s", hidden, r.Body)
		}
	}

	// Not a member yet.
	s.Fail("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": engID}, "ResourceNotFoundException")
	s.Fail("ListEngagementMembers", map[string]any{"Catalog": "Sandbox", "Identifier": engID}, "ResourceNotFoundException")
	if leads := leadEngagements(t, s); len(leads) != 0 {
		t.Errorf("lead engagements before acceptance: %v", leads)
	}

	// The task makes opportunities from opportunity invitations only.
	task := s.OK("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "task", "Identifier": invID})
	if task["TaskStatus"] != "FAILED" || task["ReasonCode"] != "InvitationValidationFailed" ||
		!strings.Contains(task["Message"].(string), "AcceptEngagementInvitation") || task["OpportunityId"] != nil {
		t.Errorf("accepting a lead with the task: %v", task)
	}
	if st := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID})["Status"]; st != "PENDING" {
		t.Errorf("after the failed task the invitation is %v", st)
	}

	s.Advance(time.Minute)
	newEvents(t, s, s.Account, &seen)
	if r := s.Call("AcceptEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID}); r.Status != 200 || len(r.Body) != 0 {
		t.Fatalf("accept: HTTP %d %s", r.Status, r.Body)
	}
	if got := newEvents(t, s, s.Account, &seen); strings.Join(got, ",") != "Engagement Invitation Accepted,Engagement Member Added" {
		t.Errorf("events of the acceptance: %q", got)
	}
	eng := s.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": engID})
	for path, want := range map[string]any{
		"CreatedBy":   "aws",
		"MemberCount": float64(2),
		"ModifiedBy":  s.Account,
		"ModifiedAt":  "2026-01-05T09:01:00.000Z",
	} {
		if got := get(eng, path); got != want {
			t.Errorf("engagement %s = %v, want %v", path, got, want)
		}
	}
	contexts := eng["Contexts"].([]any)
	lead := get(contexts[0].(map[string]any), "Payload.Lead").(map[string]any)
	if len(contexts) != 1 || get(contexts[0].(map[string]any), "Type") != "Lead" || lead["QualificationStatus"] != "Unqualified" {
		t.Fatalf("contexts after acceptance = %v", contexts)
	}
	first := lead["Interactions"].([]any)[0].(map[string]any)
	if get(first, "Contact.Email") != "priya.shah@northwind-traders.example.com" || get(first, "Contact.Phone") != "+441615550123" ||
		get(lead, "Customer.Address.PostalCode") != "M1 1AE" {
		t.Errorf("the accepted lead lacks its contacts or address: %v", lead)
	}
	if leads := leadEngagements(t, s); len(leads) != 1 || leads[0] != engID {
		t.Errorf("lead engagements after acceptance: %v", leads)
	}
	members := s.OK("ListEngagementMembers", map[string]any{"Catalog": "Sandbox", "Identifier": engID})["EngagementMemberList"].([]any)
	if len(members) != 2 {
		t.Errorf("members = %v", members)
	}

	conv := s.OK("StartOpportunityFromEngagementTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "convert",
		"Identifier": engID, "ContextIdentifier": "1"})
	if conv["TaskStatus"] != "COMPLETE" || conv["ContextId"] != "2" {
		t.Fatalf("converting the lead: %v", conv)
	}
	oppID := conv["OpportunityId"].(string)
	opp := getOpp(t, s, oppID)
	if get(opp, "Customer.Account.CompanyName") != "Northwind Traders Ltd." || get(opp, "LifeCycle.ReviewStatus") != "Pending Submission" {
		t.Errorf("converted opportunity = %v", opp)
	}
	body := updateBody(t, oppID, opp["LastModifiedDate"])
	set(body, "Project.OtherSolutionDescription", "Analytics on Amazon Redshift")
	s.OK("UpdateOpportunity", body)
	sub := s.OK("StartEngagementFromOpportunityTask", startTask(oppID, "submit", "Co-Sell"))
	if sub["TaskStatus"] != "COMPLETE" || sub["EngagementId"] != engID {
		t.Errorf("submitting the converted lead: %v", sub)
	}
	if st := get(getOpp(t, s, oppID), "LifeCycle.ReviewStatus"); st != "Submitted" {
		t.Errorf("the submitted lead's opportunity is %v", st)
	}
}

// leadEngagements lists the ids of the caller's engagements with a Lead context.
func leadEngagements(t *testing.T, s *apitest.Server) []string {
	t.Helper()
	out := s.OK("ListEngagements", map[string]any{"Catalog": "Sandbox", "ContextTypes": []string{"Lead"}})
	var ids []string
	for _, e := range out["EngagementSummaryList"].([]any) {
		ids = append(ids, e.(map[string]any)["Id"].(string))
	}
	return ids
}

func TestAWSLeadRejected(t *testing.T) {
	s := apitest.New(t)
	invID, engID := sendLead(t, s)
	if r := s.Call("RejectEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID, "RejectionReason": "Unable to support"}); r.Status != 200 {
		t.Fatalf("reject: HTTP %d %s", r.Status, r.Body)
	}
	inv := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID})
	if inv["Status"] != "REJECTED" || inv["RejectionReason"] != "Unable to support" || inv["Payload"] != nil || inv["EnrichmentContext"] != nil {
		t.Errorf("rejected lead invitation = %v", inv)
	}
	if invs := receivedInvitations(t, s); len(invs) != 1 || invs[0]["Status"] != "REJECTED" || invs[0]["PayloadType"] != "LeadInvitation" {
		t.Errorf("listing after rejection = %v", invs)
	}
	s.Fail("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": engID}, "ResourceNotFoundException")
	s.Fail("AcceptEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID}, "ConflictException")
	if leads := leadEngagements(t, s); len(leads) != 0 {
		t.Errorf("lead engagements after rejecting: %v", leads)
	}
}

func TestAWSLeadSpecs(t *testing.T) {
	tests := []struct {
		name string
		spec func(l *api.LeadContext) selling.LeadSpec
		want []string // every problem reported, in order; none when the lead is sent
	}{
		{"sample lead in the AWS catalog", func(*api.LeadContext) selling.LeadSpec {
			return selling.LeadSpec{Account: "111111111111", Catalog: "AWS"}
		}, nil},
		{"given lead and message", func(l *api.LeadContext) selling.LeadSpec {
			return selling.LeadSpec{Account: "111111111111", Catalog: "Sandbox", Lead: l, Message: "A lead for your retail practice"}
		}, nil},
		{"bad receiver", func(l *api.LeadContext) selling.LeadSpec {
			return selling.LeadSpec{Account: "1", Catalog: "Prod", Lead: l}
		}, []string{"Account must be a 12-digit AWS account id", "Catalog must be AWS or Sandbox"}},
		{"incomplete lead", func(l *api.LeadContext) selling.LeadSpec {
			l.Customer.CompanyName, l.Interactions[0].Contact.Email = nil, nil
			return selling.LeadSpec{Account: "111111111111", Catalog: "Sandbox", Lead: l}
		}, []string{
			"Lead: Customer.CompanyName is required.",
			"Lead: Interactions.Contact.Email is required.",
		}},
		{"no address, no interaction source", func(l *api.LeadContext) selling.LeadSpec {
			l.Customer.Address = nil
			l.Interactions[1].SourceId, l.Interactions[1].SourceName, l.Interactions[1].SourceType = nil, nil, nil
			return selling.LeadSpec{Account: "111111111111", Catalog: "Sandbox", Lead: l}
		}, nil},
		{"readiness score AWS does not give", func(l *api.LeadContext) selling.LeadSpec {
			l.Insights = &api.LeadInsights{LeadReadinessScore: ptr("Hot")}
			return selling.LeadSpec{Account: "111111111111", Catalog: "Sandbox", Lead: l}
		}, []string{"Lead: Insights.LeadReadinessScore must be Low, Medium or High (or left out for AWS to score the lead)."}},
		{"no interactions, qualified already", func(l *api.LeadContext) selling.LeadSpec {
			l.Interactions, l.QualificationStatus = nil, ptr("Qualified")
			return selling.LeadSpec{Account: "111111111111", Catalog: "AWS", Lead: l}
		}, []string{
			"Lead: Interactions is required.",
			"Lead: QualificationStatus is the partner's to set once it accepts the lead (it starts Unqualified); leave it out.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apitest.New(t)
			spec := tt.spec(testLead(t))
			inv, err := s.AWS.SendLead(t.Context(), spec)
			if tt.want != nil {
				var bad *selling.InvalidInputError
				if !errors.As(err, &bad) || strings.Join(bad.Problems, "\n") != strings.Join(tt.want, "\n") {
					t.Fatalf("problems = %v, want\n%s", err, strings.Join(tt.want, "\n"))
				}
				if invs := receivedInvitations(t, s); len(invs) != 0 {
					t.Errorf("a bad lead was sent: %v", invs)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			wantSender := map[string]string{"AWS": "aws", "Sandbox": "048574921384"}[spec.Catalog]
			wantMessage := spec.Message
			if wantMessage == "" {
				wantMessage = "This invite is for an AWS originated lead. Accepting this invitation will share the lead's contact details with you."
			}
			if *inv.SenderAwsAccountId != wantSender || *inv.InvitationMessage != wantMessage || *inv.PayloadType != "LeadInvitation" ||
				inv.Payload.LeadInvitation == nil || inv.Payload.LeadInvitation.Interaction.ContactBusinessTitle == nil {
				t.Errorf("invitation = %+v", inv)
			}
			as := s.As(spec.Account)
			as.OK("AcceptEngagementInvitation", map[string]any{"Catalog": spec.Catalog, "Identifier": *inv.Id})
			eng := as.OK("GetEngagement", map[string]any{"Catalog": spec.Catalog, "Identifier": *inv.EngagementId})
			if get(eng["Contexts"].([]any)[0].(map[string]any), "Payload.Lead.QualificationStatus") != "Unqualified" {
				t.Errorf("accepted lead engagement = %v", eng)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// acceptedLead has AWS send lead to s's account, accepts it, and returns
// its engagement's id and the lead as the partner then reads it.
func acceptedLead(t *testing.T, s *apitest.Server, lead *api.LeadContext) (string, map[string]any) {
	t.Helper()
	inv, err := s.AWS.SendLead(t.Context(), selling.LeadSpec{Account: s.Account, Catalog: "Sandbox", Lead: lead})
	if err != nil {
		t.Fatal(err)
	}
	s.OK("AcceptEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": *inv.Id})
	eng := s.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": *inv.EngagementId})
	return *inv.EngagementId, get(eng["Contexts"].([]any)[0].(map[string]any), "Payload.Lead").(map[string]any)
}

func TestAWSLeadReadinessScore(t *testing.T) {
	tests := []struct {
		name string
		edit func(l *api.LeadContext)
		want string
	}{
		{"AWS's own score is kept", func(l *api.LeadContext) { l.Insights = &api.LeadInsights{LeadReadinessScore: ptr("Low")} }, "Low"},
		// A business problem, a phone number, two interactions, a use case.
		{"every sign of readiness", func(*api.LeadContext) {}, "High"},
		{"insights without a score are scored", func(l *api.LeadContext) { l.Insights = &api.LeadInsights{} }, "High"},
		{"one interaction, three signs", func(l *api.LeadContext) { l.Interactions = l.Interactions[:1] }, "High"},
		{"a business problem and a use case", func(l *api.LeadContext) {
			l.Interactions = l.Interactions[1:]
			l.Interactions[0].BusinessProblem = ptr("Reports take nine hours.")
		}, "Medium"},
		{"a use case only", func(l *api.LeadContext) { l.Interactions = l.Interactions[1:] }, "Low"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apitest.New(t)
			lead := testLead(t)
			tt.edit(lead)
			_, got := acceptedLead(t, s, lead)
			if score := get(got, "Insights.LeadReadinessScore"); score != tt.want {
				t.Errorf("LeadReadinessScore = %v, want %s", score, tt.want)
			}
		})
	}
}

// TestAWSLeadWithoutCountry: AWS sends a lead without an address as an
// invitation without a country, and the partner converts it.
func TestAWSLeadWithoutCountry(t *testing.T) {
	s := apitest.New(t)
	lead := testLead(t)
	lead.Customer.Address = nil
	engID, _ := acceptedLead(t, s, lead)
	invs := receivedInvitations(t, s)
	inv := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invs[0]["Id"]})
	if c := get(inv, "Payload.LeadInvitation.Customer").(map[string]any); c["CountryCode"] != nil || c["CompanyName"] != "Northwind Traders Ltd." {
		t.Errorf("invitation customer = %v", c)
	}
	if get(inv, "EnrichmentContext.ProspectingResultAws.Customer.Country") != nil {
		t.Errorf("enrichment of a lead without a country = %v", inv["EnrichmentContext"])
	}
	conv := s.OK("StartOpportunityFromEngagementTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "convert",
		"Identifier": engID, "ContextIdentifier": "1"})
	if conv["TaskStatus"] != "COMPLETE" || get(getOpp(t, s, conv["OpportunityId"].(string)), "Customer.Account.Address") != nil {
		t.Errorf("converting the lead: %v", conv)
	}

	// A partner shares a lead without a country the same way.
	b := s.As("222222222222")
	s.OK("CreateEngagementInvitation", map[string]any{"Catalog": "Sandbox", "ClientToken": "i", "EngagementIdentifier": engID,
		"Invitation": map[string]any{"Message": "A lead for you", "Receiver": map[string]any{"Account": map[string]any{"AwsAccountId": b.Account}},
			"Payload": map[string]any{"LeadInvitation": map[string]any{
				"Customer":    map[string]any{"CompanyName": "Northwind Traders Ltd."},
				"Interaction": map[string]any{"ContactBusinessTitle": "Head of Data"}}}}})
}

// TestLeadInvitationEnrichment: AWS enriches the lead invitations it sends
// with the lead's readiness and what prospecting finds; not referrals, not
// partners' invitations, and a rejection hides it with the payload.
func TestLeadInvitationEnrichment(t *testing.T) {
	s := apitest.New(t)
	invID, engID := sendLead(t, s)
	inv := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID})
	enrichment, _ := inv["EnrichmentContext"].(map[string]any)
	if get(enrichment, "LeadInsights.LeadReadinessScore") != "High" {
		t.Errorf("EnrichmentContext = %v, want the lead's High readiness", enrichment)
	}
	// The insights hash the engagement's random id; the rest is the lead's.
	if get(enrichment, "ProspectingResultAws.Insights.SolutionCategory") == nil {
		t.Errorf("EnrichmentContext lacks prospecting insights: %v", enrichment)
	}
	goldenJSON(t, "aws_lead_enrichment.golden.json", map[string]any{"LeadInsights": enrichment["LeadInsights"],
		"ProspectingResultAws.Customer": get(enrichment, "ProspectingResultAws.Customer")})
	if _, listed := receivedInvitations(t, s)[0]["EnrichmentContext"]; listed {
		t.Error("ListEngagementInvitations shows the enrichment; its summaries have none")
	}

	s.OK("AcceptEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID})
	accepted := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID})
	if !reflect.DeepEqual(accepted["EnrichmentContext"], inv["EnrichmentContext"]) {
		t.Errorf("after acceptance EnrichmentContext = %v", accepted["EnrichmentContext"])
	}
	// Prospecting the engagement finds what the invitation showed.
	startProspecting(s, "same", engID)
	s.Advance(selling.DefaultProspectingTime)
	contexts := s.OK("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": engID})["Contexts"].([]any)
	aws := get(contexts[len(contexts)-1].(map[string]any), "Payload.ProspectingResult.Aws").(map[string]any)
	for _, m := range []string{"Customer", "Insights"} {
		if !reflect.DeepEqual(aws[m], enrichment["ProspectingResultAws"].(map[string]any)[m]) {
			t.Errorf("prospecting's %s %v differs from the invitation's %v", m, aws[m], enrichment["ProspectingResultAws"])
		}
	}

	// A partner's lead invitation and an AWS referral are not enriched.
	b := s.As("222222222222")
	partnerInv := s.OK("CreateEngagementInvitation", map[string]any{"Catalog": "Sandbox", "ClientToken": "i", "EngagementIdentifier": engID,
		"Invitation": map[string]any{"Message": "A lead for you", "Receiver": map[string]any{"Account": map[string]any{"AwsAccountId": b.Account}},
			"Payload": map[string]any{"LeadInvitation": map[string]any{
				"Customer":    map[string]any{"CompanyName": "Northwind Traders Ltd.", "CountryCode": "GB"},
				"Interaction": map[string]any{"ContactBusinessTitle": "Head of Data"}}}}})
	if got := b.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": partnerInv["Id"]}); got["EnrichmentContext"] != nil {
		t.Errorf("a partner's invitation is enriched: %v", got["EnrichmentContext"])
	}
	referral, err := s.AWS.SendReferral(t.Context(), selling.ReferralSpec{Account: s.Account, Catalog: "Sandbox"})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": *referral.Id}); got["EnrichmentContext"] != nil {
		t.Errorf("a referral is enriched: %v", got["EnrichmentContext"])
	}
}
