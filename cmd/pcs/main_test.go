package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestServeFlagsFromEnvironment(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string // addr
	}{
		{"default", nil, nil, defaultAddr},
		{"variable", nil, map[string]string{"PCS_ADDR": "127.0.0.1:9999"}, "127.0.0.1:9999"},
		{"flag beats variable", []string{"-addr", "127.0.0.1:1234"}, map[string]string{"PCS_ADDR": "127.0.0.1:9999"}, "127.0.0.1:1234"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseServeFlags(tt.args, io.Discard, env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.addr != tt.want {
				t.Errorf("addr = %q, want %q", cfg.addr, tt.want)
			}
		})
	}
}

func TestServeFlagErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"bad account", []string{"-default-account", "12345"}, nil, "12 digits"},
		{"bad variable", nil, map[string]string{"PCS_IN_MEMORY": "perhaps"}, "$PCS_IN_MEMORY"},
		{"stray argument", []string{"extra"}, nil, "unexpected arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseServeFlags(tt.args, io.Discard, env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestServeHelpNamesEveryVariable(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"serve", "-h"}, io.Discard, &out, env(nil))
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run = %v, want flag.ErrHelp", err)
	}
	for _, v := range []string{"-addr", "$PCS_ADDR", "-data-dir", "$PCS_DATA_DIR", "-in-memory", "$PCS_IN_MEMORY",
		"-default-account", "$PCS_DEFAULT_ACCOUNT", "-log-level", "$PCS_LOG_LEVEL", "-shutdown-timeout", "$PCS_SHUTDOWN_TIMEOUT"} {
		if !strings.Contains(out.String(), v) {
			t.Errorf("help lacks %s:\n%s", v, out.String())
		}
	}
}

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, &out, io.Discard, env(nil)); err != nil {
		t.Fatal(err)
	}
	printed, ok := strings.CutPrefix(strings.TrimSuffix(out.String(), "\n"), "pcs ")
	if !ok || printed != versionString() || !strings.Contains(printed, runtime.Version()) {
		t.Errorf("version output %q, want pcs %s", out.String(), versionString())
	}
	// GET /_pcs/health reports the same.
	url, stop := startServe(t, "-in-memory")
	defer stop()
	resp, err := http.Get(url + "/_pcs/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var health struct{ Status, Version string }
	if err := json.NewDecoder(resp.Body).Decode(&health); err != nil || resp.StatusCode != 200 || health.Status != "ok" || health.Version != printed {
		t.Errorf("health: HTTP %d %+v %v, want ok and version %q", resp.StatusCode, health, err, printed)
	}
}

// startServe runs "pcs serve" with args until the returned stop is called,
// and returns the base URL it listens on.
func startServe(t *testing.T, args ...string) (url string, stop func()) {
	t.Helper()
	return startServeLogging(t, io.Discard, args...)
}

// startServeLogging is startServe with the log going to stderr.
func startServeLogging(t *testing.T, stderr io.Writer, args ...string) (url string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...), pw, stderr, env(nil))
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("serve did not start: %v (%v)", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	url = regexp.MustCompile(`http://[0-9.:]+`).FindString(line)
	return url, func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not stop")
		}
	}
}

func call(t *testing.T, url, op, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+op)
	req.Header.Set("X-Amz-Date", time.Now().UTC().Format("20060102T150405Z"))
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=111111111111/"+time.Now().UTC().Format("20060102")+
		"/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=host;x-amz-date, Signature="+strings.Repeat("0", 64))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestStateSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	url, stop := startServe(t, "-data-dir", dir)
	status, body := call(t, url, "CreateOpportunity", `{"Catalog":"Sandbox","ClientToken":"restart"}`)
	if status != http.StatusOK {
		t.Fatalf("create: %d %s", status, body)
	}
	id := regexp.MustCompile(`O[0-9]+`).FindString(body)
	stop()

	url, stop = startServe(t, "-data-dir", dir)
	defer stop()
	status, body = call(t, url, "GetOpportunity", `{"Catalog":"Sandbox","Identifier":"`+id+`"}`)
	if status != http.StatusOK || !strings.Contains(body, id) {
		t.Fatalf("after restart: %d %s", status, body)
	}
	if r, err := http.Get(url + "/_pcs/health"); err != nil || r.StatusCode != http.StatusOK {
		t.Errorf("health: %v %v", r, err)
	}
}

func TestInMemoryStartsEmpty(t *testing.T) {
	url, stop := startServe(t, "-in-memory")
	defer stop()
	status, body := call(t, url, "ListOpportunities", `{"Catalog":"AWS"}`)
	if status != http.StatusOK || !strings.Contains(body, `"OpportunitySummaries":[]`) {
		t.Errorf("%d %s", status, body)
	}
}

func TestSolutionsCommand(t *testing.T) {
	url, stop := startServe(t, "-in-memory")
	defer stop()
	var out bytes.Buffer
	const listing = "arn:aws:aws-marketplace:us-east-1:111111111111:AWSMarketplace/Solution/soln-ab1c2de3fgh4i"
	err := run(context.Background(), []string{"solutions", "add", "-endpoint", url, "-account", "111111111111",
		"-catalog", "AWS", "-name", "Telemetry Platform", "-category", "Software Product", "-marketplace-arn", listing}, &out, io.Discard, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	id := regexp.MustCompile(`S-[0-9]{7}`).FindString(out.String())
	if id == "" {
		t.Fatalf("no solution id in %s", out.String())
	}
	status, body := call(t, url, "ListSolutions", `{"Catalog":"AWS","AwsMarketplaceSolutionArn":["`+listing+`"]}`)
	if status != http.StatusOK || !strings.Contains(body, id) || !strings.Contains(body, `"Telemetry Platform"`) {
		t.Errorf("ListSolutions by the Marketplace listing: %d %s", status, body)
	}
	_, body = call(t, url, "CreateOpportunity", `{"Catalog":"AWS","ClientToken":"s"}`)
	opp := regexp.MustCompile(`O[0-9]+`).FindString(body)
	status, body = call(t, url, "AssociateOpportunity", `{"Catalog":"AWS","OpportunityIdentifier":"`+opp+
		`","RelatedEntityType":"Solutions","RelatedEntityIdentifier":"`+id+`"}`)
	if status != http.StatusOK {
		t.Errorf("associating the added solution: %d %s", status, body)
	}

	out.Reset()
	if err := run(context.Background(), []string{"solutions", "list", "-endpoint", url, "-account", "111111111111", "-catalog", "AWS"},
		&out, io.Discard, env(nil)); err != nil || !strings.Contains(out.String(), id) {
		t.Errorf("solutions list: %v %s", err, out.String())
	}
	err = run(context.Background(), []string{"solutions", "add", "-endpoint", url, "-account", "1", "-name", "x"}, io.Discard, io.Discard, env(nil))
	if err == nil || !strings.Contains(err.Error(), "12-digit") {
		t.Errorf("bad account: %v", err)
	}
}

func TestSimCommands(t *testing.T) {
	url, stop := startServe(t, "-in-memory", "-review-wait", "1m", "-review-outcome", "manual")
	defer stop()
	// pcs runs "pcs sim <sub> -endpoint URL <rest...>".
	pcs := func(sub string, rest ...string) string {
		t.Helper()
		var out bytes.Buffer
		args := append([]string{"sim", sub, "-endpoint", url}, rest...)
		if err := run(context.Background(), args, &out, io.Discard, env(nil)); err != nil {
			t.Fatalf("pcs %v: %v", args, err)
		}
		return out.String()
	}
	status := func(id string) string {
		_, body := call(t, url, "GetOpportunity", `{"Catalog":"AWS","Identifier":"`+id+`"}`)
		return regexp.MustCompile(`"ReviewStatus":"([^"]+)"`).FindStringSubmatch(body)[1]
	}
	_, body := call(t, url, "CreateOpportunity", `{"Catalog":"AWS","ClientToken":"sim",
		"Customer":{"Account":{"CompanyName":"Example","Industry":"Retail","WebsiteUrl":"https://example.com","Address":{"CountryCode":"DE","PostalCode":"20457"}}},
		"LifeCycle":{"TargetCloseDate":"2099-01-01"},
		"Project":{"Title":"t","CustomerBusinessProblem":"A problem that is long enough.","DeliveryModels":["SaaS or PaaS"],
		"OtherSolutionDescription":"ours","ExpectedCustomerSpend":[{"Amount":"10","CurrencyCode":"USD","Frequency":"Monthly","TargetCompany":"AWS"}]}}`)
	id := regexp.MustCompile(`O[0-9]+`).FindString(body)
	if code, body := call(t, url, "SubmitOpportunity", `{"Catalog":"AWS","Identifier":"`+id+`","InvolvementType":"For Visibility Only"}`); code != 200 {
		t.Fatalf("submit: %d %s", code, body)
	}
	if out := pcs("clock", "advance", "2m"); !strings.Contains(out, "AheadOfWallClock") {
		t.Errorf("clock advance printed %s", out)
	}
	if got := status(id); got != "In review" {
		t.Fatalf("after moving the clock: %s, want In review", got)
	}
	pcs("review", "-account", "111111111111", "-catalog", "AWS", "-id", id, "-outcome", "Rejected", "-reason", "Duplicate")
	if got := status(id); got != "Rejected" {
		t.Errorf("after the review: %s", got)
	}
	if out := pcs("jobs", "-state", "done"); !strings.Contains(out, "aws-review/start") {
		t.Errorf("jobs: %s", out)
	}
	if out := pcs("clock"); !strings.Contains(out, "2m0s") {
		t.Errorf("clock: %s", out)
	}

	out := pcs("referral", "-account", "111111111111", "-catalog", "AWS", "-message", "Please engage")
	inv := regexp.MustCompile(`engi-[0-9a-z]{13}`).FindString(out)
	if inv == "" || !strings.Contains(out, "Please engage") {
		t.Fatalf("referral printed %s", out)
	}
	pcs("expire", "-catalog", "AWS", "-id", inv)
	if _, body := call(t, url, "GetEngagementInvitation", `{"Catalog":"AWS","Identifier":"`+inv+`"}`); !strings.Contains(body, `"Status":"EXPIRED"`) {
		t.Errorf("after pcs sim expire: %s", body)
	}
}

func TestEventsTail(t *testing.T) {
	url, stop := startServe(t, "-in-memory")
	defer stop()
	call(t, url, "CreateOpportunity", `{"Catalog":"Sandbox","ClientToken":"ev"}`)
	var out bytes.Buffer
	err := run(context.Background(), []string{"events", "tail", "-endpoint", url, "-account", "111111111111", "-follow=false"}, &out, io.Discard, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"detail-type":"Opportunity Created"`) || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("tail printed %q", out.String())
	}
	// Following: a new event arrives while the tail waits.
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"events", "tail", "-endpoint", url, "-after", "1"}, pw, io.Discard, env(nil))
		pw.Close()
	}()
	time.Sleep(200 * time.Millisecond)
	call(t, url, "CreateOpportunity", `{"Catalog":"Sandbox","ClientToken":"ev2"}`)
	line, err := bufio.NewReader(pr).ReadString('\n')
	cancel()
	go io.Copy(io.Discard, pr)
	if err != nil || !strings.Contains(line, "Opportunity Created") {
		t.Errorf("followed %q, %v", line, err)
	}
	if err := <-done; err != nil {
		t.Errorf("tail returned %v", err)
	}
}

func TestEventTargetsGetEvents(t *testing.T) {
	got := make(chan string, 10)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- string(b)
	}))
	defer hook.Close()
	path := filepath.Join(t.TempDir(), "targets.json")
	os.WriteFile(path, []byte(`{"targets":[{"name":"crm","webhook":{"url":"`+hook.URL+`"},"pattern":{"detail-type":["Opportunity Created"]}}]}`), 0o600)
	url, stop := startServe(t, "-in-memory", "-event-targets", path)
	defer stop()
	call(t, url, "CreateOpportunity", `{"Catalog":"Sandbox","ClientToken":"hook"}`)
	select {
	case body := <-got:
		if !strings.Contains(body, `"detail-type":"Opportunity Created"`) {
			t.Errorf("webhook got %s", body)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the webhook got nothing")
	}
}
