package awsjson

import (
	"fmt"
	"net/http"
)

// Error codes of the AWS JSON 1.0 protocol itself: the front end (Coral)
// answers them before the service sees the request, in the
// com.amazon.coral.service namespace, as it does authentication failures
// (*sigv4.Error).
const (
	CodeUnknownOperation      = "UnknownOperationException"
	CodeSerialization         = "SerializationException"
	CodeRequestEntityTooLarge = "RequestEntityTooLargeException"
	CodeUnsupportedMediaType  = "UnsupportedMediaTypeException"
)

// ProtocolError is a request the protocol cannot take: a method, operation,
// content type, body size or body syntax the front end refuses. It is
// encoded like *sigv4.Error, with a lower-case "message" member.
type ProtocolError struct {
	Code    string // e.g. CodeSerialization
	Message string
	Status  int // HTTP status; 0 means 400
}

func (e *ProtocolError) Error() string { return e.Code + ": " + e.Message }

// ErrorCode returns the short error name (no namespace).
func (e *ProtocolError) ErrorCode() string { return e.Code }

// ErrorMessage returns the human-readable message.
func (e *ProtocolError) ErrorMessage() string { return e.Message }

// HTTPStatus returns the status AWS answers with (400 unless set).
func (e *ProtocolError) HTTPStatus() int {
	if e.Status == 0 {
		return http.StatusBadRequest
	}
	return e.Status
}

// FrontEnd marks the error as one of the AWS front end's own.
func (e *ProtocolError) FrontEnd() bool { return true }

func unknownOperation(msg string) *ProtocolError {
	return &ProtocolError{Code: CodeUnknownOperation, Message: msg}
}

func methodNotAllowed(method string) *ProtocolError {
	return &ProtocolError{Code: CodeUnknownOperation, Status: http.StatusMethodNotAllowed,
		Message: fmt.Sprintf("HTTP method %s is not supported: call operations with POST.", method)}
}

func unsupportedMediaType(contentType string) *ProtocolError {
	return &ProtocolError{Code: CodeUnsupportedMediaType, Status: http.StatusUnsupportedMediaType,
		Message: fmt.Sprintf("Content-Type %q is not supported: send %s (or %s).", contentType, ContentType, contentTypeJSON)}
}

func entityTooLarge(limit int64) *ProtocolError {
	return &ProtocolError{Code: CodeRequestEntityTooLarge, Status: http.StatusRequestEntityTooLarge,
		Message: fmt.Sprintf("The request body is larger than the %d-byte limit.", limit)}
}

func serializationError(format string, args ...any) *ProtocolError {
	return &ProtocolError{Code: CodeSerialization, Message: fmt.Sprintf(format, args...)}
}
