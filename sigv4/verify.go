package sigv4

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go/logging"
)

// recompute returns the signature a request should carry, as the AWS SDK
// for Go v2 signer computes it from the parts of r that the client signed:
// pcs never derives keys or builds HMACs itself. With explain it also
// returns the canonical request and string to sign the SDK used.
//
// The SDK signer signs every header it is given (and host, and a
// Content-Length above zero), so it is handed a fresh request that carries
// exactly the signed headers. They go in under lower-case keys: the SDK's
// list of headers it never signs (User-Agent, Expect, ...) is keyed by the
// canonical form, and a client that did sign one of them must still verify.
// X-Amz-Date and X-Amz-Security-Token are left to the SDK, which sets them
// from the signing time and the session token.
func recompute(r *http.Request, body []byte, sig *Signature, secret string, explain bool) (signature, explanation string, err error) {
	sum := sha256.Sum256(body)
	payloadHash := hex.EncodeToString(sum[:])
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	var rawQuery string // a header-signed request has none, mostly: nothing to parse
	if r.URL.RawQuery != "" {
		q := r.URL.Query()
		q.Del("X-Amz-Signature")
		rawQuery = q.Encode()
	}
	req := &http.Request{
		Method: r.Method,
		// No scheme or host: the SDK would strip a default port from Host
		// for a known scheme, and the client signed the Host it sent.
		URL:    &url.URL{Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: rawQuery},
		Host:   host,
		Header: make(http.Header, len(sig.SignedHeaders)),
	}
	creds := aws.Credentials{AccessKeyID: sig.AccessKeyID, SecretAccessKey: secret}
	for _, name := range sig.SignedHeaders {
		switch l := strings.ToLower(name); {
		case l == "host":
		case l == "content-length":
			req.ContentLength = contentLength(r)
		case l == "x-amz-date" && !sig.Presigned:
		case l == "x-amz-security-token" && !sig.Presigned:
			creds.SessionToken = sig.SecurityToken
		default:
			req.Header[l] = append(req.Header[l], r.Header.Values(name)...)
		}
	}

	var logged string
	opts := func(o *v4.SignerOptions) {
		o.DisableHeaderHoisting = true // signed headers stay headers
		if explain {
			o.LogSigning = true
			o.Logger = logging.LoggerFunc(func(_ logging.Classification, format string, v ...any) {
				logged = fmt.Sprintf(format, v...)
			})
		}
	}
	// A signer per credential, secret included (signers.go): the SDK
	// caches derived keys by access key and day, not by secret.
	signer := signerFor(sig.AccessKeyID, secret)
	ctx := context.Background()
	if sig.Presigned {
		signedURL, _, err := signer.PresignHTTP(ctx, creds, req, payloadHash, sig.Service, sig.Region, sig.Time, opts)
		if err != nil {
			return "", "", err
		}
		u, err := url.Parse(signedURL)
		if err != nil {
			return "", "", err
		}
		return u.Query().Get("X-Amz-Signature"), logged, nil
	}
	if err := signer.SignHTTP(ctx, creds, req, payloadHash, sig.Service, sig.Region, sig.Time, opts); err != nil {
		return "", "", err
	}
	auth := req.Header.Get("Authorization")
	i := strings.LastIndex(auth, "Signature=")
	if i < 0 {
		return "", "", fmt.Errorf("sigv4: the SDK signer wrote no signature")
	}
	return auth[i+len("Signature="):], logged, nil
}

// contentLength is the request's Content-Length as sent (Go's server
// keeps the header; a request built in a test may only have the field).
func contentLength(r *http.Request) int64 {
	if v := r.Header.Get("Content-Length"); v != "" {
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
			return n
		}
	}
	return r.ContentLength
}

// signs reports whether header name is in the signed-header list.
func (s *Signature) signs(name string) bool {
	for _, h := range s.SignedHeaders {
		if strings.EqualFold(h, name) {
			return true
		}
	}
	return false
}

// Sign adds a SigV4 Authorization header to r with the AWS SDK for Go v2
// signer, as an SDK client would (X-Amz-Date, and X-Amz-Security-Token when
// cred has a session token). For tests and tools that talk to pcs without
// an SDK client.
func Sign(r *http.Request, body []byte, cred Credential, region, service string, t time.Time) {
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: cred.AccessKeyID, SecretAccessKey: cred.SecretAccessKey, SessionToken: cred.SessionToken}
	// SignHTTP fails only for a nil request; there is nothing to report.
	_ = v4.NewSigner().SignHTTP(context.Background(), creds, r, hex.EncodeToString(sum[:]), service, region, t.UTC())
}

// Presign returns the URL of r signed in the query string (X-Amz-Expires
// is kept from r's URL when set), with the AWS SDK for Go v2 signer.
func Presign(r *http.Request, body []byte, cred Credential, region, service string, t time.Time) (string, error) {
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: cred.AccessKeyID, SecretAccessKey: cred.SecretAccessKey, SessionToken: cred.SessionToken}
	u, _, err := v4.NewSigner().PresignHTTP(context.Background(), creds, r, hex.EncodeToString(sum[:]), service, region, t.UTC())
	return u, err
}
