package reqlog

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// signingParams are the query parameters of a presigned request that carry
// credentials: the signature, the credential scope (with the access key
// id) and the session token. Their values are never kept.
var signingParams = []string{"X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token"}

const redacted = "[redacted]"

// secrets are the credential strings a request carries: a record replaces
// them wherever they show up again, such as in an error message that
// quotes the Authorization header back.
type secrets []string

// minSecret keeps short values (an empty or one-letter parameter) from
// being redacted everywhere they occur by chance.
const minSecret = 8

// credentialsOf collects the credential strings of r: the Authorization
// header whole and its Credential and Signature, the session token header,
// and the signing parameters of the query.
func credentialsOf(r *http.Request) secrets {
	if r == nil {
		return nil
	}
	var s secrets
	add := func(v string) {
		if v = strings.TrimSpace(v); len(v) >= minSecret {
			s = append(s, v)
		}
	}
	for _, auth := range r.Header.Values("Authorization") {
		add(auth)
		_, params, _ := strings.Cut(auth, " ")
		for part := range strings.SplitSeq(params, ",") {
			if k, v, ok := strings.Cut(strings.TrimSpace(part), "="); ok && (k == "Credential" || k == "Signature") {
				add(v)
			}
		}
	}
	for _, v := range r.Header.Values("X-Amz-Security-Token") {
		add(v)
	}
	if r.URL != nil && r.URL.RawQuery != "" {
		q, _ := url.ParseQuery(r.URL.RawQuery)
		for k, vs := range q {
			if isSigningParam(k) {
				for _, v := range vs {
					add(v)
				}
			}
		}
	}
	// The longest first, so that a value inside another (the signature in
	// the Authorization header) does not leave the rest of it behind.
	slices.SortFunc(s, func(a, b string) int { return len(b) - len(a) })
	return s
}

func isSigningParam(name string) bool {
	for _, p := range signingParams {
		if strings.EqualFold(name, p) {
			return true
		}
	}
	return false
}

func (s secrets) redact(text string) string {
	for _, v := range s {
		text = strings.ReplaceAll(text, v, redacted)
	}
	return text
}

// redactBytes is redact for a body; it returns b itself, and changed
// false, when b holds none of the secrets.
func (s secrets) redactBytes(b []byte) (_ []byte, changed bool) {
	for _, v := range s {
		if bytes.Contains(b, []byte(v)) {
			b, changed = bytes.ReplaceAll(b, []byte(v), []byte(redacted)), true
		}
	}
	return b, changed
}

// redactQuery is a raw query with the values of its signing parameters
// replaced; the other parameters are kept as sent.
func redactQuery(raw string) string {
	if raw == "" {
		return ""
	}
	parts := strings.Split(raw, "&")
	for i, p := range parts {
		k, _, _ := strings.Cut(p, "=")
		if name, err := url.QueryUnescape(k); err == nil && isSigningParam(name) || err != nil && isSigningParam(k) {
			parts[i] = k + "=" + url.QueryEscape(redacted)
		}
	}
	return strings.Join(parts, "&")
}
