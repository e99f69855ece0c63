package awsjson

import (
	"net/http"
	"time"
)

// Exchange is what the handler knows of one request once it is answered,
// or dropped by an injected fault: what Config.Observe is given. Fields the
// request did not get as far as are zero: Account before authentication,
// Catalog before decoding.
type Exchange struct {
	// Start is when the request arrived and Duration how long it took to
	// answer, on the wall clock (not the pcs clock).
	Start    time.Time
	Duration time.Duration
	// RequestID is the x-amzn-RequestId the answer carries.
	RequestID string
	// Operation is the operation the request names; "" when it names none
	// of the model's (so it is always one of a bounded set of names).
	Operation string
	// Account is the authenticated caller's account.
	Account string
	// Catalog is the catalog the input acts on (api.CatalogOf).
	Catalog string
	// Status is the HTTP status answered; 0 when Dropped.
	Status int
	// Dropped is set when an injected fault closed the connection instead
	// of answering.
	Dropped bool
	// ErrorType is the error's code (ValidationException, ...) and
	// ErrorMessage its message as answered; both "" on success.
	ErrorType, ErrorMessage string
	// Request is the request as received. It carries the caller's
	// signature and session token: an observer keeps what it needs from it
	// and never the request itself.
	Request *http.Request
	// RequestBody is the body as read (nil when the request was refused
	// before it was read), ResponseBody the body answered: JSON, or empty.
	// Both belong to the handler: an observer copies what it keeps.
	RequestBody, ResponseBody []byte
}

// observe hands x to the Config.Observe hook, when there is one.
func (h *Handler) observe(x *exchange, start time.Time, d time.Duration) {
	if h.onExchange == nil {
		return
	}
	h.onExchange(Exchange{
		Start: start, Duration: d, RequestID: x.id, Operation: x.op, Account: x.account, Catalog: x.catalog,
		Status: x.status, Dropped: x.dropped, ErrorType: x.errCode, ErrorMessage: x.errMessage,
		Request: x.r, RequestBody: x.reqBody, ResponseBody: x.respBody,
	})
}
