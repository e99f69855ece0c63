// Package api holds the Go form of the Partner Central Selling service model: a type per
// structure and enum shape, each structure's Validate, the model's exceptions, the
// operation table, and the Service interface that the service implements.
//
// The *.gen.go files are generated from model/ by internal/gen (go generate ./...); the
// other files are written by hand: the operation table's types (api.go), the model's
// timestamp (datetime.go) and what the generated validation reports with (validator.go).
package api

import (
	"errors"
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
}

// Paginator names the members that drive an operation's pagination.
type Paginator struct {
	InputToken, OutputToken, LimitKey, ResultKey string
}

// ErrUnknownOperation is wrapped by Dispatch's error for an operation name it does not know.
var ErrUnknownOperation = errors.New("api: unknown operation")

// NotImplementedError is returned by UnimplementedService.
type NotImplementedError struct {
	Operation string
}

func (e *NotImplementedError) Error() string {
	return e.Operation + " is not implemented by pcs yet"
}
