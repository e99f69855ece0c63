package fault

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pcs/api"
	"pcs/awsjson"
)

func TestRulesMatchAndExpire(t *testing.T) {
	in := New()
	ctx := context.Background()
	th, err := in.Add(Rule{Action: Throttle, Operation: "CreateOpportunity", Count: 2, RetryAfter: Duration(time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Add(Rule{Action: InternalError, Account: "222222222222"}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Add(Rule{Action: Drop, Operation: "List*", Account: "111111111111"}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Add(Rule{Action: DropResponse, Operation: "UpdateOpportunity", Count: 1}); err != nil {
		t.Fatal(err)
	}

	for i := range 2 {
		err := in.Admit(ctx, "111111111111", "CreateOpportunity")
		var te *api.ThrottlingException
		var ra awsjson.RetryAfter
		if !errors.As(err, &te) || !errors.As(err, &ra) || ra.RetryAfter() != time.Second ||
			!strings.Contains(*te.Message, "injected by pcs fault rule 1") {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if err := in.Admit(ctx, "111111111111", "CreateOpportunity"); err != nil {
		t.Fatalf("after count: %v", err)
	}
	if rules := in.List(); len(rules) != 3 || rules[0].ID == th.ID {
		t.Fatalf("spent rule not removed: %+v", rules)
	}
	var ise *api.InternalServerException
	if err := in.Admit(ctx, "222222222222", "GetOpportunity"); !errors.As(err, &ise) {
		t.Fatalf("account rule: %v", err)
	}
	if err := in.Admit(ctx, "111111111111", "ListOpportunities"); !errors.Is(err, awsjson.ErrDropConnection) {
		t.Fatalf("drop: %v", err)
	}
	if err := in.Admit(ctx, "333333333333", "ListOpportunities"); err != nil {
		t.Fatalf("other account: %v", err)
	}
	if err := in.Admit(ctx, "333333333333", "UpdateOpportunity"); !errors.Is(err, awsjson.ErrDropResponse) {
		t.Fatalf("drop-response: %v", err)
	}
	if !in.Remove(2) || in.Remove(2) {
		t.Fatal("Remove")
	}
	if n := in.Clear(); n != 1 {
		t.Fatalf("Clear removed %d", n)
	}
}

func TestProbability(t *testing.T) {
	in := New()
	rolls := []float64{0.1, 0.9, 0.29, 0.3}
	in.random = func() float64 { r := rolls[0]; rolls = rolls[1:]; return r }
	if _, err := in.Add(Rule{Action: Throttle, Probability: 0.3}); err != nil {
		t.Fatal(err)
	}
	var got []bool
	for range 4 {
		got = append(got, in.Admit(context.Background(), "1", "GetOpportunity") != nil)
	}
	if want := []bool{true, false, true, false}; !equal(got, want) {
		t.Fatalf("hits %v, want %v", got, want)
	}
	if r := in.List()[0]; r.Hits != 2 {
		t.Fatalf("hits counted %d", r.Hits)
	}
}

func equal(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestLatency(t *testing.T) {
	in := New()
	if _, err := in.Add(Rule{Action: Latency, Latency: Duration(30 * time.Millisecond)}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Add(Rule{Action: Throttle, Operation: "GetOpportunity"}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err := in.Admit(context.Background(), "1", "GetOpportunity")
	if time.Since(start) < 30*time.Millisecond || err == nil {
		t.Fatalf("latency then throttle: %v after %v", err, time.Since(start))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := in.Admit(ctx, "1", "ListSolutions"); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait: %v", err)
	}
}

func TestRuleJSONAndValidation(t *testing.T) {
	var r Rule
	if err := json.Unmarshal([]byte(`{"action":"latency","latency":"1.5s","retryAfter":250}`), &r); err != nil {
		t.Fatal(err)
	}
	if time.Duration(r.Latency) != 1500*time.Millisecond || time.Duration(r.RetryAfter) != 250*time.Millisecond {
		t.Fatalf("%+v", r)
	}
	b, _ := json.Marshal(r)
	if !strings.Contains(string(b), `"latency":"1.5s"`) {
		t.Fatalf("%s", b)
	}
	if err := json.Unmarshal([]byte(`{"latency":true}`), &r); err == nil {
		t.Fatal("bad duration accepted")
	}
	in := New()
	for _, bad := range []Rule{
		{Action: "explode"},
		{Action: Throttle, Operation: "DeleteOpportunity"},
		{Action: Throttle, Operation: "[x"},
		{Action: Throttle, Account: "12"},
		{Action: Throttle, Probability: 1.5},
		{Action: Throttle, Count: -1},
		{Action: Latency},
		{Action: Latency, Latency: Duration(time.Hour)},
	} {
		if _, err := in.Add(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

func TestClearAccountKeepsOtherRules(t *testing.T) {
	in := New()
	for _, r := range []Rule{
		{Action: Throttle, Account: "111111111111"},
		{Action: Throttle},
		{Action: InternalError, Account: "222222222222"},
		{Action: Drop, Account: "111111111111", Operation: "List*"},
	} {
		if _, err := in.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if n := in.ClearAccount("111111111111"); n != 2 {
		t.Errorf("cleared %d rules, want 2", n)
	}
	var left []string
	for _, r := range in.List() {
		left = append(left, string(r.Action)+"/"+r.Account)
	}
	if got := strings.Join(left, " "); got != "throttle/ internal-error/222222222222" {
		t.Errorf("rules left: %s", got)
	}
}

// TestSharedRules: two Injectors over one Rules, as two pcs over one
// store. A rule added through one applies on the other once its window
// has passed, and a rule of count 3 hits 3 calls over both.
func TestSharedRules(t *testing.T) {
	rules := &memory{}
	a, b := NewShared(rules, nil), NewShared(rules, nil)
	ctx := context.Background()
	if err := b.Admit(ctx, "1", "GetOpportunity"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Add(Rule{Action: Throttle, Count: 3}); err != nil {
		t.Fatal(err)
	}
	if err := b.Admit(ctx, "1", "GetOpportunity"); err != nil {
		t.Fatalf("b within its window: %v", err)
	}
	time.Sleep(sharedTTL + 20*time.Millisecond)
	hits := 0
	for i := range 8 {
		if []*Injector{a, b}[i%2].Admit(ctx, "1", "GetOpportunity") != nil {
			hits++
		}
	}
	if hits != 3 || len(a.List()) != 0 {
		t.Fatalf("a rule of count 3 hit %d calls; left %+v", hits, a.List())
	}
}

// countedRules are rules in memory whose reads are counted and slow, as
// a store's are.
type countedRules struct {
	memory
	reads atomic.Int64
	delay time.Duration
}

func (c *countedRules) List(ctx context.Context) ([]Rule, error) {
	c.reads.Add(1)
	rules, err := c.memory.List(ctx) // what the store held when asked
	time.Sleep(c.delay)
	return rules, err
}

// TestSharedRulesReadOncePerWindow: of many calls at once on rules read
// longer ago than the window, one reads them while the others use the
// rules last read, and a call after a change here waits for a read that
// shows it; a hit that counts reads nothing.
func TestSharedRulesReadOncePerWindow(t *testing.T) {
	ctx := context.Background()
	rules := &countedRules{delay: 20 * time.Millisecond}
	in := NewShared(rules, nil)
	admitAtOnce := func(n int) (failed int) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				if in.Admit(ctx, "1", "GetOpportunity") != nil {
					mu.Lock()
					failed++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		return failed
	}
	reads := func(what string, want int64) {
		t.Helper()
		if got := rules.reads.Swap(0); got != want {
			t.Errorf("%s: %d reads of the rules, want %d", what, got, want)
		}
	}

	admitAtOnce(50)
	reads("50 calls at once on rules never read", 1)
	admitAtOnce(50)
	reads("50 calls at once within the window", 0)
	time.Sleep(sharedTTL + 10*time.Millisecond)
	admitAtOnce(50)
	reads("50 calls at once past the window", 1)

	// A rule added here while a read is in flight: that read began before
	// the rule, so the calls after the add wait for one that shows it.
	time.Sleep(sharedTTL + 10*time.Millisecond)
	done := make(chan struct{})
	go func() { defer close(done); _ = in.Admit(ctx, "1", "GetOpportunity") }()
	time.Sleep(rules.delay / 2)
	if _, err := in.Add(Rule{Action: Throttle, Count: 5}); err != nil {
		t.Fatal(err)
	}
	if failed := admitAtOnce(20); failed != 5 {
		t.Errorf("a rule of count 5 added here hit %d of 20 calls at once", failed)
	}
	<-done
	reads("a read in flight, an add, 20 calls at once", 2)

	// Hits that count, and the one that spends the rule, read nothing.
	if _, err := in.Add(Rule{Action: InternalError, Count: 3}); err != nil {
		t.Fatal(err)
	}
	failed := 0
	for range 10 {
		if in.Admit(ctx, "1", "GetOpportunity") != nil {
			failed++
		}
	}
	if failed != 3 {
		t.Errorf("a rule of count 3 hit %d of 10 calls", failed)
	}
	reads("an add, then 10 calls hitting a rule of count 3", 1)
}
