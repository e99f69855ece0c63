package main

// Fuzzing the whole HTTP path: raw bytes parsed as an HTTP request and
// served by the stack "pcs serve" builds (routing, signatures, permissions,
// quotas, decoding, validation, the service rules, SQLite, the admin side),
// and well-signed API calls with arbitrary targets and bodies. Whatever
// comes in, nothing panics and nothing answers 5xx. "go test" runs the
// seeds; "go test -fuzz FuzzRawHTTP ./cmd/pcs" explores.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"pcs/admin"
	"pcs/awsjson"
	"pcs/clock"
	"pcs/jobs"
	"pcs/selling"
	"pcs/store/sqlite"
)

// fuzzStack builds pcs's handler like serve does, over an in-memory store.
// The fault endpoints are left out: a fuzzed rule could drop or delay
// every later call.
func fuzzStack(tb testing.TB, auth string) http.Handler {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.OpenMemory(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	clk, err := jobs.LoadClock(ctx, db, clock.System{})
	if err != nil {
		tb.Fatal(err)
	}
	creds := filepath.Join(tb.TempDir(), "credentials.json")
	if err := os.WriteFile(creds, []byte(testCredentials), 0o600); err != nil {
		tb.Fatal(err)
	}
	cfg := trustConfig{auth: auth, credentials: creds, quotas: "off", quotaLimits: "ListSolutions=1000/s"}
	tr, err := cfg.build(clk, "123456789012")
	if err != nil {
		tb.Fatal(err)
	}
	svc := selling.New(db, clk, tr.sellingOptions()...)
	apiCfg := awsjson.Config{Service: svc, MaxBodyBytes: 1 << 20}
	tr.apply(&apiCfg)
	ah := admin.New(svc, jobs.New(db, selling.NewAWS(svc), clk, nil), "fuzz", nil)
	ah.HandleQuotas(tr.limiter)
	mux := http.NewServeMux()
	mux.Handle(admin.Prefix, ah)
	mux.Handle("/", awsjson.New(apiCfg))
	return mux
}

// fuzzCheck fails on a 5xx (but 501, an operation pcs lacks) or a
// malformed API answer.
func fuzzCheck(t *testing.T, r *http.Request, w *httptest.ResponseRecorder, what string) {
	if w.Code >= 500 && w.Code != http.StatusNotImplemented {
		t.Fatalf("%s: HTTP %d: %s", what, w.Code, w.Body.String())
	}
	if strings.HasPrefix(r.URL.Path, admin.Prefix) || w.Body.Len() == 0 {
		return
	}
	if !json.Valid(w.Body.Bytes()) {
		t.Fatalf("%s: HTTP %d, invalid JSON %q", what, w.Code, w.Body.String())
	}
	if w.Code != http.StatusOK && !strings.Contains(w.Body.String(), `"__type"`) {
		t.Fatalf("%s: HTTP %d without __type: %s", what, w.Code, w.Body.String())
	}
}

type fuzzCapture struct {
	Method  string      `json:"method"`
	Path    string      `json:"path"`
	Headers [][2]string `json:"headers"`
	Body    string      `json:"body"`
}

// captures are the requests the real clients sent (awsjson's test data).
func captures(tb testing.TB) []fuzzCapture {
	data, err := os.ReadFile(filepath.Join("..", "..", "awsjson", "testdata", "captures.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	var out []fuzzCapture
	for line := range bytes.Lines(data) {
		var c fuzzCapture
		if err := json.Unmarshal(line, &c); err != nil {
			tb.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

func (c fuzzCapture) raw() []byte {
	var b bytes.Buffer
	b.WriteString(c.Method + " " + c.Path + " HTTP/1.1\r\n")
	for _, h := range c.Headers {
		b.WriteString(h[0] + ": " + h[1] + "\r\n")
	}
	b.WriteString("\r\n" + c.Body)
	return b.Bytes()
}

func FuzzRawHTTP(f *testing.F) {
	for _, c := range captures(f) {
		f.Add(c.raw())
	}
	for _, s := range []string{
		"GET /_pcs/health HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /_pcs/solutions?account=111111111111&catalog=AWS HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST /_pcs/solutions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
		"GET /_pcs/quotas?account=1 HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST /_pcs/clock/advance HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n{\"By\":\"-1h\"}",
		"POST /ListOpportunities?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=1/2/3/4/5 HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nX-Amz-Target: AWSPartnerCentralSelling.ListSolutions\r\n\r\n3\r\n{}}\r\n0\r\n\r\n",
	} {
		f.Add([]byte(s))
	}
	h := fuzzStack(f, "local")
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(data)))
		if err != nil {
			return
		}
		r.RemoteAddr = "127.0.0.1:1"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fuzzCheck(t, r, w, string(data))
	})
}

// The keys of testCredentials a fuzzed call may sign with.
var fuzzKeys = [][2]string{
	{"AKIAANYCOMPANY000001", "any-secret"},
	{"AKIAANYSANDBOXREADER", "reader-secret"},
	{"AKIAEXAMPLECORP00001", "example-secret"},
	{"AKIAANYCOMPANY000001", "wrong-secret"},
}

func FuzzSignedCalls(f *testing.F) {
	for i, c := range captures(f) {
		var target string
		for _, h := range c.Headers {
			if strings.EqualFold(h[0], "X-Amz-Target") {
				target = h[1]
			}
		}
		f.Add(target, []byte(c.Body), uint8(i))
	}
	f.Add("AWSPartnerCentralSelling.CreateOpportunity", []byte(`{"Catalog":"Sandbox","ClientToken":"f",`+crashBody("f", "f")+`}`), uint8(0))
	f.Add("AWSPartnerCentralSelling.UpdateOpportunity", []byte(`{"Catalog":"Sandbox","Identifier":"O5000001","LastModifiedDate":"2026-01-01T00:00:00Z","Marketing":{"Source":"None"}}`), uint8(0))
	f.Add("AWSPartnerCentralSelling.AssignOpportunity", []byte(`{"Catalog":"Sandbox","Identifier":"O5000001","Assignee":{"Email":"jane@anycompany.com","FirstName":"a","LastName":"b","BusinessTitle":"c"}}`), uint8(0))
	f.Add("AWSPartnerCentralSelling.TagResource", []byte(`{"ResourceArn":"arn:aws:partnercentral:us-east-1:111111111111:catalog/AWS/engagement/eng-1","Tags":[]}`), uint8(1))
	h := fuzzStack(f, "strict")
	var mu sync.Mutex // the recorder-based calls share one store; keep them ordered for reproducibility
	f.Fuzz(func(t *testing.T, target string, body []byte, key uint8) {
		r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:7426/", bytes.NewReader(body))
		r.Header.Set("Content-Type", awsjson.ContentType)
		r.Header.Set("X-Amz-Target", target)
		k := fuzzKeys[int(key)%len(fuzzKeys)]
		signSDK(r, string(body), k[0], k[1])
		mu.Lock()
		defer mu.Unlock()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fuzzCheck(t, r, w, target+" "+string(body))
		_, _ = io.Copy(io.Discard, w.Result().Body)
	})
}
