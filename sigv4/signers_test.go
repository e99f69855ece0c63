package sigv4

import (
	"net/http"
	"testing"
	"time"

	"pcs/clock"
)

// TestRotatedSecret: once a key's secret changes, a request signed with the
// old one is refused and one signed with the new one verifies, on the same
// day, region and service, in whichever order they come (the derived keys
// the signers keep are the secret's own).
func TestRotatedSecret(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	old := Credential{AccessKeyID: "AKIAROTATED", SecretAccessKey: "old-secret"}
	rotated := old
	rotated.SecretAccessKey = "new-secret"
	body := []byte(`{"Catalog":"AWS","Identifier":"O1"}`)
	signed := func(c Credential) *http.Request {
		r := newRequest(body)
		Sign(r, body, c, "us-east-1", DefaultService, now)
		return r
	}
	for i, tt := range []struct {
		store, signer Credential
		ok            bool
	}{
		{old, old, true},
		{rotated, old, false},
		{rotated, rotated, true},
		{old, rotated, false},
		{old, old, true},
	} {
		s := Strict{Credentials: NewStaticCredentials(tt.store), Clock: clock.NewFixed(now)}
		_, err := s.Authenticate(signed(tt.signer), body)
		if ok := err == nil; ok != tt.ok {
			t.Errorf("%d: secret %q, signed with %q: %v, want ok=%v", i, tt.store.SecretAccessKey, tt.signer.SecretAccessKey, err, tt.ok)
		}
	}
}
