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
	if !s.anyIn(b) {
		return b, false // nearly every body: searched once for the fewest secrets
	}
	for _, v := range s {
		if holds(b, v) {
			b, changed = bytes.ReplaceAll(b, []byte(v), []byte(redacted)), true
		}
	}
	return b, changed
}

// redactKept is redactBytes for a body a record keeps only limit bytes
// of: when neither those bytes nor a secret running past them hold any
// secret, b comes back as it is, unsearched beyond that, since what is
// kept holds none (a page of 100 opportunities is 100 KB, of which 16 are
// kept). Otherwise the whole body is redacted, as a replacement moves
// later bytes into the part kept.
func (s secrets) redactKept(b []byte, limit int) (_ []byte, changed bool) {
	longest := 0
	for _, v := range s {
		longest = max(longest, len(v))
	}
	if n := limit + longest; len(b) > n && !s.anyIn(b[:n]) {
		return b, false
	}
	return s.redactBytes(b)
}

// anyIn reports whether b holds any of the secrets. A secret that holds
// another (the Authorization header holds its Signature and Credential)
// can be in b only where that one is, so only the secrets that hold no
// other are looked for (of equal ones, the first).
func (s secrets) anyIn(b []byte) bool {
	for i, v := range s {
		if !s.holdsAnother(i) && holds(b, v) {
			return true
		}
	}
	return false
}

func (s secrets) holdsAnother(i int) bool {
	for j, w := range s {
		if j != i && (len(w) < len(s[i]) || j < i) && strings.Contains(s[i], w) {
			return true
		}
	}
	return false
}

// searchWindow is how much of a secret holds searches for before
// comparing the rest: bytes.Contains looks for a needle longer than the
// vectorised search takes (a signature's 64 hex digits, an Authorization
// header) a byte at a time.
const searchWindow = 31

// holds reports whether b holds v. It looks for the window of v that
// starts at v's rarest byte in the bodies pcs answers, then compares the
// rest: the search skips ahead to each occurrence of the window's first
// byte, and one as common as a signature's leading "e" or an access key's
// "1" in an answer that names the account made it fall back to comparing
// at every position, 20 times slower (1.1 µs, not 40 ns, on an answer of
// 2 KB).
func holds(b []byte, v string) bool {
	n := min(searchWindow, len(v))
	at := rarestStart(v, n)
	window := []byte(v[at : at+n])
	for i := at; i+len(v)-at <= len(b); i++ { // i: where the window would be
		j := bytes.Index(b[i:], window)
		if j < 0 {
			return false
		}
		i += j
		if start := i - at; start+len(v) <= len(b) && string(b[start:start+len(v)]) == v {
			return true
		}
	}
	return false
}

// rarestStart is the position of v's rarest byte among those a window of
// n bytes can start at (of equally rare ones, the first).
func rarestStart(v string, n int) int {
	at := 0
	for i := 1; i+n <= len(v); i++ {
		if byteFrequency[v[i]] < byteFrequency[v[at]] {
			at = i
		}
	}
	return at
}

// answerBytes are the bytes of pcs's answers from the most frequent to
// the least, as counted in 1,000 GetOpportunity answers of a seeded store
// (JSON of English words, names, dates and ids); a byte not listed is
// rarer still.
const answerBytes = `"etsnalor:iu,mcd pC0SAy1wgfPhN2-OM5R[]{D}kT4.IEv/Ux7bFL83BW96HVZjz@J+'qQ`

// byteFrequency ranks each byte by answerBytes: the higher, the more
// frequent; 0 for one not listed.
var byteFrequency = func() (rank [256]uint8) {
	for i, c := range []byte(answerBytes) {
		rank[c] = uint8(len(answerBytes) - i)
	}
	return rank
}()

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
