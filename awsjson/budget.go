package awsjson

import (
	"context"
	"fmt"
	"sync"
	"time"

	"pcs/api"
)

// Bounds on request bodies held at once, over all requests. A body costs
// about three times its size while it is read, decoded and served (40
// bodies of 10 MiB took the process to 1.4 GiB); 16 bodies of the largest
// size (160 MiB by default, about 0.5 GiB of process memory) is far more
// than any client runs at once, and thousands of the few-KiB bodies the
// SDKs send.
const (
	bodiesInFlight = 16
	// bodyWait is how long a request waits for room before it is
	// throttled: long enough for a burst to drain, short enough that the
	// client's own retry (every SDK retries ThrottlingException) does the
	// waiting.
	bodyWait = 250 * time.Millisecond
	// bodyRetryAfter is sent as Retry-After to a throttled request.
	bodyRetryAfter = time.Second
)

// byteBudget is a counting semaphore over bytes. Waiters are not queued:
// each retries when bytes are released, so a large body may lose to small
// ones, and is then throttled after its short wait like any other.
type byteBudget struct {
	mu    sync.Mutex
	free  int64
	freed chan struct{} // made by a waiter; closed, and dropped, when bytes are released
}

func newByteBudget(n int64) *byteBudget {
	return &byteBudget{free: n}
}

// acquire takes n bytes, waiting up to wait for them; it reports false
// when they could not be had in time or ctx ended first.
func (b *byteBudget) acquire(ctx context.Context, n int64, wait time.Duration) bool {
	var timeout <-chan time.Time
	for {
		b.mu.Lock()
		if n <= b.free {
			b.free -= n
			b.mu.Unlock()
			return true
		}
		if b.freed == nil {
			b.freed = make(chan struct{})
		}
		freed := b.freed
		b.mu.Unlock()
		if timeout == nil {
			t := time.NewTimer(wait)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case <-freed:
		case <-timeout:
			return false
		case <-ctx.Done():
			return false
		}
	}
}

// release gives back n bytes taken by acquire.
func (b *byteBudget) release(n int64) {
	if n == 0 {
		return
	}
	b.mu.Lock()
	b.free += n
	if b.freed != nil { // someone waits: wake them (an uncontended release allocates nothing)
		close(b.freed)
		b.freed = nil
	}
	b.mu.Unlock()
}

// reserveBody takes room for the request's body from the budget before it
// is read: its Content-Length, or the largest body allowed when the length
// is not given (the read stops there). The room is held until the request
// is answered, since the decoded input is as large as the body. The
// returned func gives it back.
func (h *Handler) reserveBody(x *exchange) (func(), error) {
	if h.bodies == nil {
		return func() {}, nil
	}
	n := x.r.ContentLength
	if n < 0 {
		n = h.maxBody
	}
	if !h.bodies.acquire(x.r.Context(), n, h.bodyWait) {
		return nil, bodiesThrottled{api.NewThrottlingException(fmt.Sprintf(
			"Rate exceeded: pcs is reading as many request bodies as it holds at once (%d bytes); retry the request.", h.bodyBytes))}
	}
	return func() { h.bodies.release(n) }, nil
}

// bodiesThrottled is the ThrottlingException of a full body budget, in the
// quotas' wire form (HTTP 400, the model's exception) with Retry-After.
type bodiesThrottled struct{ err *api.ThrottlingException }

func (t bodiesThrottled) Error() string { return t.err.Error() }

// Unwrap lets errors.As find the ThrottlingException.
func (t bodiesThrottled) Unwrap() error { return t.err }

// RetryAfter implements RetryAfter.
func (bodiesThrottled) RetryAfter() time.Duration { return bodyRetryAfter }
