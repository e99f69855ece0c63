package awsjson

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"pcs/api"
	"pcs/caller"
	"pcs/clock"
	"pcs/sigv4"
)

// recordingAuth remembers the identity each request authenticated as.
type recordingAuth struct {
	sigv4.Authenticator
	got []caller.Identity
}

func (a *recordingAuth) Authenticate(r *http.Request, body []byte) (caller.Identity, error) {
	id, err := a.Authenticator.Authenticate(r, body)
	if err == nil {
		a.got = append(a.got, id)
	}
	return id, err
}

// outcome summarises a response for testdata/captures.golden.
func outcome(resp *http.Response) string {
	var body struct {
		Type      string `json:"__type"`
		Message   string `json:"message"`
		MessageUC string `json:"Message"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return strings.TrimSpace(fmt.Sprintf("%d %s %s%s", resp.StatusCode, body.Type, body.Message, body.MessageUC))
}

var wantIdentity = caller.Identity{AccountID: "123456789012", AccessKeyID: "AKIDEXAMPLE", Region: "us-east-1"}

// TestCapturesReplay sends every request that boto3, the AWS CLI and the JS
// SDK put on the wire (42 operations x 3 clients) through the handler with
// Local authentication and a service that implements nothing: each must be
// routed to its operation (501 naming it), authenticate as the capture's
// key, and decode and validate cleanly.
func TestCapturesReplay(t *testing.T) {
	captures := loadCaptures(t)
	if len(captures) != 126 {
		t.Fatalf("%d captures, want 126", len(captures))
	}
	var lines []string
	for _, c := range captures {
		svc := &fakeService{}
		auth := &recordingAuth{Authenticator: sigv4.Local{}}
		cfg := Config{Auth: auth}
		if operation(c) == "GetOpportunity" {
			cfg.Service = svc // to see the caller reach the service
		}
		h := New(cfg)
		resp := serve(h, c.Request(t))
		got := outcome(resp)
		lines = append(lines, c.Name+" "+got)

		if want := fmt.Sprintf("501 NotImplementedException %s is not implemented by pcs yet.", operation(c)); got != want {
			t.Errorf("%s: %s, want %s", c.Name, got, want)
		}
		if len(auth.got) != 1 || auth.got[0] != wantIdentity {
			t.Errorf("%s: authenticated as %+v, want %+v", c.Name, auth.got, wantIdentity)
		}
		if operation(c) == "GetOpportunity" && (len(svc.calls) != 1 || svc.calls[0].id != wantIdentity) {
			t.Errorf("%s: service saw %+v", c.Name, svc.calls)
		}
		if rid := header(resp, "x-amzn-RequestId"); len(rid) != 36 {
			t.Errorf("%s: request id %q", c.Name, rid)
		}
	}
	golden(t, "captures.golden", strings.Join(lines, "\n")+"\n")
}

// TestCapturesStrict verifies the real clients' signatures end to end (the
// captures were signed with the example secret at the recorded time).
func TestCapturesStrict(t *testing.T) {
	creds := sigv4.NewStaticCredentials(sigv4.Credential{
		AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"})
	for _, c := range loadCaptures(t) {
		h := New(Config{Auth: sigv4.Strict{Credentials: creds, Clock: clock.NewFixed(c.When())}})
		if got := outcome(serve(h, c.Request(t))); !strings.HasPrefix(got, "501 NotImplementedException") {
			t.Errorf("%s: %s", c.Name, got)
		}
		// An hour later the same request has expired.
		h = New(Config{Auth: sigv4.Strict{Credentials: creds, Clock: clock.NewFixed(c.When().Add(time.Hour))}})
		if got := outcome(serve(h, c.Request(t))); !strings.HasPrefix(got, "400 com.amazon.coral.service#InvalidSignatureException Signature expired") {
			t.Errorf("%s an hour later: %s", c.Name, got)
		}
	}
}

// TestCapturesDecode checks that decoding keeps every member the clients
// sent: the decoded input, re-encoded, equals the captured body (timestamps
// compared as instants, since clients send 3 or 6 fractional digits).
func TestCapturesDecode(t *testing.T) {
	for _, c := range loadCaptures(t) {
		in := api.Operations[operation(c)].NewInput()
		if err := decode([]byte(c.Body), in); err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		if problems := in.Validate(); len(problems) > 0 {
			t.Errorf("%s: Validate: %v", c.Name, validationError(problems))
		}
		out, _ := json.Marshal(in)
		var got, want any
		_ = json.Unmarshal(out, &got)
		_ = json.Unmarshal([]byte(c.Body), &want)
		if got, want := normalize(got), normalize(want); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decoded input differs\n got %v\nwant %v", c.Name, got, want)
		}
	}
}

// normalize drops null members and turns RFC 3339 strings into one form.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := map[string]any{}
		for k, e := range v {
			if e != nil {
				m[k] = normalize(e)
			}
		}
		return m
	case []any:
		for i := range v {
			v[i] = normalize(v[i])
		}
		return v
	case string:
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return t.UTC().Format(time.RFC3339Nano)
		}
	}
	return v
}
