package admin_test

import (
	"net/http"
	"strings"
	"testing"

	"pcs/internal/apitest"
	"pcs/server"
)

const token = "s3cret"

// adminServer starts pcs with the admin endpoints behind the token.
func adminServer(t *testing.T) *apitest.Server {
	t.Helper()
	return apitest.NewWith(t, server.Config{AdminToken: token})
}

const northwindLead = `{"Customer": {"CompanyName": "Northwind Traders Ltd.", "Industry": "Retail", "MarketSegment": "Large",
	"Address": {"City": "Manchester", "CountryCode": "GB"}},
	"Interactions": [{"SourceType": "Event", "SourceId": "summit-2026-lon", "SourceName": "AWS Summit London",
		"CustomerAction": "Asked for a partner", "Usecase": "Analytics",
		"Contact": {"BusinessTitle": "Head of Data", "FirstName": "Priya", "LastName": "Shah", "Email": "priya.shah@northwind.example.com"}}]}`

// TestSendFromAWS: referrals and leads are sent the same way, and answered
// the same way.
func TestSendFromAWS(t *testing.T) {
	tests := []struct {
		name, path, auth, body string
		status                 int
		want                   map[string]any // members of the answer
		wantError              []string       // parts of the answer's error
	}{
		{"sample referral", "/_pcs/sim/referral", token, `{"Account": "111111111111", "Catalog": "Sandbox"}`,
			200, map[string]any{"PayloadType": "OpportunityInvitation", "Status": "PENDING", "SenderCompanyName": "AWS"}, nil},
		{"sample lead", "/_pcs/sim/lead", token, `{"Account": "111111111111", "Catalog": "Sandbox"}`,
			200, map[string]any{"PayloadType": "LeadInvitation", "Status": "PENDING", "SenderCompanyName": "AWS",
				"ExpirationDate": "2026-01-20T09:00:00.000Z"}, nil},
		{"given lead", "/_pcs/sim/lead", token, `{"Account": "111111111111", "Catalog": "AWS", "Message": "A retail lead", "Lead": ` + northwindLead + `}`,
			200, map[string]any{"PayloadType": "LeadInvitation", "InvitationMessage": "A retail lead", "SenderAwsAccountId": "aws",
				"EngagementTitle": "Northwind Traders Ltd."}, nil},
		{"every problem", "/_pcs/sim/lead", token, `{"Account": "12", "Catalog": "Prod", "Lead": {"Customer": {}, "Interactions": []}}`,
			400, nil, []string{"Account must be a 12-digit AWS account id", "Catalog must be AWS or Sandbox",
				"Lead: Customer.CompanyName is required.", "Lead: Interactions must contain 1 to 10 items"}},
		{"unknown member", "/_pcs/sim/lead", token, `{"Account": "111111111111", "Catalog": "AWS", "Leed": {}}`,
			400, nil, []string{"bad JSON body", "Leed"}},
		{"no token", "/_pcs/sim/lead", "", `{"Account": "111111111111", "Catalog": "AWS"}`,
			401, nil, []string{"Authorization: Bearer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := adminServer(t)
			status, got := api.Admin(http.MethodPost, tt.path, tt.auth, tt.body)
			if status != tt.status {
				t.Fatalf("HTTP %d, want %d: %v", status, tt.status, got)
			}
			for k, want := range tt.want {
				if got[k] != want {
					t.Errorf("%s = %v, want %v", k, got[k], want)
				}
			}
			msg, _ := got["error"].(string)
			for _, part := range tt.wantError {
				if !strings.Contains(msg, part) {
					t.Errorf("error %q lacks %q", msg, part)
				}
			}
			if status != 200 {
				return
			}
			// The partner has it.
			inv := api.As(got["Receiver"].(map[string]any)["Account"].(map[string]any)["AwsAccountId"].(string)).
				OK("GetEngagementInvitation", map[string]any{"Catalog": got["Catalog"], "Identifier": got["Id"]})
			if inv["Status"] != "PENDING" || inv["PayloadType"] != got["PayloadType"] {
				t.Errorf("the partner sees %v", inv)
			}
		})
	}
}

// TestReview: POST /_pcs/sim/review starts a review ("In review") and
// decides one, each only from the status it follows.
func TestReview(t *testing.T) {
	s := adminServer(t)
	opp := s.OK("CreateOpportunity", map[string]any{"Catalog": "AWS", "ClientToken": "review-1",
		"Customer": map[string]any{"Account": map[string]any{"CompanyName": "Example", "Industry": "Retail",
			"WebsiteUrl": "https://example.com", "Address": map[string]any{"CountryCode": "DE", "PostalCode": "20457"}}},
		"LifeCycle": map[string]any{"TargetCloseDate": "2026-12-01"},
		"Project": map[string]any{"Title": "t", "CustomerBusinessProblem": "A problem that is long enough.",
			"DeliveryModels": []string{"SaaS or PaaS"}, "OtherSolutionDescription": "ours",
			"ExpectedCustomerSpend": []any{map[string]any{"Amount": "10", "CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "AWS"}}},
	})
	id := opp["Id"].(string)
	s.OK("SubmitOpportunity", map[string]any{"Catalog": "AWS", "Identifier": id, "InvolvementType": "For Visibility Only", "Visibility": "Limited"})
	body := func(outcome string) string {
		return `{"Account":"` + s.Account + `","Catalog":"AWS","Identifier":"` + id + `","Outcome":"` + outcome + `","ReviewComments":"Add the website"}`
	}
	tests := []struct {
		outcome string
		status  int
		want    string // the answer's ReviewStatus, or a part of its error
	}{
		{"Approved!", http.StatusBadRequest, `Outcome must be "In review"`},
		{"In review", http.StatusOK, "In review"},
		{"In review", http.StatusBadRequest, "only a Submitted opportunity can go In review"},
		{"Action Required", http.StatusOK, "Action Required"},
		{"Approved", http.StatusBadRequest, "only Submitted or In review opportunities can be reviewed"},
	}
	for _, tt := range tests {
		status, got := s.Admin(http.MethodPost, "/_pcs/sim/review", token, body(tt.outcome))
		if status != tt.status {
			t.Fatalf("%s: HTTP %d %v, want %d", tt.outcome, status, got, tt.status)
		}
		if msg, _ := got["error"].(string); status != http.StatusOK && !strings.Contains(msg, tt.want) {
			t.Errorf("%s: error %q, want %q in it", tt.outcome, msg, tt.want)
		}
		if status == http.StatusOK && got["ReviewStatus"] != tt.want {
			t.Errorf("%s: answer %v", tt.outcome, got)
		}
		lc := s.OK("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": id})["LifeCycle"].(map[string]any)
		if status == http.StatusOK && lc["ReviewStatus"] != tt.want {
			t.Errorf("%s: the opportunity is %v", tt.outcome, lc["ReviewStatus"])
		}
	}
}

// TestAdvanceClockRefusals: a move by no time or back is a 400 that says
// the clock only moves forward, as a duration that is none is.
func TestAdvanceClockRefusals(t *testing.T) {
	api := adminServer(t)
	for _, tt := range []struct{ body, want string }{
		{`{"By": "-1h"}`, `body must be {"By": "<duration>"}: the clock only moves forward; got -1h0m0s`},
		{`{"By": "0s"}`, `body must be {"By": "<duration>"}: the clock only moves forward; got 0s`},
	} {
		before := api.Jobs.Now()
		status, got := api.Admin(http.MethodPost, "/_pcs/clock/advance", token, tt.body)
		if status != http.StatusBadRequest || got["error"] != tt.want {
			t.Errorf("%s: HTTP %d %v, want 400 %q", tt.body, status, got, tt.want)
		}
		if !api.Jobs.Now().Equal(before) {
			t.Errorf("%s moved the clock", tt.body)
		}
	}
}
