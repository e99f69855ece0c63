package awsjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strconv"
	"time"

	"pcs/api"
)

// Error namespaces. Modeled exceptions carry the real service's Coral
// namespace (spec §1.2: x-amzn-ErrorType on live responses); the front
// end's own errors (authentication, serialization, routing) carry Coral's.
const (
	serviceNamespace  = "com.amazon.partnerintegrationapi.common"
	frontEndNamespace = "com.amazon.coral.service"
)

// frontEndError is implemented by *ProtocolError and *sigv4.Error: failures
// of the AWS front end (protocol and authentication), encoded with a
// lower-case "message" member.
type frontEndError interface {
	error
	ErrorCode() string
	ErrorMessage() string
	HTTPStatus() int
	FrontEnd() bool
}

// RetryAfter may be implemented by an error (e.g. a wrapped
// ThrottlingException) to ask clients to wait: the handler then sends
// Retry-After, which the JS SDK honours (wire README §8).
type RetryAfter interface {
	RetryAfter() time.Duration
}

// encodedError is an error response ready to write.
type encodedError struct {
	status    int
	errorType string // x-amzn-ErrorType
	body      []byte
	code      string // for logs
	message   string // as answered, for logs
	internal  bool   // a 5xx to log at error level with the cause
}

const internalMessage = "An internal error occurred. Retry the request; if it keeps failing, check the pcs server log for this request id."

// encodeError maps err to its wire form (wire README §7: boto3 and the CLI
// read only __type; the JS SDK also reads x-amzn-ErrorType; both headers
// and body are sent so every client maps the exception).
func encodeError(err error) encodedError {
	var fe frontEndError
	if errors.As(err, &fe) {
		return encodedError{
			status:    fe.HTTPStatus(),
			errorType: fe.ErrorCode() + ":http://internal.amazon.com/coral/" + frontEndNamespace + "/",
			body:      frontEndBody(frontEndNamespace+"#"+fe.ErrorCode(), fe.ErrorMessage()),
			code:      fe.ErrorCode(),
			message:   fe.ErrorMessage(),
			internal:  fe.HTTPStatus() >= 500,
		}
	}
	var ni *notImplementedError
	if errors.As(err, &ni) {
		// 501: no client retries it, and it says plainly that pcs (not the
		// caller) is missing something.
		return encodedError{
			status:    501,
			errorType: "NotImplementedException",
			body:      frontEndBody("NotImplementedException", ni.Error()+"."),
			code:      "NotImplementedException",
			message:   ni.Error() + ".",
		}
	}
	var ae api.APIError
	if errors.As(err, &ae) {
		if body, ok := modeledBody(ae); ok {
			return encodedError{
				status:    ae.HTTPStatus(),
				errorType: ae.ErrorCode() + ":http://internal.amazon.com/coral/" + serviceNamespace + "/",
				body:      body,
				code:      ae.ErrorCode(),
				message:   ae.Error(),
				internal:  ae.HTTPStatus() >= 500,
			}
		}
	}
	ise := api.NewInternalServerException(internalMessage)
	body, _ := modeledBody(ise)
	return encodedError{
		status:    ise.HTTPStatus(),
		errorType: ise.ErrorCode() + ":http://internal.amazon.com/coral/" + serviceNamespace + "/",
		body:      body,
		code:      ise.ErrorCode(),
		message:   internalMessage,
		internal:  true,
	}
}

func frontEndBody(typ, msg string) []byte {
	b, _ := marshal(struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}{typ, msg})
	return b
}

// marshal is json.Marshal without HTML escaping: messages quote things like
// <Operation>, and clients need no protection from them.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// modeledBody is __type followed by the exception's members in model order,
// without null members, and always with a Message (clients show it; JS
// says "UnknownError" when it is missing).
func modeledBody(ae api.APIError) ([]byte, bool) {
	raw, err := marshal(ae)
	if err != nil {
		return nil, false
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil {
		return nil, false // not a struct; fall back to InternalServerException
	}
	if m, ok := members["Message"]; !ok || string(m) == "null" {
		members["Message"], _ = marshal(ae.ErrorCode())
	}
	var b bytes.Buffer
	b.WriteString(`{"__type":`)
	typ, _ := marshal(serviceNamespace + "#" + ae.ErrorCode())
	b.Write(typ)
	for _, name := range memberOrder(ae) {
		v, ok := members[name]
		if !ok || string(v) == "null" {
			continue
		}
		b.WriteByte(',')
		k, _ := marshal(name)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), true
}

// memberOrder lists the JSON member names of an exception struct: Message
// first (it reads best), then the others in field order.
func memberOrder(v any) []string {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	names := []string{"Message"}
	if t.Kind() == reflect.Struct {
		for f := range t.Fields() {
			if n := jsonName(f); f.IsExported() && n != "Message" && n != "-" {
				names = append(names, n)
			}
		}
	}
	return names
}

func jsonName(f reflect.StructField) string {
	tag := f.Tag.Get("json")
	for i := 0; i < len(tag); i++ {
		if tag[i] == ',' {
			tag = tag[:i]
			break
		}
	}
	if tag == "" {
		return f.Name
	}
	return tag
}

// retryAfterSeconds formats a Retry-After value (whole seconds, rounded up).
func retryAfterSeconds(d time.Duration) string {
	return strconv.FormatInt(int64(math.Ceil(d.Seconds())), 10)
}

// notImplementedError answers every operation of a Handler without a Service.
type notImplementedError struct {
	op string
}

func (e *notImplementedError) Error() string {
	return e.op + " is not implemented by pcs yet"
}
