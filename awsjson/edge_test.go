package awsjson

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"pcs/api"
	"pcs/caller"
	"pcs/clock"
	"pcs/sigv4"
)

const getOpp = "AWSPartnerCentralSelling.GetOpportunity"

func okGetOpportunity(_ context.Context, in *api.GetOpportunityRequest) (*api.GetOpportunityResponse, error) {
	return &api.GetOpportunityResponse{
		Catalog:          in.Catalog,
		Id:               in.Identifier,
		Arn:              ptr("arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/opportunity/" + *in.Identifier),
		CreatedDate:      api.NewDateTime(time.Date(2025, 3, 14, 9, 21, 45, 118e6, time.UTC)),
		LastModifiedDate: api.NewDateTime(time.Date(2025, 3, 14, 9, 21, 45, 0, time.UTC)),
	}, nil
}

// TestEdgeCases pins the handler's answers to requests the SDKs never send
// but people and tools do (testdata/edge/*.http hold the exact responses).
func TestEdgeCases(t *testing.T) {
	creds := sigv4.NewStaticCredentials(sigv4.Credential{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret"})
	strict := sigv4.Strict{Credentials: creds, Clock: clock.NewFixed(time.Date(2026, 11, 23, 8, 40, 0, 0, time.UTC))}
	unsigned := func(method, path, target, ct, body string) *http.Request {
		r := httptest.NewRequest(method, "http://127.0.0.1:8080"+path, strings.NewReader(body))
		if target != "" {
			r.Header.Set("X-Amz-Target", target)
		}
		if ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		return r
	}
	chunked := func() *http.Request {
		r := signed(t, "POST", "/", getOpp, ContentType, "")
		r.Body = io.NopCloser(strings.NewReader(`{"Catalog":"` + strings.Repeat("x", 100) + `"}`))
		r.ContentLength = -1
		return r
	}
	tests := []struct {
		name   string
		req    *http.Request
		cfg    Config // Service/NewRequestID filled in
		status int
		typ    string // __type, "" for success
		msg    string // substring of the message
	}{
		{name: "success", req: signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`), status: 200},
		{name: "no_output_empty_body", req: signed(t, "POST", "/", "AWSPartnerCentralSelling.SubmitOpportunity", ContentType,
			`{"Catalog":"Sandbox","Identifier":"O1","InvolvementType":"Co-Sell"}`), status: 200},
		{name: "path_route", req: signed(t, "POST", "/GetOpportunity", "", ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`), status: 200},
		{name: "path_route_unknown", req: signed(t, "POST", "/Nope", "", ContentType, `{}`), status: 400,
			typ: "com.amazon.coral.service#UnknownOperationException", msg: `No operation "Nope"`},
		{name: "target_and_path_agree", req: signed(t, "POST", "/GetOpportunity", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`), status: 200},
		{name: "target_and_path_disagree", req: signed(t, "POST", "/SubmitOpportunity", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`), status: 400,
			typ: "com.amazon.coral.service#UnknownOperationException", msg: "names more than one operation"},
		{name: "target_and_unknown_path", req: signed(t, "POST", "/prefix", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`), status: 200},
		{name: "missing_target", req: signed(t, "POST", "/", "", ContentType, `{}`), status: 400,
			typ: "com.amazon.coral.service#UnknownOperationException", msg: "Missing X-Amz-Target"},
		{name: "unknown_target", req: signed(t, "POST", "/", "AWSPartnerCentralSelling.GetOpportunities", ContentType, `{}`), status: 400,
			typ: "com.amazon.coral.service#UnknownOperationException", msg: "does not name an operation"},
		{name: "foreign_target", req: signed(t, "POST", "/", "DynamoDB_20120810.GetItem", ContentType, `{}`), status: 400,
			typ: "com.amazon.coral.service#UnknownOperationException"},
		{name: "unknown_target_unsigned", req: unsigned("POST", "/", "AWSPartnerCentralSelling.Nope", ContentType, `{}`), status: 400,
			typ: "com.amazon.coral.service#UnknownOperationException"},
		{name: "get", req: unsigned("GET", "/", "", "", ""), status: 405,
			typ: "com.amazon.coral.service#UnknownOperationException", msg: "HTTP method GET"},
		{name: "application_json_echo", req: signed(t, "POST", "/", getOpp, "application/json; charset=utf-8", `{"Catalog":"Sandbox","Identifier":"O1"}`), status: 200},
		{name: "application_json_error_echo", req: signed(t, "POST", "/", getOpp, "application/json", `{}`), status: 400,
			typ: "com.amazon.partnerintegrationapi.common#ValidationException"},
		{name: "content_type_with_charset", req: signed(t, "POST", "/", getOpp, "Application/X-Amz-JSON-1.0; charset=UTF-8", `{"Catalog":"Sandbox","Identifier":"O1"}`), status: 200},
		{name: "missing_content_type", req: signed(t, "POST", "/", getOpp, "", `{"Catalog":"Sandbox","Identifier":"O1"}`), status: 200},
		{name: "unsupported_content_type", req: signed(t, "POST", "/", getOpp, "application/x-www-form-urlencoded", `{}`), status: 415,
			typ: "com.amazon.coral.service#UnsupportedMediaTypeException"},
		{name: "missing_auth", req: unsigned("POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`), status: 400,
			typ: "com.amazon.coral.service#MissingAuthenticationTokenException", msg: "Missing Authentication Token"},
		{name: "incomplete_signature", req: func() *http.Request {
			r := unsigned("POST", "/", getOpp, ContentType, `{}`)
			r.Header.Set("Authorization", "Bearer token")
			return r
		}(), status: 400, typ: "com.amazon.coral.service#IncompleteSignatureException"},
		{name: "strict_good", cfg: Config{Auth: strict},
			req: signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`), status: 200},
		{name: "strict_invalid_signature", cfg: Config{Auth: strict}, req: func() *http.Request {
			r := signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`)
			r.Body = io.NopCloser(strings.NewReader(`{"Catalog":"Sandbox","Identifier":"O2"}`))
			return r
		}(), status: 400, typ: "com.amazon.coral.service#InvalidSignatureException", msg: "does not match"},
		{name: "strict_unrecognized_client", cfg: Config{Auth: sigv4.Strict{Credentials: sigv4.StaticCredentials{}}},
			req: signed(t, "POST", "/", getOpp, ContentType, `{}`), status: 400, typ: "com.amazon.coral.service#UnrecognizedClientException"},
		{name: "empty_body", req: signed(t, "POST", "/", getOpp, ContentType, ""), status: 400,
			typ: "com.amazon.partnerintegrationapi.common#ValidationException", msg: "2 validation errors detected"},
		{name: "whitespace_body", req: signed(t, "POST", "/", getOpp, ContentType, " \n"), status: 400,
			typ: "com.amazon.partnerintegrationapi.common#ValidationException"},
		{name: "malformed_json", req: signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":`), status: 400,
			typ: "com.amazon.coral.service#SerializationException", msg: "Malformed JSON"},
		{name: "malformed_json_syntax", req: signed(t, "POST", "/", getOpp, ContentType, `{"Catalog" "Sandbox"}`), status: 400,
			typ: "com.amazon.coral.service#SerializationException", msg: "offset"},
		{name: "array_body", req: signed(t, "POST", "/", getOpp, ContentType, `[]`), status: 400,
			typ: "com.amazon.coral.service#SerializationException", msg: "must be a JSON object, got an array"},
		{name: "null_body", req: signed(t, "POST", "/", getOpp, ContentType, `null`), status: 400,
			typ: "com.amazon.coral.service#SerializationException", msg: "got null"},
		{name: "trailing_garbage", req: signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"} x`), status: 400,
			typ: "com.amazon.coral.service#SerializationException", msg: "unexpected data after"},
		{name: "two_objects", req: signed(t, "POST", "/", getOpp, ContentType, `{}{}`), status: 400,
			typ: "com.amazon.coral.service#SerializationException"},
		{name: "wrong_type", req: signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":5,"Identifier":"O1"}`), status: 400,
			typ: "com.amazon.coral.service#SerializationException", msg: "Catalog: expected a string, got a number"},
		{name: "wrong_type_nested", req: signed(t, "POST", "/", "AWSPartnerCentralSelling.CreateOpportunity", ContentType,
			`{"Catalog":"Sandbox","Customer":{"Contacts":[{"Email":"a@b.c"},{"Email":true}]}}`), status: 400,
			typ: "com.amazon.coral.service#SerializationException", msg: "Customer.Contacts[1].Email: expected a string, got a boolean"},
		{name: "wrong_type_list", req: signed(t, "POST", "/", "AWSPartnerCentralSelling.CreateOpportunity", ContentType,
			`{"Catalog":"Sandbox","PrimaryNeedsFromAws":"Co-Sell - Pricing Assistance"}`), status: 400,
			typ: "com.amazon.coral.service#SerializationException", msg: "PrimaryNeedsFromAws: expected an array, got a string"},
		{name: "wrong_type_object", req: signed(t, "POST", "/", "AWSPartnerCentralSelling.CreateOpportunity", ContentType,
			`{"Catalog":"Sandbox","Customer":[]}`), status: 400,
			typ: "com.amazon.coral.service#SerializationException", msg: "Customer: expected an object, got an array"},
		{name: "bad_timestamp", req: signed(t, "POST", "/", "AWSPartnerCentralSelling.UpdateOpportunity", ContentType,
			`{"Catalog":"Sandbox","Identifier":"O1","LastModifiedDate":"yesterday"}`), status: 400,
			typ: "com.amazon.coral.service#SerializationException", msg: `LastModifiedDate: invalid timestamp "yesterday"`},
		{name: "bad_timestamp_nested", req: signed(t, "POST", "/", "AWSPartnerCentralSelling.ListOpportunities", ContentType,
			`{"Catalog":"Sandbox","LastModifiedDate":{"AfterLastModifiedDate":{}}}`), status: 400,
			typ: "com.amazon.coral.service#SerializationException", msg: "LastModifiedDate.AfterLastModifiedDate: invalid timestamp"},
		{name: "integer_wrong_type", req: signed(t, "POST", "/", "AWSPartnerCentralSelling.ListOpportunities", ContentType,
			`{"Catalog":"Sandbox","MaxResults":"20"}`), status: 400,
			typ: "com.amazon.coral.service#SerializationException", msg: "MaxResults: expected an integer, got a string"},
		{name: "integer_out_of_range", req: signed(t, "POST", "/", "AWSPartnerCentralSelling.ListOpportunities", ContentType,
			`{"Catalog":"Sandbox","MaxResults":99999999999}`), status: 400,
			typ: "com.amazon.coral.service#SerializationException", msg: "MaxResults: expected a 32-bit integer, got 99999999999"},
		{name: "integer_fraction", req: signed(t, "POST", "/", "AWSPartnerCentralSelling.ListOpportunities", ContentType,
			`{"Catalog":"Sandbox","MaxResults":2.5}`), status: 400,
			typ: "com.amazon.coral.service#SerializationException"},
		{name: "unknown_members_ignored", req: signed(t, "POST", "/", getOpp, ContentType,
			`{"Catalog":"Sandbox","Identifier":"O1","PartnerId":{"deep":[1,{"x":null}]},"Extra":5}`), status: 200},
		{name: "member_names_case_sensitive", req: signed(t, "POST", "/", getOpp, ContentType, `{"catalog":"Sandbox","identifier":"O1"}`), status: 400,
			typ: "com.amazon.partnerintegrationapi.common#ValidationException", msg: "2 validation errors"},
		{name: "null_members_absent", req: signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":null}`), status: 400,
			typ: "com.amazon.partnerintegrationapi.common#ValidationException", msg: "1 validation error detected"},
		{name: "huge_body", cfg: Config{MaxBodyBytes: 64},
			req: signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"`+strings.Repeat("1", 100)+`"}`), status: 413,
			typ: "com.amazon.coral.service#RequestEntityTooLargeException"},
		{name: "huge_body_chunked", cfg: Config{MaxBodyBytes: 64}, req: chunked(), status: 413,
			typ: "com.amazon.coral.service#RequestEntityTooLargeException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := &fakeService{
				getOpp: okGetOpportunity,
				submit: func(context.Context, *api.SubmitOpportunityRequest) error { return nil },
			}
			cfg := tt.cfg
			cfg.Service = svc
			cfg.NewRequestID = func() string { return testRequestID }
			resp := serve(New(cfg), tt.req)
			text := dump(resp)
			golden(t, "edge/"+tt.name+".http", text)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if header(resp, "x-amzn-RequestId") != testRequestID {
				t.Errorf("no request id")
			}
			if tt.typ != "" && !strings.Contains(text, `"__type":"`+tt.typ+`"`) {
				t.Errorf("want __type %s", tt.typ)
			}
			if msg := messageOf(text); !strings.Contains(msg, tt.msg) {
				t.Errorf("message %q, want it to contain %q", msg, tt.msg)
			}
		})
	}
}

func TestSuccessShapes(t *testing.T) {
	svc := &fakeService{getOpp: okGetOpportunity, submit: func(context.Context, *api.SubmitOpportunityRequest) error { return nil }}
	h := testHandler(svc)

	resp := serve(h, signed(t, "POST", "/", "AWSPartnerCentralSelling.SubmitOpportunity", ContentType,
		`{"Catalog":"Sandbox","Identifier":"O1","InvolvementType":"Co-Sell"}`))
	if body, _ := io.ReadAll(resp.Body); resp.StatusCode != 200 || len(body) != 0 || resp.Header.Get("Content-Length") != "0" {
		t.Errorf("no-output op: %d %q Content-Length %q", resp.StatusCode, body, resp.Header.Get("Content-Length"))
	}

	resp = serve(h, signed(t, "POST", "/", getOpp, "application/json", `{"Catalog":"Sandbox","Identifier":"O1"}`))
	body, _ := io.ReadAll(resp.Body)
	if resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("Content-Type %q, want application/json echoed", resp.Header.Get("Content-Type"))
	}
	if !bytes.Contains(body, []byte(`"CreatedDate":"2025-03-14T09:21:45.118Z"`)) {
		t.Errorf("timestamps: %s", body)
	}
	// The service got the caller's identity and the decoded input.
	c := svc.calls[len(svc.calls)-1]
	if c.id != (caller.Identity{AccountID: "123456789012", AccessKeyID: "AKIDEXAMPLE", Region: "us-east-1"}) {
		t.Errorf("identity %+v", c.id)
	}
	if in := c.in.(*api.GetOpportunityRequest); *in.Catalog != "Sandbox" || *in.Identifier != "O1" {
		t.Errorf("input %+v", in)
	}
}

// TestRequestIDs: every response, whatever happened, carries a fresh UUID v4.
func TestRequestIDs(t *testing.T) {
	svc := &fakeService{getOpp: func(context.Context, *api.GetOpportunityRequest) (*api.GetOpportunityResponse, error) {
		panic("boom")
	}}
	h := New(Config{Service: svc})
	reqs := []*http.Request{
		signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`), // panics
		signed(t, "POST", "/", "AWSPartnerCentralSelling.ListSolutions", ContentType, `{"Catalog":"Sandbox"}`),
		httptest.NewRequest("GET", "/", nil),
		httptest.NewRequest("POST", "/", strings.NewReader("{}")),
		signed(t, "POST", "/", getOpp, ContentType, `[`),
	}
	seen := map[string]bool{}
	for i, r := range reqs {
		resp := serve(h, r)
		id := header(resp, "x-amzn-RequestId")
		u, err := uuid.Parse(id)
		if err != nil || u.Version() != 4 || seen[id] {
			t.Errorf("request %d: request id %q (err %v, dup %v)", i, id, err, seen[id])
		}
		seen[id] = true
		//lint:ignore SA1008 the header must keep AWS's exact casing, which Header.Get would hide
		if _, ok := resp.Header["x-amzn-RequestId"]; !ok {
			t.Errorf("request %d: header not in AWS casing: %v", i, resp.Header)
		}
	}
}

// TestPanic: a panicking service is a 500 InternalServerException, logged
// once with its stack, and the server keeps serving.
func TestPanic(t *testing.T) {
	var logs bytes.Buffer
	svc := &fakeService{getOpp: func(context.Context, *api.GetOpportunityRequest) (*api.GetOpportunityResponse, error) {
		panic("boom")
	}}
	h := New(Config{Service: svc, NewRequestID: func() string { return testRequestID },
		Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	resp := serve(h, signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`))
	golden(t, "edge/panic.http", dump(resp))
	if resp.StatusCode != 500 {
		t.Errorf("status %d", resp.StatusCode)
	}
	if n := strings.Count(logs.String(), `"level":"ERROR"`); n != 1 {
		t.Errorf("%d error lines, want 1:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), `"panic":"boom"`) || !strings.Contains(logs.String(), testRequestID) {
		t.Errorf("log lacks panic or request id:\n%s", logs.String())
	}
	if n := strings.Count(logs.String(), `"level":"DEBUG"`); n != 1 {
		t.Errorf("%d access lines, want 1", n)
	}
}

// TestLogging: one Debug line per request, with the caller's account, the
// catalog and the error's message; 4xx are not errors, 5xx are logged once
// with their cause.
func TestLogging(t *testing.T) {
	var logs bytes.Buffer
	svc := &fakeService{getOpp: func(context.Context, *api.GetOpportunityRequest) (*api.GetOpportunityResponse, error) {
		return nil, io.ErrUnexpectedEOF
	}}
	h := New(Config{Service: svc, Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	serve(h, signed(t, "POST", "/", getOpp, ContentType, `{}`))                                      // 400
	serve(h, signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`)) // 500
	out := logs.String()
	if n := strings.Count(out, `"msg":"request"`); n != 2 {
		t.Errorf("%d access lines, want 2:\n%s", n, out)
	}
	if n := strings.Count(out, `"level":"ERROR"`); n != 1 || !strings.Contains(out, "unexpected EOF") {
		t.Errorf("want one error line with the cause:\n%s", out)
	}
	if !strings.Contains(out, `"op":"GetOpportunity","account":"123456789012","catalog":"Sandbox","status":500`) {
		t.Errorf("access line lacks op/account/catalog/status:\n%s", out)
	}
	if !strings.Contains(out, `"error":"ValidationException","error_message":"2 validation errors detected:`) {
		t.Errorf("access line lacks the error's message:\n%s", out)
	}
}

// TestOverHTTP runs a real server so headers go through net/http's writer:
// the AWS casing of x-amzn-* survives and clients read it.
func TestOverHTTP(t *testing.T) {
	srv := httptest.NewServer(testHandler(&fakeService{getOpp: okGetOpportunity}))
	defer srv.Close()
	r := signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`)
	req, _ := http.NewRequest("POST", srv.URL+"/", strings.NewReader(`{"Catalog":"Sandbox","Identifier":"O1"}`))
	req.Header = r.Header
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("X-Amzn-Requestid") != testRequestID {
		t.Errorf("status %d, request id %q", resp.StatusCode, resp.Header.Get("X-Amzn-Requestid"))
	}
}
