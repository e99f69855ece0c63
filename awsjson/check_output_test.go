package awsjson

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"pcs/api"
)

func TestCheckOutput(t *testing.T) {
	var seen []string
	for _, tt := range []struct {
		name   string
		check  error
		status int
		want   string
	}{
		{"passes", nil, 200, `"Id":"O1"`},
		{"refused", errors.New("Id breaks its pattern"), 500, "InternalServerException"},
		// An APIError from the check is still pcs's fault, not the caller's.
		{"refused with an API error", api.NewValidationException(api.ValidationExceptionReasonRequestValidationFailed, "bad", nil), 500,
			"InternalServerException"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			h := New(Config{
				Service: &fakeService{getOpp: okGetOpportunity},
				Logger:  slog.New(slog.NewTextHandler(&logs, nil)),
				CheckOutput: func(op string, out any) error {
					seen = append(seen, op+" "+*out.(*api.GetOpportunityResponse).Id)
					return tt.check
				},
			})
			resp := serve(h, signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`))
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
				t.Errorf("%d %s", resp.StatusCode, body)
			}
			if tt.check != nil && !strings.Contains(logs.String(), "GetOpportunity output: "+tt.check.Error()) {
				t.Errorf("not logged: %s", logs.String())
			}
		})
	}
	if len(seen) != 3 || seen[0] != "GetOpportunity O1" {
		t.Errorf("CheckOutput saw %q", seen)
	}
}

func TestRewriteOutput(t *testing.T) {
	for _, tt := range []struct {
		name    string
		rewrite func(op string, body []byte) ([]byte, error)
		status  int
		want    string
	}{
		{"none", nil, 200, `"Id":"O1"`},
		{"rewritten", func(op string, body []byte) ([]byte, error) {
			return []byte(`{"Op":"` + op + `",` + string(body[1:])), nil
		}, 200, `{"Op":"GetOpportunity","Arn":`},
		{"failed", func(string, []byte) ([]byte, error) { return nil, errors.New("no") }, 500, "InternalServerException"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := New(Config{Service: &fakeService{getOpp: okGetOpportunity}, RewriteOutput: tt.rewrite})
			resp := serve(h, signed(t, "POST", "/", getOpp, ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`))
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
				t.Errorf("%d %s", resp.StatusCode, body)
			}
		})
	}
}
