package awsjson

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"pcs/api"
	"pcs/sigv4"
)

// throttled is how the service can ask for a Retry-After.
type throttled struct {
	*api.ThrottlingException
	after time.Duration
}

func (t throttled) RetryAfter() time.Duration { return t.after }

func ptr[T any](v T) *T { return &v }

// TestErrorEncoding pins the wire form of every kind of error the service
// can return (testdata/errors/*.http): status, headers and exact body.
func TestErrorEncoding(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		typ    string // body __type
	}{
		{"validation", api.NewValidationException(api.ValidationExceptionReasonBusinessValidationFailed,
			"1 validation error detected: Customer.Account.WebsiteUrl is required.",
			[]api.ValidationExceptionError{{
				FieldName: ptr("customer.account.websiteUrl"),
				Code:      ptr(api.ValidationExceptionErrorCode("REQUIRED_FIELD_MISSING")),
				Message:   ptr("Customer.Account.WebsiteUrl is required."),
			}}), 400, "com.amazon.partnerintegrationapi.common#ValidationException"},
		{"access_denied", api.NewAccessDeniedException("User is not authorized to perform this action."), 400,
			"com.amazon.partnerintegrationapi.common#AccessDeniedException"},
		{"access_denied_reason", &api.AccessDeniedException{Message: ptr("Benefit state does not allow this."),
			Reason: ptr(api.AccessDeniedExceptionErrorCode("INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE"))}, 400,
			"com.amazon.partnerintegrationapi.common#AccessDeniedException"},
		{"conflict", api.NewConflictException("The LastModifiedDate does not match the current version of the opportunity."), 400,
			"com.amazon.partnerintegrationapi.common#ConflictException"},
		{"conflict_without_message", &api.ConflictException{}, 400, "com.amazon.partnerintegrationapi.common#ConflictException"},
		{"resource_not_found", api.NewResourceNotFoundException("Opportunity O1 not found."), 400,
			"com.amazon.partnerintegrationapi.common#ResourceNotFoundException"},
		{"resource_not_found_wrapped", fmt.Errorf("get: %w", api.NewResourceNotFoundException("Opportunity O1 not found.")), 400,
			"com.amazon.partnerintegrationapi.common#ResourceNotFoundException"},
		{"service_quota_exceeded", api.NewServiceQuotaExceededException("Too many engagement members."), 400,
			"com.amazon.partnerintegrationapi.common#ServiceQuotaExceededException"},
		{"throttling", api.NewThrottlingException("Rate exceeded"), 400, "com.amazon.partnerintegrationapi.common#ThrottlingException"},
		{"throttling_retry_after", throttled{api.NewThrottlingException("Rate exceeded"), 1500 * time.Millisecond}, 400,
			"com.amazon.partnerintegrationapi.common#ThrottlingException"},
		{"internal_server", api.NewInternalServerException("Something broke on our side."), 500,
			"com.amazon.partnerintegrationapi.common#InternalServerException"},
		{"not_implemented", &notImplementedError{op: "GetOpportunity"}, 501, "NotImplementedException"},
		{"unexpected", errors.New("database is locked"), 500, "com.amazon.partnerintegrationapi.common#InternalServerException"},
		{"front_end", &sigv4.Error{Code: sigv4.CodeUnrecognizedClient, Message: "The security token included in the request is invalid."}, 400,
			"com.amazon.coral.service#UnrecognizedClientException"},
		{"protocol", &ProtocolError{Code: CodeSerialization, Message: "Malformed JSON: unexpected end of input."}, 400,
			"com.amazon.coral.service#SerializationException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := &fakeService{getOpp: func(context.Context, *api.GetOpportunityRequest) (*api.GetOpportunityResponse, error) {
				return nil, tt.err
			}}
			r := signed(t, "POST", "/", "AWSPartnerCentralSelling.GetOpportunity", ContentType, `{"Catalog":"Sandbox","Identifier":"O1"}`)
			resp := serve(testHandler(svc), r)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			text := dump(resp)
			golden(t, "errors/"+tt.name+".http", text)
			if !containsJSON(text, `"__type":"`+tt.typ+`"`) {
				t.Errorf("body lacks __type %s", tt.typ)
			}
		})
	}
}
