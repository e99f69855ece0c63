package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// sdkCall sends op signed by the SDK signer, in the Authorization header
// or presigned in the URL, and returns the signature it carried.
func sdkCall(t *testing.T, endpoint, op, body string, creds aws.Credentials, presign bool) (status int, signature string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, endpoint+"/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+op)
	sum := sha256.Sum256([]byte(body))
	if presign {
		req.URL.RawQuery = "X-Amz-Expires=300"
		signed, hdr, err := v4.NewSigner().PresignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]),
			"partnercentral-selling", "us-east-1", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(signed)
		signature = u.Query().Get("X-Amz-Signature")
		req, _ = http.NewRequest(http.MethodPost, signed, strings.NewReader(body))
		for k, v := range hdr {
			if !strings.EqualFold(k, "host") && !strings.EqualFold(k, "content-length") {
				req.Header[k] = v
			}
		}
	} else {
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]),
			"partnercentral-selling", "us-east-1", time.Now()); err != nil {
			t.Fatal(err)
		}
		_, signature, _ = strings.Cut(req.Header.Get("Authorization"), "Signature=")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if signature == "" {
		t.Fatal("the request carries no signature")
	}
	return resp.StatusCode, signature
}

// TestRequestsKeepNoCredentials signs requests with a session token, in
// the header and presigned, one of them with a wrong secret: pcs records
// all of them, and none of their signatures, key ids or tokens.
func TestRequestsKeepNoCredentials(t *testing.T) {
	endpoint, stop := startServe(t, "-in-memory", "-auth", "strict", "-credentials", writeCredentials(t), "-admin-token", "tok")
	defer stop()
	temp := aws.Credentials{AccessKeyID: "ASIAANYCOMPANYTEMP01", SecretAccessKey: "temp-secret", SessionToken: "session-token/+=="}
	wrong := temp
	wrong.SecretAccessKey = "not-the-secret"
	var signatures []string
	for _, c := range []struct {
		creds   aws.Credentials
		presign bool
		ok      bool
	}{{temp, false, true}, {temp, true, true}, {wrong, false, false}, {wrong, true, false}} {
		status, sig := sdkCall(t, endpoint, "ListSolutions", `{"Catalog":"Sandbox"}`, c.creds, c.presign)
		if (status == 200) != c.ok {
			t.Fatalf("%s, presigned %v: HTTP %d", c.creds.SecretAccessKey, c.presign, status)
		}
		signatures = append(signatures, sig)
	}

	var out bytes.Buffer
	if err := run(context.Background(), []string{"requests", "-json", "-endpoint", endpoint, "-admin-token", "tok"}, &out, io.Discard, env(nil)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d records, want 4:\n%s", len(lines), out.String())
	}
	for i, line := range lines {
		var r struct {
			Seq                int64
			Account, Operation string
			Status             int
			ErrorType, Query   string
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %d is not JSON: %s", i, line)
		}
		if r.Seq != int64(i+1) || r.Operation != "ListSolutions" || (r.ErrorType == "") != (i < 2) {
			t.Errorf("record %d: %s", i, line)
		}
		if i%2 == 1 && !strings.Contains(r.Query, "X-Amz-Signature=%5Bredacted%5D") {
			t.Errorf("presigned record %d's query: %q", i, r.Query)
		}
	}
	for _, secret := range append(signatures, "ASIAANYCOMPANYTEMP01", "session-token", "temp-secret", "not-the-secret") {
		if strings.Contains(out.String(), secret) || strings.Contains(out.String(), url.QueryEscape(secret)) {
			t.Errorf("a record keeps %q", secret)
		}
	}
}

// syncBuffer is a bytes.Buffer the command writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor waits until out holds n lines.
func waitFor(t *testing.T, out *syncBuffer, n int) []string {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		if len(lines) >= n && lines[0] != "" {
			return lines
		}
		if time.Now().After(deadline) {
			t.Fatalf("want %d lines, have:\n%s", n, out.String())
		}
	}
}

// TestRequestsFollow: pcs requests prints the recorded requests, oldest
// first, one a line; -f goes on printing new ones and stops at once,
// without an error, when interrupted.
func TestRequestsFollow(t *testing.T) {
	endpoint, stop := startServe(t, "-in-memory")
	defer stop()
	call(t, endpoint, "ListSolutions", `{"Catalog":"AWS"}`)
	call(t, endpoint, "GetOpportunity", `{"Catalog":"Sandbox"}`)

	var out bytes.Buffer
	if err := run(context.Background(), []string{"requests", "-endpoint", endpoint}, &out, io.Discard, env(nil)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "  200  ListSolutions  111111111111/AWS  ") ||
		!strings.Contains(lines[1], "  400  GetOpportunity  111111111111/Sandbox  ") ||
		!strings.Contains(lines[1], "ValidationException: 1 validation error detected: Identifier is required.") {
		t.Errorf("pcs requests printed:\n%s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"requests", "-endpoint", endpoint, "-status", "error"}, &out, io.Discard, env(nil)); err != nil ||
		strings.Count(out.String(), "\n") != 1 || !strings.Contains(out.String(), "GetOpportunity") {
		t.Errorf("-status error printed %q (%v)", out.String(), err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	followed := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"requests", "-f", "-endpoint", endpoint, "-operation", "ListSolutions"}, followed, io.Discard, env(nil))
	}()
	waitFor(t, followed, 1)
	call(t, endpoint, "GetOpportunity", `{"Catalog":"Sandbox"}`) // filtered out
	call(t, endpoint, "ListSolutions", `{"Catalog":"Sandbox"}`)
	if lines := waitFor(t, followed, 2); len(lines) != 2 || !strings.Contains(lines[1], "ListSolutions  111111111111/Sandbox") {
		t.Errorf("followed:\n%s", followed.String())
	}
	time.Sleep(100 * time.Millisecond) // the next poll is waiting
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("-f returned %v", err)
		}
	case <-time.After(time.Second):
		t.Fatal("-f did not stop within a second of its signal")
	}
}

// TestRequestsFollowEndsOnShutdown: a pcs that stops ends the -f of its
// requests at once, and stops at once itself.
func TestRequestsFollowEndsOnShutdown(t *testing.T) {
	endpoint, stop := startServe(t, "-in-memory", "-shutdown-timeout", "5s")
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), []string{"requests", "-f", "-endpoint", endpoint}, io.Discard, io.Discard, env(nil))
	}()
	time.Sleep(300 * time.Millisecond) // the poll is waiting
	start := time.Now()
	stop()
	if d := time.Since(start); d > time.Second {
		t.Errorf("serve took %v to stop with pcs requests -f following", d)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("-f returned %v", err)
		}
	case <-time.After(time.Second):
		t.Fatal("-f did not end within a second of the shutdown")
	}
}
