// Package clock is the only source of "now" for pcs. Business time (review
// delays, invitation expiry, LastModifiedDate) must be movable by tests and by
// the user, so nothing else calls time.Now directly.
package clock

import (
	"sync"
	"time"
)

// Clock tells the current time.
type Clock interface {
	Now() time.Time
}

// System is the wall clock.
type System struct{}

// Now returns the wall-clock time in UTC.
func (System) Now() time.Time { return time.Now().UTC() }

// Offset is a clock that runs with the wall clock but can be moved forward:
// it reports wall time plus an offset the user advances. It never goes back,
// so timestamps stay monotonic across moves.
type Offset struct {
	mu     sync.Mutex
	base   Clock
	offset time.Duration
	last   time.Time
}

// NewOffset returns an Offset clock over base (System when nil).
func NewOffset(base Clock, offset time.Duration) *Offset {
	if base == nil {
		base = System{}
	}
	return &Offset{base: base, offset: offset}
}

// Now returns base time plus the offset, never earlier than a previous answer.
func (c *Offset) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.base.Now().Add(c.offset).UTC()
	if t.Before(c.last) {
		t = c.last
	}
	c.last = t
	return t
}

// Advance moves the clock forward by d (negative values are ignored).
func (c *Offset) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

// Reset puts the clock back on its base: the one move that goes back in
// time, for a reset of everything the clock's times were written into.
func (c *Offset) Reset() {
	c.mu.Lock()
	c.offset, c.last = 0, time.Time{}
	c.mu.Unlock()
}

// Set puts the offset at d, as kept where several pcs share it. A smaller
// offset than the clock's is a reset or an import made elsewhere, so the
// clock goes back with it, as on Reset.
func (c *Offset) Set(d time.Duration) {
	c.mu.Lock()
	if d < c.offset {
		c.last = time.Time{}
	}
	c.offset = max(d, 0)
	c.mu.Unlock()
}

// Skew returns how far the clock is ahead of its base.
func (c *Offset) Skew() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset
}

// Fixed is a clock that stands still until told to move; for tests.
type Fixed struct {
	mu sync.Mutex
	t  time.Time
}

// NewFixed returns a clock stopped at t.
func NewFixed(t time.Time) *Fixed { return &Fixed{t: t.UTC()} }

// Now returns the stopped time.
func (c *Fixed) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock by d.
func (c *Fixed) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Set moves the clock to t.
func (c *Fixed) Set(t time.Time) {
	c.mu.Lock()
	c.t = t.UTC()
	c.mu.Unlock()
}
