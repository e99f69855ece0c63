// Package reqlog keeps the API requests pcs answered, newest last, in a
// ring of bounded size in memory: what a client sent and what it got back,
// to answer "what did my CRM send?" without a proxy. GET /_pcs/requests and
// "pcs requests" read it.
//
// A record never holds the caller's credentials: no header is kept but
// the User-Agent, the query's signing parameters are redacted, and any
// signature, credential scope or session token that an error message or
// body echoes is replaced (credentials.go). Bodies are kept as JSON up to
// a bound each (body.go).
package reqlog

import (
	"encoding/json"
	"sync"
	"time"

	"pcs/awsjson"
	"pcs/clock"
)

const (
	// DefaultSize is how many requests "pcs serve" keeps by default.
	DefaultSize = 1000
	// DefaultMaxBodyBytes bounds each kept body when Config.MaxBodyBytes is 0.
	DefaultMaxBodyBytes = 16 << 10
)

// Config sizes a Log.
type Config struct {
	// Size is how many requests are kept; the oldest goes when a new one
	// comes. It must be positive.
	Size int
	// MaxBodyBytes bounds each request and response body kept; a longer
	// one is cut there and marked. 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int
	// Clock, when set, is the pcs clock: each record has its time of
	// arrival on it too (Record.PcsTime), beside the wall clock's.
	Clock clock.Clock
}

// Log is the ring of recorded requests. It is safe for concurrent use.
type Log struct {
	maxBody int
	clock   clock.Clock // nil: no PcsTime

	mu      sync.Mutex
	ring    []Record      // ring[(Seq-1) % len(ring)]
	last    int64         // Seq of the newest record; 0 before the first
	changed chan struct{} // closed by the next record; nil until Changed is asked
}

// New returns an empty Log of cfg.Size records (at least one).
func New(cfg Config) *Log {
	l := &Log{maxBody: cfg.MaxBodyBytes, clock: cfg.Clock, ring: make([]Record, max(cfg.Size, 1))}
	if l.maxBody <= 0 {
		l.maxBody = DefaultMaxBodyBytes
	}
	return l
}

// Record is one request pcs answered (or dropped, by an injected fault).
type Record struct {
	// Seq numbers the records from 1, in the order they were answered; it
	// is the cursor of Query.After and Query.Before.
	Seq int64
	// Time is when the request arrived, on the wall clock.
	Time time.Time
	// PcsTime is when it arrived on the pcs clock, which the user moves
	// ahead of the wall clock: the time of what the request wrote. It is
	// zero, and left out, without Config.Clock.
	PcsTime   time.Time `json:",omitzero"`
	RequestID string    `json:"RequestId"` // as AWS spells it (x-amzn-RequestId)
	// Operation is "" when the request named no operation of the model.
	Operation string `json:",omitempty"`
	// Account is the authenticated caller's; "" when authentication failed.
	Account string `json:",omitempty"`
	Catalog string `json:",omitempty"`
	// Status is the HTTP status; 0 when the connection was dropped.
	Status       int
	Dropped      bool    `json:",omitempty"`
	ErrorType    string  `json:",omitempty"`
	ErrorMessage string  `json:",omitempty"`
	LatencyMs    float64 // milliseconds, to the microsecond
	Method       string
	Path         string
	// Query is the URL's query, its signing parameters redacted.
	Query     string `json:",omitempty"`
	UserAgent string `json:",omitempty"`
	// Request and Response are the bodies: JSON as sent, or, when a body
	// is not JSON or is longer than the bound, a JSON string of its text
	// (cut at the bound, ending in a "[truncated …]" marker).
	// RequestBytes and ResponseBytes are the bodies' whole sizes.
	Request       json.RawMessage `json:",omitempty"`
	RequestBytes  int
	Response      json.RawMessage `json:",omitempty"`
	ResponseBytes int

	// request and response are the bodies as the ring keeps them, made
	// Request and Response when a record is read (shown).
	request, response keptBody
}

// shown is r as a reader gets it, with its bodies as JSON.
func (r *Record) shown() Record {
	out := *r
	out.Request, out.Response = r.request.json(), r.response.json()
	out.request, out.response = keptBody{}, keptBody{}
	return out
}

// Observe records one answered request: it is an awsjson.Config.Observe.
func (l *Log) Observe(x awsjson.Exchange) {
	rec := l.record(x)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.last++
	rec.Seq = l.last
	l.ring[(rec.Seq-1)%int64(len(l.ring))] = rec
	if l.changed != nil { // no channel per request when no one waits
		close(l.changed)
		l.changed = nil
	}
}

// record is x as kept: copied, cut and cleared of credentials.
func (l *Log) record(x awsjson.Exchange) Record {
	secrets := credentialsOf(x.Request)
	request, _ := secrets.redactKept(x.RequestBody, l.maxBody)
	response, changed := secrets.redactKept(x.ResponseBody, l.maxBody)
	rec := Record{
		Time: x.Start.UTC(), RequestID: x.RequestID, Operation: x.Operation, Account: x.Account, Catalog: x.Catalog,
		Status: x.Status, Dropped: x.Dropped, ErrorType: x.ErrorType, ErrorMessage: secrets.redact(x.ErrorMessage),
		LatencyMs:    float64(x.Duration.Microseconds()) / 1000,
		RequestBytes: len(x.RequestBody), ResponseBytes: len(x.ResponseBody),
		request:  keepBody(request, l.maxBody, false),
		response: keepBody(response, l.maxBody, !changed), // awsjson answers JSON
	}
	if l.clock != nil {
		// Observed once answered: the pcs clock's now, less the time taken.
		rec.PcsTime = l.clock.Now().Add(-x.Duration).UTC()
	}
	if r := x.Request; r != nil {
		rec.Method, rec.Path, rec.UserAgent = r.Method, r.URL.Path, r.UserAgent()
		rec.Query = redactQuery(r.URL.RawQuery)
	}
	return rec
}

// Changed is closed when the next request is recorded.
func (l *Log) Changed() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.changed == nil {
		l.changed = make(chan struct{})
	}
	return l.changed
}

// Size is how many requests the Log keeps.
func (l *Log) Size() int { return len(l.ring) }
