// Package api holds the Go form of the Partner Central Selling service model: a type per
// structure and enum shape, each structure's Validate, the model's exceptions, the
// operation table, and the Service interface that the service implements.
//
// The *.gen.go files are generated from model/ by internal/gen (go generate ./...); the
// other files are written by hand: the operation table's types (api.go), the model's
// timestamp (datetime.go), what the generated validation reports with (validator.go) and the
// catalog a request acts on (catalog.go).
package api

import (
	"context"
	"errors"
	"fmt"
)

// Input is implemented by every operation's input structure (through its pointer).
type Input interface {
	// Validate returns every violation of the model's constraints, or nil.
	Validate() []ValidationExceptionError
}

// APIError is implemented by the model's exception structures.
type APIError interface {
	error
	// ErrorCode is the exception's shape name, e.g. "ValidationException".
	ErrorCode() string
	// HTTPStatus is the status code the exception is sent with.
	HTTPStatus() int
}

// Operation describes one operation of the model.
type Operation struct {
	// Name is the operation name, e.g. "CreateOpportunity".
	Name string
	// InputShape and OutputShape are shape names; OutputShape is "" when the operation
	// has no output.
	InputShape, OutputShape string
	// NewInput returns a pointer to a zero input structure.
	NewInput func() Input
	// IdempotencyToken is the input member that carries the idempotency token, or "".
	IdempotencyToken string
	// Paginator is nil unless the operation is paginated.
	Paginator *Paginator
	// Errors are the exception shape names the model lists for the operation.
	Errors []string
	// Call runs svc's method for the operation with in, which must be the operation's
	// input type (as made by NewInput). It returns the output pointer as any, or nil
	// (never a typed nil) when there is no output.
	Call func(ctx context.Context, svc Service, in Input) (any, error)
}

// Paginator names the members that drive an operation's pagination.
type Paginator struct {
	InputToken, OutputToken, LimitKey, ResultKey string
}

// ErrUnknownOperation is wrapped by Dispatch's error for an operation name it does not know.
var ErrUnknownOperation = errors.New("api: unknown operation")

// Dispatch runs the operation named op: Operations[op].Call(ctx, svc, in).
func Dispatch(ctx context.Context, svc Service, op string, in Input) (any, error) {
	o := Operations[op]
	if o == nil {
		return nil, fmt.Errorf("%w %q", ErrUnknownOperation, op)
	}
	return o.Call(ctx, svc, in)
}

// call makes the Operation.Call of an operation with output from its Service method
// (a method expression, e.g. Service.GetOpportunity).
func call[I Input, O any](method func(Service, context.Context, I) (*O, error)) func(context.Context, Service, Input) (any, error) {
	return func(ctx context.Context, svc Service, in Input) (any, error) {
		i, err := inputOf[I](in)
		if err != nil {
			return nil, err
		}
		out, err := method(svc, ctx, i)
		if out == nil {
			return nil, err // not a typed nil in an interface
		}
		return out, err
	}
}

// callNoOutput makes the Operation.Call of an operation without output.
func callNoOutput[I Input](method func(Service, context.Context, I) error) func(context.Context, Service, Input) (any, error) {
	return func(ctx context.Context, svc Service, in Input) (any, error) {
		i, err := inputOf[I](in)
		if err != nil {
			return nil, err
		}
		return nil, method(svc, ctx, i)
	}
}

func inputOf[I Input](in Input) (I, error) {
	i, ok := in.(I)
	if !ok {
		return i, fmt.Errorf("api: the operation takes %T, not %T", i, in)
	}
	return i, nil
}
