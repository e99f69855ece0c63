// Package apitest runs pcs's HTTP API in-process for tests: the real
// protocol handler, service and SQLite store, with a clock the test moves.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"pcs/awsjson"
	"pcs/clock"
	"pcs/jobs"
	"pcs/selling"
	"pcs/sigv4"
	"pcs/store"
	"pcs/store/sqlite"
)

// Start is the instant every test clock starts at.
var Start = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// Server is a running pcs API.
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
}

// New starts a server on a fresh in-memory store.
func New(t testing.TB, opts ...selling.Option) *Server {
	t.Helper()
	db, err := sqlite.OpenMemory(context.Background())
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	return NewWithStore(t, db, opts...)
}

// NewWithStore starts a server over db, which it closes at the end of the test.
func NewWithStore(t testing.TB, db store.Store, opts ...selling.Option) *Server {
	t.Helper()
	wall := clock.NewFixed(Start)
	clk, err := jobs.LoadClock(context.Background(), db, wall)
	if err != nil {
		t.Fatalf("load clock: %v", err)
	}
	svc := selling.New(db, clk, opts...)
	aws := selling.NewAWS(svc)
	runner := jobs.New(db, aws, clk, nil)
	h := awsjson.New(awsjson.Config{Service: svc, Auth: sigv4.Local{DefaultAccount: sigv4.DefaultAccount}})
	ts := httptest.NewServer(h)
	t.Cleanup(func() {
		ts.Close()
		db.Close()
	})
	return &Server{t: t, URL: ts.URL, Clock: wall, Store: db, Service: svc, AWS: aws, Jobs: runner, Account: "111111111111"}
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
