// Package awsjson serves the Partner Central Selling API over the AWS JSON
// 1.0 protocol, as the real front end does for boto3, the AWS CLI and the
// JS SDK: routing on X-Amz-Target, SigV4 authentication, request decoding
// and validation, and AWS-shaped responses and errors.
//
// Protocol choices where AWS's behaviour is not observed (each is covered by
// a test):
//   - Order: method, operation, content type, body size, authentication,
//     decoding, validation, dispatch. Authentication checks what it can
//     before the body is read, and the signature (which covers the body's
//     hash) after. The operation is resolved before authentication, as
//     Coral does (it must know the operation to know how to authenticate
//     it), so an unknown target is UnknownOperationException even without
//     a signature.
//   - Routing: POST / with X-Amz-Target: AWSPartnerCentralSelling.<Op>, or
//     POST /<Op> with no target (the AWS Postman collection's form, spec §1.4).
//     A presigned URL may carry X-Amz-Target in its query, where the SDK
//     presigners put it. Places that name an operation must agree, or the
//     request is UnknownOperationException (route.go).
//   - Method: anything but POST is 405 with Allow: POST and an
//     UnknownOperationException body (no operation exists for it).
//   - Content-Type: application/x-amz-json-1.0 or application/json, with
//     any parameters; the response echoes the flavour (spec §1.3). A request
//     without Content-Type is read as x-amz-json-1.0 (lenient for curl).
//     Any other type is 415 UnsupportedMediaTypeException, the error the
//     Smithy protocol tests specify for servers.
//   - Body: at most Config.MaxBodyBytes (10 MiB by default); a larger
//     Content-Length is 413 RequestEntityTooLargeException before
//     authentication, a larger body without one when it is read.
//   - Before the body is read, authentication checks what needs no body
//     (sigv4.Prechecker: signature present and well formed, scope, key
//     known, time; a sigv4.TwoStep carries what it parsed on to the
//     signature's check, which needs the body), and the body's bytes are reserved within
//     Config.MaxBodyBytesInFlight (budget.go), else ThrottlingException.
//   - Decoding: member names match exactly and unknown members are ignored,
//     as in AWS; see decode. Members the model leaves unbounded are bounded
//     (limits.go) and reported with the model's own violations.
//   - After validation: Config.Authorize (permissions), then Config.Admit
//     (quotas, injected faults), then dispatch.
package awsjson

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"pcs/api"
	"pcs/caller"
	"pcs/sigv4"
)

const (
	// TargetPrefix is the X-Amz-Target prefix of every operation.
	TargetPrefix = "AWSPartnerCentralSelling."
	// ContentType is what the SDKs send and what pcs answers with by default.
	ContentType = "application/x-amz-json-1.0"
	// DefaultMaxBodyBytes bounds request bodies when Config.MaxBodyBytes is 0.
	DefaultMaxBodyBytes = 10 << 20

	contentTypeJSON = "application/json"
	// Header names as AWS writes them; set directly in the header map so Go
	// does not canonicalise them (clients read them case-insensitively).
	headerRequestID = "x-amzn-RequestId"
	headerErrorType = "x-amzn-ErrorType"
)

// Config configures a Handler.
type Config struct {
	// Service answers the operations; nil answers every one with 501.
	Service api.Service
	// Auth authenticates requests; nil means sigv4.Local{} (any key).
	Auth sigv4.Authenticator
	// Logger receives one Debug line per request and errors; nil discards.
	Logger *slog.Logger
	// MaxBodyBytes bounds request bodies; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// MaxBodyBytesInFlight bounds the body bytes of all requests being
	// served at once: each request reserves its Content-Length (or
	// MaxBodyBytes when it sends none) before its body is read, until it
	// is answered, and is a ThrottlingException when the room cannot be had
	// within a short wait. 0 means 16 × MaxBodyBytes (budget.go); it is at
	// least MaxBodyBytes; a negative value means no bound.
	MaxBodyBytesInFlight int64
	// NewRequestID returns a request id; nil means a random UUID v4.
	NewRequestID func() string
	// MaxMemberBytes bounds each string member the model leaves unbounded,
	// and MaxListItems each list or map; 0 means the defaults (see limits.go).
	MaxMemberBytes, MaxListItems int
	// Authorize, when set, decides whether the authenticated caller may run
	// op with this (valid) input, after validation; its error is the answer,
	// typically an *api.AccessDeniedException.
	Authorize func(ctx context.Context, id caller.Identity, op string, in api.Input) error
	// Admit, when set, runs last before dispatch: quotas and injected
	// faults. Its error is the answer (it may implement RetryAfter);
	// ErrDropConnection and ErrDropResponse close the connection without an
	// answer, before or after dispatch.
	Admit func(ctx context.Context, id caller.Identity, op string) error
	// CheckOutput, when set, checks each output of the service before it is
	// sent; an error is logged and answered 500 InternalServerException. For
	// tests; nil in production.
	CheckOutput func(op string, out any) error
	// Observe, when set, is called once per request, after it is answered
	// or dropped, with what the handler knows of it: the request recorder
	// and the metrics. It runs on the request's goroutine, so it must be
	// quick.
	Observe func(Exchange)
	// RewriteOutput, when set, rewrites the JSON of each output before it
	// is sent, for what the model's Go values cannot carry (package
	// realism's __type members); an error is answered 500
	// InternalServerException. nil sends outputs as encoded.
	RewriteOutput func(op string, body []byte) ([]byte, error)
}

// Handler is the http.Handler of the AWS JSON 1.0 protocol.
type Handler struct {
	svc       api.Service
	auth      sigv4.Authenticator
	precheck  sigv4.Prechecker // auth, when it is one
	twoStep   sigv4.TwoStep    // auth, when it is one: parsed once for both steps
	encoded   EncodedAnswerer  // svc, when it is one and nothing needs outputs' Go values
	log       *slog.Logger
	maxBody   int64
	bodies    *byteBudget // nil: no bound
	bodyBytes int64       // the budget's size, for messages
	bodyWait  time.Duration
	newID     func() string
	limits    limits
	authorize func(ctx context.Context, id caller.Identity, op string, in api.Input) error
	admit     func(ctx context.Context, id caller.Identity, op string) error
	check     func(op string, out any) error
	// onExchange is Config.Observe.
	onExchange func(Exchange)
	// rewrite is Config.RewriteOutput.
	rewrite func(op string, body []byte) ([]byte, error)
}

// New returns a Handler for cfg.
func New(cfg Config) *Handler {
	h := &Handler{svc: cfg.Service, auth: cfg.Auth, log: cfg.Logger, maxBody: cfg.MaxBodyBytes, bodyWait: bodyWait,
		newID: cfg.NewRequestID, limits: newLimits(cfg.MaxMemberBytes, cfg.MaxListItems), authorize: cfg.Authorize, admit: cfg.Admit,
		check: cfg.CheckOutput, onExchange: cfg.Observe, rewrite: cfg.RewriteOutput}
	if h.auth == nil {
		h.auth = sigv4.Local{}
	}
	h.precheck, _ = h.auth.(sigv4.Prechecker)
	h.twoStep, _ = h.auth.(sigv4.TwoStep)
	if e, ok := h.svc.(EncodedAnswerer); ok && h.check == nil && h.rewrite == nil {
		h.encoded = e
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.maxBody <= 0 {
		h.maxBody = DefaultMaxBodyBytes
	}
	if n := cfg.MaxBodyBytesInFlight; n >= 0 {
		if n == 0 {
			n = bodiesInFlight * h.maxBody
		}
		h.bodyBytes = max(n, h.maxBody) // the largest body must fit
		h.bodies = newByteBudget(h.bodyBytes)
	}
	if h.newID == nil {
		h.newID = uuid.NewString
	}
	return h
}

// exchange is one request in flight: what the access log, the error
// encoder and Config.Observe need to know about it.
type exchange struct {
	w           http.ResponseWriter
	r           *http.Request
	id          string
	op          string
	account     string // once authenticated
	catalog     string // once decoded
	contentType string // response flavour
	status      int
	errCode     string
	errMessage  string
	reqBody     []byte // once read
	respBody    []byte // once written
	wrote       bool
	dropped     bool
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Wall time only measures latency for the log; business time comes from clock.
	start := time.Now()
	x := &exchange{w: w, r: r, id: h.newID(), contentType: ContentType}
	w.Header()[headerRequestID] = []string{x.id}
	defer func() {
		p := recover()
		if p != nil && p != http.ErrAbortHandler {
			h.log.Error("panic serving request", "request_id", x.id, "op", x.op, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if !x.wrote {
				x.writeError(encodeError(errors.New("panic")))
			}
		}
		d := time.Since(start)
		h.logExchange(x, d)
		h.observe(x, start, d)
		if p == http.ErrAbortHandler {
			panic(p) // net/http closes the connection without an answer
		}
	}()
	h.serve(x)
}

// logExchange writes the request's Debug line.
func (h *Handler) logExchange(x *exchange, d time.Duration) {
	if !h.log.Enabled(x.r.Context(), slog.LevelDebug) {
		return
	}
	attrs := []any{"request_id", x.id, "op", x.op, "account", x.account, "catalog", x.catalog, "status", x.status, "duration", d}
	if x.dropped {
		attrs = append(attrs, "dropped", true)
	}
	if x.errCode != "" {
		attrs = append(attrs, "error", x.errCode, "error_message", x.errMessage)
	}
	h.log.Debug("request", attrs...)
}

func (h *Handler) serve(x *exchange) {
	r := x.r
	mt := mediaType(r)
	if mt == contentTypeJSON {
		x.contentType = contentTypeJSON
	}
	if r.Method != http.MethodPost {
		x.w.Header().Set("Allow", http.MethodPost)
		h.fail(x, methodNotAllowed(r.Method))
		return
	}
	op, err := resolve(r)
	if err != nil {
		h.fail(x, err)
		return
	}
	x.op = op.Name
	if mt != "" && mt != ContentType && mt != contentTypeJSON {
		h.fail(x, unsupportedMediaType(r.Header.Get("Content-Type")))
		return
	}
	if r.ContentLength > h.maxBody {
		h.fail(x, entityTooLarge(h.maxBody))
		return
	}
	// What can be checked without the body is, before it is read: a
	// request that cannot be authenticated costs no memory.
	var prechecked sigv4.Prechecked
	switch {
	case h.twoStep != nil:
		if prechecked, err = h.twoStep.PrecheckRequest(r); err != nil {
			h.fail(x, err)
			return
		}
	case h.precheck != nil:
		if err := h.precheck.Precheck(r); err != nil {
			h.fail(x, err)
			return
		}
	}
	release, err := h.reserveBody(x)
	if err != nil {
		h.fail(x, err)
		return
	}
	defer release()
	body, err := h.readBody(x)
	if err != nil {
		h.fail(x, err)
		return
	}
	x.reqBody = body
	id, err := h.authenticate(r, body, prechecked)
	if err != nil {
		h.fail(x, err)
		return
	}
	x.account = id.AccountID
	ctx := caller.NewContext(r.Context(), id)
	in, err := h.limits.decodeInput(op, body)
	if in != nil {
		x.catalog = api.CatalogOf(in)
	}
	if err != nil {
		h.fail(x, err)
		return
	}
	if h.authorize != nil {
		if err := h.authorize(ctx, id, op.Name, in); err != nil {
			h.fail(x, err)
			return
		}
	}
	dropResponse := false
	if h.admit != nil {
		switch err := h.admit(ctx, id, op.Name); {
		case errors.Is(err, ErrDropConnection):
			h.drop(x)
		case errors.Is(err, ErrDropResponse):
			dropResponse = true
		case err != nil:
			h.fail(x, err)
			return
		}
	}
	if body, ok, err := h.encodedAnswer(ctx, op.Name, in); ok || err != nil {
		if dropResponse {
			h.drop(x)
		}
		if err != nil {
			h.fail(x, err)
			return
		}
		x.write(http.StatusOK, body)
		return
	}
	out, err := h.call(ctx, op, in)
	if dropResponse {
		h.drop(x)
	}
	if err != nil {
		h.fail(x, err)
		return
	}
	if op.OutputShape == "" {
		// Operations without output answer with an empty body (spec §1.5).
		x.write(http.StatusOK, nil)
		return
	}
	if h.check != nil {
		if err := h.check(op.Name, out); err != nil {
			h.fail(x, fmt.Errorf("%s output: %v", op.Name, err)) // %v: never answered as the error it may wrap
			return
		}
	}
	b, err := marshalOutput(out)
	if err == nil && h.rewrite != nil {
		b, err = h.rewrite(op.Name, b)
	}
	if err != nil {
		h.fail(x, fmt.Errorf("encode %s output: %w", op.Name, err))
		return
	}
	x.write(http.StatusOK, b)
}

// authenticate finishes what the precheck began.
func (h *Handler) authenticate(r *http.Request, body []byte, p sigv4.Prechecked) (caller.Identity, error) {
	if h.twoStep != nil {
		return h.twoStep.AuthenticatePrechecked(r, body, p)
	}
	return h.auth.Authenticate(r, body)
}

// call runs op on the service; without one, no operation is implemented.
func (h *Handler) call(ctx context.Context, op *api.Operation, in api.Input) (any, error) {
	if h.svc == nil {
		return nil, &notImplementedError{op: op.Name}
	}
	return op.Call(ctx, h.svc, in)
}

// ErrDropConnection and ErrDropResponse, returned by Config.Admit, make the
// handler close the connection without answering: before dispatching the
// request, or after (the write is done but the client never hears of it).
var (
	ErrDropConnection = errors.New("awsjson: drop the connection")
	ErrDropResponse   = errors.New("awsjson: drop the connection after dispatch")
)

// drop aborts the exchange: net/http closes the connection without writing
// a response (http.ErrAbortHandler is its sentinel for that).
func (h *Handler) drop(x *exchange) {
	x.dropped = true
	panic(http.ErrAbortHandler)
}

// mediaType is the request's lower-case media type without parameters, or
// "" when there is no Content-Type.
func mediaType(r *http.Request) string {
	ct := r.Header.Get("Content-Type")
	if ct == "" || ct == ContentType || ct == contentTypeJSON {
		return ct // what the SDKs send, without parsing (which allocates)
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(ct))
	}
	return mt
}

// readBody reads at most maxBody bytes of the body; a declared length is
// read into one buffer of that size (io.ReadAll would double its way up).
func (h *Handler) readBody(x *exchange) ([]byte, error) {
	var body bytes.Buffer
	if n := x.r.ContentLength; n > 0 {
		body.Grow(int(n) + bytes.MinRead) // the room ReadFrom wants to see EOF
	}
	_, err := body.ReadFrom(http.MaxBytesReader(x.w, x.r.Body, h.maxBody))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, entityTooLarge(h.maxBody)
	case err != nil:
		return nil, serializationError("Could not read the request body: %v.", err)
	}
	return body.Bytes(), nil
}

// validationError is the ValidationException for input that breaks the
// model's constraints; the message summarises every problem.
func validationError(problems []api.ValidationExceptionError) error {
	const maxListed = 10
	var b strings.Builder
	if len(problems) == 1 {
		b.WriteString("1 validation error detected:")
	} else {
		fmt.Fprintf(&b, "%d validation errors detected:", len(problems))
	}
	for i, p := range problems {
		if i == maxListed {
			fmt.Fprintf(&b, " (and %d more; see ErrorList)", len(problems)-maxListed)
			break
		}
		if p.Message != nil {
			b.WriteString(" " + *p.Message)
		}
	}
	return api.NewValidationException(api.ValidationExceptionReasonRequestValidationFailed, b.String(), problems)
}

func marshalOutput(out any) ([]byte, error) {
	if out == nil {
		return []byte("{}"), nil
	}
	return marshal(out)
}

// fail writes err as an error response and logs 5xx causes once, here at
// the edge.
func (h *Handler) fail(x *exchange, err error) {
	e := encodeError(err)
	if e.internal {
		level := slog.LevelError
		if errors.Is(err, context.Canceled) && x.r.Context().Err() != nil {
			level = slog.LevelDebug // the client went away; nothing is broken
		}
		h.log.Log(x.r.Context(), level, "request failed", "request_id", x.id, "op", x.op, "error", err.Error())
	}
	var ra RetryAfter
	if errors.As(err, &ra) && ra.RetryAfter() > 0 {
		x.w.Header().Set("Retry-After", retryAfterSeconds(ra.RetryAfter()))
	}
	x.writeError(e)
}

func (x *exchange) writeError(e encodedError) {
	x.w.Header()[headerErrorType] = []string{e.errorType}
	x.errCode, x.errMessage = e.code, e.message
	x.write(e.status, e.body)
}

func (x *exchange) write(status int, body []byte) {
	hdr := x.w.Header()
	hdr.Set("Content-Type", x.contentType)
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	x.status, x.wrote, x.respBody = status, true, body
	x.w.WriteHeader(status)
	_, _ = x.w.Write(body) // a failed write means the client is gone
}
