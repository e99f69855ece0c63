// Package apitest runs pcs in-process for pcs's own tests: the test server
// of package pcstest, with every answer checked against the model, a clock
// the test moves directly, and requests made as one account at a time.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"pcs/clock"
	"pcs/jobs"
	"pcs/pcstest"
	"pcs/selling"
	"pcs/server"
	"pcs/store"
	"pcs/store/sqlite"
	"pcs/store/storetest"
)

// Start is the instant every test clock starts at.
var Start = pcstest.DefaultStart

// Server is a running pcs: the API and, under /_pcs/, the admin endpoints.
type Server struct {
	t   testing.TB
	URL string
	// Clock is the wall clock under the pcs clock; Advance moves both.
	Clock *clock.Fixed
	Store store.Store
	// Service is the service behind the API, and AWS its AWS side.
	Service *selling.Service
	AWS     *selling.AWS
	// Jobs runs the AWS side's jobs; RunDue runs those the clock has reached.
	Jobs *jobs.Runner
	// Account is the caller account Call signs as.
	Account string
	// PCS is the assembled server behind URL.
	PCS *server.Server
}

// New starts a server on a fresh in-memory store.
func New(t testing.TB) *Server {
	t.Helper()
	return NewWith(t, server.Config{})
}

// NewWith starts the server of cfg, as "pcs serve" builds it, with a fresh
// in-memory store unless cfg has one (closed at the end of the test either
// way) and a wall clock at Start unless cfg has a *clock.Fixed. The
// background workers do not run: Advance runs the jobs that fall due.
//
// The fresh store runs every Update's function twice, the first run
// rolled back (storetest.Retrying), as a store that retries transactions
// may: a function with an effect outside its transaction fails the tests.
func NewWith(t testing.TB, cfg server.Config) *Server {
	t.Helper()
	if cfg.Store == nil {
		db, err := sqlite.OpenMemory(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		cfg.Store = storetest.Retrying(db)
	}
	if db := cfg.Store; db != nil {
		t.Cleanup(func() { db.Close() })
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.NewFixed(Start)
	}
	wall, ok := cfg.Clock.(*clock.Fixed)
	if !ok {
		t.Fatalf("apitest: Config.Clock is a %T; Advance moves only a *clock.Fixed", cfg.Clock)
	}
	if cfg.CheckOutput == nil {
		cfg.CheckOutput = checkOutput(t, cfg.Realism)
	}
	if cfg.Version == "" {
		cfg.Version = "test"
	}
	srv := pcstest.NewWith(t, pcstest.Config{Server: cfg})
	pcs := srv.PCS
	return &Server{t: t, URL: srv.URL, Clock: wall, Store: pcs.Store(), Service: pcs.Service(), AWS: pcs.AWS(),
		Jobs: pcs.Jobs(), Account: "111111111111", PCS: pcs}
}

// Advance moves the pcs clock by d and runs the AWS-side jobs that fell due.
func (s *Server) Advance(d time.Duration) {
	s.t.Helper()
	s.Clock.Advance(d)
	if _, err := s.Jobs.RunDue(context.Background()); err != nil {
		s.t.Fatalf("run due jobs: %v", err)
	}
}

// As returns a copy of s that calls as another account.
func (s *Server) As(account string) *Server {
	c := *s
	c.Account = account
	return &c
}

// Response is a decoded API answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic map.
func (r *Response) JSON() map[string]any {
	var m map[string]any
	if len(r.Body) > 0 {
		_ = json.Unmarshal(r.Body, &m)
	}
	return m
}

// ErrorType is the body's __type without its namespace.
func (r *Response) ErrorType() string {
	t, _ := r.JSON()["__type"].(string)
	if i := strings.LastIndex(t, "#"); i >= 0 {
		t = t[i+1:]
	}
	return t
}

// Call sends op with body (a JSON string, or any value to marshal) as a
// signed-looking request from s.Account.
func (s *Server) Call(op string, body any) *Response {
	s.t.Helper()
	var b []byte
	switch v := body.(type) {
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		var err error
		if b, err = json.Marshal(v); err != nil {
			s.t.Fatalf("marshal %s body: %v", op, err)
		}
	}
	req, err := http.NewRequest(http.MethodPost, s.URL+"/", bytes.NewReader(b))
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+op)
	req.Header.Set("X-Amz-Date", s.Clock.Now().Format("20060102T150405Z"))
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+s.Account+"/"+s.Clock.Now().Format("20060102")+
		"/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="+strings.Repeat("0", 64))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s: %v", op, err)
	}
	defer resp.Body.Close()
	rb, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatalf("%s: read body: %v", op, err)
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: rb}
}

// OK calls op and fails the test unless it succeeds; it returns the body.
func (s *Server) OK(op string, body any) map[string]any {
	s.t.Helper()
	r := s.Call(op, body)
	if r.Status != http.StatusOK {
		s.t.Fatalf("%s: HTTP %d: %s", op, r.Status, r.Body)
	}
	return r.JSON()
}

// Fail calls op, requires the error type errType, and returns the response.
func (s *Server) Fail(op string, body any, errType string) *Response {
	s.t.Helper()
	r := s.Call(op, body)
	if r.Status == http.StatusOK || r.ErrorType() != errType {
		s.t.Fatalf("%s: want %s, got HTTP %d: %s", op, errType, r.Status, r.Body)
	}
	return r
}
