package awsjson

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"pcs/api"
	"pcs/caller"
)

func TestAuthorizeAndAdmit(t *testing.T) {
	var dispatched atomic.Int32
	svc := &fakeService{getOpp: func(ctx context.Context, in *api.GetOpportunityRequest) (*api.GetOpportunityResponse, error) {
		dispatched.Add(1)
		return okGetOpportunity(ctx, in)
	}}
	var gotOp, gotCatalog string
	var gotID caller.Identity
	h := New(Config{
		Service: svc,
		Authorize: func(_ context.Context, id caller.Identity, op string, in api.Input) error {
			gotID, gotOp, gotCatalog = id, op, *in.(*api.GetOpportunityRequest).Catalog
			if gotCatalog == "AWS" {
				return api.NewAccessDeniedException("User: arn:aws:iam::123456789012:user/x is not authorized")
			}
			return nil
		},
		Admit: func(_ context.Context, _ caller.Identity, _ string) error {
			if gotCatalog == "Sandbox" && strings.HasPrefix(gotID.AccessKeyID, "AKID") && dispatched.Load() >= 1 {
				return throttled{api.NewThrottlingException("Rate exceeded"), 1500 * time.Millisecond}
			}
			return nil
		},
	})

	resp := serve(h, signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"AWS","Identifier":"O1"}`))
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 400 || !strings.Contains(string(body), `"__type":"com.amazon.partnerintegrationapi.common#AccessDeniedException"`) ||
		strings.Contains(string(body), "Reason") {
		t.Fatalf("denied: %d %s", resp.StatusCode, body)
	}
	if gotOp != "GetOpportunity" || gotID.AccessKeyID != "AKIDEXAMPLE" || dispatched.Load() != 0 {
		t.Fatalf("authorize saw %q %+v; dispatched %d", gotOp, gotID, dispatched.Load())
	}

	// Invalid input never reaches Authorize: validation answers first.
	gotOp = ""
	resp = serve(h, signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"AWS"}`))
	if resp.StatusCode != 400 || gotOp != "" {
		t.Fatalf("invalid input: %d, authorize saw %q", resp.StatusCode, gotOp)
	}

	resp = serve(h, signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`))
	if resp.StatusCode != 200 || dispatched.Load() != 1 {
		t.Fatalf("allowed: %d", resp.StatusCode)
	}
	resp = serve(h, signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`))
	body, _ = io.ReadAll(resp.Body)
	if resp.StatusCode != 400 || !strings.Contains(string(body), "#ThrottlingException") || resp.Header.Get("Retry-After") != "2" {
		t.Fatalf("throttled: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	if dispatched.Load() != 1 {
		t.Fatalf("a throttled request was dispatched")
	}
}

// TestDrop checks that the drop sentinels close the connection without an
// answer, before dispatch or after it.
func TestDrop(t *testing.T) {
	var dispatched atomic.Int32
	var mode atomic.Value
	svc := &fakeService{getOpp: func(ctx context.Context, in *api.GetOpportunityRequest) (*api.GetOpportunityResponse, error) {
		dispatched.Add(1)
		return okGetOpportunity(ctx, in)
	}}
	h := New(Config{Service: svc, Admit: func(context.Context, caller.Identity, string) error {
		err, _ := mode.Load().(error)
		return err
	}})
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := srv.Client()
	do := func() error {
		r := signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`)
		r.URL.Scheme, r.URL.Host, r.RequestURI = "http", strings.TrimPrefix(srv.URL, "http://"), ""
		resp, err := client.Do(r)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return errors.New(resp.Status)
		}
		return nil
	}
	for _, tt := range []struct {
		mode       error
		dispatched int32
	}{
		{ErrDropConnection, 0},
		{ErrDropResponse, 1},
	} {
		dispatched.Store(0)
		mode.Store(tt.mode)
		if err := do(); err == nil || !strings.Contains(err.Error(), "EOF") {
			t.Errorf("%v: got %v, want a closed connection", tt.mode, err)
		}
		if dispatched.Load() != tt.dispatched {
			t.Errorf("%v: dispatched %d times, want %d", tt.mode, dispatched.Load(), tt.dispatched)
		}
	}
	mode.Store(errors.New("x")) // any other error is answered, not dropped
	if err := do(); err == nil || !strings.Contains(err.Error(), "500") {
		t.Errorf("plain error: %v", err)
	}
}

func TestMemberLimits(t *testing.T) {
	h := New(Config{MaxMemberBytes: 100, MaxListItems: 3})
	for _, tt := range []struct {
		name, op, body string
		status         int
		want           string
	}{
		{"within", "ListOpportunities", `{"Catalog":"Sandbox","Identifier":["O1","O2","O3"]}`, 501, ""},
		{"too many items", "ListOpportunities", `{"Catalog":"Sandbox","Identifier":["O1","O2","O3","O4"]}`, 400,
			`{"Code":"TOO_MANY_VALUES","FieldName":"identifier","Message":"Identifier must contain at most 3 items, but it contains 4."}`},
		{"long unbounded string", "CreateOpportunity", `{"Catalog":"Sandbox","ClientToken":"t","Customer":{"Account":{"CompanyName":"c","Address":{"StreetAddress":"` + strings.Repeat("x", 101) + `"}}}}`, 400,
			`{"Code":"INVALID_STRING_FORMAT","FieldName":"customer.account.address.streetAddress","Message":"Value at Customer.Account.Address.StreetAddress must be at most 100 bytes, but it has 101."}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := serve(h, signed(t, "POST", "/", TargetPrefix+tt.op, ContentType, tt.body))
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
		})
	}
}

var _ http.Handler = (*Handler)(nil)
