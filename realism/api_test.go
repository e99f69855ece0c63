package realism_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"pcs/internal/apitest"
	"pcs/realism"
	"pcs/server"
)

// What the tests create: every encoded member holds "&" or ":".
const (
	companyName = "Smith & Sons: Logistics"
	nextSteps   = "Call: Monday & Tuesday"
	problem     = "Telemetry & billing cannot scale: 40k vehicles."
	useCase     = "Business Applications & Contact Center"
	mktUseCase  = "Front End Web & Mobile"
)

func createBody() map[string]any {
	return map[string]any{
		"Catalog":     "Sandbox",
		"ClientToken": "realism-test",
		"Customer":    map[string]any{"Account": map[string]any{"CompanyName": companyName, "Industry": "Automotive", "WebsiteUrl": "https://smith.example.com"}},
		"LifeCycle":   map[string]any{"NextSteps": nextSteps},
		"Project": map[string]any{"Title": "Q&A: fleet", "CustomerBusinessProblem": problem, "CustomerUseCase": useCase,
			"ExpectedCustomerSpend": []any{
				map[string]any{"Amount": "100", "CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "AWS"},
				map[string]any{"Amount": "50", "CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "Partner & Co"},
			}},
		"Marketing": map[string]any{"Source": "Marketing Activity", "AwsFundingUsed": "Yes", "UseCases": []any{mktUseCase, "Compute"}},
	}
}

func start(t *testing.T, q realism.Config) (*apitest.Server, string) {
	t.Helper()
	s := apitest.NewWith(t, server.Config{Realism: q})
	return s, s.OK("CreateOpportunity", createBody())["Id"].(string)
}

func get(s *apitest.Server, id string) *apitest.Response {
	return s.Call("GetOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id})
}

// at is the value at a dotted path of a decoded answer.
func at(m map[string]any, path string) any {
	var v any = m
	for _, name := range strings.Split(path, ".") {
		mm, _ := v.(map[string]any)
		v = mm[name]
	}
	return v
}

func TestHTMLEntities(t *testing.T) {
	tests := []struct {
		name  string
		quirk realism.Config
		want  map[string]any // GetOpportunity's answer at each path
	}{
		{"off", realism.Config{}, map[string]any{
			"Customer.Account.CompanyName":    companyName,
			"LifeCycle.NextSteps":             nextSteps,
			"Project.CustomerBusinessProblem": problem,
			"Project.CustomerUseCase":         useCase,
			"Marketing.UseCases":              []any{mktUseCase, "Compute"},
			"Project.Title":                   "Q&A: fleet",
		}},
		{"on", realism.Config{HTMLEntities: true}, map[string]any{
			"Customer.Account.CompanyName":    "Smith &amp; Sons&amp;colon; Logistics",
			"LifeCycle.NextSteps":             "Call&amp;colon; Monday &amp; Tuesday",
			"Project.CustomerBusinessProblem": "Telemetry &amp; billing cannot scale&amp;colon; 40k vehicles.",
			"Project.CustomerUseCase":         "Business Applications &amp; Contact Center",
			"Marketing.UseCases":              []any{"Front End Web &amp; Mobile", "Compute"},
			"Project.Title":                   "Q&A: fleet", // not one the service encodes
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, id := start(t, tt.quirk)
			r := get(s, id)
			if r.Status != http.StatusOK {
				t.Fatalf("GetOpportunity: HTTP %d %s", r.Status, r.Body)
			}
			got := r.JSON()
			for _, path := range slices.Sorted(maps.Keys(tt.want)) {
				if g, _ := json.Marshal(at(got, path)); string(g) != mustJSON(tt.want[path]) {
					t.Errorf("%s = %s, want %s", path, g, mustJSON(tt.want[path]))
				}
			}
			// Listings keep the values as they are.
			list := s.OK("ListOpportunities", map[string]any{"Catalog": "Sandbox"})
			sums := list["OpportunitySummaries"].([]any)
			if n := at(sums[0].(map[string]any), "Customer.Account.CompanyName"); n != companyName {
				t.Errorf("ListOpportunities CompanyName = %v", n)
			}

			// Echoing the answer back: as in production, the encoded
			// enum-like values are refused; without the quirk it passes.
			upd := updateFrom(got)
			r = s.Call("UpdateOpportunity", upd)
			if !tt.quirk.HTMLEntities {
				if r.Status != http.StatusOK {
					t.Fatalf("UpdateOpportunity of the echo: HTTP %d %s", r.Status, r.Body)
				}
				return
			}
			if r.ErrorType() != "ValidationException" {
				t.Fatalf("UpdateOpportunity of the echo: HTTP %d %s, want ValidationException", r.Status, r.Body)
			}
			if codes := errorCodes(r); !slices.Contains(codes, "marketing.useCases:INVALID_ENUM_VALUE") {
				t.Errorf("ErrorList %v, want marketing.useCases:INVALID_ENUM_VALUE", codes)
			}
			// With Marketing decoded, the CustomerUseCase is refused as
			// well (by the service's list, in every mode).
			at(upd, "Marketing").(map[string]any)["UseCases"] = []any{mktUseCase}
			r = s.Call("UpdateOpportunity", upd)
			if codes := errorCodes(r); !slices.Contains(codes, "project.customerUseCase:INVALID_ENUM_VALUE") {
				t.Errorf("ErrorList %v, want project.customerUseCase:INVALID_ENUM_VALUE", codes)
			}
			// Decoded, the echo passes, and its free text is as it was.
			at(upd, "Project").(map[string]any)["CustomerUseCase"] = useCase
			for path, v := range map[string]string{"Customer.Account": companyName, "LifeCycle": nextSteps} {
				key := map[string]string{"Customer.Account": "CompanyName", "LifeCycle": "NextSteps"}[path]
				at(upd, path).(map[string]any)[key] = v
			}
			at(upd, "Project").(map[string]any)["CustomerBusinessProblem"] = problem
			s.OK("UpdateOpportunity", upd)
			if cn := at(get(s, id).JSON(), "Customer.Account.CompanyName"); cn != "Smith &amp; Sons&amp;colon; Logistics" {
				t.Errorf("after the decoded echo, CompanyName = %v", cn)
			}
		})
	}
}

// TestHTMLEntitiesRefusal: an encoded valid value of an enum-like member
// is refused at CreateOpportunity with the quirk, taken without it.
func TestHTMLEntitiesRefusal(t *testing.T) {
	for _, on := range []bool{false, true} {
		s := apitest.NewWith(t, server.Config{Realism: realism.Config{HTMLEntities: on}})
		body := createBody()
		at(body, "Marketing").(map[string]any)["UseCases"] = []any{"VR &amp; AR"}
		r := s.Call("CreateOpportunity", body)
		switch {
		case !on && r.Status != http.StatusOK:
			t.Errorf("off: HTTP %d %s", r.Status, r.Body)
		case on && !slices.Equal(errorCodes(r), []string{"marketing.useCases:INVALID_ENUM_VALUE"}):
			t.Errorf("on: HTTP %d %s", r.Status, r.Body)
		case on && r.JSON()["Reason"] != "BUSINESS_VALIDATION_FAILED":
			t.Errorf("on: Reason %v", r.JSON()["Reason"])
		}
	}
}

// TestHTMLEntitiesLongerThanTheModelAllows: an encoded CompanyName past
// the model's 120 characters is answered, as the service answers it; the
// test server's output check lets it pass with the quirk on.
func TestHTMLEntitiesLongerThanTheModelAllows(t *testing.T) {
	s := apitest.NewWith(t, server.Config{Realism: realism.Strict()})
	body := createBody()
	long := strings.Repeat("A&B: ", 24) // 120 characters, 456 encoded
	at(body, "Customer.Account").(map[string]any)["CompanyName"] = long
	id := s.OK("CreateOpportunity", body)["Id"].(string)
	s.Advance(realism.DefaultReadLag)
	r := get(s, id)
	if r.Status != http.StatusOK {
		t.Fatalf("HTTP %d %s", r.Status, r.Body)
	}
	if cn, _ := at(r.JSON(), "Customer.Account.CompanyName").(string); len(cn) <= 120 {
		t.Errorf("CompanyName %q not encoded", cn)
	}
}

func TestReadLag(t *testing.T) {
	tests := []struct {
		name  string
		lag   time.Duration
		after time.Duration // the pcs clock moved after CreateOpportunity
		want  int
	}{
		{"off", 0, 0, http.StatusOK},
		{"right after", 3 * time.Second, 0, http.StatusBadRequest},
		{"within the lag", 3 * time.Second, 2999 * time.Millisecond, http.StatusBadRequest},
		{"the lag over", 3 * time.Second, 3 * time.Second, http.StatusOK},
		{"a longer lag", time.Minute, 30 * time.Second, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, id := start(t, realism.Config{ReadLag: tt.lag})
			s.Advance(tt.after)
			r := get(s, id)
			if r.Status != tt.want {
				t.Fatalf("GetOpportunity: HTTP %d %s, want %d", r.Status, r.Body, tt.want)
			}
			if tt.want == http.StatusOK {
				return
			}
			// The answer is the one for an opportunity that is not there.
			unknown := get(s, "O999999999")
			want := strings.ReplaceAll(string(unknown.Body), "O999999999", id)
			if r.ErrorType() != "ResourceNotFoundException" || string(r.Body) != want {
				t.Errorf("got %s, want %s", r.Body, want)
			}
			// Only GetOpportunity lags: the listing and an update see it.
			list := s.OK("ListOpportunities", map[string]any{"Catalog": "Sandbox"})
			if n := len(list["OpportunitySummaries"].([]any)); n != 1 {
				t.Errorf("ListOpportunities lists %d", n)
			}
		})
	}
}

func TestSpendType(t *testing.T) {
	for _, on := range []bool{false, true} {
		s, id := start(t, realism.Config{SpendType: on})
		r := get(s, id)
		items := at(r.JSON(), "Project.ExpectedCustomerSpend").([]any)
		if len(items) != 2 {
			t.Fatalf("%d spend items", len(items))
		}
		for _, item := range items {
			typ, has := item.(map[string]any)["__type"]
			if has != on || (on && typ != "com.amazon.partnerintegrationapi.common#ExpectedCustomerSpend") {
				t.Errorf("on %v: item %v", on, item)
			}
		}
		// The echo passes: the service ignores members it does not know.
		s.OK("UpdateOpportunity", updateFrom(r.JSON()))
		// No other answer changes.
		if on && strings.Contains(string(s.Call("ListOpportunities", map[string]any{"Catalog": "Sandbox"}).Body), "__type") {
			t.Error("ListOpportunities has __type")
		}
	}
}

// updateFrom is the UpdateOpportunity request that echoes a GetOpportunity
// answer back, as a CRM does.
func updateFrom(o map[string]any) map[string]any {
	req := map[string]any{"Catalog": o["Catalog"], "Identifier": o["Id"], "LastModifiedDate": o["LastModifiedDate"]}
	for _, k := range []string{"Customer", "LifeCycle", "Project", "Marketing", "NationalSecurity", "OpportunityType",
		"PrimaryNeedsFromAws", "PartnerOpportunityIdentifier", "SoftwareRevenue"} {
		if v, ok := o[k]; ok && v != nil {
			req[k] = v
		}
	}
	if lc, ok := req["LifeCycle"].(map[string]any); ok {
		delete(lc, "NextStepsHistory")
	}
	return req
}

func errorCodes(r *apitest.Response) []string {
	var codes []string
	list, _ := r.JSON()["ErrorList"].([]any)
	for _, e := range list {
		m := e.(map[string]any)
		codes = append(codes, m["FieldName"].(string)+":"+m["Code"].(string))
	}
	return codes
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
