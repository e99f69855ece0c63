package bench

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"pcs/internal/apitest"
	"pcs/selling"
	"pcs/store"
)

// TestScenariosAgainstRunningPCS runs every scenario against a pcs
// (-endpoint): each one's requests must succeed, except the optimistic
// lock's conflicts when two workers update the same opportunity.
func TestScenariosAgainstRunningPCS(t *testing.T) {
	s := apitest.New(t)
	scope := store.Scope{Account: s.Account, Catalog: "AWS"}
	if _, err := selling.SeedOpportunities(context.Background(), s.Store, scope, apitest.Start.Add(-time.Hour), 0, 60); err != nil {
		t.Fatal(err)
	}
	scenarios, err := SelectScenarios("all")
	if err != nil {
		t.Fatal(err)
	}
	var out, log bytes.Buffer
	rep, err := Run(context.Background(), Config{
		Scenarios:  scenarios,
		Load:       Load{Concurrency: 2, Duration: 60 * time.Millisecond},
		Endpoint:   s.URL,
		Catalog:    "AWS",
		Credential: testCredential,
		Out:        &out,
		Log:        &log,
	})
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	if len(rep.Rows) != len(Scenarios) {
		t.Fatalf("%d rows, want one per scenario:\n%s", len(rep.Rows), out.String())
	}
	for _, row := range rep.Rows {
		errs := row.PCS.ErrorCount() - row.PCS.Errors["ConflictException"]
		base := row.Baselines[0].Stats
		if row.PCS.Requests == 0 || errs > 0 || base.Requests == 0 || base.ErrorCount() > 0 {
			t.Errorf("%s: pcs %d requests, errors %v; baseline %d requests, errors %v", row.Scenario.Name,
				row.PCS.Requests, row.PCS.Errors, base.Requests, base.Errors)
		}
	}
	if !strings.Contains(out.String(), "  mixed  ") {
		t.Errorf("table without the mixed row:\n%s", out.String())
	}
	var md bytes.Buffer
	rep.Markdown(&md)
	if !strings.Contains(md.String(), "| - | - | CRM sync") || strings.Contains(md.String(), "start-up") {
		t.Errorf("markdown:\n%s", md.String())
	}
}

// TestDiscoverListsEveryUpdatableOpportunity: against a running pcs the
// benchmark works on every opportunity it may update, past the first
// hundred pages, each once.
func TestDiscoverListsEveryUpdatableOpportunity(t *testing.T) {
	s := apitest.New(t)
	scope := store.Scope{Account: s.Account, Catalog: "AWS"}
	const n = 10_250 // a hundred pages of 100, and more
	if _, err := selling.SeedOpportunities(context.Background(), s.Store, scope, apitest.Start.Add(-n*time.Second), 0, n); err != nil {
		t.Fatal(err)
	}
	d, err := discover(context.Background(), Target{URL: s.URL, Credential: testCredential}, "AWS", io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, id := range d.IDs {
		seen[id] = true
	}
	if len(d.IDs) != n || len(seen) != n {
		t.Errorf("discovered %d opportunities (%d distinct), want all %d", len(d.IDs), len(seen), n)
	}
	if len(d.Companies) != selling.SeedCompanies || !d.Oldest.Before(d.Newest) {
		t.Errorf("%d companies, modified %v to %v; want %d companies over the seeded span", len(d.Companies), d.Oldest, d.Newest, selling.SeedCompanies)
	}
}

func TestBaselineAnswersTheCapturedBytes(t *testing.T) {
	h := BaselineHandler(map[string]*Response{"GetOpportunity": {
		Status: 200,
		Header: http.Header{"Content-Type": {"application/x-amz-json-1.0"}, "X-Amzn-Requestid": {"r-1"}, "Date": {"old"}},
		Body:   []byte(`{"Id":"O1"}`),
	}}, nil)
	srv := httptest.NewServer(h)
	defer srv.Close()
	for op, want := range map[string]int{"GetOpportunity": 200, "ListOpportunities": 501} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(`{}`))
		req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+op)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s: HTTP %d, want %d", op, resp.StatusCode, want)
		}
		if want == 200 && (string(body) != `{"Id":"O1"}` || resp.Header.Get("X-Amzn-Requestid") != "r-1" ||
			resp.Header.Get("Content-Type") != "application/x-amz-json-1.0" || resp.Header.Get("Date") == "old") {
			t.Errorf("%s: %v %s", op, resp.Header, body)
		}
	}
}

func TestSelectScenarios(t *testing.T) {
	got, err := SelectScenarios("mixed, list,get")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range got {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "get,list-stage,list-modified,list-company,mixed" {
		t.Errorf("scenarios %v, want the known order", names)
	}
	for _, s := range Scenarios {
		if len(s.Ops) == 0 {
			t.Errorf("%s names no operations: the baseline would have no answers", s.Name)
		}
	}
	if _, err := SelectScenarios("get,nope"); err == nil {
		t.Error("an unknown scenario was accepted")
	}
	if _, err := SelectScenarios(" , "); err == nil {
		t.Error("no scenario was accepted")
	}
}

func TestFormats(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{formatSize(1000000), "1,000,000"},
		{formatSize(200), "200"},
		{formatSize(0), "-"},
		{formatDuration(312 * time.Microsecond), "312µs"},
		{formatDuration(4512 * time.Microsecond), "4.51ms"},
		{formatDuration(45120 * time.Microsecond), "45.1ms"},
		{formatDuration(451 * time.Millisecond), "451ms"},
		{formatDuration(1500 * time.Millisecond), "1.50s"},
		{ratio(6400, 1000), "6.4×"},
		{ratio(1, 0), "-"},
		{formatBytes(3 << 20), "3 MiB"},
		{countSummary(map[string]int{"b": 1, "a": 1, "ConflictException": 5}), "5 ConflictException, 1 a, 1 b"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
