package quota

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"time"

	"pcs/clock"
)

// Budget is the state of one account's budget of one group as Budgets
// keep it: the bucket, the 24-hour counts, and when it is full again.
type Budget struct {
	// Tokens is what the bucket held at Filled, on the pcs clock.
	Tokens float64
	Filled time.Time
	// Minutes are the requests counted per minute in the rolling window,
	// encoded by this package; empty when none is.
	Minutes []byte
	// Full is when the budget is as if unused (a full bucket, nothing in
	// the window): a Budgets may forget it from then on.
	Full time.Time
	// Version is what Budgets wrote it as; 0 for one not stored.
	Version int64
}

// Budgets keeps the budgets where every pcs on one store uses the same
// ones (store/postgres), so that a client spreading its requests over
// several pcs has one budget, not one per pcs. Allow writes a budget back
// only over the version it read, and takes the request again from the
// budget kept when another pcs wrote first, so no lock is held while it
// computes.
type Budgets interface {
	// Load returns account's budget of group; Version 0 when none is kept.
	Load(ctx context.Context, account, group string) (Budget, error)
	// Save writes b as account's budget of group if the one kept is still
	// b.Version (0: none is kept), and returns the budget kept after it:
	// b with its new version when it wrote it (saved), or else the one
	// another pcs wrote first, as Load would (Version 0: none; it may lag
	// a write that has just committed, which the next Save finds). Saving
	// a budget where none was kept may forget those full by b.Filled.
	Save(ctx context.Context, account, group string, b Budget) (kept Budget, saved bool, err error)
	// List returns account's budgets by group.
	List(ctx context.Context, account string) (map[string]Budget, error)
	// Clear forgets account's budgets (every account's for "") and
	// returns how many it forgot.
	Clear(ctx context.Context, account string) (int, error)
}

// NewShared returns a Limiter over groups, on clk, that keeps its budgets
// in budgets; log gets the errors of budgets that cannot be read or
// written. Its arithmetic, messages and Retry-After are New's.
func NewShared(clk clock.Clock, groups []Group, budgets Budgets, log *slog.Logger) (*Limiter, error) {
	l, err := New(clk, groups)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l.shared, l.log, l.last = budgets, log, map[key]Budget{}
	l.turns = make([]chan struct{}, stripes)
	for i := range l.turns {
		l.turns[i] = make(chan struct{}, 1)
	}
	return l, nil
}

// Shared reports whether the budgets are kept in a store rather than here.
func (l *Limiter) Shared() bool { return l.shared != nil }

// stripes are the locks that have this pcs's requests on one budget take
// their turns, so that they do not race each other to save it: a save that
// lost a race costs another round trip, and racing ones lose more the more
// of them there are. Only other pcs's requests race.
const stripes = 256

// allowShared is Allow on the budget kept in l.shared: take the request
// from the budget as this pcs last saw it, save that over the version
// seen, and when another pcs wrote first, take it from the budget that
// one wrote instead. A pcs that a client keeps to saves with one round
// trip; one whose budget another pcs moved since, with two.
func (l *Limiter) allowShared(ctx context.Context, account string, gi int) error {
	g := &l.groups[gi]
	k := key{account, gi}
	h := fnv.New32a()
	h.Write([]byte(account))
	turn := l.turns[(h.Sum32()+uint32(gi))%stripes]
	select {
	case turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-turn }()
	now := l.clock.Now()
	b, ok := l.seen(k)
	if !ok {
		var err error
		if b, err = l.shared.Load(ctx, account, g.Name); err != nil {
			return l.sharedFailed(ctx, "reading", account, g, err)
		}
	}
	for {
		u := newUsage(g, now)
		if b.Version != 0 {
			var err error
			if u, err = fromBudget(b, now); err != nil {
				l.see(k, Budget{})
				return l.sharedFailed(ctx, "reading", account, g, err)
			}
		}
		verdict := u.take(g, now)
		next := u.budget(g)
		next.Version = b.Version
		kept, saved, err := l.shared.Save(ctx, account, g.Name, next)
		if err != nil {
			l.see(k, Budget{})
			return l.sharedFailed(ctx, "writing", account, g, err)
		}
		l.see(k, kept)
		if saved {
			return verdict
		}
		b = kept
	}
}

// seen returns the budget of k as this pcs last saw it, if it did.
func (l *Limiter) seen(k key) (Budget, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.last[k]
	return b, ok
}

// see notes b as the budget of k; Version 0 forgets it, for the next
// request to load it.
func (l *Limiter) see(k key, b Budget) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b.Version == 0 {
		delete(l.last, k)
		return
	}
	if len(l.last) >= sweepAbove { // a stale budget costs a round trip, not a wrong answer
		clear(l.last)
	}
	l.last[k] = b
}

// sharedFailed logs a budget that could not be read or written, and lets
// the request through.
func (l *Limiter) sharedFailed(ctx context.Context, doing, account string, g *Group, err error) error {
	if ctx.Err() == nil {
		l.log.Error(doing+" a quota budget", "account", account, "group", g.Name, "err", err)
	}
	return nil
}

// sharedUsed is Usage's count of requests in the rolling window, for
// account's budgets kept in l.shared.
func (l *Limiter) sharedUsed(account string, now time.Time) func(gi int) int {
	budgets, err := l.shared.List(context.Background(), account)
	if err != nil {
		l.log.Error("reading the quota budgets", "account", account, "err", err)
	}
	return func(gi int) int {
		b, ok := budgets[l.groups[gi].Name]
		if !ok {
			return 0
		}
		u, err := fromBudget(b, now)
		if err != nil {
			l.log.Error("reading a quota budget", "account", account, "group", l.groups[gi].Name, "err", err)
			return 0
		}
		u.roll(now)
		return u.total
	}
}

// budget is u, a budget of g, as a Budgets keeps it.
func (u *usage) budget(g *Group) Budget {
	b := Budget{Tokens: u.tokens, Filled: u.filled, Full: u.filled}
	if g.Rate > 0 && u.tokens < burst(g.Rate) {
		b.Full = u.filled.Add(time.Duration((burst(g.Rate) - u.tokens) / g.Rate * float64(time.Second)))
	}
	if u.total == 0 {
		return b
	}
	// The minutes newest first, each as its distance from u.last and
	// its count, after u.last: a few bytes for each minute that counts.
	b.Minutes = binary.AppendUvarint(nil, uint64(u.last))
	newest := int64(-1)
	for age := int64(0); age < window && age <= u.last; age++ {
		if n := u.perMinute[(u.last-age)%window]; n > 0 {
			b.Minutes = binary.AppendUvarint(binary.AppendUvarint(b.Minutes, uint64(age)), uint64(n))
			if newest < 0 {
				newest = u.last - age
			}
		}
	}
	if leaves := time.Unix((newest+window)*60, 0); leaves.After(b.Full) {
		b.Full = leaves
	}
	return b
}

// fromBudget is the usage b keeps.
func fromBudget(b Budget, now time.Time) (*usage, error) {
	u := &usage{tokens: b.Tokens, filled: b.Filled, last: now.Unix() / 60}
	if len(b.Minutes) == 0 {
		return u, nil
	}
	errCorrupt := errors.New("quota: a budget's minutes are not this package's encoding")
	buf := b.Minutes
	next := func() (uint64, bool) {
		v, n := binary.Uvarint(buf)
		if n <= 0 {
			return 0, false
		}
		buf = buf[n:]
		return v, true
	}
	last, ok := next()
	if !ok {
		return nil, errCorrupt
	}
	u.last = int64(last)
	for len(buf) > 0 {
		age, ok1 := next()
		n, ok2 := next()
		if !ok1 || !ok2 || age >= window || int64(age) > u.last || n > 1<<31-1 {
			return nil, fmt.Errorf("%w (%d bytes)", errCorrupt, len(b.Minutes))
		}
		u.perMinute[(u.last-int64(age))%window] = int32(n)
		u.total += int(n)
	}
	return u, nil
}
