package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"pcs/store"
)

// take is TakeDeliveryLease of target by holder at now, for d.
func take(t *testing.T, db store.Store, target, holder string, now time.Time, d time.Duration) bool {
	t.Helper()
	var got bool
	update(t, db, func(tx store.Tx) error {
		var err error
		got, err = tx.TakeDeliveryLease(ctx, target, holder, now, now.Add(d))
		return err
	})
	return got
}

func testDeliveryLeases(t *testing.T, db store.Store) {
	const lease = 10 * time.Second
	steps := []struct {
		name   string
		target string
		holder string
		at     time.Duration // after t0
		want   bool
	}{
		{"a free lease is taken", "crm", "a", 0, true},
		{"another holder is refused while it runs", "crm", "b", 5 * time.Second, false},
		{"its holder renews it", "crm", "a", 5 * time.Second, true},
		{"renewed, it runs from the renewal", "crm", "b", 14 * time.Second, false},
		{"another target's lease is its own", "bus", "b", 14 * time.Second, true},
		{"an expired lease is taken over", "crm", "b", 15 * time.Second, true},
		{"its former holder is refused", "crm", "a", 16 * time.Second, false},
	}
	for _, s := range steps {
		if got := take(t, db, s.target, s.holder, t0.Add(s.at), lease); got != s.want {
			t.Errorf("%s: TakeDeliveryLease(%s, %s, t0+%v) = %v, want %v", s.name, s.target, s.holder, s.at, got, s.want)
		}
	}

	release := func(target, holder string) {
		update(t, db, func(tx store.Tx) error { return tx.ReleaseDeliveryLease(ctx, target, holder) })
	}
	release("crm", "a") // not a's to give up
	if take(t, db, "crm", "a", t0.Add(17*time.Second), lease) {
		t.Error("a lease released by another than its holder was given up")
	}
	release("crm", "b")
	if !take(t, db, "crm", "a", t0.Add(17*time.Second), lease) {
		t.Error("a lease its holder released could not be taken at once")
	}
}

// testDeliveryLeaseUnderConcurrentTakers: of many replicas taking one free
// lease at once, one gets it.
func testDeliveryLeaseUnderConcurrentTakers(t *testing.T, db store.Store) {
	const takers = 8
	var wg sync.WaitGroup
	won := make(chan string, takers)
	for i := range takers {
		wg.Go(func() {
			holder := fmt.Sprintf("h%d", i)
			var got bool
			err := db.Update(ctx, func(tx store.Tx) error {
				var err error
				got, err = tx.TakeDeliveryLease(ctx, "crm", holder, t0, t0.Add(10*time.Second))
				return err
			})
			if err != nil {
				t.Error(err)
			}
			if got {
				won <- holder
			}
		})
	}
	wg.Wait()
	close(won)
	var winners []string
	for h := range won {
		winners = append(winners, h)
	}
	if len(winners) != 1 {
		t.Errorf("holders of one lease taken at once by %d: %v, want one", takers, winners)
	}
}
