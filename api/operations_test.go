package api

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
)

func TestOperationTable(t *testing.T) {
	names := OperationNames()
	// The model's 42 and the overlay's 3 prospecting operations.
	if len(names) != 45 || len(Operations) != 45 {
		t.Fatalf("got %d names, %d operations; want 45", len(names), len(Operations))
	}
	if !slices.IsSorted(names) {
		t.Error("OperationNames is not sorted")
	}
	svc := reflect.TypeOf((*Service)(nil)).Elem()
	for _, name := range names {
		op := Operations[name]
		if op == nil || op.Name != name {
			t.Fatalf("Operations[%q] = %+v", name, op)
		}
		in := op.NewInput()
		if got := reflect.TypeOf(in).Elem().Name(); got != op.InputShape {
			t.Errorf("%s: NewInput makes %s, want %s", name, got, op.InputShape)
		}
		if !reflect.ValueOf(in).Elem().IsZero() {
			t.Errorf("%s: NewInput is not zero", name)
		}
		m, ok := svc.MethodByName(name)
		if !ok {
			t.Fatalf("Service has no method %s", name)
		}
		if m.Type.In(1) != reflect.TypeOf(in) {
			t.Errorf("%s: Service method takes %v", name, m.Type.In(1))
		}
		if op.OutputShape == "" {
			if m.Type.NumOut() != 1 {
				t.Errorf("%s: no output, but method returns %d values", name, m.Type.NumOut())
			}
		} else if got := m.Type.Out(0).Elem().Name(); got != op.OutputShape {
			t.Errorf("%s: method returns %s, want %s", name, got, op.OutputShape)
		}
		if len(op.Errors) == 0 {
			t.Errorf("%s: no errors", name)
		}
		if op.Paginator != nil && (op.Paginator.InputToken == "" || op.Paginator.ResultKey == "") {
			t.Errorf("%s: incomplete paginator %+v", name, op.Paginator)
		}
	}
	if op := Operations[OpCreateOpportunity]; op.Name != "CreateOpportunity" {
		t.Errorf("OpCreateOpportunity names %s", op.Name)
	}
	if got := Operations["CreateOpportunity"].IdempotencyToken; got != "ClientToken" {
		t.Errorf("CreateOpportunity idempotency token = %q", got)
	}
	if got := Operations["GetOpportunity"].IdempotencyToken; got != "" {
		t.Errorf("GetOpportunity idempotency token = %q", got)
	}
	if p := Operations["ListOpportunities"].Paginator; p == nil || *p != (Paginator{"NextToken", "NextToken", "MaxResults", "OpportunitySummaries"}) {
		t.Errorf("ListOpportunities paginator = %+v", p)
	}
	if Operations["GetOpportunity"].Paginator != nil {
		t.Error("GetOpportunity has a paginator")
	}
	if got := Operations["AssignOpportunity"].OutputShape; got != "" {
		t.Errorf("AssignOpportunity output = %q", got)
	}
	n := 0
	for _, op := range Operations {
		if op.IdempotencyToken != "" {
			n++
		}
	}
	if n != 10 { // 9 in the model, and StartProspectingFromEngagementTask
		t.Errorf("%d operations have an idempotency token, want 10", n)
	}
}

// partial implements two operations; calling any other one panics.
type partial struct {
	Service
	nilOutput bool
}

func (p partial) GetOpportunity(_ context.Context, in *GetOpportunityRequest) (*GetOpportunityResponse, error) {
	if p.nilOutput {
		return nil, NewResourceNotFoundException("no such opportunity " + *in.Identifier)
	}
	return &GetOpportunityResponse{Id: in.Identifier}, nil
}

func (partial) AssignOpportunity(context.Context, *AssignOpportunityRequest) error { return nil }

func TestDispatch(t *testing.T) {
	ctx := context.Background()
	in := &GetOpportunityRequest{Identifier: ptr("O1")}
	out, err := Dispatch(ctx, partial{}, "GetOpportunity", in)
	if err != nil || *out.(*GetOpportunityResponse).Id != "O1" {
		t.Fatalf("GetOpportunity = %v, %v", out, err)
	}
	out, err = Dispatch(ctx, partial{nilOutput: true}, "GetOpportunity", in)
	var rnf *ResourceNotFoundException
	if out != nil || !errors.As(err, &rnf) || rnf.Error() != "no such opportunity O1" {
		t.Fatalf("typed nil output: %#v, %v", out, err)
	}
	out, err = Dispatch(ctx, partial{}, "AssignOpportunity", &AssignOpportunityRequest{})
	if out != nil || err != nil {
		t.Fatalf("AssignOpportunity = %#v, %v", out, err)
	}
	if _, err := Dispatch(ctx, partial{}, "Nope", in); !errors.Is(err, ErrUnknownOperation) {
		t.Errorf("unknown operation: %v", err)
	}
}

// TestCallTakesItsInput checks every operation's Call: it refuses another operation's
// input, and hands its own to the service (which, having no such method here, panics).
func TestCallTakesItsInput(t *testing.T) {
	ctx := context.Background()
	for _, name := range OperationNames() {
		op := Operations[name]
		var wrong Input = &GetOpportunityRequest{}
		if name == "GetOpportunity" {
			wrong = &AssignOpportunityRequest{}
		}
		_, err := op.Call(ctx, partial{}, wrong)
		if want := fmt.Sprintf("api: the operation takes *api.%s, not %T", op.InputShape, wrong); err == nil || err.Error() != want {
			t.Errorf("%s with another input: %v, want %s", name, err, want)
		}
		if name == "GetOpportunity" || name == "AssignOpportunity" {
			continue
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not reach the service", name)
				}
			}()
			op.Call(ctx, partial{}, op.NewInput())
		}()
	}
}

func TestExceptions(t *testing.T) {
	for _, tc := range []struct {
		err    APIError
		code   string
		status int
	}{
		{NewAccessDeniedException("m"), "AccessDeniedException", 400},
		{NewConflictException("m"), "ConflictException", 400},
		{NewInternalServerException("m"), "InternalServerException", 500},
		{NewResourceNotFoundException("m"), "ResourceNotFoundException", 400},
		{NewServiceQuotaExceededException("m"), "ServiceQuotaExceededException", 400},
		{NewThrottlingException("m"), "ThrottlingException", 400},
		{NewValidationException(ValidationExceptionReasonRequestValidationFailed, "m", nil), "ValidationException", 400},
	} {
		if tc.err.Error() != "m" || tc.err.ErrorCode() != tc.code || tc.err.HTTPStatus() != tc.status {
			t.Errorf("%T: %q %q %d", tc.err, tc.err.Error(), tc.err.ErrorCode(), tc.err.HTTPStatus())
		}
	}
	ve := NewValidationException(ValidationExceptionReasonBusinessValidationFailed, "bad", (&GetOpportunityRequest{}).Validate())
	if *ve.Reason != "BUSINESS_VALIDATION_FAILED" || len(ve.ErrorList) != 2 {
		t.Errorf("NewValidationException = %+v", ve)
	}
	if (&ConflictException{}).Error() != "ConflictException" {
		t.Error("Error() without a message")
	}
}

func TestEnums(t *testing.T) {
	if got := ReviewStatusPendingSubmission; got != "Pending Submission" {
		t.Errorf("ReviewStatusPendingSubmission = %q", got)
	}
	if got := CompetitorNameOther; got != "*Other" {
		t.Errorf("CompetitorNameOther = %q", got)
	}
	vals := Stage("").Values()
	want := []Stage{"Prospect", "Qualified", "Technical Validation", "Business Validation", "Committed", "Launched", "Closed Lost"}
	if !slices.Equal(vals, want) {
		t.Errorf("Stage.Values() = %q", vals)
	}
	if !StageClosedLost.IsKnown() || Stage("closed lost").IsKnown() || Stage("").IsKnown() {
		t.Error("Stage.IsKnown is wrong")
	}
	if len(CountryCode("").Values()) != 249 || !CountryCodeUs.IsKnown() {
		t.Errorf("CountryCode has %d values", len(CountryCode("").Values()))
	}
	// The model's six and Signatory, from the newest JS SDK.
	if n := len(AwsMemberBusinessTitle("").Values()); n != 7 || AwsMemberBusinessTitleSignatory != "Signatory" {
		t.Errorf("AwsMemberBusinessTitle has %d values", n)
	}
	// The model's four and the overlay's AWS Marketplace solutions and products.
	if n := len(RelatedEntityType("").Values()); n != 6 || !RelatedEntityTypeAwsMarketplaceSolutions.IsKnown() ||
		RelatedEntityTypeAwsMarketplaceProducts != "AwsMarketplaceProducts" {
		t.Errorf("RelatedEntityType has %d values", n)
	}
}
