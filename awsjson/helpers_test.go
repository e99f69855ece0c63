package awsjson

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"pcs/api"
	"pcs/caller"
	"pcs/internal/wirecapture"
	"pcs/sigv4"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

const testRequestID = "11111111-2222-4333-8444-555555555555"

// fakeService answers GetOpportunity and SubmitOpportunity through hooks (a
// missing hook is not implemented); it has no other operation, so a test of
// other operations uses a Handler without a Service.
type fakeService struct {
	api.Service
	mu     sync.Mutex
	calls  []call
	getOpp func(ctx context.Context, in *api.GetOpportunityRequest) (*api.GetOpportunityResponse, error)
	submit func(ctx context.Context, in *api.SubmitOpportunityRequest) error
}

type call struct {
	op string
	id caller.Identity
	in any
}

func (s *fakeService) record(ctx context.Context, op string, in any) {
	id, _ := caller.FromContext(ctx)
	s.mu.Lock()
	s.calls = append(s.calls, call{op, id, in})
	s.mu.Unlock()
}

func (s *fakeService) GetOpportunity(ctx context.Context, in *api.GetOpportunityRequest) (*api.GetOpportunityResponse, error) {
	s.record(ctx, "GetOpportunity", in)
	if s.getOpp == nil {
		return nil, &notImplementedError{op: "GetOpportunity"}
	}
	return s.getOpp(ctx, in)
}

func (s *fakeService) SubmitOpportunity(ctx context.Context, in *api.SubmitOpportunityRequest) error {
	s.record(ctx, "SubmitOpportunity", in)
	if s.submit == nil {
		return &notImplementedError{op: "SubmitOpportunity"}
	}
	return s.submit(ctx, in)
}

// signed builds a signed request as an SDK would send it.
func signed(t testing.TB, method, path, target, contentType, body string) *http.Request {
	t.Helper()
	r := httptest.NewRequest(method, "http://127.0.0.1:8080"+path, strings.NewReader(body))
	if target != "" {
		r.Header.Set("X-Amz-Target", target)
	}
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	sigv4.Sign(r, []byte(body), sigv4.Credential{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret"},
		"us-east-1", "partnercentral-selling", time.Date(2026, 11, 23, 8, 37, 17, 0, time.UTC))
	return r
}

func serve(h http.Handler, r *http.Request) *http.Response {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func testHandler(svc api.Service) *Handler {
	return New(Config{Service: svc, NewRequestID: func() string { return testRequestID }})
}

// dump renders a response as it goes on the wire (headers in the map's
// exact casing, sorted), for golden files.
func dump(resp *http.Response) string {
	var b strings.Builder
	b.WriteString("HTTP " + resp.Status + "\n")
	keys := make([]string, 0, len(resp.Header))
	for k := range resp.Header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range resp.Header[k] {
			b.WriteString(k + ": " + v + "\n")
		}
	}
	b.WriteString("\n")
	var body bytes.Buffer
	_, _ = body.ReadFrom(resp.Body)
	b.Write(body.Bytes())
	b.WriteString("\n")
	return b.String()
}

// golden compares got with testdata/<name>, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from golden file:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// capture is one request from the wire corpus (testdata/README.md).
// loadCaptures reads the requests the official clients sent, recorded in
// testdata/captures.jsonl.
func loadCaptures(t testing.TB) []wirecapture.Capture {
	t.Helper()
	return wirecapture.Load(t, filepath.Join("testdata", "captures.jsonl"))
}

// operation is the operation a capture named "<client>/<Operation>" calls.
func operation(c wirecapture.Capture) string {
	_, op, _ := strings.Cut(c.Name, "/")
	return op
}

// header finds a response header case-insensitively: the handler writes
// x-amzn-* names in AWS's casing, which http.Header.Get does not find in a
// recorder (a client parsing the wire would).
func header(resp *http.Response, name string) string {
	for k, v := range resp.Header {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

func containsJSON(text, fragment string) bool { return strings.Contains(text, fragment) }

// messageOf returns the message member of a dumped error response.
func messageOf(text string) string {
	_, body, _ := strings.Cut(text, "\n\n")
	var e struct {
		Lower string `json:"message"`
		Upper string `json:"Message"`
	}
	_ = json.Unmarshal([]byte(body), &e)
	return e.Lower + e.Upper
}
