package sigv4

import (
	"testing"
	"time"

	"pcs/clock"
)

// TestTwoStepChecksTheTimeAgain: a signature current when the request
// arrived but expired by the time its body is read is refused, as
// Authenticate, which checks everything when it runs, refuses it.
func TestTwoStepChecksTheTimeAgain(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	cred := Credential{AccessKeyID: "AKIATIME", SecretAccessKey: "secret"}
	clk := clock.NewFixed(now)
	s := Strict{Credentials: NewStaticCredentials(cred), Clock: clk}
	body := []byte(`{}`)
	r := newRequest(body)
	Sign(r, body, cred, "us-east-1", DefaultService, now.Add(-14*time.Minute))
	p, err := s.PrecheckRequest(r)
	if err != nil {
		t.Fatalf("PrecheckRequest: %v", err)
	}
	clk.Advance(2 * time.Minute) // the body took its time
	if _, err := s.AuthenticatePrechecked(r, body, p); codeOf(err) != CodeInvalidSignature {
		t.Errorf("AuthenticatePrechecked after the signature expired: %v, want %s", err, CodeInvalidSignature)
	}
	if _, err := s.Authenticate(r, body); codeOf(err) != CodeInvalidSignature {
		t.Errorf("Authenticate after the signature expired: %v, want %s", err, CodeInvalidSignature)
	}
}
