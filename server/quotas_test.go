package server

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"pcs/clock"
	"pcs/quota"
	"pcs/store"
	"pcs/store/postgres"
	"pcs/store/postgres/pgtest"
	"pcs/store/sqlite"
)

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
}
