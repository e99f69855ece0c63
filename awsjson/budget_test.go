package awsjson

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"pcs/api"
	"pcs/clock"
	"pcs/sigv4"
)

func TestByteBudget(t *testing.T) {
	b := newByteBudget(100)
	ctx := context.Background()
	if !b.acquire(ctx, 60, 0) || !b.acquire(ctx, 40, 0) {
		t.Fatal("100 bytes of 100 not granted")
	}
	if b.acquire(ctx, 1, 10*time.Millisecond) {
		t.Fatal("granted past the bound")
	}
	if !b.acquire(ctx, 0, 0) {
		t.Fatal("an empty body must always pass")
	}
	got := make(chan bool)
	go func() { got <- b.acquire(ctx, 50, time.Minute) }()
	b.release(40) // not enough for the waiter
	select {
	case ok := <-got:
		t.Fatalf("waiter answered %v with 40 bytes free", ok)
	case <-time.After(20 * time.Millisecond):
	}
	b.release(60)
	select {
	case ok := <-got:
		if !ok {
			t.Fatal("waiter refused after release")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("waiter not woken by release")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if b.acquire(cancelled, 100, time.Minute) {
		t.Fatal("granted to a cancelled request")
	}
}

// TestBodiesInFlight: a request whose body does not fit in what is left of
// MaxBodyBytesInFlight is a ThrottlingException (the quotas' wire form),
// and fits again once the requests holding the room are answered.
func TestBodiesInFlight(t *testing.T) {
	entered, proceed := make(chan struct{}), make(chan struct{})
	svc := &fakeService{getOpp: func(ctx context.Context, in *api.GetOpportunityRequest) (*api.GetOpportunityResponse, error) {
		if *in.Identifier == "O0" {
			entered <- struct{}{}
			<-proceed
		}
		return okGetOpportunity(ctx, in)
	}}
	h := New(Config{Service: svc, MaxBodyBytes: 100, MaxBodyBytesInFlight: 100})
	h.bodyWait = 10 * time.Millisecond
	// sized is a GetOpportunity body of n bytes (n >= 48).
	sized := func(id string, n int) string {
		b := `{"Catalog":"Sandbox","Identifier":"` + id + `","Pad":"`
		return b + strings.Repeat("x", n-len(b)-2) + `"}`
	}
	holding, sixty := sized("O0", 50), sized("O1", 60)

	var wg sync.WaitGroup
	var held *http.Response
	first := signed(t, "POST", "/", getOpp, ContentType, holding)
	wg.Go(func() { held = serve(h, first) })
	select {
	case <-entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the first request never reached the service")
	}

	resp := serve(h, signed(t, "POST", "/", getOpp, ContentType, sixty)) // 50 + 60 > 100
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 400 || !strings.Contains(string(body), `"__type":"com.amazon.partnerintegrationapi.common#ThrottlingException"`) ||
		!strings.Contains(string(body), "(100 bytes)") || resp.Header.Get("Retry-After") != "1" ||
		!strings.HasPrefix(header(resp, "x-amzn-ErrorType"), "ThrottlingException:") {
		t.Fatalf("past the bound: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	// Without a Content-Length a request reserves MaxBodyBytes.
	r := signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`)
	r.ContentLength = -1
	if resp := serve(h, r); resp.StatusCode != 400 {
		t.Fatalf("unknown length past the bound: %d", resp.StatusCode)
	}
	// What fits passes while the first request is held.
	if resp := serve(h, signed(t, "POST", "/", getOpp, ContentType, sized("O1", 50))); resp.StatusCode != 200 {
		t.Fatalf("50 + 50 bytes: %d", resp.StatusCode)
	}

	close(proceed)
	wg.Wait()
	if held.StatusCode != 200 {
		t.Fatalf("held request: %d", held.StatusCode)
	}
	if resp := serve(h, signed(t, "POST", "/", getOpp, ContentType, sixty)); resp.StatusCode != 200 {
		t.Fatalf("after release: %d", resp.StatusCode)
	}
	// Refused and throttled requests gave their room back too.
	h.bodies.mu.Lock()
	defer h.bodies.mu.Unlock()
	if h.bodies.free != 100 {
		t.Fatalf("%d bytes free after every request was answered, want 100", h.bodies.free)
	}
}

func TestBodiesInFlightConfig(t *testing.T) {
	for _, tt := range []struct {
		maxBody, inFlight int64
		want              int64 // 0: no budget
	}{
		{0, 0, bodiesInFlight * DefaultMaxBodyBytes},
		{100, 0, bodiesInFlight * 100},
		{100, 1000, 1000},
		{100, 10, 100}, // the largest body must fit
		{100, -1, 0},
	} {
		h := New(Config{MaxBodyBytes: tt.maxBody, MaxBodyBytesInFlight: tt.inFlight})
		var got int64
		if h.bodies != nil {
			got = h.bodies.free
		}
		if got != tt.want {
			t.Errorf("MaxBodyBytes %d, MaxBodyBytesInFlight %d: budget %d, want %d", tt.maxBody, tt.inFlight, got, tt.want)
		}
	}
}

// watchedBody records whether the handler read the body.
type watchedBody struct {
	io.Reader
	read bool
}

func (b *watchedBody) Read(p []byte) (int, error) {
	b.read = true
	return b.Reader.Read(p)
}

func (b *watchedBody) Close() error { return nil }

// TestAuthBeforeBody: a request whose signature cannot be valid is refused
// from its headers, with its body unread; only the signature itself waits
// for the body.
func TestAuthBeforeBody(t *testing.T) {
	const body = `{"Catalog":"Sandbox","Identifier":"O1"}`
	at := time.Date(2026, 11, 23, 8, 37, 17, 0, time.UTC)
	strict := sigv4.Strict{Credentials: sigv4.NewStaticCredentials(sigv4.Credential{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret"}),
		Clock: clock.NewFixed(at)}
	good := func() *http.Request { return signed(t, "POST", "/", getOpp, ContentType, body) }
	with := func(name, value string) func() *http.Request {
		return func() *http.Request {
			r := good()
			r.Header.Set(name, value)
			return r
		}
	}
	tests := []struct {
		name     string
		auth     sigv4.Authenticator
		req      func() *http.Request
		status   int
		code     string
		bodyRead bool
	}{
		{"no signature", sigv4.Local{}, func() *http.Request {
			r := good()
			r.Header.Del("Authorization")
			return r
		}, 400, "MissingAuthenticationTokenException", false},
		{"foreign scheme", sigv4.Local{}, with("Authorization", "Bearer abc"), 400, "IncompleteSignatureException", false},
		{"malformed scope", sigv4.Local{}, with("Authorization",
			"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123, SignedHeaders=host;x-amz-date, Signature=00"), 400, "IncompleteSignatureException", false},
		{"wrong service", sigv4.Local{}, with("Authorization",
			"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"), 400, "InvalidSignatureException", false},
		{"local, well formed", sigv4.Local{}, good, 200, "", true},
		{"strict, unknown key", sigv4.Strict{Credentials: sigv4.StaticCredentials{}}, good, 400, "UnrecognizedClientException", false},
		{"strict, expired", sigv4.Strict{Credentials: strict.Credentials, Clock: clock.NewFixed(at.Add(time.Hour))}, good, 400, "InvalidSignatureException", false},
		{"strict, unsigned target", strict, func() *http.Request {
			r := signed(t, "POST", "/", "", ContentType, body)
			r.Header.Set("X-Amz-Target", getOpp)
			return r
		}, 400, "IncompleteSignatureException", false},
		{"strict, good", strict, good, 200, "", true},
		{"strict, wrong signature needs the body", strict, with("X-Amz-Date", "20261123T083718Z"), 400, "InvalidSignatureException", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.req()
			wb := &watchedBody{Reader: r.Body}
			r.Body = wb
			resp := serve(New(Config{Service: &fakeService{getOpp: okGetOpportunity}, Auth: tt.auth}), r)
			got := outcome(resp)
			if resp.StatusCode != tt.status || !strings.Contains(got, tt.code) {
				t.Fatalf("%s, want %d %s", got, tt.status, tt.code)
			}
			if wb.read != tt.bodyRead {
				t.Fatalf("body read: %v, want %v", wb.read, tt.bodyRead)
			}
		})
	}
}
