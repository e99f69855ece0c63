package awsjson

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"pcs/caller"
)

// TestObserve: Config.Observe sees every request once, with as much as the
// handler got to know of it.
func TestObserve(t *testing.T) {
	var mu sync.Mutex
	var seen []Exchange
	var drop error
	h := New(Config{
		Service:      &fakeService{getOpp: okGetOpportunity},
		NewRequestID: func() string { return testRequestID },
		Admit:        func(context.Context, caller.Identity, string) error { return drop },
		Observe: func(x Exchange) {
			mu.Lock()
			defer mu.Unlock()
			x.RequestBody, x.ResponseBody = clone(x.RequestBody), clone(x.ResponseBody)
			seen = append(seen, x)
		},
	})
	last := func(t *testing.T) Exchange {
		t.Helper()
		mu.Lock()
		defer mu.Unlock()
		if len(seen) != 1 {
			t.Fatalf("observed %d exchanges, want 1", len(seen))
		}
		x := seen[0]
		seen = nil
		return x
	}
	const body = `{"Catalog":"Sandbox","Identifier":"O1"}`

	t.Run("answered", func(t *testing.T) {
		resp := serve(h, signed(t, "POST", "/", getOpp, ContentType, body))
		x := last(t)
		if x.Status != 200 || resp.StatusCode != 200 || x.RequestID != testRequestID || x.Operation != "GetOpportunity" ||
			x.Account != "123456789012" || x.Catalog != "Sandbox" || x.ErrorType != "" || x.Dropped {
			t.Errorf("observed %+v", x)
		}
		if string(x.RequestBody) != body || !strings.Contains(string(x.ResponseBody), `"Id":"O1"`) || x.Request == nil {
			t.Errorf("bodies %q / %q", x.RequestBody, x.ResponseBody)
		}
		if x.Start.IsZero() || x.Duration <= 0 {
			t.Errorf("start %v, duration %v", x.Start, x.Duration)
		}
	})
	t.Run("invalid", func(t *testing.T) {
		serve(h, signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox"}`))
		x := last(t)
		if x.Status != 400 || x.ErrorType != "ValidationException" || !strings.Contains(x.ErrorMessage, "Identifier is required") ||
			x.Catalog != "Sandbox" || !strings.Contains(string(x.ResponseBody), "ValidationException") {
			t.Errorf("observed %+v", x)
		}
	})
	t.Run("unknown operation", func(t *testing.T) {
		serve(h, signed(t, "POST", "/", TargetPrefix+"Nope", ContentType, body))
		x := last(t)
		if x.Status != 400 || x.ErrorType != CodeUnknownOperation || x.Operation != "" || x.Account != "" || x.RequestBody != nil {
			t.Errorf("observed %+v", x)
		}
	})
	t.Run("unsigned", func(t *testing.T) {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("X-Amz-Target", getOpp)
		serve(h, r)
		x := last(t)
		if x.Status != 400 || x.ErrorType == "" || x.Operation != "GetOpportunity" || x.Account != "" {
			t.Errorf("observed %+v", x)
		}
	})
	t.Run("dropped", func(t *testing.T) {
		srv := httptest.NewServer(h)
		defer srv.Close()
		drop = ErrDropResponse
		defer func() { drop = nil }()
		r := signed(t, "POST", "/", getOpp, ContentType, body)
		req, _ := http.NewRequest("POST", srv.URL+"/", strings.NewReader(body))
		req.Header = r.Header
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			t.Fatalf("answered HTTP %d, want a dropped connection", resp.StatusCode)
		}
		x := last(t)
		if !x.Dropped || x.Status != 0 || x.Operation != "GetOpportunity" || x.Account != "123456789012" {
			t.Errorf("observed %+v", x)
		}
	})
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}
