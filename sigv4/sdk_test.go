// Cross-check against the AWS SDK for Go v2 signer: requests it signs (and
// presigns) must verify under Strict.

package sigv4

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"pcs/clock"
)

// TestSDKSigner verifies requests signed and presigned by the SDK signer.
func TestSDKSigner(t *testing.T) {
	now := time.Date(2026, 11, 23, 8, 37, 17, 0, time.UTC)
	creds := aws.Credentials{AccessKeyID: "AKIAALICE", SecretAccessKey: "alice-secret", SessionToken: "tok"}
	strict := Strict{Credentials: NewStaticCredentials(Credential{AccessKeyID: "AKIAALICE", SecretAccessKey: "alice-secret", SessionToken: "tok", AccountID: "111111111111"}), Clock: clock.NewFixed(now)}
	for _, body := range []string{`{}`, `{"Catalog":"Sandbox","FirstName":"Zoë"}`, ``} {
		sum := sha256.Sum256([]byte(body))
		hash := hex.EncodeToString(sum[:])
		// header form
		r, _ := http.NewRequest("POST", "http://127.0.0.1:8080/", bytes.NewReader([]byte(body)))
		r.Header.Set("Content-Type", "application/x-amz-json-1.0")
		r.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling.GetOpportunity")
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, r, hash, "partnercentral-selling", "us-east-1", now); err != nil {
			t.Fatal(err)
		}
		if id, err := strict.Authenticate(r, []byte(body)); err != nil || id.AccountID != "111111111111" {
			t.Fatalf("header form: %v %+v", err, id)
		}
		// presigned
		r, _ = http.NewRequest("POST", "http://127.0.0.1:8080/GetOpportunity?X-Amz-Expires=300", bytes.NewReader([]byte(body)))
		u, _, err := v4.NewSigner().PresignHTTP(context.Background(), creds, r, hash, "partnercentral-selling", "us-east-1", now)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := http.NewRequest("POST", u, bytes.NewReader([]byte(body)))
		if id, err := strict.Authenticate(p, []byte(body)); err != nil || id.AccountID != "111111111111" {
			t.Fatalf("presigned: %v %+v", err, id)
		}
	}
}
