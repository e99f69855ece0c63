package postgres_test

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"pcs/store"
	"pcs/store/postgres"
	"pcs/store/postgres/pgtest"
)

// BenchmarkAppendEvent is a write of one event, as most API writes are:
// the write lock, the outbox's counter, the row and the notification.
func BenchmarkAppendEvent(b *testing.B) {
	ctx := context.Background()
	db := openFresh(b)
	defer db.Close()
	for i := 0; b.Loop(); i++ {
		err := db.Update(ctx, func(tx store.Tx) error {
			return tx.AppendEvent(ctx, &store.Event{ID: fmt.Sprint("e", i), Account: "111111111111", Catalog: "Sandbox",
				DetailType: "Opportunity Created", Time: time.Now(), Doc: []byte(`{}`)})
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

var benchScope = store.Scope{Account: "111111111111", Catalog: "AWS"}

// loadOpportunities fills a fresh schema, opened with the default pool,
// with n opportunities of one account.
func loadOpportunities(b *testing.B, n int) *postgres.DB {
	b.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.Schema(b), 0)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	doc := []byte(`{"Catalog":"AWS","Project":{"Title":"A project","CustomerBusinessProblem":"` + strings.Repeat("x", 2400) + `"}}`)
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 2000
	for i := 0; i < n; i += batch {
		err := db.Update(ctx, func(tx store.Tx) error {
			for j := i; j < min(i+batch, n); j++ {
				at := start.Add(time.Duration(j) * time.Second)
				if err := tx.InsertOpportunity(ctx, &store.Opportunity{
					Scope: benchScope, ID: fmt.Sprintf("O%d", 5_000_000+j), CreatedAt: at, LastModifiedAt: at,
					Stage: "Prospect", ReviewStatus: "Pending Submission", CustomerCompanyName: fmt.Sprintf("Company %d", j%1000),
					Summary: []byte(`{}`), Doc: doc,
				}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return db
}

// BenchmarkDurableWrites measures what an opportunity's create and update
// cost the store at 32 concurrent writers, each write what
// CreateOpportunity or UpdateOpportunity writes (the opportunity, its
// event, a client token), with each write committing alone and with
// group commit, in the same run.
func BenchmarkDurableWrites(b *testing.B) {
	ctx := context.Background()
	const n = 10_000
	db := loadOpportunities(b, n)
	doc := []byte(`{"Catalog":"AWS","Project":{"Title":"A project","CustomerBusinessProblem":"` + strings.Repeat("y", 2400) + `"}}`)
	var token atomic.Int64
	create := func(tx store.Tx) error {
		seq, err := tx.NextSequence(ctx, "opportunity")
		if err != nil {
			return err
		}
		at := time.Now().UTC()
		o := &store.Opportunity{Scope: benchScope, ID: fmt.Sprintf("O%d", 9_000_000+seq), CreatedAt: at, LastModifiedAt: at,
			Stage: "Prospect", ReviewStatus: "Pending Submission", CustomerCompanyName: "Company 1", Summary: []byte(`{}`), Doc: doc}
		if err := tx.InsertOpportunity(ctx, o); err != nil {
			return err
		}
		if err := tx.AppendEvent(ctx, &store.Event{ID: o.ID, Account: benchScope.Account, Catalog: benchScope.Catalog,
			DetailType: "Opportunity Created", Time: at, Doc: []byte(`{}`)}); err != nil {
			return err
		}
		return tx.PutIdempotency(ctx, &store.Idempotency{Scope: benchScope, Operation: "create",
			Token: strconv.FormatInt(token.Add(1), 10), RequestHash: "h", Response: []byte(`{}`), CreatedAt: at})
	}
	var next atomic.Int64
	update := func(tx store.Tx) error {
		id := fmt.Sprintf("O%d", 5_000_000+(next.Add(1)*7919)%n)
		o, err := tx.GetOpportunity(ctx, benchScope, id)
		if err != nil {
			return err
		}
		o.LastModifiedAt = time.Now().UTC()
		o.Doc = doc
		if err := tx.UpdateOpportunity(ctx, o); err != nil {
			return err
		}
		return tx.AppendEvent(ctx, &store.Event{ID: fmt.Sprint("update-", token.Add(1)), Account: benchScope.Account, Catalog: benchScope.Catalog,
			DetailType: "Opportunity Updated", Time: o.LastModifiedAt, Doc: []byte(`{}`)})
	}
	for _, op := range []struct {
		name string
		fn   func(store.Tx) error
	}{{"create", create}, {"update", update}} {
		for _, mode := range benchModes {
			b.Run(op.name+"/"+mode.name, func(b *testing.B) {
				mode.set(db)
				b.ReportAllocs()
				b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0)))
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if err := db.Update(ctx, op.fn); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		}
	}
}
