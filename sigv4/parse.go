package sigv4

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Signature is what a request claims about its SigV4 signature, before any
// check against a secret: the credential scope, the signed-header list, the
// signature and the signing time.
type Signature struct {
	AccessKeyID   string
	Date          string // yyyymmdd of the credential scope
	Region        string
	Service       string
	Terminator    string   // aws4_request
	SignedHeaders []string // as listed by the client (lower-case, sorted when well-formed)
	Signature     string   // hex
	AmzDate       string   // signing time as sent: X-Amz-Date, or the Date header
	Time          time.Time
	SecurityToken string
	Presigned     bool          // query-string form (X-Amz-Signature in the URL)
	Expires       time.Duration // presigned only; 0 when X-Amz-Expires is absent
}

// Scope returns the credential scope: date/region/service/aws4_request.
func (s *Signature) Scope() string {
	return s.Date + "/" + s.Region + "/" + s.Service + "/" + s.Terminator
}

// Parse reads the SigV4 signature of r from its Authorization header or,
// when there is none, from the presigned query-string form. It checks the
// shape only (every part present, a five-part credential scope ending in
// aws4_request, a parseable signing time that matches the scope date); it does
// not check the service, region, time skew or the signature itself.
func Parse(r *http.Request) (*Signature, error) {
	if auth := r.Header.Get("Authorization"); auth != "" {
		return parseHeader(r, auth)
	}
	q := r.URL.Query()
	if q.Has("X-Amz-Algorithm") || q.Has("X-Amz-Credential") || q.Has("X-Amz-Signature") {
		return parseQuery(r, q)
	}
	return nil, newError(CodeMissingAuthenticationToken, msgMissingToken)
}

func parseHeader(r *http.Request, auth string) (*Signature, error) {
	// The three parameters SigV4 reads; any other is ignored, and of one
	// given twice the last counts.
	var params struct{ Credential, Signature, SignedHeaders string }
	algorithm, rest, _ := strings.Cut(strings.TrimSpace(auth), " ")
	// A foreign scheme (Basic, Bearer, SigV2, SigV4a) has none of the SigV4
	// parameters; AWS then reports all of them missing, as below.
	if algorithm == algorithmHMACSHA256 {
		for part := range strings.SplitSeq(rest, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			k, v, ok := strings.Cut(part, "=")
			if !ok {
				return nil, newError(CodeIncompleteSignature, fmt.Sprintf(
					"'%s' not a valid key=value pair (missing equal-sign) in Authorization header: '%s'.", part, auth))
			}
			switch v = strings.TrimSpace(v); strings.TrimSpace(k) {
			case "Credential":
				params.Credential = v
			case "Signature":
				params.Signature = v
			case "SignedHeaders":
				params.SignedHeaders = v
			}
		}
	}
	amzDate, dateFromHeader := r.Header.Get("X-Amz-Date"), false
	if amzDate == "" {
		amzDate = r.Header.Get("Date")
		dateFromHeader = amzDate != ""
	}

	var missing strings.Builder
	for _, p := range []struct{ name, value string }{
		{"Credential", params.Credential}, {"Signature", params.Signature}, {"SignedHeaders", params.SignedHeaders},
	} {
		if p.value == "" {
			fmt.Fprintf(&missing, "Authorization header requires '%s' parameter. ", p.name)
		}
	}
	if amzDate == "" {
		missing.WriteString("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ")
	}
	if missing.Len() > 0 {
		return nil, newError(CodeIncompleteSignature, missing.String()+"Authorization="+auth)
	}

	sig := &Signature{
		Signature:     params.Signature,
		SignedHeaders: strings.Split(params.SignedHeaders, ";"),
		SecurityToken: r.Header.Get("X-Amz-Security-Token"),
	}
	if err := sig.setCredential(params.Credential); err != nil {
		return nil, err
	}
	if err := sig.setTime(amzDate, dateFromHeader); err != nil {
		return nil, err
	}
	return sig, sig.checkShape()
}

func parseQuery(r *http.Request, q url.Values) (*Signature, error) {
	var missing strings.Builder
	for _, name := range []string{"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"} {
		if q.Get(name) == "" {
			fmt.Fprintf(&missing, "AWS query-string parameters must include '%s'. ", name)
		}
	}
	if missing.Len() > 0 {
		return nil, newError(CodeIncompleteSignature, missing.String()+"Re-examine the query-string parameters.")
	}
	if a := q.Get("X-Amz-Algorithm"); a != algorithmHMACSHA256 {
		return nil, newError(CodeIncompleteSignature, fmt.Sprintf(
			"X-Amz-Algorithm only supports '%s', not '%s'.", algorithmHMACSHA256, a))
	}
	sig := &Signature{
		Presigned:     true,
		Signature:     q.Get("X-Amz-Signature"),
		SignedHeaders: strings.Split(q.Get("X-Amz-SignedHeaders"), ";"),
		SecurityToken: q.Get("X-Amz-Security-Token"),
	}
	if e := q.Get("X-Amz-Expires"); e != "" {
		n, err := strconv.Atoi(e)
		if err != nil || n < 1 || n > maxPresignExpiresInSec {
			return nil, newError(CodeIncompleteSignature, fmt.Sprintf(
				"X-Amz-Expires must be a whole number of seconds from 1 to %d; got '%s'.", maxPresignExpiresInSec, e))
		}
		sig.Expires = time.Duration(n) * time.Second
	}
	if err := sig.setCredential(q.Get("X-Amz-Credential")); err != nil {
		return nil, err
	}
	if err := sig.setTime(q.Get("X-Amz-Date"), false); err != nil {
		return nil, err
	}
	return sig, sig.checkShape()
}

func (s *Signature) setCredential(v string) error {
	parts := strings.Split(v, "/")
	if len(parts) != 5 || parts[0] == "" || parts[1] == "" || parts[2] == "" || parts[3] == "" {
		return newError(CodeIncompleteSignature, fmt.Sprintf(
			"Credential should be of the form <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request; got '%s'.", v))
	}
	s.AccessKeyID, s.Date, s.Region, s.Service, s.Terminator = parts[0], parts[1], parts[2], parts[3], parts[4]
	if s.Terminator != scopeTerminator {
		return newError(CodeInvalidSignature, fmt.Sprintf(
			"Credential should be scoped with a valid terminator: '%s', not '%s'. ", scopeTerminator, s.Terminator))
	}
	return nil
}

// setTime parses the signing time. SDKs send X-Amz-Date in ISO 8601 basic
// form; SigV4 also allows the HTTP Date header when X-Amz-Date is absent.
func (s *Signature) setTime(v string, httpDate bool) error {
	var t time.Time
	var err error
	if httpDate {
		t, err = http.ParseTime(v)
	} else {
		t, err = time.Parse(amzDateLayout, v)
	}
	if err != nil {
		return newError(CodeIncompleteSignature, fmt.Sprintf(
			"Date must be in ISO-8601 'basic format' (yyyyMMdd'T'HHmmss'Z'). Got '%s'.", v))
	}
	s.Time, s.AmzDate = t.UTC(), v
	if httpDate {
		s.AmzDate = s.Time.Format(amzDateLayout) // the string to sign uses the ISO form
	}
	return nil
}

// checkShape checks what needs no configuration: the scope date matches the
// signing time, and host is signed (every SDK signs it; without it a
// signature could be replayed against another endpoint).
func (s *Signature) checkShape() error {
	if day := s.Time.Format(scopeDateLayout); s.Date != day {
		return newError(CodeInvalidSignature, fmt.Sprintf(
			"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.",
			s.Date, day, s.AmzDate))
	}
	for _, h := range s.SignedHeaders {
		if strings.EqualFold(h, "host") {
			return nil
		}
	}
	where := "Authorization"
	if s.Presigned {
		where = "X-Amz-SignedHeaders"
	}
	return newError(CodeIncompleteSignature, fmt.Sprintf("'Host' or ':authority' must be a 'SignedHeader' in the AWS %s.", where))
}
