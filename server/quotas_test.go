package server

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pcs/clock"
	"pcs/quota"
	"pcs/store"
	"pcs/store/postgres"
	"pcs/store/postgres/pgtest"
	"pcs/store/sqlite"
)

// TestSharedQuotaUnderContention: requests at once through three pcs on
// one PostgreSQL schema, on one account's budget, let exactly the budget
// through: each write lands only over the version it read.
func TestSharedQuotaUnderContention(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Schema(t)
	groups, err := quota.Override(nil, "write=40/s+100/24h")
	if err != nil {
		t.Fatal(err)
	}
	wall := clock.NewFixed(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	var limiters []*quota.Limiter
	for range 3 {
		db, err := postgres.Open(ctx, url, 4)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		l, err := newLimiter(db, wall, groups, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !l.Shared() {
			t.Fatal("a Limiter on PostgreSQL keeps its budgets in memory")
		}
		limiters = append(limiters, l)
	}
	var admitted atomic.Int64
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			for range 10 {
				if err := limiters[i%3].Allow(ctx, "111111111111", "CreateOpportunity"); err == nil {
					admitted.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if n := admitted.Load(); n != 40 {
		t.Errorf("120 requests at once through three pcs let %d through, want the burst of 40", n)
	}
	if u := limiters[1].Usage("111111111111"); len(u) != 1 || u[0].Last24h != 40 {
		t.Errorf("usage %+v, want 40 in the window", u)
	}
}

// BenchmarkAllow is what a quota check costs a request: with the budgets
// in memory (SQLite) and in the store (PostgreSQL), for a request let
// through and for one throttled, one caller at a time and many at once on
// one account's budget (where writes over the same version collide) or on
// budgets of their own.
func BenchmarkAllow(b *testing.B) {
	ctx := context.Background()
	stores := []struct {
		name string
		open func(b *testing.B) store.Store
	}{
		{"memory", func(b *testing.B) store.Store {
			db, err := sqlite.OpenMemory(ctx)
			if err != nil {
				b.Fatal(err)
			}
			return db
		}},
		{"postgres", func(b *testing.B) store.Store {
			db, err := postgres.Open(ctx, pgtest.Schema(b), 0)
			if err != nil {
				b.Fatal(err)
			}
			return db
		}},
	}
	for _, st := range stores {
		for _, verdict := range []struct{ name, limit string }{{"admitted", "1000000000/s"}, {"throttled", "1/24h"}} {
			groups, err := quota.Override(nil, "write="+verdict.limit)
			if err != nil {
				b.Fatal(err)
			}
			run := func(b *testing.B, body func(*quota.Limiter)) {
				db := st.open(b)
				defer db.Close()
				l, err := newLimiter(db, clock.System{}, groups, nil)
				if err != nil {
					b.Fatal(err)
				}
				_ = l.Allow(ctx, "111111111111", "CreateOpportunity") // the budget is kept, and for 1/24h spent
				b.ResetTimer()
				body(l)
			}
			b.Run(st.name+"/"+verdict.name+"/serial", func(b *testing.B) {
				run(b, func(l *quota.Limiter) {
					for range b.N {
						_ = l.Allow(ctx, "111111111111", "CreateOpportunity")
					}
				})
			})
			b.Run(st.name+"/"+verdict.name+"/parallel-one-account", func(b *testing.B) {
				run(b, func(l *quota.Limiter) {
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							_ = l.Allow(ctx, "111111111111", "CreateOpportunity")
						}
					})
				})
			})
			var accounts atomic.Int64
			b.Run(st.name+"/"+verdict.name+"/parallel-own-accounts", func(b *testing.B) {
				run(b, func(l *quota.Limiter) {
					b.RunParallel(func(pb *testing.PB) {
						account := fmt.Sprintf("%012d", accounts.Add(1))
						for pb.Next() {
							_ = l.Allow(ctx, account, "CreateOpportunity")
						}
					})
				})
			})
		}
	}
	// One caller going round three pcs: each finds the budget moved by
	// another since it last saw it.
	b.Run("postgres/admitted/round-robin-three-pcs", func(b *testing.B) {
		groups, _ := quota.Override(nil, "write=1000000000/s")
		url := pgtest.Schema(b)
		var limiters []*quota.Limiter
		for range 3 {
			db, err := postgres.Open(ctx, url, 0)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			l, err := newLimiter(db, clock.System{}, groups, nil)
			if err != nil {
				b.Fatal(err)
			}
			_ = l.Allow(ctx, "111111111111", "CreateOpportunity")
			limiters = append(limiters, l)
		}
		b.ResetTimer()
		for i := range b.N {
			_ = limiters[i%3].Allow(ctx, "111111111111", "CreateOpportunity")
		}
	})
}
