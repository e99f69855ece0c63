package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// canonicalRequest builds the SigV4 canonical request of r as the SDKs do
// for non-S3 services: the escaped path escaped once more, the query sorted
// and RFC 3986-encoded (without X-Amz-Signature when presigned), each signed
// header as name:trimmed-value in the client's order, and the SHA-256 of the
// raw body (the JSON protocol never uses UNSIGNED-PAYLOAD).
func canonicalRequest(r *http.Request, body []byte, signedHeaders []string) string {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')
	b.WriteString(canonicalURI(r.URL))
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(r.URL))
	b.WriteByte('\n')
	for _, name := range signedHeaders {
		b.WriteString(name)
		b.WriteByte(':')
		b.WriteString(headerValue(r, name))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(signedHeaders, ";"))
	b.WriteByte('\n')
	b.WriteString(hashHex(body))
	return b.String()
}

func canonicalURI(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	return escape(p, false)
}

func canonicalQuery(u *url.URL) string {
	q, _ := url.ParseQuery(u.RawQuery)
	q.Del("X-Amz-Signature")
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var pairs []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			pairs = append(pairs, escape(k, true)+"="+escape(v, true))
		}
	}
	return strings.Join(pairs, "&")
}

// headerValue is the canonical value of a signed header. Go's server moves
// Host out of r.Header into r.Host; Content-Length stays in r.Header but
// falls back to r.ContentLength when a client or test did not set it.
func headerValue(r *http.Request, name string) string {
	var values []string
	switch strings.ToLower(name) {
	case "host":
		values = []string{r.Host}
		if r.Host == "" {
			values = []string{r.URL.Host}
		}
	case "content-length":
		values = r.Header.Values("Content-Length")
		if len(values) == 0 && r.ContentLength >= 0 {
			values = []string{strconv.FormatInt(r.ContentLength, 10)}
		}
	default:
		values = r.Header.Values(name)
	}
	for i, v := range values {
		values[i] = strings.Join(strings.Fields(v), " ")
	}
	return strings.Join(values, ",")
}

// escape is RFC 3986 percent-encoding of everything but unreserved
// characters; '/' is kept unless escapeSlash.
func escape(s string, escapeSlash bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '~' || c == '/' && !escapeSlash {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

func stringToSign(amzDate, scope, canonical string) string {
	return algorithmHMACSHA256 + "\n" + amzDate + "\n" + scope + "\n" + hashHex([]byte(canonical))
}

// signature returns the hex HMAC of the string to sign under the key derived
// from the secret and the scope.
func signature(secret string, sig *Signature, sts string) string {
	k := hmacSHA256([]byte("AWS4"+secret), sig.Date)
	k = hmacSHA256(k, sig.Region)
	k = hmacSHA256(k, sig.Service)
	k = hmacSHA256(k, scopeTerminator)
	return hex.EncodeToString(hmacSHA256(k, sts))
}

func hmacSHA256(key []byte, data string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(data))
	return h.Sum(nil)
}

func hashHex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Sign adds a SigV4 Authorization header to r the way the AWS SDKs do
// (setting X-Amz-Date, and X-Amz-Security-Token when cred has a session
// token). It signs host, content-type, content-length when set, and every
// X-Amz-* header. For tests and tools that talk to pcs without an SDK.
func Sign(r *http.Request, body []byte, cred Credential, region, service string, t time.Time) {
	t = t.UTC()
	r.Header.Set("X-Amz-Date", t.Format(amzDateLayout))
	if cred.SessionToken != "" {
		r.Header.Set("X-Amz-Security-Token", cred.SessionToken)
	}
	signed := []string{"host"}
	for name := range r.Header {
		l := strings.ToLower(name)
		if l == "content-type" || l == "content-length" || strings.HasPrefix(l, "x-amz-") {
			signed = append(signed, l)
		}
	}
	sort.Strings(signed)
	sig := &Signature{
		AccessKeyID: cred.AccessKeyID, Date: t.Format(scopeDateLayout), Region: region,
		Service: service, Terminator: scopeTerminator, AmzDate: t.Format(amzDateLayout),
	}
	sts := stringToSign(sig.AmzDate, sig.Scope(), canonicalRequest(r, body, signed))
	r.Header.Set("Authorization", algorithmHMACSHA256+" Credential="+cred.AccessKeyID+"/"+sig.Scope()+
		", SignedHeaders="+strings.Join(signed, ";")+", Signature="+signature(cred.SecretAccessKey, sig, sts))
}
