package reqlog

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MaxLimit bounds Query.Limit, and DefaultLimit is the limit when it is 0.
const (
	MaxLimit     = 1000
	DefaultLimit = 100
)

// Query selects recorded requests. Empty fields select everything.
type Query struct {
	Operation, Account, Catalog string
	// RequestID selects the one request with that x-amzn-RequestId.
	RequestID string
	// Status is an HTTP status (400), a class (2xx, 4xx, 5xx), ok (2xx),
	// error (anything else, dropped connections included) or dropped.
	Status string
	// ErrorType is an error code: ValidationException, ...
	ErrorType string
	// Contains keeps the records whose request or response body, error
	// message or query holds this text, such as an opportunity's id. The
	// ring is in memory and bounded, so the scan costs little.
	Contains string
	// Since keeps requests that arrived at or after it.
	Since time.Time
	// After, when positive, keeps the records after that cursor (a Seq, or
	// a Page's Next) and, when more match than Limit, the oldest of them:
	// a follower reading from Next misses none. Otherwise the newest
	// matching records are taken.
	After int64
	// Before, when positive, keeps the records before that Seq: the page
	// older than a page whose last record it is.
	Before int64
	// Limit bounds the records answered: 1 to MaxLimit, 0 for DefaultLimit.
	Limit int
}

// Page is the records a Query found, newest first.
type Page struct {
	Requests []Record
	// Next is the cursor to follow from, the After of the next Query to
	// get only what came since: every record up to it was looked at.
	Next int64
	// Missed counts the records after Query.After that left the ring
	// before they were read (the reader fell more than the ring behind).
	Missed int64 `json:",omitempty"`
}

// Check reports what is wrong with q, as a message for the caller.
func (q Query) Check() error {
	if _, err := statusMatcher(q.Status); err != nil {
		return err
	}
	if q.Limit < 0 || q.Limit > MaxLimit {
		return fmt.Errorf("limit must be 1 to %d", MaxLimit)
	}
	if q.After < 0 || q.Before < 0 {
		return fmt.Errorf("after and before must be cursors: whole numbers from a previous answer")
	}
	return nil
}

// Find answers q. The records are picked under the log's lock and their
// bodies made JSON after it, so that a long page does not hold up the
// requests being recorded meanwhile.
func (l *Log) Find(q Query) (Page, error) {
	if err := q.Check(); err != nil {
		return Page{}, err
	}
	page := l.pick(q)
	for i := range page.Requests {
		page.Requests[i] = page.Requests[i].shown()
	}
	return page, nil
}

// pick is the page of records q asks for, as the ring keeps them.
func (l *Log) pick(q Query) Page {
	status, _ := statusMatcher(q.Status)
	limit := q.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	match := func(r *Record) bool {
		return (q.Operation == "" || r.Operation == q.Operation) && (q.Account == "" || r.Account == q.Account) &&
			(q.Catalog == "" || r.Catalog == q.Catalog) && (q.RequestID == "" || r.RequestID == q.RequestID) &&
			(q.ErrorType == "" || r.ErrorType == q.ErrorType) && (q.Since.IsZero() || !r.Time.Before(q.Since)) && status(r) && (q.Contains == "" || contains(r, q.Contains))
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	oldest := max(l.last-int64(len(l.ring))+1, 1)
	lo, hi := oldest, l.last // the Seqs to look at
	if q.After > 0 {
		lo = max(lo, q.After+1)
	}
	if q.Before > 0 {
		hi = min(hi, q.Before-1)
	}
	page := Page{Requests: []Record{}, Next: max(hi, q.After)}
	if q.After > 0 && q.After+1 < oldest {
		page.Missed = oldest - q.After - 1
	}
	at := func(seq int64) *Record { return &l.ring[(seq-1)%int64(len(l.ring))] }
	if q.After > 0 {
		// Oldest first up to the limit, then turned newest first.
		for seq := lo; seq <= hi; seq++ {
			if r := at(seq); match(r) {
				if len(page.Requests) == limit {
					page.Next = page.Requests[limit-1].Seq // the follower goes on from here
					break
				}
				page.Requests = append(page.Requests, *r)
			}
		}
		for i, j := 0, len(page.Requests)-1; i < j; i, j = i+1, j-1 {
			page.Requests[i], page.Requests[j] = page.Requests[j], page.Requests[i]
		}
		return page
	}
	for seq := hi; seq >= lo && len(page.Requests) < limit; seq-- {
		if r := at(seq); match(r) {
			page.Requests = append(page.Requests, *r)
		}
	}
	return page
}

// statusMatcher parses Query.Status.
func statusMatcher(s string) (func(*Record) bool, error) {
	switch s = strings.ToLower(s); s {
	case "":
		return func(*Record) bool { return true }, nil
	case "ok":
		return func(r *Record) bool { return r.Status/100 == 2 }, nil
	case "error":
		return func(r *Record) bool { return r.Status/100 != 2 }, nil
	case "dropped":
		return func(r *Record) bool { return r.Dropped }, nil
	case "1xx", "2xx", "3xx", "4xx", "5xx":
		class := int(s[0] - '0')
		return func(r *Record) bool { return r.Status/100 == class }, nil
	}
	code, err := strconv.Atoi(s)
	if err != nil || code < 100 || code > 599 {
		return nil, fmt.Errorf("status %q: want an HTTP status (400), a class (4xx), ok, error or dropped", s)
	}
	return func(r *Record) bool { return r.Status == code }, nil
}

// contains reports whether r's bodies (the part kept, as sent), error
// message or query hold text.
func contains(r *Record, text string) bool {
	return bytes.Contains(r.request.text, []byte(text)) || bytes.Contains(r.response.text, []byte(text)) ||
		strings.Contains(r.ErrorMessage, text) || strings.Contains(r.Query, text)
}
