package awsjson

import (
	"context"
	"encoding/json"
	"io"
	"strconv"
	"testing"

	"github.com/google/uuid"

	"pcs/api"
)

// FuzzHandler drives the whole HTTP path with signed requests (so bodies
// reach decoding, validation and dispatch) for random targets and bodies.
// Whatever comes in, the answer is a well-formed AWS response with a
// request id, and never a 500: the fake service has no failures of its own,
// so a 500 means the handler broke (a recovered panic or an encoding bug).
func FuzzHandler(f *testing.F) {
	for _, c := range loadCaptures(f) {
		f.Add(TargetPrefix+operation(c), []byte(c.Body), false)
	}
	f.Add(getOpp, []byte(`{"Catalog":"Sandbox","Identifier":"O1"}`), true)
	f.Add(getOpp, []byte(`{"Catalog":5}`), false)
	f.Add("AWSPartnerCentralSelling.UpdateOpportunity", []byte(`{"LastModifiedDate":1e999}`), false)
	f.Add("AWSPartnerCentralSelling.ListOpportunities", []byte(`{"MaxResults":-0.0e1}`), false)
	f.Add("", []byte(`[`), false)
	f.Add("AWSPartnerCentralSelling.", []byte(``), false)
	f.Add("AWSPartnerCentralSelling.SubmitOpportunity", []byte(`{"Catalog":"Sandbox","Identifier":"O1","InvolvementType":"Co-Sell"}`), false)

	svc := &fakeService{
		getOpp: okGetOpportunity,
		submit: func(context.Context, *api.SubmitOpportunityRequest) error { return nil },
	}
	some := New(Config{Service: svc, MaxBodyBytes: 1 << 16})
	none := New(Config{MaxBodyBytes: 1 << 16}) // the fake's other operations: 501
	f.Fuzz(func(t *testing.T, target string, body []byte, appJSON bool) {
		h := none
		if target == getOpp || target == TargetPrefix+"SubmitOpportunity" {
			h = some
		}
		ct := ContentType
		if appJSON {
			ct = "application/json"
		}
		resp := serve(h, signed(t, "POST", "/", target, ct, string(body)))
		got, _ := io.ReadAll(resp.Body)

		if u, err := uuid.Parse(header(resp, "x-amzn-RequestId")); err != nil || u.Version() != 4 {
			t.Fatalf("bad request id %q", header(resp, "x-amzn-RequestId"))
		}
		if resp.StatusCode == 500 {
			t.Fatalf("500 for %q %q: %s", target, body, got)
		}
		if cl := resp.Header.Get("Content-Length"); cl != strconv.Itoa(len(got)) {
			t.Fatalf("Content-Length %s for %d bytes", cl, len(got))
		}
		if resp.Header.Get("Content-Type") != ct {
			t.Fatalf("Content-Type %q, want %q", resp.Header.Get("Content-Type"), ct)
		}
		if resp.StatusCode == 200 {
			if len(got) > 0 && !json.Valid(got) {
				t.Fatalf("invalid JSON output: %s", got)
			}
			return
		}
		var e struct {
			Type    string  `json:"__type"`
			Lower   *string `json:"message"`
			Message *string `json:"Message"`
		}
		if err := json.Unmarshal(got, &e); err != nil || e.Type == "" || (e.Lower == nil && e.Message == nil) {
			t.Fatalf("malformed error %d: %s", resp.StatusCode, got)
		}
		if header(resp, "x-amzn-ErrorType") == "" {
			t.Fatalf("no x-amzn-ErrorType: %s", got)
		}
	})
}
