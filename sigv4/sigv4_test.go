package sigv4

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"pcs/caller"
	"pcs/clock"
	"pcs/internal/wirecapture"
)

// The wire captures were signed by boto3, the AWS CLI and the JS SDK with
// these example credentials (see testdata/README.md).
const (
	captureKeyID  = "AKIDEXAMPLE"
	captureSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
)

func codeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err != nil {
		return "other: " + err.Error()
	}
	return ""
}

// TestStrictVerifiesRealClientSignatures checks the canonical-request
// builder against signatures made by the real boto3, CLI and JS SDK
// (session tokens, non-ASCII bodies, every timestamp form).
func TestStrictVerifiesRealClientSignatures(t *testing.T) {
	for _, c := range wirecapture.Load(t, "testdata/signed.jsonl") {
		t.Run(c.Name, func(t *testing.T) {
			// Captures with a session token were made with temporary credentials.
			cred := Credential{AccessKeyID: captureKeyID, SecretAccessKey: captureSecret, SessionToken: c.Request(t).Header.Get("X-Amz-Security-Token")}
			s := Strict{Credentials: NewStaticCredentials(cred), Clock: clock.NewFixed(c.When()), Regions: []string{"us-east-1"}}
			id, err := s.Authenticate(c.Request(t), []byte(c.Body))
			if err != nil {
				t.Fatal(err)
			}
			want := caller.Identity{AccountID: "123456789012", AccessKeyID: captureKeyID, Region: "us-east-1"}
			if id != want {
				t.Fatalf("identity = %+v, want %+v", id, want)
			}
			// One changed byte of the body must break the signature.
			tampered := []byte(c.Body + " ")
			if _, err := s.Authenticate(c.Request(t), tampered); codeOf(err) != CodeInvalidSignature {
				t.Fatalf("tampered body: got %v, want %s", err, CodeInvalidSignature)
			}
		})
	}
}

func TestParseHeader(t *testing.T) {
	const good = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=b94a92cb655ab2b4f3138d523689ae871ae95e34894cba4982571bd37d0bbec6"
	tests := []struct {
		name    string
		auth    string
		date    string // X-Amz-Date; "-" for none
		httpDay string // Date header
		code    string
		msg     string
	}{
		{name: "good", auth: good, date: "20261123T083717Z"},
		{name: "no compact spaces", auth: strings.ReplaceAll(good, ", ", ","), date: "20261123T083717Z"},
		{name: "http date header", auth: good, date: "-", httpDay: "Mon, 23 Nov 2026 08:37:17 GMT"},
		{name: "no authorization", auth: "", date: "20261123T083717Z", code: CodeMissingAuthenticationToken, msg: "Missing Authentication Token"},
		{name: "bearer", auth: "Bearer abc", date: "20261123T083717Z", code: CodeIncompleteSignature,
			msg: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=Bearer abc"},
		{name: "everything missing", auth: "Basic Zm9vOmJhcg==", date: "-", code: CodeIncompleteSignature,
			msg: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Basic Zm9vOmJhcg=="},
		{name: "algorithm only", auth: "AWS4-HMAC-SHA256", date: "20261123T083717Z", code: CodeIncompleteSignature,
			msg: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256"},
		{name: "missing credential", auth: "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=00", date: "20261123T083717Z", code: CodeIncompleteSignature,
			msg: "Authorization header requires 'Credential' parameter. Authorization=AWS4-HMAC-SHA256 SignedHeaders=host, Signature=00"},
		{name: "missing signature", auth: strings.Split(good, ", Signature")[0], date: "20261123T083717Z", code: CodeIncompleteSignature,
			msg: "Authorization header requires 'Signature' parameter. Authorization=" + strings.Split(good, ", Signature")[0]},
		{name: "empty signed headers", auth: strings.Replace(good, "content-type;host;x-amz-date;x-amz-target", "", 1), date: "20261123T083717Z", code: CodeIncompleteSignature,
			msg: "Authorization header requires 'SignedHeaders' parameter. Authorization=" + strings.Replace(good, "content-type;host;x-amz-date;x-amz-target", "", 1)},
		{name: "missing date", auth: good, date: "-", code: CodeIncompleteSignature,
			msg: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + good},
		{name: "missing equal sign", auth: "AWS4-HMAC-SHA256 Credential AKIDEXAMPLE/20261123/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=host, Signature=00", date: "20261123T083717Z", code: CodeIncompleteSignature,
			msg: "'Credential AKIDEXAMPLE/20261123/us-east-1/partnercentral-selling/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential AKIDEXAMPLE/20261123/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=host, Signature=00'."},
		{name: "short credential", auth: strings.Replace(good, "/20261123", "", 1), date: "20261123T083717Z", code: CodeIncompleteSignature,
			msg: "Credential should be of the form <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request; got 'AKIDEXAMPLE/us-east-1/partnercentral-selling/aws4_request'."},
		{name: "empty access key", auth: strings.Replace(good, "AKIDEXAMPLE", "", 1), date: "20261123T083717Z", code: CodeIncompleteSignature,
			msg: "Credential should be of the form <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request; got '/20261123/us-east-1/partnercentral-selling/aws4_request'."},
		{name: "bad terminator", auth: strings.Replace(good, "aws4_request", "aws4_reqest", 1), date: "20261123T083717Z", code: CodeInvalidSignature,
			msg: "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_reqest'. "},
		{name: "bad date format", auth: good, date: "2026-11-23T08:37:17Z", code: CodeIncompleteSignature,
			msg: "Date must be in ISO-8601 'basic format' (yyyyMMdd'T'HHmmss'Z'). Got '2026-11-23T08:37:17Z'."},
		{name: "scope date mismatch", auth: good, date: "20261124T000000Z", code: CodeInvalidSignature,
			msg: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261123' != '20261124', from '20261124T000000Z'."},
		{name: "host not signed", auth: strings.Replace(good, "content-type;host;", "content-type;", 1), date: "20261123T083717Z", code: CodeIncompleteSignature,
			msg: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := http.NewRequest("POST", "http://localhost/", nil)
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			if tt.date != "-" {
				r.Header.Set("X-Amz-Date", tt.date)
			}
			if tt.httpDay != "" {
				r.Header.Set("Date", tt.httpDay)
			}
			sig, err := Parse(r)
			if codeOf(err) != tt.code {
				t.Fatalf("err = %v, want code %q", err, tt.code)
			}
			if err != nil {
				if got := err.(*Error).Message; got != tt.msg {
					t.Fatalf("message\n got %q\nwant %q", got, tt.msg)
				}
				if err.(*Error).HTTPStatus() != http.StatusBadRequest {
					t.Fatalf("status = %d", err.(*Error).HTTPStatus())
				}
				return
			}
			want := Signature{AccessKeyID: "AKIDEXAMPLE", Date: "20261123", Region: "us-east-1", Service: "partnercentral-selling",
				Terminator: "aws4_request", Signature: "b94a92cb655ab2b4f3138d523689ae871ae95e34894cba4982571bd37d0bbec6",
				AmzDate: "20261123T083717Z", Time: time.Date(2026, 11, 23, 8, 37, 17, 0, time.UTC)}
			if sig.Scope() != "20261123/us-east-1/partnercentral-selling/aws4_request" ||
				strings.Join(sig.SignedHeaders, ";") != "content-type;host;x-amz-date;x-amz-target" {
				t.Fatalf("scope %q headers %q", sig.Scope(), sig.SignedHeaders)
			}
			sig.SignedHeaders = nil
			if !reflect.DeepEqual(*sig, want) {
				t.Fatalf("got %+v\nwant %+v", *sig, want)
			}
		})
	}
}

func TestParseQuery(t *testing.T) {
	good := url.Values{
		"X-Amz-Algorithm":      {"AWS4-HMAC-SHA256"},
		"X-Amz-Credential":     {"123456789012/20261123/us-east-1/partnercentral-selling/aws4_request"},
		"X-Amz-Date":           {"20261123T083717Z"},
		"X-Amz-Expires":        {"300"},
		"X-Amz-SignedHeaders":  {"host"},
		"X-Amz-Signature":      {"abcd"},
		"X-Amz-Security-Token": {"tok/en=="},
	}
	with := func(k, v string) url.Values {
		q := url.Values{}
		for kk, vv := range good {
			q[kk] = vv
		}
		if v == "" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
		return q
	}
	tests := []struct {
		name string
		q    url.Values
		code string
		msg  string
	}{
		{name: "good", q: good},
		{name: "no expires", q: with("X-Amz-Expires", "")},
		{name: "signature only", q: url.Values{"X-Amz-Signature": {"abcd"}}, code: CodeIncompleteSignature,
			msg: "AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters."},
		{name: "missing date", q: with("X-Amz-Date", ""), code: CodeIncompleteSignature,
			msg: "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters."},
		{name: "sigv4a", q: with("X-Amz-Algorithm", "AWS4-ECDSA-P256-SHA256"), code: CodeIncompleteSignature,
			msg: "X-Amz-Algorithm only supports 'AWS4-HMAC-SHA256', not 'AWS4-ECDSA-P256-SHA256'."},
		{name: "bad expires", q: with("X-Amz-Expires", "0"), code: CodeIncompleteSignature,
			msg: "X-Amz-Expires must be a whole number of seconds from 1 to 604800; got '0'."},
		{name: "expires too long", q: with("X-Amz-Expires", "604801"), code: CodeIncompleteSignature,
			msg: "X-Amz-Expires must be a whole number of seconds from 1 to 604800; got '604801'."},
		{name: "bad credential", q: with("X-Amz-Credential", "AKID"), code: CodeIncompleteSignature,
			msg: "Credential should be of the form <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request; got 'AKID'."},
		{name: "host not signed", q: with("X-Amz-SignedHeaders", "x-amz-date"), code: CodeIncompleteSignature,
			msg: "'Host' or ':authority' must be a 'SignedHeader' in the AWS X-Amz-SignedHeaders."},
		{name: "no signature params at all", q: url.Values{"foo": {"bar"}}, code: CodeMissingAuthenticationToken, msg: "Missing Authentication Token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := http.NewRequest("POST", "http://localhost/?"+tt.q.Encode(), nil)
			sig, err := Parse(r)
			if codeOf(err) != tt.code {
				t.Fatalf("err = %v, want code %q", err, tt.code)
			}
			if err != nil {
				if got := err.(*Error).Message; got != tt.msg {
					t.Fatalf("message\n got %q\nwant %q", got, tt.msg)
				}
				return
			}
			if !sig.Presigned || sig.AccessKeyID != "123456789012" || sig.SecurityToken != "tok/en==" || sig.Signature != "abcd" {
				t.Fatalf("got %+v", sig)
			}
			if tt.q.Get("X-Amz-Expires") != "" && sig.Expires != 300*time.Second {
				t.Fatalf("expires = %v", sig.Expires)
			}
		})
	}
}

func TestLocal(t *testing.T) {
	now := time.Date(2026, 11, 23, 8, 37, 17, 0, time.UTC)
	tests := []struct {
		name    string
		local   Local
		keyID   string
		region  string
		service string
		want    caller.Identity
		code    string
		msg     string
	}{
		{name: "any key, default account", keyID: "AKIDEXAMPLE",
			want: caller.Identity{AccountID: "123456789012", AccessKeyID: "AKIDEXAMPLE", Region: "us-east-1"}},
		{name: "12-digit key is the account", keyID: "111122223333",
			want: caller.Identity{AccountID: "111122223333", AccessKeyID: "111122223333", Region: "us-east-1"}},
		{name: "13 digits is not an account", keyID: "1111222233334",
			want: caller.Identity{AccountID: "123456789012", AccessKeyID: "1111222233334", Region: "us-east-1"}},
		{name: "configured default account", local: Local{DefaultAccount: "999988887777"}, keyID: "AKIA",
			want: caller.Identity{AccountID: "999988887777", AccessKeyID: "AKIA", Region: "us-east-1"}},
		{name: "any region by default", keyID: "AKIA", region: "eu-west-1",
			want: caller.Identity{AccountID: "123456789012", AccessKeyID: "AKIA", Region: "eu-west-1"}},
		{name: "region not allowed", local: Local{Regions: []string{"us-east-1"}}, keyID: "AKIA", region: "eu-west-1",
			code: CodeInvalidSignature, msg: "Credential should be scoped to a valid region, not 'eu-west-1'. "},
		{name: "wrong service", keyID: "AKIA", service: "partnercentral",
			code: CodeInvalidSignature, msg: "Credential should be scoped to correct service: 'partnercentral-selling'. "},
		{name: "configured service", local: Local{Service: "partnercentral"}, keyID: "AKIA", service: "partnercentral",
			want: caller.Identity{AccountID: "123456789012", AccessKeyID: "AKIA", Region: "us-east-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			region, service := tt.region, tt.service
			if region == "" {
				region = "us-east-1"
			}
			if service == "" {
				service = "partnercentral-selling"
			}
			body := []byte(`{}`)
			r := newRequest(body)
			// Local checks no secret: sign with a made-up one.
			Sign(r, body, Credential{AccessKeyID: tt.keyID, SecretAccessKey: "whatever"}, region, service, now)
			id, err := tt.local.Authenticate(r, body)
			if codeOf(err) != tt.code {
				t.Fatalf("err = %v, want %q", err, tt.code)
			}
			if pre := tt.local.Precheck(r); codeOf(pre) != tt.code {
				t.Fatalf("Precheck: %v, want %q", pre, tt.code)
			}
			if err != nil {
				if err.(*Error).Message != tt.msg {
					t.Fatalf("message %q, want %q", err.(*Error).Message, tt.msg)
				}
				return
			}
			if id != tt.want {
				t.Fatalf("identity = %+v, want %+v", id, tt.want)
			}
		})
	}
}

func newRequest(body []byte) *http.Request {
	r, _ := http.NewRequest("POST", "http://127.0.0.1:8080/", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/x-amz-json-1.0")
	r.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling.GetOpportunity")
	return r
}

// presign builds a presigned-URL request with the SDK signer.
func presign(body []byte, cred Credential, t time.Time, expires string) *http.Request {
	u := "http://127.0.0.1:8080/GetOpportunity"
	if expires != "" {
		u += "?X-Amz-Expires=" + expires
	}
	r, _ := http.NewRequest("POST", u, bytes.NewReader(body))
	r.ContentLength = 0 // sign host only, as a presigned link is shared without a body length
	signed, err := Presign(r, body, cred, "us-east-1", "partnercentral-selling", t)
	if err != nil {
		panic(err)
	}
	p, _ := http.NewRequest("POST", signed, bytes.NewReader(body))
	return p
}

type failingCredentials struct{}

func (failingCredentials) Lookup(context.Context, string) (Credential, bool, error) {
	return Credential{}, false, errors.New("store down")
}

func TestStrict(t *testing.T) {
	now := time.Date(2026, 11, 23, 8, 37, 17, 0, time.UTC)
	alice := Credential{AccessKeyID: "AKIAALICE", SecretAccessKey: "alice-secret", AccountID: "111111111111"}
	bob := Credential{AccessKeyID: "AKIABOB", SecretAccessKey: "bob-secret", SessionToken: "bob-token"}
	digits := Credential{AccessKeyID: "222222222222", SecretAccessKey: "s"}
	strict := Strict{Credentials: NewStaticCredentials(alice, bob, digits), Clock: clock.NewFixed(now)}
	body := []byte(`{"Catalog":"Sandbox","Identifier":"O1"}`)
	signed := func(c Credential, at time.Time) *http.Request {
		r := newRequest(body)
		Sign(r, body, c, "us-east-1", "partnercentral-selling", at)
		return r
	}
	tests := []struct {
		name    string
		strict  Strict
		req     *http.Request
		body    []byte
		account string
		code    string
		msg     string
	}{
		{name: "good", req: signed(alice, now), account: "111111111111"},
		{name: "account from key digits", req: signed(digits, now), account: "222222222222"},
		{name: "session token", req: signed(bob, now), account: "123456789012"},
		{name: "session token missing", req: signed(Credential{AccessKeyID: "AKIABOB", SecretAccessKey: "bob-secret"}, now),
			code: CodeUnrecognizedClient, msg: "The security token included in the request is invalid."},
		{name: "session token wrong", req: signed(Credential{AccessKeyID: "AKIABOB", SecretAccessKey: "bob-secret", SessionToken: "forged"}, now),
			code: CodeUnrecognizedClient, msg: "The security token included in the request is invalid."},
		{name: "session token on a long-term key", req: signed(Credential{AccessKeyID: "AKIAALICE", SecretAccessKey: "alice-secret", SessionToken: "tok"}, now),
			code: CodeUnrecognizedClient, msg: "The security token included in the request is invalid."},
		{name: "wrong region signed", req: func() *http.Request {
			r := newRequest(body)
			Sign(r, body, alice, "eu-west-1", "partnercentral-selling", now)
			return r
		}(), strict: Strict{Regions: []string{"us-east-1"}}, code: CodeInvalidSignature, msg: "Credential should be scoped to a valid region, not 'eu-west-1'. "},
		{name: "wrong service signed", req: func() *http.Request {
			r := newRequest(body)
			Sign(r, body, alice, "us-east-1", "partnercentral", now)
			return r
		}(), code: CodeInvalidSignature, msg: "Credential should be scoped to correct service: 'partnercentral-selling'. "},
		{name: "presigned wrong secret", req: presign(body, Credential{AccessKeyID: "AKIAALICE", SecretAccessKey: "guess"}, now, "60"),
			code: CodeInvalidSignature, msg: msgSignatureMismatch},
		{name: "unknown key", req: signed(Credential{AccessKeyID: "AKIAEVE", SecretAccessKey: "x"}, now),
			code: CodeUnrecognizedClient, msg: "The security token included in the request is invalid."},
		{name: "wrong secret", req: signed(Credential{AccessKeyID: "AKIAALICE", SecretAccessKey: "guess"}, now),
			code: CodeInvalidSignature, msg: msgSignatureMismatch},
		{name: "body changed", req: signed(alice, now), body: []byte(`{"Catalog":"AWS","Identifier":"O1"}`),
			code: CodeInvalidSignature, msg: msgSignatureMismatch},
		{name: "within skew", req: signed(alice, now.Add(-14*time.Minute)), account: "111111111111"},
		{name: "expired", req: signed(alice, now.Add(-16*time.Minute)), code: CodeInvalidSignature,
			msg: "Signature expired: 20261123T082117Z is now earlier than 20261123T082217Z (20261123T083717Z - 15 min.)"},
		{name: "future", req: signed(alice, now.Add(16*time.Minute)), code: CodeInvalidSignature,
			msg: "Signature not yet current: 20261123T085317Z is still later than 20261123T085217Z (20261123T083717Z + 15 min.)"},
		{name: "custom skew", strict: Strict{MaxSkew: time.Minute}, req: signed(alice, now.Add(-2*time.Minute)), code: CodeInvalidSignature,
			msg: "Signature expired: 20261123T083517Z is now earlier than 20261123T083617Z (20261123T083717Z - 1 min.)"},
		{name: "presigned", req: presign(body, alice, now.Add(-time.Hour), "7200"), account: "111111111111"},
		{name: "presigned expired", req: presign(body, alice, now.Add(-time.Hour), "60"), code: CodeInvalidSignature,
			msg: "Signature expired: 20261123T073717Z is now earlier than 20261123T083617Z (20261123T083717Z - 60 sec.)"},
		{name: "presigned without expires uses skew", req: presign(body, alice, now.Add(-time.Hour), ""), code: CodeInvalidSignature,
			msg: "Signature expired: 20261123T073717Z is now earlier than 20261123T082217Z (20261123T083717Z - 15 min.)"},
		{name: "presigned session token", req: presign(body, bob, now, "60"), account: "123456789012"},
		{name: "explain", strict: Strict{Explain: true}, req: signed(Credential{AccessKeyID: "AKIAALICE", SecretAccessKey: "guess"}, now),
			code: CodeInvalidSignature, msg: msgSignatureMismatch + "\n\nRequest Signature:\n---[ CANONICAL STRING  ]"},
		{name: "store failure", strict: Strict{Credentials: failingCredentials{}}, req: signed(alice, now),
			code: "other: sigv4: look up access key: store down"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := strict
			if tt.strict.MaxSkew != 0 {
				s.MaxSkew = tt.strict.MaxSkew
			}
			if tt.strict.Credentials != nil {
				s.Credentials = tt.strict.Credentials
			}
			s.Explain = tt.strict.Explain
			if tt.strict.Regions != nil {
				s.Regions = tt.strict.Regions
			}
			b := body
			if tt.body != nil {
				b = tt.body
			}
			id, err := s.Authenticate(tt.req, b)
			if codeOf(err) != tt.code {
				t.Fatalf("err = %v, want %q", err, tt.code)
			}
			// Precheck refuses, without the body, all but a signature
			// that does not match.
			pre, wantPre := s.Precheck(tt.req), codeOf(err)
			if e, ok := err.(*Error); ok && strings.HasPrefix(e.Message, msgSignatureMismatch) {
				wantPre = ""
			}
			if codeOf(pre) != wantPre {
				t.Fatalf("Precheck: %v, want %q", pre, wantPre)
			}
			if e, ok := err.(*Error); ok {
				if tt.strict.Explain && strings.HasPrefix(e.Message, tt.msg) {
					return
				}
				if e.Message != tt.msg {
					t.Fatalf("message\n got %q\nwant %q", e.Message, tt.msg)
				}
				return
			}
			if err == nil && (id.AccountID != tt.account || id.AccessKeyID == "" || id.Region != "us-east-1") {
				t.Fatalf("identity = %+v, want account %s", id, tt.account)
			}
		})
	}
}

// TestUnsignedTarget: X-Amz-Target picks the operation, so Strict refuses
// one the signature does not cover (added to a request signed, or
// presigned, without it), in the form AWS uses for an unsigned Host; Local
// accepts any signature and so this too.
func TestUnsignedTarget(t *testing.T) {
	now := time.Date(2026, 11, 23, 8, 37, 17, 0, time.UTC)
	alice := Credential{AccessKeyID: "AKIAALICE", SecretAccessKey: "alice-secret"}
	strict := Strict{Credentials: NewStaticCredentials(alice), Clock: clock.NewFixed(now)}
	body := []byte(`{}`)
	const write = "AWSPartnerCentralSelling.RejectEngagementInvitation"
	signedWithoutTarget := func() *http.Request {
		r := newRequest(body)
		r.Header.Del("X-Amz-Target")
		Sign(r, body, alice, "us-east-1", "partnercentral-selling", now)
		return r
	}
	tests := []struct {
		name string
		req  func() *http.Request
		msg  string // "" when Strict accepts
	}{
		{name: "signed", req: func() *http.Request {
			r := newRequest(body)
			Sign(r, body, alice, "us-east-1", "partnercentral-selling", now)
			return r
		}},
		{name: "no target", req: signedWithoutTarget},
		{name: "added after signing", req: func() *http.Request {
			r := signedWithoutTarget()
			r.Header.Set("X-Amz-Target", write)
			return r
		}, msg: "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization."},
		{name: "empty, added after signing", req: func() *http.Request {
			r := signedWithoutTarget()
			r.Header.Set("X-Amz-Target", "")
			return r
		}, msg: "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization."},
		{name: "presigned", req: func() *http.Request { return presign(body, alice, now, "60") }},
		{name: "presigned, added after signing", req: func() *http.Request {
			r := presign(body, alice, now, "60")
			r.Header.Set("X-Amz-Target", write)
			return r
		}, msg: "'X-Amz-Target' must be a 'SignedHeader' in the AWS X-Amz-SignedHeaders."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := (Local{}).Authenticate(tt.req(), body); err != nil {
				t.Fatalf("Local: %v", err)
			}
			_, err := strict.Authenticate(tt.req(), body)
			if pre := strict.Precheck(tt.req()); codeOf(pre) != codeOf(err) {
				t.Fatalf("Precheck: %v, Authenticate: %v", pre, err)
			}
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("Strict: %v", err)
				}
				return
			}
			if e, ok := err.(*Error); !ok || e.Code != CodeIncompleteSignature || e.Message != tt.msg || e.HTTPStatus() != 400 {
				t.Fatalf("Strict: %v, want %s (400): %s", err, CodeIncompleteSignature, tt.msg)
			}
		})
	}
}

// TestUnusualRequests covers what no SDK sends to this service but a
// hand-written client might: escaped paths, repeated query parameters,
// multi-valued headers with runs of spaces, and headers the Go SDK never
// signs itself (User-Agent) but others may.
func TestUnusualRequests(t *testing.T) {
	now := time.Date(2026, 11, 23, 8, 37, 17, 0, time.UTC)
	alice := Credential{AccessKeyID: "AKIAALICE", SecretAccessKey: "alice-secret"}
	s := Strict{Credentials: NewStaticCredentials(alice), Clock: clock.NewFixed(now)}
	body := []byte(`{}`)
	r, _ := http.NewRequest("POST", "http://h/a%20b/c~d?b=2&a=x%2Fy&a=1&e=", bytes.NewReader(body))
	r.Header.Add("X-Multi", "  a   b ")
	r.Header.Add("X-Multi", "c")
	Sign(r, body, alice, "us-east-1", "partnercentral-selling", now)
	if _, err := s.Authenticate(r, body); err != nil {
		t.Fatalf("escaped path, repeated query, multi-valued header: %v", err)
	}
	r.Header.Set("X-Multi", "changed")
	if _, err := s.Authenticate(r, body); codeOf(err) != CodeInvalidSignature {
		t.Fatalf("changed signed header: %v", err)
	}

	// A signer that signs User-Agent (the AWS SDK for Java v1 does).
	r, _ = http.NewRequest("POST", "http://h/", bytes.NewReader(body))
	r.Header["user-agent"] = []string{"hand/1.0"} // lower-case: the SDK's ignore list misses it, so it signs it
	Sign(r, body, alice, "us-east-1", "partnercentral-selling", now)
	if !strings.Contains(r.Header.Get("Authorization"), "user-agent") {
		t.Fatalf("user-agent not signed: %s", r.Header.Get("Authorization"))
	}
	//lint:ignore SA1008 the signer stores the header lower-cased; the test moves it as a server would
	ua := r.Header["user-agent"]
	delete(r.Header, "user-agent")
	r.Header.Set("User-Agent", ua[0]) // as Go's server would see it
	if _, err := s.Authenticate(r, body); err != nil {
		t.Fatalf("signed user-agent: %v", err)
	}
	r.Header.Set("User-Agent", "other/2.0")
	if _, err := s.Authenticate(r, body); codeOf(err) != CodeInvalidSignature {
		t.Fatalf("changed user-agent: %v", err)
	}

	// Dated by the Date header only: not verifiable with the SDK signer.
	r = newRequest(body)
	Sign(r, body, alice, "us-east-1", "partnercentral-selling", now)
	auth := strings.Replace(r.Header.Get("Authorization"), "x-amz-date", "date", 1)
	r.Header.Del("X-Amz-Date")
	r.Header.Set("Date", now.Format(http.TimeFormat))
	r.Header.Set("Authorization", auth)
	if _, err := s.Authenticate(r, body); codeOf(err) != CodeIncompleteSignature {
		t.Fatalf("Date header only: %v", err)
	}
}

func TestAccounts(t *testing.T) {
	for _, tt := range []struct {
		key, def, want string
		valid          bool
	}{
		{"111122223333", "", "111122223333", true},
		{"111122223333", "999999999999", "111122223333", true},
		{"AKIDEXAMPLE", "", DefaultAccount, false},
		{"AKIDEXAMPLE", "999999999999", "999999999999", false},
		{"11112222333a", "", DefaultAccount, false},
		{"", "", DefaultAccount, false},
		{"١١١١٢٢٢٢٣٣٣٣", "", DefaultAccount, false}, // non-ASCII digits are not an account
	} {
		if got := AccountFor(tt.key, tt.def); got != tt.want {
			t.Errorf("AccountFor(%q, %q) = %q, want %q", tt.key, tt.def, got, tt.want)
		}
		if got := ValidAccount(tt.key); got != tt.valid {
			t.Errorf("ValidAccount(%q) = %v", tt.key, got)
		}
	}
}
