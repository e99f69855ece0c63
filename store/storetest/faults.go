package storetest

import (
	"errors"
	"sync"
	"testing"

	"pcs/store"
)

// faultRules lists the stored fault rules.
func faultRules(t *testing.T, db store.Store) []store.FaultRule {
	t.Helper()
	var rules []store.FaultRule
	if err := db.View(ctx, func(tx store.Tx) error {
		var err error
		rules, err = tx.ListFaultRules(ctx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return rules
}

func hitFaultRule(t *testing.T, db store.Store, id int64) bool {
	t.Helper()
	var ok bool
	update(t, db, func(tx store.Tx) error {
		var err error
		ok, err = tx.HitFaultRule(ctx, id)
		return err
	})
	return ok
}

func testFaultRules(t *testing.T, db store.Store) {
	add := func(account string, count int, rule string) int64 {
		t.Helper()
		r := store.FaultRule{Account: account, Count: count, Rule: []byte(rule)}
		update(t, db, func(tx store.Tx) error { return tx.InsertFaultRule(ctx, &r) })
		return r.ID
	}
	every := add("", 0, `{"action":"throttle"}`)
	counted := add("", 2, `{"action":"drop","count":2}`)
	ofA := add(scopeA.Account, 0, `{"action":"internal-error"}`)
	ofB := add(scopeB.Account, 1, `{"action":"latency"}`)
	if !(every < counted && counted < ofA && ofA < ofB) {
		t.Fatalf("ids %d, %d, %d, %d: want them growing", every, counted, ofA, ofB)
	}
	rules := faultRules(t, db)
	if len(rules) != 4 || rules[1].ID != counted || rules[1].Count != 2 || rules[1].Hits != 0 ||
		string(rules[1].Rule) != `{"action":"drop","count":2}` || rules[2].Account != scopeA.Account {
		t.Fatalf("listed %+v", rules)
	}

	// Hits count only for a rule with a count, and the one that spends it removes it.
	if hitFaultRule(t, db, every) {
		t.Error("a hit of a rule without a count counted")
	}
	if !hitFaultRule(t, db, counted) {
		t.Fatal("first hit of a rule of count 2 refused")
	}
	if rules := faultRules(t, db); rules[1].Hits != 1 {
		t.Fatalf("hits after one: %+v", rules[1])
	}
	if !hitFaultRule(t, db, counted) || hitFaultRule(t, db, counted) {
		t.Fatal("a rule of count 2 did not hit exactly twice")
	}
	if rules := faultRules(t, db); len(rules) != 3 || rules[1].ID != ofA {
		t.Fatalf("spent rule listed: %+v", rules)
	}

	// Removal: one, one account's, all; fault rules are no records of a reset.
	update(t, db, func(tx store.Tx) error {
		if err := tx.DeleteFaultRule(ctx, counted); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleting a spent rule: %v, want ErrNotFound", err)
		}
		if n, err := tx.DeleteAccountFaultRules(ctx, scopeA.Account); err != nil || n != 1 {
			t.Errorf("deleting account A's rules: %d, %v", n, err)
		}
		_, err := tx.DeleteAll(ctx)
		return err
	})
	if rules := faultRules(t, db); len(rules) != 2 || rules[0].ID != every || rules[1].ID != ofB {
		t.Fatalf("left after deleting A's: %+v", rules)
	}
	update(t, db, func(tx store.Tx) error {
		if err := tx.DeleteFaultRule(ctx, ofB); err != nil {
			t.Errorf("deleting one: %v", err)
		}
		if n, err := tx.DeleteFaultRules(ctx); err != nil || n != 1 {
			t.Errorf("deleting all: %d, %v", n, err)
		}
		return nil
	})
	if rules := faultRules(t, db); len(rules) != 0 {
		t.Fatalf("left after deleting all: %+v", rules)
	}
	if again := add("", 0, `{}`); again <= ofB {
		t.Errorf("id %d handed out again after %d", again, ofB)
	}
}

// testFaultRuleHitsUnderConcurrentWriters: however many hit a rule of
// count n at once, n hits count.
func testFaultRuleHitsUnderConcurrentWriters(t *testing.T, db store.Store) {
	r := store.FaultRule{Count: 3, Rule: []byte(`{}`)}
	update(t, db, func(tx store.Tx) error { return tx.InsertFaultRule(ctx, &r) })
	var wg sync.WaitGroup
	var mu sync.Mutex
	hits := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 2 {
				var ok bool
				err := db.Update(ctx, func(tx store.Tx) error {
					var err error
					ok, err = tx.HitFaultRule(ctx, r.ID)
					return err
				})
				if err != nil {
					t.Error(err)
					return
				}
				if ok {
					mu.Lock()
					hits++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if hits != 3 {
		t.Errorf("%d hits of a rule of count 3", hits)
	}
	if rules := faultRules(t, db); len(rules) != 0 {
		t.Errorf("spent rule left: %+v", rules)
	}
}
