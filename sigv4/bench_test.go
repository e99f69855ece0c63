package sigv4

import (
	"testing"
	"time"

	"pcs/clock"
)

// BenchmarkStrict verifies a signed GetOpportunity request in strict mode,
// as the protocol layer does: checked before the body is read, then
// verified with it; in two steps, the request is parsed once.
func BenchmarkStrict(b *testing.B) {
	now := time.Now().UTC()
	cred := Credential{AccessKeyID: "AKIABENCH", SecretAccessKey: "bench-secret", AccountID: "111111111111"}
	s := Strict{Credentials: NewStaticCredentials(cred), Clock: clock.NewFixed(now)}
	body := []byte(`{"Catalog":"AWS","Identifier":"O1234567"}`)
	r := newRequest(body)
	Sign(r, body, cred, "us-east-1", DefaultService, now)
	b.Run("precheck+authenticate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := s.Precheck(r); err != nil {
				b.Fatal(err)
			}
			if _, err := s.Authenticate(r, body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("two-step", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p, err := s.PrecheckRequest(r)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.AuthenticatePrechecked(r, body, p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
