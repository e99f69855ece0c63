package sigv4

import "net/http"

// Error codes of the AWS front end (Coral) for authentication failures,
// answered before a request reaches the service. They share the
// com.amazon.coral.service namespace; awsjson turns an *Error into that
// wire form.
const (
	CodeMissingAuthenticationToken = "MissingAuthenticationTokenException"
	CodeIncompleteSignature        = "IncompleteSignatureException"
	CodeInvalidSignature           = "InvalidSignatureException"
	CodeUnrecognizedClient         = "UnrecognizedClientException"
)

// Error is an authentication failure as the AWS front end reports it: in
// the com.amazon.coral.service namespace with a lower-case "message"
// member. The protocol's own failures (routing, content type, body) are
// awsjson's; awsjson encodes both alike without sigv4 importing it.
type Error struct {
	Code    string // e.g. CodeInvalidSignature
	Message string
	Status  int // HTTP status; 0 means 400
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// ErrorCode returns the short error name (no namespace).
func (e *Error) ErrorCode() string { return e.Code }

// ErrorMessage returns the human-readable message.
func (e *Error) ErrorMessage() string { return e.Message }

// HTTPStatus returns the status AWS answers with (400 unless set).
func (e *Error) HTTPStatus() int {
	if e.Status == 0 {
		return http.StatusBadRequest
	}
	return e.Status
}

// FrontEnd marks the error as one of the AWS front end's own (not a modeled
// service exception); awsjson keys the namespace off this method.
func (e *Error) FrontEnd() bool { return true }

func newError(code, msg string) *Error { return &Error{Code: code, Message: msg} }

// Messages worded as the AWS front end words them.
const (
	msgMissingToken       = "Missing Authentication Token"
	msgUnrecognizedClient = "The security token included in the request is invalid."
	msgSignatureMismatch  = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
)

// SigV4 constants and defaults.
const (
	amzDateLayout          = "20060102T150405Z"
	scopeDateLayout        = "20060102"
	algorithmHMACSHA256    = "AWS4-HMAC-SHA256"
	scopeTerminator        = "aws4_request"
	defaultMaxSkew         = 15 // minutes, as AWS allows
	maxPresignExpiresInSec = 7 * 24 * 3600
)
