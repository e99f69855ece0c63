package admin_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"pcs/admin"
	"pcs/internal/apitest"
)

const token = "s3cret"

// adminServer serves the admin endpoints over the AWS side of api, behind
// the admin token.
func adminServer(t *testing.T, api *apitest.Server) string {
	t.Helper()
	h := admin.RequireToken(token, admin.New(api.Service, api.Jobs, "test", nil))
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

// post sends body to an admin path with the token and returns the status
// and the decoded answer.
func post(t *testing.T, url, path, auth, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s answered HTTP %d with %q, not a JSON object", path, resp.StatusCode, b)
	}
	return resp.StatusCode, m
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
			api := apitest.New(t)
			status, got := post(t, adminServer(t, api), tt.path, tt.auth, tt.body)
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
