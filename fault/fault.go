// Package fault injects failures into API calls so that clients can test
// their retry logic: ThrottlingException, InternalServerException, added
// latency, or a dropped connection, for an operation, an account, with a
// probability, or for the next N calls. Rules are set through the admin
// endpoints (/_pcs/faults) and "pcs faults". They live in memory, or, given
// Rules over a store (NewShared), where every pcs on the store applies them.
package fault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"path"
	"slices"
	"sync"
	"time"

	"pcs/api"
	"pcs/awsjson"
	"pcs/sigv4"
)

// Action is what a rule does to a call it matches.
type Action string

// The actions.
const (
	// Throttle answers ThrottlingException (HTTP 400), which every SDK retries.
	Throttle Action = "throttle"
	// InternalError answers InternalServerException (HTTP 500), retried too.
	InternalError Action = "internal-error"
	// Latency delays the call by Rule.Latency, then lets it through.
	Latency Action = "latency"
	// Drop closes the connection without answering; the call is not made.
	Drop Action = "drop"
	// DropResponse makes the call, then closes the connection without
	// answering: the write happened, the client cannot know. Retrying with
	// the same ClientToken must not duplicate it.
	DropResponse Action = "drop-response"
)

var actions = []Action{Throttle, InternalError, Latency, Drop, DropResponse}

// Rule is one injected fault.
type Rule struct {
	ID     int    `json:"id"`
	Action Action `json:"action"`
	// Operation limits the rule to operations matching this name or
	// pattern ("CreateOpportunity", "List*"); "" or "*" is every operation.
	Operation string `json:"operation,omitempty"`
	// Account limits the rule to one caller account; "" is every account.
	Account string `json:"account,omitempty"`
	// Probability that a matching call is hit, in (0, 1]; 0 means 1.
	Probability float64 `json:"probability,omitempty"`
	// Count is how many calls the rule hits before it is removed; 0 means
	// until it is removed by hand.
	Count int `json:"count,omitempty"`
	// Latency is the delay of a latency rule.
	Latency Duration `json:"latency,omitempty"`
	// RetryAfter, for throttle and internal-error, is sent as Retry-After.
	RetryAfter Duration `json:"retryAfter,omitempty"`
	// Message replaces the default error message.
	Message string `json:"message,omitempty"`
	// Hits is how many calls the rule has hit so far (read only).
	Hits int `json:"hits"`
}

// Duration is a time.Duration written as "1.5s" in JSON.
type Duration time.Duration

// MarshalJSON writes the duration as a Go duration string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads "250ms"-style strings, or a number of milliseconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var ms float64
		if err := json.Unmarshal(b, &ms); err != nil {
			return errors.New(`a duration is a string such as "250ms" or "2s"`)
		}
		*d = Duration(ms * float64(time.Millisecond))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("duration %q: %w", s, err)
	}
	*d = Duration(v)
	return nil
}

// maxLatency bounds injected delays; the server's write timeout is 60 s.
const maxLatency = 50 * time.Second

func (r *Rule) check() error {
	if !slices.Contains(actions, r.Action) {
		return fmt.Errorf("action %q: want one of throttle, internal-error, latency, drop, drop-response", r.Action)
	}
	if r.Operation != "" && r.Operation != "*" {
		if _, err := path.Match(r.Operation, ""); err != nil {
			return fmt.Errorf("operation %q is not a name or pattern", r.Operation)
		}
		matched := false
		for name := range api.Operations {
			if ok, _ := path.Match(r.Operation, name); ok {
				matched = true
				break
			}
		}
		if !matched {
			return fmt.Errorf("operation %q matches no operation of the Selling API", r.Operation)
		}
	}
	if r.Account != "" && !sigv4.ValidAccount(r.Account) {
		return fmt.Errorf("account %q: an AWS account id is 12 digits", r.Account)
	}
	if r.Probability < 0 || r.Probability > 1 {
		return fmt.Errorf("probability %v: want a number in (0, 1]", r.Probability)
	}
	if r.Count < 0 {
		return fmt.Errorf("count %d: want 0 (until removed) or more", r.Count)
	}
	if r.Latency < 0 || time.Duration(r.Latency) > maxLatency || r.RetryAfter < 0 {
		return fmt.Errorf("latency and retryAfter must be between 0 and %v", maxLatency)
	}
	if r.Action == Latency && r.Latency == 0 {
		return errors.New(`a latency rule needs "latency", e.g. "2s"`)
	}
	return nil
}

func (r *Rule) matches(account, op string) bool {
	if r.Account != "" && r.Account != account {
		return false
	}
	if r.Operation == "" || r.Operation == "*" {
		return true
	}
	ok, _ := path.Match(r.Operation, op)
	return ok
}

// Injector applies the rules kept in its Rules. It is safe for
// concurrent use.
type Injector struct {
	rules Rules
	log   *slog.Logger
	// ttl is how long a read of a shared Rules is trusted; 0 means until
	// this Injector changes them (the only writer of its own Rules).
	ttl time.Duration

	mu sync.Mutex
	// cached are the rules as last read, readAt when, readGen the changes
	// made here (gen) that read had seen. A change here bumps gen: the
	// next call reads again, waiting for a read begun after the change.
	// cached is never changed in place (callers range over it unlocked);
	// a counted hit puts a copy in its place.
	cached  []Rule
	readAt  time.Time
	gen     uint64
	readGen uint64
	read    bool // cached was read once
	// reading is closed when the read in flight ends; nil when none is.
	// One call reads at a time: the others use the rules last read, or,
	// when those do not show a change made here, wait for the read.
	reading chan struct{}
	// hits counts the hits of the rules without a Count here, so that they
	// cost Rules no write per call.
	hits map[int]int
	// random returns a number in [0, 1); a field for tests.
	random func() float64
}

// sharedTTL is how long an Injector over shared Rules trusts what it read:
// a rule added or removed through another pcs applies here within it.
const sharedTTL = 100 * time.Millisecond

// New returns an Injector without rules, which keeps them in memory.
func New() *Injector { return newInjector(&memory{}, nil, 0) }

// NewShared returns an Injector over rules that several pcs share (see
// Rules). It reads them again when it last read them more than 100 ms ago;
// log gets the errors of rules that cannot be read or written, which
// leave the call as if the rule were not there.
func NewShared(rules Rules, log *slog.Logger) *Injector {
	return newInjector(rules, log, sharedTTL)
}

func newInjector(rules Rules, log *slog.Logger, ttl time.Duration) *Injector {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Injector{rules: rules, log: log, ttl: ttl, hits: map[int]int{}, random: rand.Float64}
}

// Add validates r and adds it; the returned rule has its id.
func (in *Injector) Add(r Rule) (Rule, error) {
	if err := r.check(); err != nil {
		return Rule{}, err
	}
	r.ID, r.Hits = 0, 0
	added, err := in.rules.Add(context.Background(), r)
	in.invalidate()
	return added, err
}

// List returns the rules in the order they are tried. A rule with a Count
// has its hits on every pcs sharing the rules; one without, its hits here.
func (in *Injector) List() []Rule {
	rules, err := in.rules.List(context.Background())
	if err != nil {
		in.log.Error("reading the fault rules", "err", err)
		rules = in.current(context.Background())
	}
	out := make([]Rule, len(rules))
	in.mu.Lock()
	defer in.mu.Unlock()
	for i, r := range rules {
		if r.Count == 0 {
			r.Hits = in.hits[r.ID]
		}
		out[i] = r
	}
	return out
}

// Remove deletes the rule with id; false when there is none.
func (in *Injector) Remove(id int) bool {
	ok, err := in.rules.Remove(context.Background(), id)
	in.invalidate()
	if err != nil {
		in.log.Error("removing a fault rule", "id", id, "err", err)
	}
	return ok
}

// Clear deletes every rule and returns how many there were.
func (in *Injector) Clear() int {
	n, err := in.rules.Clear(context.Background())
	in.invalidate()
	if err != nil {
		in.log.Error("clearing the fault rules", "err", err)
	}
	return n
}

// ClearAccount deletes the rules limited to account and returns how many
// there were; the rules of every account stay.
func (in *Injector) ClearAccount(account string) int {
	n, err := in.rules.ClearAccount(context.Background(), account)
	in.invalidate()
	if err != nil {
		in.log.Error("clearing the fault rules", "account", account, "err", err)
	}
	return n
}

// invalidate has the next call read the rules again: what this Injector
// changed applies here at once.
func (in *Injector) invalidate() {
	in.mu.Lock()
	in.gen++
	in.mu.Unlock()
}

// current returns the rules, read again when this Injector changed them
// or when they are older than ttl. One call reads at a time; while it
// does, the others take the rules last read, unless this Injector changed
// them since, when they wait for a read that shows the change. A failed
// read keeps the rules last read, and is not tried again before ttl
// either, so that a store that is down costs one look per window.
func (in *Injector) current(ctx context.Context) []Rule {
	in.mu.Lock()
	for {
		upToDate := in.read && in.readGen == in.gen
		if upToDate && (in.ttl == 0 || time.Since(in.readAt) < in.ttl) { // wall time: the window is the replicas' lag
			defer in.mu.Unlock()
			return in.cached
		}
		if in.reading == nil {
			break
		}
		if upToDate { // old only by the window: good enough while another reads
			defer in.mu.Unlock()
			return in.cached
		}
		reading := in.reading
		in.mu.Unlock()
		select {
		case <-reading:
		case <-ctx.Done():
			in.mu.Lock()
			defer in.mu.Unlock()
			return in.cached
		}
		in.mu.Lock()
	}
	reading, gen := make(chan struct{}), in.gen
	in.reading = reading
	in.mu.Unlock()
	rules, err := in.rules.List(ctx)
	in.mu.Lock()
	defer in.mu.Unlock()
	in.reading = nil
	close(reading)
	if err != nil {
		if ctx.Err() != nil {
			return in.cached // this call gave up, not the store: the next one reads
		}
		in.log.Error("reading the fault rules", "err", err)
		in.readAt, in.readGen, in.read = time.Now(), gen, true
		return in.cached
	}
	in.cached, in.readAt, in.readGen, in.read = rules, time.Now(), gen, true
	for id := range in.hits { // forget the hits of rules that went
		if !slices.ContainsFunc(rules, func(r Rule) bool { return r.ID == id }) {
			delete(in.hits, id)
		}
	}
	return rules
}

// hit counts a hit of r and reports whether it counts: a rule with a
// Count may have been spent or removed elsewhere.
func (in *Injector) hit(ctx context.Context, r *Rule) bool {
	if r.Count == 0 {
		in.mu.Lock()
		in.hits[r.ID]++
		in.mu.Unlock()
		return true
	}
	ok, err := in.rules.Hit(ctx, r.ID)
	if err != nil {
		if ctx.Err() == nil {
			in.log.Error("counting a hit of a fault rule", "id", r.ID, "err", err)
		}
		return false
	}
	in.counted(r.ID, ok)
	return ok
}

// counted notes in the rules last read a hit of the rule id that counted
// (ok) or found it spent or gone: one this pcs knows spent is dropped
// without reading the rules again. One spent by the hits of others stays
// until the next read, and its next hit here finds it spent.
func (in *Injector) counted(id int, ok bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	i := slices.IndexFunc(in.cached, func(r Rule) bool { return r.ID == id })
	if i < 0 {
		return
	}
	rules := slices.Clone(in.cached)
	if rules[i].Hits++; !ok || rules[i].Hits >= rules[i].Count {
		rules = slices.Delete(rules, i, i+1)
	}
	in.cached = rules
}

// Admit applies the rules to a call of op by account: every latency rule
// that hits adds its delay, and the first other rule that hits decides the
// outcome (an error to answer, or awsjson's drop sentinels). It fits
// awsjson.Config.Admit once the account is taken from the caller.
func (in *Injector) Admit(ctx context.Context, account, op string) error {
	var delay time.Duration
	var hit *Rule
	rules := in.current(ctx)
	for i := range rules {
		r := &rules[i]
		if (hit != nil && r.Action != Latency) || !r.matches(account, op) {
			continue
		}
		if r.Probability > 0 && r.Probability < 1 && in.random() >= r.Probability {
			continue
		}
		if !in.hit(ctx, r) {
			continue
		}
		if r.Action == Latency {
			delay += time.Duration(r.Latency)
		} else {
			hit = r
		}
	}

	if delay > 0 {
		t := time.NewTimer(delay) // wall time: latency is what the client feels
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
	if hit == nil {
		return nil
	}
	switch hit.Action {
	case Throttle:
		msg := hit.message("Rate exceeded")
		return &Injected{err: api.NewThrottlingException(msg), after: time.Duration(hit.RetryAfter)}
	case InternalError:
		msg := hit.message("An internal error occurred")
		return &Injected{err: api.NewInternalServerException(msg), after: time.Duration(hit.RetryAfter)}
	case Drop:
		return awsjson.ErrDropConnection
	case DropResponse:
		return awsjson.ErrDropResponse
	}
	return nil
}

func (r *Rule) message(def string) string {
	if r.Message != "" {
		return r.Message
	}
	return fmt.Sprintf("%s (injected by pcs fault rule %d).", def, r.ID)
}

// Injected is an injected service error; errors.As finds the modeled
// exception inside.
type Injected struct {
	err   api.APIError
	after time.Duration
}

func (e *Injected) Error() string { return e.err.Error() }

// RetryAfter implements awsjson's RetryAfter.
func (e *Injected) RetryAfter() time.Duration { return e.after }

// Unwrap exposes the modeled exception.
func (e *Injected) Unwrap() error { return e.err }
