package awsjson

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"pcs/clock"
	"pcs/sigv4"
)

// TestOperationNamedOnce: the operation comes only from what the signature
// covers. A request signed or presigned for a read must not run a write
// named by an X-Amz-Target header added to it: places that name an
// operation must agree (every mode), and Strict also refuses an unsigned
// target header. The fake service implements neither invitation
// operation, so a 501 message tells which one ran.
func TestOperationNamedOnce(t *testing.T) {
	const (
		read  = TargetPrefix + "GetEngagementInvitation"
		write = TargetPrefix + "RejectEngagementInvitation"
		body  = `{"Catalog":"Sandbox","Identifier":"engi-0a1b2c3d4e5f6"}`
	)
	signedAt := time.Date(2026, 11, 23, 8, 37, 17, 0, time.UTC)
	cred := sigv4.Credential{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret"}
	strict := sigv4.Strict{Credentials: sigv4.NewStaticCredentials(cred), Clock: clock.NewFixed(signedAt)}

	// presigned is a presigned URL for path (and target, which the
	// presigner hoists into the query), sent with body.
	presigned := func(path, target string) *http.Request {
		r := httptest.NewRequest("POST", "http://127.0.0.1:8080"+path, strings.NewReader(body))
		if target != "" {
			r.Header.Set("X-Amz-Target", target)
		}
		r.ContentLength = 0 // a shared link signs host only
		u, err := sigv4.Presign(r, []byte(body), cred, "us-east-1", "partnercentral-selling", signedAt)
		if err != nil {
			t.Fatal(err)
		}
		return httptest.NewRequest("POST", u, strings.NewReader(body))
	}
	withTarget := func(r *http.Request, targets ...string) *http.Request {
		for _, v := range targets {
			r.Header.Add("X-Amz-Target", v)
		}
		return r
	}
	const (
		disagree = "400 UnknownOperationException The request names more than one operation"
		// Coral's answer for a header it requires signed (as for Host).
		unsignedHeader = "400 IncompleteSignatureException 'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization."
		unsignedQuery  = "400 IncompleteSignatureException 'X-Amz-Target' must be a 'SignedHeader' in the AWS X-Amz-SignedHeaders."
		ranRead        = "501 NotImplementedException GetEngagementInvitation is not implemented"
		ranWrite       = "501 NotImplementedException RejectEngagementInvitation is not implemented"
	)
	tests := []struct {
		name          string
		req           func() *http.Request
		strict, local string // prefix of "<status> <code> <message>"
	}{
		{"presigned read, unsigned write target",
			func() *http.Request { return withTarget(presigned("/", read), write) }, disagree, disagree},
		{"presigned path read, unsigned write target",
			func() *http.Request { return withTarget(presigned("/GetEngagementInvitation", ""), write) }, disagree, disagree},
		{"path-signed read, unsigned write target",
			func() *http.Request {
				return withTarget(signed(t, "POST", "/GetEngagementInvitation", "", ContentType, body), write)
			}, disagree, disagree},
		{"signed for no operation, unsigned target",
			func() *http.Request { return withTarget(signed(t, "POST", "/", "", ContentType, body), write) }, unsignedHeader, ranWrite},
		{"presigned for no operation, unsigned target",
			func() *http.Request { return withTarget(presigned("/", ""), write) }, unsignedQuery, ranWrite},
		{"path-signed read, unsigned agreeing target",
			func() *http.Request {
				return withTarget(signed(t, "POST", "/GetEngagementInvitation", "", ContentType, body), read)
			}, unsignedHeader, ranRead},
		{"signed target, query disagrees",
			func() *http.Request { return signed(t, "POST", "/?X-Amz-Target="+write, read, ContentType, body) }, disagree, disagree},
		{"two signed targets that disagree", func() *http.Request {
			r := withTarget(httptest.NewRequest("POST", "http://127.0.0.1:8080/", strings.NewReader(body)), read, write)
			sigv4.Sign(r, []byte(body), cred, "us-east-1", "partnercentral-selling", signedAt)
			return r
		}, disagree, disagree},
		{"signed target", func() *http.Request { return signed(t, "POST", "/", read, ContentType, body) }, ranRead, ranRead},
		{"signed target and path agree",
			func() *http.Request { return signed(t, "POST", "/GetEngagementInvitation", read, ContentType, body) }, ranRead, ranRead},
		{"presigned read", func() *http.Request { return presigned("/", read) }, ranRead, ranRead},
		{"presigned path read", func() *http.Request { return presigned("/GetEngagementInvitation", "") }, ranRead, ranRead},
		{"presigned target and path agree",
			func() *http.Request { return presigned("/GetEngagementInvitation", read) }, ranRead, ranRead},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, mode := range []struct {
				name string
				auth sigv4.Authenticator
				want string
			}{{"strict", strict, tt.strict}, {"local", sigv4.Local{}, tt.local}} {
				got := strings.Replace(outcome(serve(New(Config{Auth: mode.auth}), tt.req())),
					"com.amazon.coral.service#", "", 1)
				if !strings.HasPrefix(got, mode.want) {
					t.Errorf("%s: %s\nwant %s...", mode.name, got, mode.want)
				}
			}
		})
	}
}
