package quota

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"pcs/clock"
)

// maker builds a Limiter one way or the other.
type maker func(clock.Clock, []Group) (*Limiter, error)

// eachWay runs test on a Limiter keeping its budgets in memory and on one
// keeping them in Budgets: their answers must be the same.
func eachWay(t *testing.T, test func(*testing.T, maker)) {
	t.Run("memory", func(t *testing.T) { test(t, New) })
	t.Run("shared", func(t *testing.T) {
		test(t, func(clk clock.Clock, groups []Group) (*Limiter, error) {
			return NewShared(clk, groups, newBudgetsInMemory(), nil)
		})
	})
}

// budgetsInMemory are Budgets as a store keeps them: copies, written
// only over the version they were read at. Every other Save loses a race
// it makes up, so that Allow's reading again is always exercised.
type budgetsInMemory struct {
	mu      sync.Mutex
	kept    map[[2]string]Budget
	version int64
	saves   int
}

func newBudgetsInMemory() *budgetsInMemory {
	return &budgetsInMemory{kept: map[[2]string]Budget{}}
}

func (m *budgetsInMemory) Load(_ context.Context, account, group string) (Budget, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return clone(m.kept[[2]string{account, group}]), nil
}

func (m *budgetsInMemory) Save(_ context.Context, account, group string, b Budget) (Budget, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := [2]string{account, group}
	if kept := m.kept[k]; kept.Version != b.Version {
		return clone(kept), false, nil
	}
	if m.saves++; b.Version != 0 && m.saves%2 == 1 {
		// Another pcs wrote it first, leaving it as it was (as a throttled
		// request does) but a version on.
		m.version++
		kept := m.kept[k]
		kept.Version = m.version
		m.kept[k] = kept
		return clone(kept), false, nil
	}
	if b.Version == 0 {
		for k, kept := range m.kept {
			if !kept.Full.After(b.Filled) {
				delete(m.kept, k)
			}
		}
	}
	m.version++
	b.Version = m.version
	m.kept[k] = clone(b)
	return b, true, nil
}

func clone(b Budget) Budget {
	b.Minutes = append([]byte(nil), b.Minutes...)
	return b
}

func (m *budgetsInMemory) List(_ context.Context, account string) (map[string]Budget, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]Budget{}
	for k, b := range m.kept {
		if k[0] == account {
			out[k[1]] = b
		}
	}
	return out, nil
}

func (m *budgetsInMemory) Clear(_ context.Context, account string) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for k := range m.kept {
		if account == "" || k[0] == account {
			delete(m.kept, k)
			n++
		}
	}
	return n, nil
}

// TestBudgetRoundTrip: a budget written to Budgets and read back is the
// budget it was, whatever its window holds.
func TestBudgetRoundTrip(t *testing.T) {
	g := &Group{Name: "w", Operations: []string{"CreateOpportunity"}, Limit: Limit{Rate: 2, Daily: 1000}}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	u := newUsage(g, start)
	for i := range 500 {
		now := start.Add(time.Duration(i) * 7 * time.Minute)
		u.refill(now, g.Rate)
		_ = u.take(g, now)
		back, err := fromBudget(u.budget(g), now)
		if err != nil {
			t.Fatal(err)
		}
		if back.tokens != u.tokens || !back.filled.Equal(u.filled) || back.total != u.total || back.perMinute != u.perMinute ||
			(u.total > 0 && back.last != u.last) {
			t.Fatalf("request %d: read back %+v, want %+v", i, back, u)
		}
	}
	if _, err := fromBudget(Budget{Minutes: []byte{0x80}}, start); err == nil {
		t.Error("a broken encoding was read")
	}
}

// TestSharedBudgetsForgetFullOnes: a budget full again is forgotten when
// another is first kept, as the Limiter in memory sweeps idle accounts.
func TestSharedBudgetsForgetFullOnes(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	budgets := newBudgetsInMemory()
	l, _ := NewShared(clk, AWS(), budgets, nil)
	for _, acct := range []string{"a", "b", "c"} {
		_ = l.Allow(ctx, acct, "GetOpportunity")
	}
	clk.Advance(time.Hour) // the rate is full again; 24 hours keep the count
	_ = l.Allow(ctx, "d", "GetOpportunity")
	if n := len(budgets.kept); n != 4 {
		t.Errorf("%d budgets kept an hour on, want 4 (their requests are still in the window)", n)
	}
	clk.Advance(24 * time.Hour)
	_ = l.Allow(ctx, "e", "GetOpportunity")
	if n := len(budgets.kept); n != 1 {
		t.Errorf("%d budgets kept a day on, want 1", n)
	}
	if u := l.Usage("e"); u[0].Last24h != 1 {
		t.Errorf("usage %+v", u)
	}
}

// failingBudgets cannot be reached.
type failingBudgets struct{ *budgetsInMemory }

func newTestLogger(w *strings.Builder) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

func (*failingBudgets) Load(context.Context, string, string) (Budget, error) {
	return Budget{}, errors.New("connection refused")
}

// TestSharedBudgetsUnreachable: budgets that cannot be read let requests
// through, and say so in the log.
func TestSharedBudgetsUnreachable(t *testing.T) {
	var log strings.Builder
	l, _ := NewShared(clock.NewFixed(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), AWS(), &failingBudgets{newBudgetsInMemory()}, newTestLogger(&log))
	for range 3 {
		if err := l.Allow(ctx, "1", "CreateOpportunity"); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.Contains(log.String(), "connection refused") {
		t.Errorf("log %q", log.String())
	}
}

// TestSharedLimitersSpendOneBudget: two Limiters over one Budgets, as two
// pcs, each with the budget as it last saw it: requests alternating
// between them spend one budget, and a reset through one refills it for
// both.
func TestSharedLimitersSpendOneBudget(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	budgets := newBudgetsInMemory()
	groups := []Group{{Name: "w", Operations: []string{"CreateOpportunity"}, Limit: Limit{Rate: 5, Daily: 7}}}
	a, _ := NewShared(clk, groups, budgets, nil)
	b, _ := NewShared(clk, groups, budgets, nil)
	answers := func(n int) string {
		var out []string
		for i := range n {
			switch err := []*Limiter{a, b}[i%2].Allow(ctx, "1", "CreateOpportunity"); {
			case err == nil:
				out = append(out, "ok")
			case strings.Contains(err.Error(), "24 hours"):
				out = append(out, "day")
			default:
				out = append(out, "rate")
			}
		}
		return strings.Join(out, " ")
	}
	if got, want := answers(7), "ok ok ok ok ok rate rate"; got != want {
		t.Errorf("first second: %s, want %s", got, want)
	}
	clk.Advance(time.Second)
	if got, want := answers(4), "ok ok day day"; got != want {
		t.Errorf("next second: %s, want %s", got, want)
	}
	if u := b.Usage("1"); u[0].Last24h != 7 {
		t.Errorf("usage through b: %+v", u)
	}
	if n := a.Reset("1"); n != 1 {
		t.Errorf("reset forgot %d budgets, want 1", n)
	}
	if got, want := answers(6), "ok ok ok ok ok rate"; got != want {
		t.Errorf("after a reset through a: %s, want %s", got, want)
	}
}
