package quota

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"pcs/api"
	"pcs/clock"
)

var ctx = context.Background()

func newAWS(t *testing.T, mk maker) (*Limiter, *clock.Fixed) {
	t.Helper()
	clk := clock.NewFixed(time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC))
	l, err := mk(clk, AWS())
	if err != nil {
		t.Fatal(err)
	}
	return l, clk
}

func throttledAfter(t *testing.T, err error) time.Duration {
	t.Helper()
	var th *Throttled
	var te *api.ThrottlingException
	if !errors.As(err, &th) || !errors.As(err, &te) {
		t.Fatalf("got %v, want a ThrottlingException", err)
	}
	return th.RetryAfter()
}

func TestWriteRate(t *testing.T) {
	eachWay(t, func(t *testing.T, mk maker) {
		l, clk := newAWS(t, mk)
		const acct = "111111111111"
		if err := l.Allow(ctx, acct, "CreateOpportunity"); err != nil {
			t.Fatal(err)
		}
		// The write budget is shared: an update right after a create is throttled.
		after := throttledAfter(t, l.Allow(ctx, acct, "UpdateOpportunity"))
		if after != time.Second {
			t.Errorf("Retry-After %v, want 1s", after)
		}
		// Another account has its own budget; reads have theirs.
		if err := l.Allow(ctx, "222222222222", "CreateOpportunity"); err != nil {
			t.Fatal(err)
		}
		if err := l.Allow(ctx, acct, "GetOpportunity"); err != nil {
			t.Fatal(err)
		}
		clk.Advance(500 * time.Millisecond)
		if after := throttledAfter(t, l.Allow(ctx, acct, "CreateOpportunity")); after != 500*time.Millisecond {
			t.Errorf("Retry-After %v, want 500ms", after)
		}
		clk.Advance(500 * time.Millisecond)
		if err := l.Allow(ctx, acct, "CreateOpportunity"); err != nil {
			t.Fatal(err)
		}
		// Operations without a published quota are never throttled.
		for range 100 {
			if err := l.Allow(ctx, acct, "SubmitOpportunity"); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestReadRateBurst(t *testing.T) {
	eachWay(t, func(t *testing.T, mk maker) {
		l, clk := newAWS(t, mk)
		for i := range 10 {
			if err := l.Allow(ctx, "1", "ListOpportunities"); err != nil {
				t.Fatalf("read %d: %v", i, err)
			}
		}
		throttledAfter(t, l.Allow(ctx, "1", "GetOpportunity"))
		clk.Advance(100 * time.Millisecond)
		if err := l.Allow(ctx, "1", "GetOpportunity"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestDailyRollingWindow(t *testing.T) {
	eachWay(t, func(t *testing.T, mk maker) {
		clk := clock.NewFixed(time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC))
		l, err := mk(clk, []Group{{Name: "write", Operations: []string{"CreateOpportunity"}, Limit: Limit{Daily: 3}}})
		if err != nil {
			t.Fatal(err)
		}
		start := clk.Now()
		for range 2 {
			if err := l.Allow(ctx, "1", "CreateOpportunity"); err != nil {
				t.Fatal(err)
			}
		}
		clk.Advance(6 * time.Hour)
		if err := l.Allow(ctx, "1", "CreateOpportunity"); err != nil {
			t.Fatal(err)
		}
		after := throttledAfter(t, l.Allow(ctx, "1", "CreateOpportunity"))
		if want := start.Add(24 * time.Hour).Sub(clk.Now()); after != want {
			t.Errorf("Retry-After %v, want %v (when the first two leave the window)", after, want)
		}
		if u := l.Usage("1"); len(u) != 1 || u[0].Last24h != 3 || u[0].Limit != "3/24h" {
			t.Errorf("usage %+v", u)
		}
		clk.Set(start.Add(24 * time.Hour))
		for range 2 {
			if err := l.Allow(ctx, "1", "CreateOpportunity"); err != nil {
				t.Fatal(err)
			}
		}
		throttledAfter(t, l.Allow(ctx, "1", "CreateOpportunity"))
		clk.Advance(48 * time.Hour)
		if err := l.Allow(ctx, "1", "CreateOpportunity"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestOverride(t *testing.T) {
	eachWay(t, func(t *testing.T, mk maker) {
		groups, err := Override(AWS(), "CreateOpportunity=5/s+50000/24h, ListSolutions=off,read=100/s")
		if err != nil {
			t.Fatal(err)
		}
		clk := clock.NewFixed(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		l, err := mk(clk, groups)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			if err := l.Allow(ctx, "1", "CreateOpportunity"); err != nil {
				t.Fatalf("create %d: %v", i, err)
			}
		}
		throttledAfter(t, l.Allow(ctx, "1", "CreateOpportunity"))
		// CreateOpportunity left the write group: an update still has its token.
		if err := l.Allow(ctx, "1", "UpdateOpportunity"); err != nil {
			t.Fatal(err)
		}
		for range 500 {
			if err := l.Allow(ctx, "1", "ListSolutions"); err != nil {
				t.Fatal(err)
			}
		}
		for range 100 {
			if err := l.Allow(ctx, "1", "GetOpportunity"); err != nil {
				t.Fatal(err)
			}
		}
		throttledAfter(t, l.Allow(ctx, "1", "GetOpportunity"))

		for _, bad := range []string{"Nope=1/s", "CreateOpportunity", "CreateOpportunity=fast", "CreateOpportunity=0/s", "CreateOpportunity=1/h"} {
			if _, err := Override(AWS(), bad); err == nil {
				t.Errorf("%q accepted", bad)
			}
		}
		if g, _ := Override(nil, "GetOpportunity=2/s"); len(g) != 1 || g[0].Rate != 2 {
			t.Errorf("override without a profile: %+v", g)
		}
		if _, err := Profile("strict"); err == nil {
			t.Error("unknown profile accepted")
		}
	})
}

// TestOverrideGroupWithoutProfile names a group with -quotas off: it is
// the real service's group, less the operations limited on their own,
// with only the limit given.
func TestOverrideGroupWithoutProfile(t *testing.T) {
	eachWay(t, func(t *testing.T, mk maker) {
		tests := []struct {
			spec    string
			limited []string // operations sharing 2 requests a second
			free    []string // operations without a limit
			own     string   // an operation with 1 request a second of its own
		}{
			{"write=2/s", []string{"CreateOpportunity", "UpdateOpportunity"}, []string{"GetOpportunity", "CreateEngagement"}, ""},
			{"CreateOpportunity=1/s,write=2/s", []string{"UpdateOpportunity", "AssignOpportunity"}, []string{"GetOpportunity"}, "CreateOpportunity"},
			{"write=2/s,CreateOpportunity=1/s", []string{"UpdateOpportunity", "AssignOpportunity"}, []string{"GetOpportunity"}, "CreateOpportunity"},
		}
		for _, tt := range tests {
			t.Run(tt.spec, func(t *testing.T) {
				groups, err := Override(nil, tt.spec)
				if err != nil {
					t.Fatal(err)
				}
				l, err := mk(clock.NewFixed(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), groups)
				if err != nil {
					t.Fatal(err)
				}
				for _, op := range tt.limited {
					if err := l.Allow(ctx, "1", op); err != nil {
						t.Fatalf("%s: %v", op, err)
					}
				}
				throttledAfter(t, l.Allow(ctx, "1", tt.limited[0]))
				for _, op := range tt.free {
					for range 10 {
						if err := l.Allow(ctx, "1", op); err != nil {
							t.Fatalf("%s is limited: %v", op, err)
						}
					}
				}
				if tt.own != "" {
					if err := l.Allow(ctx, "1", tt.own); err != nil {
						t.Fatal(err)
					}
					throttledAfter(t, l.Allow(ctx, "1", tt.own))
				}
			})
		}
		if _, err := Override(nil, "reads=2/s"); err == nil || !strings.Contains(err.Error(), "neither an operation nor a quota group") {
			t.Errorf("an unknown group: %v", err)
		}
	})
}

func TestConcurrentAllowNeverOverspends(t *testing.T) {
	eachWay(t, func(t *testing.T, mk maker) {
		clk := clock.NewFixed(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		l, _ := mk(clk, []Group{{Name: "w", Operations: []string{"CreateOpportunity"}, Limit: Limit{Rate: 1, Daily: 50}}})
		var mu sync.Mutex
		allowed := 0
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for range 100 {
					if l.Allow(ctx, "1", "CreateOpportunity") == nil {
						mu.Lock()
						allowed++
						mu.Unlock()
					}
					clk.Advance(100 * time.Millisecond)
				}
			})
		}
		wg.Wait()
		// 800 calls over 80 s of clock: at most 1 + 80 by rate, and 50 by day.
		if allowed != 50 {
			t.Errorf("allowed %d, want exactly the daily 50", allowed)
		}
		if !strings.Contains(l.Allow(ctx, "1", "CreateOpportunity").Error(), "24 hours") {
			t.Error("daily message")
		}
	})
}

func TestSweepForgetsIdleAccounts(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	l, _ := New(clk, AWS())
	defer func(n int) { sweepAbove = n }(sweepAbove)
	sweepAbove = 100
	for i := range sweepAbove {
		_ = l.Allow(ctx, string(rune('a'+i%26))+strings.Repeat("x", i/26), "GetOpportunity")
	}
	clk.Advance(25 * time.Hour)
	_ = l.Allow(ctx, "new", "GetOpportunity")
	if n := len(l.state); n != 1 {
		t.Errorf("%d accounts tracked after the sweep, want 1", n)
	}
}

func TestResetRefillsBudgets(t *testing.T) {
	eachWay(t, func(t *testing.T, mk maker) {
		l, _ := newAWS(t, mk)
		const a, b = "111111111111", "222222222222"
		for _, acct := range []string{a, b} {
			if err := l.Allow(ctx, acct, "CreateOpportunity"); err != nil {
				t.Fatal(err)
			}
			if err := l.Allow(ctx, acct, "CreateOpportunity"); err == nil {
				t.Fatal("the write budget was not spent")
			}
		}
		if n := l.Reset(a); n != 1 {
			t.Errorf("Reset(a) forgot %d budgets, want 1", n)
		}
		if err := l.Allow(ctx, a, "CreateOpportunity"); err != nil {
			t.Errorf("a after its reset: %v", err)
		}
		if err := l.Allow(ctx, b, "CreateOpportunity"); err == nil {
			t.Error("b's budget was refilled by a's reset")
		}
		if n := l.Reset(""); n != 2 {
			t.Errorf("Reset(\"\") forgot %d budgets, want 2", n)
		}
		if err := l.Allow(ctx, b, "CreateOpportunity"); err != nil {
			t.Errorf("b after a reset of all: %v", err)
		}
	})
}
