package reqlog

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"pcs/awsjson"
	"pcs/clock"
)

var t0 = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// exchange is an answered request: op by account in catalog, with status
// and, when it is not 200, errType.
func exchange(i int, op, account, catalog string, status int, errType string) awsjson.Exchange {
	x := awsjson.Exchange{Start: t0.Add(time.Duration(i) * time.Second), Duration: 1500 * time.Microsecond,
		RequestID: fmt.Sprintf("req-%d", i), Operation: op, Account: account, Catalog: catalog, Status: status,
		Request:     httptest.NewRequest("POST", "/", nil),
		RequestBody: []byte(`{"Catalog":"` + catalog + `"}`), ResponseBody: []byte(`{}`)}
	if errType != "" {
		x.ErrorType, x.ErrorMessage = errType, errType+" happened"
	}
	return x
}

func seqs(p Page) string {
	var b []string
	for _, r := range p.Requests {
		b = append(b, fmt.Sprint(r.Seq))
	}
	return strings.Join(b, " ")
}

func find(t *testing.T, l *Log, q Query) Page {
	t.Helper()
	p, err := l.Find(q)
	if err != nil {
		t.Fatalf("Find(%+v): %v", q, err)
	}
	return p
}

// TestRingKeepsTheLatest: a ring of 3 keeps the 3 latest records; a
// reader behind it is told how many it missed.
func TestRingKeepsTheLatest(t *testing.T) {
	l := New(Config{Size: 3})
	if p := find(t, l, Query{}); len(p.Requests) != 0 || p.Next != 0 || p.Requests == nil {
		t.Fatalf("empty log: %+v", p)
	}
	for i := 1; i <= 5; i++ {
		l.Observe(exchange(i, "GetOpportunity", "111111111111", "AWS", 200, ""))
	}
	p := find(t, l, Query{})
	if seqs(p) != "5 4 3" || p.Next != 5 {
		t.Errorf("records %q, Next %d; want 5 4 3, Next 5", seqs(p), p.Next)
	}
	if r := p.Requests[0]; r.RequestID != "req-5" || !r.Time.Equal(t0.Add(5*time.Second)) || r.LatencyMs != 1.5 {
		t.Errorf("newest record %+v", r)
	}
	if p := find(t, l, Query{After: 1}); seqs(p) != "5 4 3" || p.Missed != 1 {
		t.Errorf("after 1: %q, missed %d; want 5 4 3, missed 1", seqs(p), p.Missed)
	}
	if p := find(t, l, Query{After: 5}); len(p.Requests) != 0 || p.Next != 5 || p.Missed != 0 {
		t.Errorf("after the newest: %+v", p)
	}
}

func TestFilters(t *testing.T) {
	l := New(Config{Size: 100})
	l.Observe(exchange(1, "CreateOpportunity", "111111111111", "Sandbox", 200, ""))
	l.Observe(exchange(2, "CreateOpportunity", "111111111111", "Sandbox", 400, "ValidationException"))
	l.Observe(exchange(3, "GetOpportunity", "222222222222", "AWS", 400, "ResourceNotFoundException"))
	l.Observe(exchange(4, "ListOpportunities", "111111111111", "AWS", 200, ""))
	l.Observe(exchange(5, "", "", "", 400, "UnknownOperationException"))
	l.Observe(exchange(6, "GetOpportunity", "111111111111", "AWS", 500, "InternalServerException"))
	dropped := exchange(7, "GetOpportunity", "111111111111", "AWS", 0, "")
	dropped.Dropped = true
	l.Observe(dropped)

	tests := []struct {
		name string
		q    Query
		want string
	}{
		{"all, newest first", Query{}, "7 6 5 4 3 2 1"},
		{"operation", Query{Operation: "CreateOpportunity"}, "2 1"},
		{"account", Query{Account: "222222222222"}, "3"},
		{"catalog", Query{Catalog: "AWS"}, "7 6 4 3"},
		{"request id", Query{RequestID: "req-4"}, "4"},
		{"status code", Query{Status: "400"}, "5 3 2"},
		{"status class", Query{Status: "5xx"}, "6"},
		{"ok", Query{Status: "ok"}, "4 1"},
		{"error", Query{Status: "error"}, "7 6 5 3 2"},
		{"dropped", Query{Status: "dropped"}, "7"},
		{"error type", Query{ErrorType: "ValidationException"}, "2"},
		{"text in the request body", Query{Contains: `"Sandbox"`}, "2 1"},
		{"text in the error message", Query{Contains: "NotFound"}, "3"},
		{"text nowhere", Query{Contains: "O5000001"}, ""},
		{"since", Query{Since: t0.Add(6 * time.Second)}, "7 6"},
		{"before", Query{Before: 3}, "2 1"},
		{"limit takes the newest", Query{Limit: 2}, "7 6"},
		{"after with a limit takes the oldest after it", Query{After: 2, Limit: 2}, "4 3"},
		{"combined", Query{Operation: "GetOpportunity", Catalog: "AWS", Status: "error"}, "7 6 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := seqs(find(t, l, tt.q)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}

	// A follower whose page was cut by its limit goes on from the page's
	// newest record, and misses none.
	p := find(t, l, Query{After: 2, Limit: 2})
	if p.Next != 4 {
		t.Errorf("a cut page's Next %d, want 4", p.Next)
	}
	if p = find(t, l, Query{After: p.Next, Limit: 2}); seqs(p) != "6 5" || p.Next != 6 {
		t.Errorf("then %q, Next %d; want 6 5, Next 6", seqs(p), p.Next)
	}
	// A filtered follower moves past what does not match.
	if p = find(t, l, Query{After: 2, Operation: "CreateOpportunity"}); len(p.Requests) != 0 || p.Next != 7 {
		t.Errorf("filtered follower: %q, Next %d; want none, Next 7", seqs(p), p.Next)
	}

	for _, q := range []Query{{Status: "teapot"}, {Status: "600"}, {Limit: MaxLimit + 1}, {Limit: -1}, {After: -1}} {
		if _, err := l.Find(q); err == nil {
			t.Errorf("Find(%+v) accepted", q)
		}
	}
}

func TestChangedIsClosedByTheNextRecord(t *testing.T) {
	l := New(Config{Size: 2})
	changed := l.Changed()
	select {
	case <-changed:
		t.Fatal("closed before any record")
	default:
	}
	l.Observe(exchange(1, "GetOpportunity", "111111111111", "AWS", 200, ""))
	select {
	case <-changed:
	default:
		t.Fatal("not closed by a record")
	}
	if l.Changed() == changed {
		t.Error("the next Changed is the closed channel")
	}
}

func TestBodies(t *testing.T) {
	long := `{"Name":"` + strings.Repeat("é", 100) + `"}`
	tests := []struct {
		name, body string
		want       string // the JSON kept
	}{
		{"JSON is kept as sent", `{"Catalog":"AWS","Identifier":"O1"}`, `{"Catalog":"AWS","Identifier":"O1"}`},
		{"not JSON is a string", `{"Catalog":`, `"{\"Catalog\":"`},
		{"empty is left out", ``, ``},
		{"invalid UTF-8 is replaced", "\xff", "\"\ufffd\""},
		{"longer than the bound is cut on a character and marked", long,
			`"{\"Name\":\"` + strings.Repeat("é", 15) + `…[truncated: 39 of 211 bytes kept]"`},
	}
	l := New(Config{Size: 10, MaxBodyBytes: 40})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := exchange(1, "GetOpportunity", "111111111111", "AWS", 200, "")
			x.RequestBody = []byte(tt.body)
			l.Observe(x)
			r := find(t, l, Query{Limit: 1}).Requests[0]
			if string(r.Request) != tt.want || r.RequestBytes != len(tt.body) {
				t.Errorf("kept %s (%d bytes), want %s (%d)", r.Request, r.RequestBytes, tt.want, len(tt.body))
			}
			if tt.want != "" && !json.Valid(r.Request) {
				t.Errorf("kept %s, not JSON", r.Request)
			}
		})
	}
	// A body kept cut is shown as an escaped string, and found by its text
	// as sent.
	x := exchange(2, "ListOpportunities", "111111111111", "AWS", 200, "")
	x.ResponseBody = []byte(`{"OpportunitySummaries":[{"Id":"O7"},{"Id":"O8"}]}`)
	l.Observe(x)
	if got := find(t, l, Query{Contains: `{"Id":"O7"}`}).Requests; len(got) != 1 || !strings.Contains(string(got[0].Response), `\"O7\"`) {
		t.Errorf("a cut answer searched for its text as sent: %d found, %+v", len(got), got)
	}
	// What is kept is a copy: the handler's buffer may be reused.
	x = exchange(3, "GetOpportunity", "111111111111", "AWS", 200, "")
	l.Observe(x)
	copy(x.RequestBody, "XXXXXXXXXXXX")
	if r := find(t, l, Query{Limit: 1}).Requests[0]; strings.Contains(string(r.Request), "X") {
		t.Errorf("the record shares the handler's buffer: %s", r.Request)
	}
}

// TestNoCredentialsKept: neither a header-signed request (with a session
// token) nor a presigned one leaves its signature, credential scope or
// token in the record, even where an error message quotes them back.
func TestNoCredentialsKept(t *testing.T) {
	const (
		signature = "9f2b6b2a0d7c4e1f8a3b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012"
		scope     = "AKIAANYCOMPANY000001/20260105/us-east-1/partnercentral-selling/aws4_request"
		token     = "FwoGZXIvYXdzEBYaDH+session/token=="
	)
	auth := "AWS4-HMAC-SHA256 Credential=" + scope + ", SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=" + signature
	signed := httptest.NewRequest("POST", "/", nil)
	signed.Header.Set("Authorization", auth)
	signed.Header.Set("X-Amz-Security-Token", token)
	signed.Header.Set("User-Agent", "crm/1.0")
	presigned := httptest.NewRequest("POST", "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="+
		strings.ReplaceAll(scope, "/", "%2F")+"&X-Amz-Date=20260105T090000Z&X-Amz-Expires=300&X-Amz-Security-Token="+
		strings.NewReplacer("+", "%2B", "/", "%2F", "=", "%3D").Replace(token)+"&X-Amz-SignedHeaders=host&X-Amz-Signature="+signature+
		"&X-Amz-Target=AWSPartnerCentralSelling.ListSolutions", nil)

	l := New(Config{Size: 10})
	for name, r := range map[string]*http.Request{"signed": signed, "presigned": presigned} {
		x := exchange(1, "ListSolutions", "111111111111", "AWS", 400, "IncompleteSignatureException")
		x.Request = r
		x.ErrorMessage = "'" + signature + "' not a valid key=value pair in Authorization header: '" + auth + "'. Token " + token
		x.ResponseBody, _ = json.Marshal(map[string]string{"message": x.ErrorMessage})
		x.RequestBody = []byte(`{"Catalog":"AWS","Note":"` + token + `"}`)
		l.Observe(x)
		rec := find(t, l, Query{Limit: 1}).Requests[0]
		kept, _ := json.Marshal(rec)
		for _, secret := range []string{signature, scope, "AKIAANYCOMPANY000001", token, "FwoGZXIvYXdzEBYaDH"} {
			if strings.Contains(string(kept), secret) {
				t.Errorf("%s: the record keeps %q:\n%s", name, secret, kept)
			}
		}
		if !strings.Contains(rec.ErrorMessage, redacted) || !json.Valid(rec.Response) || !json.Valid(rec.Request) {
			t.Errorf("%s: message %q, response %s, request %s", name, rec.ErrorMessage, rec.Response, rec.Request)
		}
		if name == "presigned" && (!strings.Contains(rec.Query, "X-Amz-Target=AWSPartnerCentralSelling.ListSolutions") ||
			!strings.Contains(rec.Query, "X-Amz-Signature=%5Bredacted%5D")) {
			t.Errorf("presigned query %q", rec.Query)
		}
		if name == "signed" && rec.UserAgent != "crm/1.0" {
			t.Errorf("user agent %q", rec.UserAgent)
		}
	}
}

// TestLongBodiesKeepNoCredentials: a body longer than the bound keeps no
// secret, whether it lies in the part kept, runs past the cut, or is moved
// into the part kept by the redaction of an earlier one.
func TestLongBodiesKeepNoCredentials(t *testing.T) {
	const signature = "9f2b6b2a0d7c4e1f8a3b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012"
	const limit = 100
	for _, tt := range []struct{ name, body string }{
		{"inside the part kept", strings.Repeat("x", 10) + signature + strings.Repeat("x", 500)},
		{"across the cut", strings.Repeat("x", limit-20) + signature + strings.Repeat("x", 500)},
		// Each replacement is 54 bytes shorter than the signature, so later
		// ones, past the bound and the longest secret, move into the part kept.
		{"moved in by earlier ones", strings.Repeat(signature, 8) + strings.Repeat("x", 500)},
		{"far past the cut", strings.Repeat("x", 300) + signature},
	} {
		l := New(Config{Size: 1, MaxBodyBytes: limit})
		x := exchange(1, "ListSolutions", "111111111111", "AWS", 200, "")
		x.Request.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=111111111111/20260105/us-east-1/partnercentral-selling/aws4_request, "+
			"SignedHeaders=host;x-amz-date, Signature="+signature)
		x.ResponseBody = []byte(tt.body)
		l.Observe(x)
		rec := find(t, l, Query{Limit: 1}).Requests[0]
		if kept := string(rec.Response); strings.Contains(kept, signature[:20]) || strings.Contains(kept, signature[44:]) {
			t.Errorf("%s: the record keeps part of the signature: %s", tt.name, kept)
		}
		if rec.ResponseBytes != len(tt.body) {
			t.Errorf("%s: ResponseBytes %d, want %d", tt.name, rec.ResponseBytes, len(tt.body))
		}
	}
}

// TestPcsTime: with the pcs clock, a record has its arrival on it beside
// the wall clock's; without, it has none, and its JSON leaves it out.
func TestPcsTime(t *testing.T) {
	pcs := clock.NewFixed(t0.Add(48 * time.Hour))
	tests := []struct {
		name  string
		clock clock.Clock
		want  time.Time
	}{
		{"the pcs clock two days ahead", pcs, t0.Add(48*time.Hour - 1500*time.Microsecond)},
		{"no pcs clock", nil, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := New(Config{Size: 1, Clock: tt.clock})
			l.Observe(exchange(0, "GetOpportunity", "111111111111", "AWS", 200, ""))
			rec := find(t, l, Query{}).Requests[0]
			if !rec.Time.Equal(t0) || !rec.PcsTime.Equal(tt.want) {
				t.Errorf("Time %v, PcsTime %v; want %v, %v", rec.Time, rec.PcsTime, t0, tt.want)
			}
			b, _ := json.Marshal(rec)
			if has := strings.Contains(string(b), `"PcsTime"`); has == tt.want.IsZero() {
				t.Errorf("JSON %s", b)
			}
		})
	}
}

// TestSecretsFoundAnywhere: a secret is redacted wherever it is in a body,
// at its start, its end, after a near miss of its first bytes; and a body
// that holds only a secret's first bytes, or another secret's, is kept.
func TestSecretsFoundAnywhere(t *testing.T) {
	const sig = "9f2b6b2a0d7c4e1f8a3b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012"
	auth := "AWS4-HMAC-SHA256 Credential=AKIAANYCOMPANY000001/20260105/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=host, Signature=" + sig
	r := httptest.NewRequest("POST", "/", nil)
	r.Header.Set("Authorization", auth)
	r.Header.Set("X-Amz-Security-Token", auth) // the same secret twice
	s := credentialsOf(r)
	for _, tt := range []struct {
		body    string
		changed bool
	}{
		{sig, true},
		{"x" + sig, true},
		{sig + "x", true},
		{sig[:40] + sig, true},
		{`{"a":"` + auth + `"}`, true},
		{"AKIAANYCOMPANY000001/20260105/us-east-1/partnercentral-selling/aws4_request", true},
		{sig[:63], false},
		{sig[:40] + "x" + sig[41:], false},
		{`{"Id":"O1"}`, false},
		{"", false},
	} {
		got, changed := s.redactBytes([]byte(tt.body))
		if changed != tt.changed || strings.Contains(string(got), sig) {
			t.Errorf("%q: %q, changed %v, want changed %v", tt.body, got, changed, tt.changed)
		}
	}
}

// BenchmarkRecord is the recording of a GetOpportunity answer of 2.5 KB
// holding no secret, the common case.
func BenchmarkRecord(b *testing.B) {
	item := `{"Catalog":"AWS","Id":"O1234567","Customer":{"Account":{"CompanyName":"Company 1","Address":{"City":"Seattle"}}},"Note":"` +
		strings.Repeat("a1b2c3d4 11111 ", 60) + `"}`
	for _, tt := range []struct{ name, body string }{
		{"one opportunity", item},
		// A page of 100 summaries, longer than the bound a record keeps.
		{"page of 100", `{"NextToken":null,"OpportunitySummaries":[` + strings.Repeat(item+",", 99) + item + `]}`},
	} {
		b.Run(tt.name, func(b *testing.B) {
			l := New(Config{Size: 1000})
			x := exchange(1, "GetOpportunity", "111111111111", "AWS", 200, "")
			x.Request.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=111111111111/20260105/us-east-1/partnercentral-selling/aws4_request, "+
				"SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-target, Signature=9f2b6b2a0d7c4e1f8a3b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012")
			x.ResponseBody = []byte(tt.body)
			b.ReportAllocs()
			for b.Loop() {
				l.Observe(x)
			}
		})
	}
}
