// Package fault injects failures into API calls so that clients can test
// their retry logic: ThrottlingException, InternalServerException, added
// latency, or a dropped connection, for an operation, an account, with a
// probability, or for the next N calls. Rules are set through the admin
// endpoints (/_pcs/faults) and "pcs faults"; they live in memory only.
package fault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// Injector holds the rules. It is safe for concurrent use.
type Injector struct {
	mu     sync.Mutex
	rules  []*Rule
	nextID int
	// random returns a number in [0, 1); a field for tests.
	random func() float64
}

// New returns an Injector without rules.
func New() *Injector { return &Injector{random: rand.Float64} }

// Add validates r and adds it; the returned rule has its id.
func (in *Injector) Add(r Rule) (Rule, error) {
	if err := r.check(); err != nil {
		return Rule{}, err
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	in.nextID++
	r.ID, r.Hits = in.nextID, 0
	in.rules = append(in.rules, &r)
	return r, nil
}

// List returns the rules in the order they are tried.
func (in *Injector) List() []Rule {
	in.mu.Lock()
	defer in.mu.Unlock()
	out := make([]Rule, len(in.rules))
	for i, r := range in.rules {
		out[i] = *r
	}
	return out
}

// Remove deletes the rule with id; false when there is none.
func (in *Injector) Remove(id int) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	n := len(in.rules)
	in.rules = slices.DeleteFunc(in.rules, func(r *Rule) bool { return r.ID == id })
	return len(in.rules) < n
}

// Clear deletes every rule and returns how many there were.
func (in *Injector) Clear() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	n := len(in.rules)
	in.rules = nil
	return n
}

// ClearAccount deletes the rules limited to account and returns how many
// there were; the rules of every account stay.
func (in *Injector) ClearAccount(account string) int {
	in.mu.Lock()
	defer in.mu.Unlock()
	n := len(in.rules)
	in.rules = slices.DeleteFunc(in.rules, func(r *Rule) bool { return r.Account == account })
	return n - len(in.rules)
}

// Admit applies the rules to a call of op by account: every latency rule
// that hits adds its delay, and the first other rule that hits decides the
// outcome (an error to answer, or awsjson's drop sentinels). It fits
// awsjson.Config.Admit once the account is taken from the caller.
func (in *Injector) Admit(ctx context.Context, account, op string) error {
	var delay time.Duration
	var hit *Rule
	in.mu.Lock()
	for _, r := range in.rules {
		if (hit != nil && r.Action != Latency) || !r.matches(account, op) {
			continue
		}
		if r.Probability > 0 && r.Probability < 1 && in.random() >= r.Probability {
			continue
		}
		r.Hits++
		if r.Action == Latency {
			delay += time.Duration(r.Latency)
		} else {
			c := *r
			hit = &c
		}
	}
	in.rules = slices.DeleteFunc(in.rules, func(r *Rule) bool { return r.Count > 0 && r.Hits >= r.Count })
	in.mu.Unlock()

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
