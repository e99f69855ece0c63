package realism

import (
	"context"
	"fmt"
	"sync"
	"time"

	"pcs/api"
	"pcs/caller"
	"pcs/clock"
)

// The real service is eventually consistent: GetOpportunity right after
// CreateOpportunity can answer ResourceNotFoundException for a few seconds,
// up to about 3 (spec §1.11, observed by a third party on the Sandbox).
// Only GetOpportunity is observed doing so; listings and the other
// operations are left as they are.
//
// The lag runs on the pcs clock, as every other time of pcs does: it passes
// with the wall clock under it, and a test that moves the pcs clock past it
// (pcs sim clock advance, POST /_pcs/clock/advance) ends it at once instead
// of sleeping.

// creation is an opportunity created through CreateOpportunity, by the
// account that created it.
type creation struct{ account, catalog, id string }

// creations are the opportunities still hidden from their creators'
// GetOpportunity, in memory: a lag lasts seconds, and a restart ends it.
type creations struct {
	clk   clock.Clock
	lag   time.Duration
	mu    sync.Mutex
	until map[creation]time.Time
	order []creation // in the order added, for pruning from the oldest
}

func newCreations(clk clock.Clock, lag time.Duration) *creations {
	return &creations{clk: clk, lag: lag, until: map[creation]time.Time{}}
}

// add hides what CreateOpportunity answered out in catalog from the caller
// for the lag after its creation. A ClientToken replay of an older creation
// answers the creation's LastModifiedDate, so it is not hidden again.
func (c *creations) add(ctx context.Context, catalog *string, out *api.CreateOpportunityResponse) {
	id, _ := caller.FromContext(ctx)
	if out == nil || out.Id == nil {
		return
	}
	now := c.clk.Now()
	created := now
	if out.LastModifiedDate != nil {
		created = out.LastModifiedDate.Time
	}
	until := created.Add(c.lag)
	if !until.After(now) {
		return
	}
	key := creation{id.AccountID, deref(catalog), *out.Id}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.prune(now)
	if _, ok := c.until[key]; !ok {
		c.until[key] = until
		c.order = append(c.order, key)
	}
}

// hidden reports whether the caller's GetOpportunity in must not find the
// opportunity yet.
func (c *creations) hidden(ctx context.Context, in *api.GetOpportunityRequest) bool {
	id, _ := caller.FromContext(ctx)
	key := creation{id.AccountID, deref(in.Catalog), deref(in.Identifier)}
	now := c.clk.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.prune(now)
	until, ok := c.until[key]
	return ok && until.After(now)
}

// prune forgets the creations whose lag is over, oldest first; c.mu is held.
func (c *creations) prune(now time.Time) {
	for len(c.order) > 0 {
		key := c.order[0]
		if c.until[key].After(now) {
			return
		}
		delete(c.until, key)
		c.order = c.order[1:]
	}
}

// notFound is the answer for a hidden opportunity: the one for an
// opportunity that does not exist (selling's opportunityNotFound).
func notFound(in *api.GetOpportunityRequest) error {
	msg := fmt.Sprintf("Opportunity %s not found in catalog %s.", deref(in.Identifier), deref(in.Catalog))
	return &api.ResourceNotFoundException{Message: &msg}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
