// Package quota enforces the Selling API's per-account request quotas
// (spec §9, from the service's quotas page): a request rate per second and
// a count per rolling 24 hours, answered with ThrottlingException when
// exceeded. pcs enforces none unless asked (-quotas aws), so CI is not slowed
// by limits it does not want to test.
//
// A row of the quota table is one shared budget per partner account: the
// six read operations together get 10 requests per second and 100,000 per
// 24 hours, as the table lists them under one quota. Rates are token
// buckets holding one second of requests (at least one), refilled on the
// pcs clock; the 24-hour count is kept per minute, so a request leaves the
// window between 23h59m and 24h after it was made.
//
// A Limiter keeps the budgets in memory (New), or in Budgets that every pcs
// on one store shares (NewShared), with the same arithmetic either way.
package quota

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"pcs/api"
	"pcs/clock"
)

// Limit is a budget. Zero fields mean no limit of that kind.
type Limit struct {
	// Rate is requests per second.
	Rate float64 `json:"rate,omitempty"`
	// Daily is requests per rolling 24 hours.
	Daily int `json:"daily,omitempty"`
}

func (l Limit) String() string {
	var parts []string
	if l.Rate > 0 {
		parts = append(parts, strconv.FormatFloat(l.Rate, 'f', -1, 64)+"/s")
	}
	if l.Daily > 0 {
		parts = append(parts, strconv.Itoa(l.Daily)+"/24h")
	}
	if len(parts) == 0 {
		return "off"
	}
	return strings.Join(parts, "+")
}

// Group is a budget shared by operations.
type Group struct {
	Name       string   `json:"name"`
	Operations []string `json:"operations"`
	Limit
}

// AWS returns the real service's published quotas (the prospecting
// operations are not in the model pcs serves, so they are left out).
func AWS() []Group {
	return []Group{
		{Name: "read", Operations: []string{api.OpGetOpportunity, api.OpGetAwsOpportunitySummary, api.OpListOpportunities,
			api.OpListSolutions, api.OpGetEngagementInvitation, api.OpListEngagementInvitations},
			Limit: Limit{Rate: 10, Daily: 100_000}},
		{Name: "write", Operations: []string{api.OpCreateOpportunity, api.OpUpdateOpportunity, api.OpAssociateOpportunity,
			api.OpDisassociateOpportunity, api.OpRejectEngagementInvitation, api.OpAssignOpportunity,
			api.OpStartEngagementFromOpportunityTask, api.OpStartEngagementByAcceptingInvitationTask},
			Limit: Limit{Rate: 1, Daily: 10_000}},
		{Name: "engagement-write", Operations: []string{api.OpCreateEngagement}, Limit: Limit{Rate: 15}},
	}
}

// Profile returns the groups of a named profile: "aws" or "off".
func Profile(name string) ([]Group, error) {
	switch name {
	case "aws":
		return AWS(), nil
	case "off", "":
		return nil, nil
	}
	return nil, fmt.Errorf("quota profile %q: want aws or off", name)
}

// Override changes groups by a spec of comma-separated NAME=LIMIT entries,
// where NAME is an operation or a group and LIMIT is RATE/s, COUNT/24h,
// both joined by "+", or "off":
//
//	CreateOpportunity=5/s+50000/24h,ListSolutions=off,read=100/s
//
// An operation given its own limit leaves its group for a budget of its own.
// A group that groups lacks (every one with -quotas off) is the real
// service's, less the operations limited on their own, with only this limit.
func Override(groups []Group, spec string) ([]Group, error) {
	out := slices.Clone(groups)
	for i := range out {
		out[i].Operations = slices.Clone(out[i].Operations)
	}
	for entry := range strings.SplitSeq(spec, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		name, lim, ok := strings.Cut(entry, "=")
		if !ok {
			return nil, fmt.Errorf("quota %q: want NAME=LIMIT, e.g. CreateOpportunity=5/s+50000/24h", entry)
		}
		limit, err := parseLimit(lim)
		if err != nil {
			return nil, fmt.Errorf("quota %q: %w", entry, err)
		}
		if api.Operations[name] == nil {
			i := slices.IndexFunc(out, func(g Group) bool { return g.Name == name })
			if i < 0 {
				g, ok := awsGroup(name)
				if !ok {
					return nil, fmt.Errorf("quota %q: %s is neither an operation nor a quota group (read, write, engagement-write)", entry, name)
				}
				g.Operations = slices.DeleteFunc(g.Operations, func(op string) bool { return limits(out, op) })
				out, i = append(out, g), len(out)
			}
			out[i].Limit = limit
			continue
		}
		for i := range out {
			out[i].Operations = slices.DeleteFunc(out[i].Operations, func(op string) bool { return op == name })
		}
		out = append(out, Group{Name: name, Operations: []string{name}, Limit: limit})
	}
	return out, nil
}

// awsGroup is the real service's group of that name.
func awsGroup(name string) (Group, bool) {
	groups := AWS()
	i := slices.IndexFunc(groups, func(g Group) bool { return g.Name == name })
	if i < 0 {
		return Group{}, false
	}
	return groups[i], true
}

// limits reports whether a group of groups has op.
func limits(groups []Group, op string) bool {
	return slices.ContainsFunc(groups, func(g Group) bool { return slices.Contains(g.Operations, op) })
}

func parseLimit(s string) (Limit, error) {
	var l Limit
	if s == "off" {
		return l, nil
	}
	for part := range strings.SplitSeq(s, "+") {
		n, unit, ok := strings.Cut(part, "/")
		switch {
		case ok && unit == "s":
			r, err := strconv.ParseFloat(n, 64)
			if err != nil || r <= 0 || math.IsInf(r, 0) {
				return l, fmt.Errorf("rate %q: want a positive number of requests per second", part)
			}
			l.Rate = r
		case ok && (unit == "24h" || unit == "d"):
			c, err := strconv.Atoi(n)
			if err != nil || c <= 0 {
				return l, fmt.Errorf("count %q: want a positive number of requests per 24 hours", part)
			}
			l.Daily = c
		default:
			return l, fmt.Errorf("%q: want RATE/s, COUNT/24h, both joined by +, or off", part)
		}
	}
	return l, nil
}

// Limiter enforces groups per account. It is safe for concurrent use.
type Limiter struct {
	clock  clock.Clock
	groups []Group
	byOp   map[string]int // operation -> index in groups

	// shared, when set, keeps the budgets instead of state (NewShared);
	// turns are its locks by budget, and last the budgets as this pcs
	// last saw them (under mu).
	shared Budgets
	turns  []chan struct{}
	log    *slog.Logger
	last   map[key]Budget

	mu    sync.Mutex
	state map[key]*usage
}

type key struct {
	account string
	group   int
}

// New returns a Limiter over groups, on clk. An operation in two groups
// is an error.
func New(clk clock.Clock, groups []Group) (*Limiter, error) {
	l := &Limiter{clock: clk, groups: groups, byOp: map[string]int{}, state: map[key]*usage{}}
	for i, g := range groups {
		if g.Limit == (Limit{}) {
			continue
		}
		for _, op := range g.Operations {
			if api.Operations[op] == nil {
				return nil, fmt.Errorf("quota group %s: no operation %s", g.Name, op)
			}
			if j, dup := l.byOp[op]; dup {
				return nil, fmt.Errorf("quota groups %s and %s both limit %s", groups[j].Name, g.Name, op)
			}
			l.byOp[op] = i
		}
	}
	return l, nil
}

// Groups returns the limits in force.
func (l *Limiter) Groups() []Group { return slices.Clone(l.groups) }

// Enabled reports whether any operation is limited.
func (l *Limiter) Enabled() bool { return len(l.byOp) > 0 }

// minutes in the rolling window.
const window = 24 * 60

// usage is one account's use of one group.
type usage struct {
	tokens float64
	filled time.Time // when tokens was last brought up to date

	perMinute [window]int32
	last      int64 // Unix minute of the newest perMinute slot
	total     int   // sum of perMinute
}

// Throttled is a ThrottlingException (found with errors.As) that tells
// clients when to retry.
type Throttled struct {
	err   *api.ThrottlingException
	after time.Duration
}

func throttled(msg string, after time.Duration) *Throttled {
	return &Throttled{err: api.NewThrottlingException(msg), after: after}
}

func (t *Throttled) Error() string { return t.err.Error() }

// RetryAfter implements awsjson's RetryAfter.
func (t *Throttled) RetryAfter() time.Duration { return t.after }

// Unwrap lets errors.As find the ThrottlingException.
func (t *Throttled) Unwrap() error { return t.err }

// Allow takes one request of op for account from its budget, or returns a
// *Throttled when the budget is spent (a throttled request costs nothing).
// A shared Limiter (NewShared) that cannot reach its Budgets logs it and
// lets the request through: the request meets the same store and fails on
// its own.
func (l *Limiter) Allow(ctx context.Context, account, op string) error {
	gi, ok := l.byOp[op]
	if !ok {
		return nil
	}
	g := &l.groups[gi]
	if l.shared != nil {
		return l.allowShared(ctx, account, gi)
	}
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	k := key{account, gi}
	u := l.state[k]
	if u == nil {
		if len(l.state) >= sweepAbove {
			l.sweep(now)
		}
		u = newUsage(g, now)
		l.state[k] = u
	}
	return u.take(g, now)
}

// newUsage is a budget of g that nothing has used yet: a full bucket.
func newUsage(g *Group, now time.Time) *usage {
	return &usage{tokens: burst(g.Rate), filled: now, last: now.Unix() / 60}
}

// take takes one request from u, a budget of g, at now, or returns a
// *Throttled and takes nothing. It is all of a quota's arithmetic, the
// same whether u lives here or in a store.
func (u *usage) take(g *Group, now time.Time) error {
	if g.Daily > 0 {
		u.roll(now)
		if u.total >= g.Daily {
			return throttled(fmt.Sprintf(
				"Rate exceeded: the %s quota of %d requests per rolling 24 hours is used up for this partner account (%s).",
				g.Name, g.Daily, strings.Join(g.Operations, ", ")), u.untilOldestLeaves(now))
		}
	}
	if g.Rate > 0 {
		u.refill(now, g.Rate)
		if u.tokens < 1 {
			return throttled(fmt.Sprintf(
				"Rate exceeded: the %s quota is %s requests per second per partner account (%s).",
				g.Name, strconv.FormatFloat(g.Rate, 'f', -1, 64), strings.Join(g.Operations, ", ")),
				time.Duration((1-u.tokens)/g.Rate*float64(time.Second)))
		}
		u.tokens--
	}
	if g.Daily > 0 {
		u.perMinute[u.last%window]++
		u.total++
	}
	return nil
}

// burst is how many requests a full bucket holds: one second's worth.
func burst(rate float64) float64 { return math.Max(1, rate) }

func (u *usage) refill(now time.Time, rate float64) {
	if d := now.Sub(u.filled); d > 0 {
		u.tokens = math.Min(burst(rate), u.tokens+d.Seconds()*rate)
		u.filled = now
	}
}

// roll moves the window to now's minute, forgetting minutes that left it.
func (u *usage) roll(now time.Time) {
	m := now.Unix() / 60
	if m <= u.last {
		return
	}
	if m-u.last >= window {
		u.perMinute = [window]int32{}
		u.total = 0
	} else {
		for x := u.last + 1; x <= m; x++ {
			u.total -= int(u.perMinute[x%window])
			u.perMinute[x%window] = 0
		}
	}
	u.last = m
}

// untilOldestLeaves is how long until the oldest counted minute leaves the
// window, freeing room.
func (u *usage) untilOldestLeaves(now time.Time) time.Duration {
	for x := u.last - window + 1; x <= u.last; x++ {
		if x >= 0 && u.perMinute[x%window] > 0 {
			return time.Unix((x+window)*60, 0).Sub(now)
		}
	}
	return time.Minute
}

// sweepAbove bounds the accounts tracked before idle ones are forgotten (in
// local mode every 12-digit key is an account). A variable for tests.
var sweepAbove = 10_000

func (l *Limiter) sweep(now time.Time) {
	for k, u := range l.state {
		g := l.groups[k.group]
		u.roll(now)
		u.refill(now, g.Rate)
		if u.total == 0 && (g.Rate == 0 || u.tokens >= burst(g.Rate)) {
			delete(l.state, k)
		}
	}
}

// Reset forgets what account ("" for every account) has used of its
// budgets, which are then full again; it returns how many of its
// per-group budgets it forgot. On a shared Limiter that is for every pcs
// sharing its Budgets.
func (l *Limiter) Reset(account string) int {
	if l.shared != nil {
		l.mu.Lock()
		for k := range l.last {
			if account == "" || k.account == account {
				delete(l.last, k)
			}
		}
		l.mu.Unlock()
		n, err := l.shared.Clear(context.Background(), account)
		if err != nil {
			l.log.Error("resetting the quota budgets", "account", account, "err", err)
		}
		return n
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for k := range l.state {
		if account == "" || k.account == account {
			delete(l.state, k)
			n++
		}
	}
	return n
}

// Usage is an account's standing against one group.
type Usage struct {
	Group      string   `json:"group"`
	Operations []string `json:"operations"`
	Limit      string   `json:"limit"`
	// Last24h counts the requests admitted in the rolling window.
	Last24h int `json:"last24h"`
}

// Usage reports an account's use of every limited group.
func (l *Limiter) Usage(account string) []Usage {
	now := l.clock.Now()
	var used func(gi int) int // requests in the rolling window
	if l.shared != nil {
		used = l.sharedUsed(account, now)
	} else {
		l.mu.Lock()
		defer l.mu.Unlock()
		used = func(gi int) int {
			s := l.state[key{account, gi}]
			if s == nil {
				return 0
			}
			s.roll(now)
			return s.total
		}
	}
	var out []Usage
	for i, g := range l.groups {
		if g.Limit == (Limit{}) || len(g.Operations) == 0 {
			continue
		}
		out = append(out, Usage{Group: g.Name, Operations: g.Operations, Limit: g.Limit.String(), Last24h: used(i)})
	}
	return out
}
