package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"pcs/store"
	"pcs/store/sqlite"
)

// benchSizes are the store sizes benchmarked; PCS_BENCH_OPPS adds one
// (1000000 for the figures in docs/benchmarks.md; loading takes a few minutes).
func benchSizes() []int {
	sizes := []int{10_000, 100_000}
	if n, err := strconv.Atoi(os.Getenv("PCS_BENCH_OPPS")); err == nil && n > 0 {
		sizes = append(sizes, n)
	}
	return sizes
}

var benchScope = store.Scope{Account: "111111111111", Catalog: "AWS"}

// loadOpportunities fills a file store with n opportunities of one account
// (and as many of another, so scoping is part of what is measured).
func loadOpportunities(b *testing.B, n int) *sqlite.DB {
	b.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	// About the size of a complete opportunity's document (2.5 KB), so that
	// reading a row costs what it does in use.
	doc := []byte(`{"Catalog":"AWS","Customer":{"Account":{"CompanyName":"Example Corp","Industry":"Retail"}},"Project":{"Title":"A project","CustomerBusinessProblem":"` +
		strings.Repeat("x", 2400) + `"}}`)
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 5000
	for _, scope := range []store.Scope{benchScope, {Account: "222222222222", Catalog: "AWS"}} {
		for i := 0; i < n; i += batch {
			err := db.Update(ctx, func(tx store.Tx) error {
				for j := i; j < min(i+batch, n); j++ {
					at := start.Add(time.Duration(j) * time.Second)
					o := &store.Opportunity{
						Scope: scope, ID: fmt.Sprintf("O%d", 5_000_000+j), CreatedAt: at, LastModifiedAt: at,
						Stage:               []string{"Prospect", "Qualified", "Technical Validation", "Committed"}[j%4],
						ReviewStatus:        []string{"Pending Submission", "Submitted", "Approved"}[j%3],
						CustomerCompanyName: fmt.Sprintf("Company %d", j%1000),
						TargetCloseDate:     at.AddDate(0, 6, 0).Format(time.DateOnly),
						Doc:                 doc,
					}
					if err := tx.InsertOpportunity(ctx, o); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	return db
}

func BenchmarkListOpportunities(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes() {
		db := loadOpportunities(b, n)
		after := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n/2) * time.Second)
		queries := map[string]store.OpportunityQuery{
			"first-page":        {Descending: true, Limit: 20},
			"stage+status":      {Stages: []string{"Qualified"}, ReviewStatuses: []string{"Approved"}, Descending: true, Limit: 20},
			"modified-after":    {LastModifiedAfter: &after, Descending: true, Limit: 100},
			"company-sorted":    {CustomerCompanyNames: []string{"Company 7"}, Sort: store.SortCustomerCompanyName, Limit: 20},
			"deep-cursor":       {Descending: true, Limit: 20, After: &store.OpportunityCursor{Key: strconv.FormatInt(after.UnixNano(), 10), ID: "O1"}},
			"close-date-sorted": {Sort: store.SortTargetCloseDate, Limit: 20},
		}
		for name, q := range queries {
			b.Run(fmt.Sprintf("n=%d/%s", n, name), func(b *testing.B) {
				for b.Loop() {
					err := db.View(ctx, func(tx store.Tx) error {
						recs, err := tx.ListOpportunities(ctx, benchScope, q)
						if err == nil && len(recs) == 0 {
							b.Fatal("empty page")
						}
						return err
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run(fmt.Sprintf("n=%d/get", n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				id := fmt.Sprintf("O%d", 5_000_000+(i*7919)%n)
				i++
				if err := db.View(ctx, func(tx store.Tx) error {
					_, err := tx.GetOpportunity(ctx, benchScope, id)
					return err
				}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDurableWrites measures what an opportunity's create and update
// cost the store at 32 concurrent writers, with each write committing
// alone and parsing its SQL (as before group commit and the statement
// cache), with group commit, and with both, in the same run: the ratios
// are what each gains. Each write is what CreateOpportunity or
// UpdateOpportunity writes: the opportunity, its event, a client token.
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
		for _, mode := range []struct {
			name              string
			grouped, prepared bool
		}{{"alone", false, false}, {"grouped", true, false}, {"grouped+prepared", true, true}} {
			b.Run(op.name+"/"+mode.name, func(b *testing.B) {
				sqlite.GroupCommit(db, mode.grouped)
				sqlite.StatementCache(db, mode.prepared)
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

// BenchmarkStatementCache measures a get, listing pages and a create, one
// at a time, with every query parsed each time it runs and with the
// statements prepared once, in the same run.
func BenchmarkStatementCache(b *testing.B) {
	ctx := context.Background()
	const n = 10_000
	db := loadOpportunities(b, n)
	after := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n/2) * time.Second)
	view := func(fn func(tx store.Tx, i int) error) func(i int) error {
		return func(i int) error { return db.View(ctx, func(tx store.Tx) error { return fn(tx, i) }) }
	}
	list := func(q store.OpportunityQuery) func(i int) error {
		return view(func(tx store.Tx, _ int) error {
			recs, err := tx.ListOpportunities(ctx, benchScope, q)
			if err == nil && len(recs) == 0 {
				return errors.New("empty page")
			}
			return err
		})
	}
	doc := []byte(`{"Catalog":"AWS"}`)
	ops := []struct {
		name string
		run  func(i int) error
	}{
		{"get", view(func(tx store.Tx, i int) error {
			_, err := tx.GetOpportunity(ctx, benchScope, fmt.Sprintf("O%d", 5_000_000+(i*7919)%n))
			return err
		})},
		{"list-20", list(store.OpportunityQuery{Descending: true, Limit: 20})},
		{"list-stage-100", list(store.OpportunityQuery{Stages: []string{"Qualified"}, ReviewStatuses: []string{"Approved"}, Descending: true, Limit: 100})},
		{"list-modified-100", list(store.OpportunityQuery{LastModifiedAfter: &after, Limit: 100})},
		{"create", func(int) error {
			return db.Update(ctx, func(tx store.Tx) error {
				seq, err := tx.NextSequence(ctx, "opportunity")
				if err != nil {
					return err
				}
				at := time.Now().UTC()
				return tx.InsertOpportunity(ctx, &store.Opportunity{Scope: benchScope, ID: fmt.Sprintf("O%d", 8_000_000+seq),
					CreatedAt: at, LastModifiedAt: at, Stage: "Prospect", Summary: []byte(`{}`), Doc: doc})
			})
		}},
	}
	for _, op := range ops {
		for _, prepared := range []bool{false, true} {
			name := op.name + "/text"
			if prepared {
				name = op.name + "/prepared"
			}
			b.Run(name, func(b *testing.B) {
				sqlite.StatementCache(db, prepared)
				_ = op.run(0) // prepares what it runs
				i := 0
				for b.Loop() {
					if err := op.run(i); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		}
	}
}
