// Package storetest is the conformance suite every store backend must pass:
// the same behavior, on SQLite and on PostgreSQL.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"pcs/store"
)

// Opener returns a new, empty store; the suite closes it.
type Opener func(t *testing.T) store.Store

var (
	scopeA = store.Scope{Account: "111111111111", Catalog: "Sandbox"}
	scopeB = store.Scope{Account: "222222222222", Catalog: "Sandbox"}
	scopeC = store.Scope{Account: "111111111111", Catalog: "AWS"}

	t0 = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
)

// Run runs the whole suite against stores made by open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, db store.Store)
	}{
		{"Sequences", testSequences},
		{"SequencesUnderConcurrentWriters", testConcurrentSequences},
		{"OpportunityRoundTrip", testOpportunityRoundTrip},
		{"OpportunityAnswers", testOpportunityAnswers},
		{"ScopeIsolation", testScopeIsolation},
		{"RollbackOnError", testRollback},
		{"EmptyDocumentsAndBadTimes", testEmptyDocumentsAndBadTimes},
		{"ListFilters", testListFilters},
		{"ListSortsAndPagesEveryRecordOnce", testListPaging},
		{"PinnedListingIgnoresLaterWrites", testPinnedListing},
		{"ListingReaderListsAsAView", testListingReader},
		{"SummaryEncodedIsKept", testSummaryEncodedKept},
		{"ListingsCarrySummariesNotDocuments", testListedSummaries},
		{"PruneExpiresOldPins", testPrune},
		{"OpportunityHistoryUntilPruned", testOpportunityHistory},
		{"Idempotency", testIdempotency},
		{"Solutions", testSolutions},
		{"ViewSeesOneSnapshot", testViewSnapshot},
		{"Settings", testSettings},
		{"Jobs", testJobs},
		{"Invitations", testInvitations},
		{"Tasks", testTasks},
		{"Engagements", testEngagements},
		{"Events", testEvents},
		{"PruneEventsKeepsTheNewestAndTheUndelivered", testPruneEvents},
		{"Overview", testOverview},
		{"Snapshots", testSnapshots},
		{"DeleteAccount", testDeleteAccount},
		{"DeleteAccountWithoutBystanders", testDeleteAccountWithoutBystanders},
		{"DeleteAll", testDeleteAll},
		{"DeleteJobsAndSettings", testDeleteJobsAndSettings},
		{"ResetUnderConcurrentWriters", testResetUnderConcurrentWriters},
		{"InvitationPagesNeitherSkipNorRepeatAcrossInserts", testInvitationKeysetPaging},
		{"TaskPagesNeitherSkipNorRepeatAcrossInserts", testTaskKeysetPaging},
		{"EngagementPagesNeitherSkipNorRepeatAcrossInserts", testEngagementKeysetPaging},
		{"SnapshotPagesNeitherSkipNorRepeatAcrossInserts", testSnapshotKeysetPaging},
		{"SnapshotJobPagesNeitherSkipNorRepeatAcrossInserts", testSnapshotJobKeysetPaging},
		{"ConcurrentReadModifyWriteLosesNothing", testConcurrentReadModifyWrite},
		{"EventsBecomeVisibleInSeqOrder", testEventsVisibleInSeqOrder},
		{"PinnedListingUnderConcurrentWriters", testPinnedListingUnderConcurrentWriters},
		{"OpportunityVersionsPerScope", testOpportunityVersionsPerScope},
		{"DeliveryLeases", testDeliveryLeases},
		{"DeliveryLeaseUnderConcurrentTakers", testDeliveryLeaseUnderConcurrentTakers},
		{"Secrets", testSecrets},
		{"DumpLoadsIntoAnEmptyStoreAsItWas", func(t *testing.T, db store.Store) { testDumpLoadRoundTrip(t, db, open(t)) }},
		{"DumpOfOneAccount", testDumpAccount},
		{"LoadKeepsWhatIsStored", testLoadKeepsWhatIsStored},
		{"DumpEndsWithItsCallback", testDumpEndsWithItsCallback},
		{"FaultRules", testFaultRules},
		{"FaultRuleHitsUnderConcurrentWriters", testFaultRuleHitsUnderConcurrentWriters},
		{"OutboxNotifierWakesAtCommit", testOutboxNotifier},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each case has a store of its own; writers of several stores run at once
			db := open(t)
			t.Cleanup(func() { db.Close() })
			tt.fn(t, db)
		})
	}
}

var ctx = context.Background()

func update(t *testing.T, db store.Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := db.Update(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

func opp(scope store.Scope, n int) *store.Opportunity {
	return &store.Opportunity{
		Scope:               scope,
		ID:                  fmt.Sprintf("O%d", n),
		CreatedAt:           t0.Add(time.Duration(n) * time.Second),
		LastModifiedAt:      t0.Add(time.Duration(n) * time.Second),
		Stage:               []string{"Prospect", "Qualified"}[n%2],
		ReviewStatus:        "Pending Submission",
		CustomerCompanyName: fmt.Sprintf("Company %d", n%3),
		TargetCloseDate:     t0.AddDate(0, 0, n).Format(time.DateOnly),
		Summary:             []byte(fmt.Sprintf(`{"Id":"O%d"}`, n)),
		Doc:                 []byte(fmt.Sprintf(`{"Id":"O%d","Title":"Opportunity %d"}`, n, n)),
	}
}

// putAll stores every item in one transaction.
func putAll[T any](t *testing.T, db store.Store, items []T, put func(store.Tx, T) error) {
	t.Helper()
	update(t, db, func(tx store.Tx) error {
		for _, it := range items {
			if err := put(tx, it); err != nil {
				return err
			}
		}
		return nil
	})
}

// joinedIDs runs a listing in a read transaction and joins the ids of what
// it returns with spaces.
func joinedIDs[R any](t *testing.T, db store.Store, list func(store.Tx) ([]R, error), id func(R) string) string {
	t.Helper()
	var out []string
	err := db.View(ctx, func(tx store.Tx) error {
		recs, err := list(tx)
		for _, r := range recs {
			out = append(out, id(r))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, " ")
}

func insert(t *testing.T, db store.Store, os ...*store.Opportunity) {
	t.Helper()
	update(t, db, func(tx store.Tx) error {
		for _, o := range os {
			if err := tx.InsertOpportunity(ctx, o); err != nil {
				return err
			}
		}
		return nil
	})
}

func list(t *testing.T, db store.Store, scope store.Scope, q store.OpportunityQuery) []string {
	t.Helper()
	var ids []string
	err := db.View(ctx, func(tx store.Tx) error {
		recs, err := tx.ListOpportunities(ctx, scope, q)
		for _, r := range recs {
			ids = append(ids, r.ID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func testSequences(t *testing.T, db store.Store) {
	var got []int64
	update(t, db, func(tx store.Tx) error {
		for _, name := range []string{"a", "a", "b", "a"} {
			v, err := tx.NextSequence(ctx, name)
			if err != nil {
				return err
			}
			got = append(got, v)
		}
		return nil
	})
	if !slices.Equal(got, []int64{1, 2, 1, 3}) {
		t.Errorf("sequence values %v, want [1 2 1 3]", got)
	}
}

func testConcurrentSequences(t *testing.T, db store.Store) {
	const workers, each = 8, 25
	var mu sync.Mutex
	seen := map[int64]bool{}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				var v int64
				err := db.Update(ctx, func(tx store.Tx) error {
					var err error
					v, err = tx.NextSequence(ctx, "c")
					return err
				})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if seen[v] {
					t.Errorf("value %d handed out twice", v)
				}
				seen[v] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != workers*each {
		t.Errorf("%d distinct values, want %d", len(seen), workers*each)
	}
}

func testOpportunityRoundTrip(t *testing.T, db store.Store) {
	o := opp(scopeA, 7)
	insert(t, db, o)
	err := db.Update(ctx, func(tx store.Tx) error { return tx.InsertOpportunity(ctx, opp(scopeA, 7)) })
	if !errors.Is(err, store.ErrExists) {
		t.Errorf("second insert: %v, want ErrExists", err)
	}
	var got *store.Opportunity
	_ = db.View(ctx, func(tx store.Tx) error {
		got, err = tx.GetOpportunity(ctx, scopeA, "O7")
		return nil
	})
	if err != nil || got.ID != o.ID || !got.CreatedAt.Equal(o.CreatedAt) || !got.LastModifiedAt.Equal(o.LastModifiedAt) ||
		got.Stage != o.Stage || got.CustomerCompanyName != o.CustomerCompanyName || got.TargetCloseDate != o.TargetCloseDate ||
		string(got.Summary) != string(o.Summary) || string(got.Doc) != string(o.Doc) || got.Scope != scopeA {
		t.Fatalf("get = %+v, %v; want %+v", got, err, o)
	}

	changed := *o
	changed.LastModifiedAt = o.LastModifiedAt.Add(1500 * time.Microsecond)
	changed.Stage = "Committed"
	changed.Summary = []byte(`{"Id":"O7","s":2}`)
	changed.Doc = []byte(`{"Id":"O7","v":2}`)
	update(t, db, func(tx store.Tx) error { return tx.UpdateOpportunity(ctx, &changed) })
	_ = db.View(ctx, func(tx store.Tx) error {
		got, err = tx.GetOpportunity(ctx, scopeA, "O7")
		return nil
	})
	if err != nil || got.Stage != "Committed" || string(got.Summary) != `{"Id":"O7","s":2}` || string(got.Doc) != `{"Id":"O7","v":2}` ||
		!got.LastModifiedAt.Equal(changed.LastModifiedAt) {
		t.Errorf("after update: %+v, %v", got, err)
	}

	missing := opp(scopeA, 8)
	err = db.Update(ctx, func(tx store.Tx) error { return tx.UpdateOpportunity(ctx, missing) })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("update of a missing opportunity: %v, want ErrNotFound", err)
	}
	err = db.View(ctx, func(tx store.Tx) error { _, err := tx.GetOpportunity(ctx, scopeA, "O8"); return err })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("get of a missing opportunity: %v, want ErrNotFound", err)
	}
}

func testScopeIsolation(t *testing.T, db store.Store) {
	insert(t, db, opp(scopeA, 1))
	insert(t, db, opp(scopeB, 1)) // the same id in another scope is another record
	for _, sc := range []store.Scope{scopeB, scopeC} {
		if ids := list(t, db, sc, store.OpportunityQuery{}); len(ids) > 1 || (sc == scopeC && len(ids) != 0) {
			t.Errorf("scope %v lists %v", sc, ids)
		}
	}
	err := db.View(ctx, func(tx store.Tx) error { _, err := tx.GetOpportunity(ctx, scopeC, "O1"); return err })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another catalog's record: %v, want ErrNotFound", err)
	}
}

func testEmptyDocumentsAndBadTimes(t *testing.T, db store.Store) {
	update(t, db, func(tx store.Tx) error {
		o := opp(scopeA, 1)
		o.Doc = nil
		if err := tx.InsertOpportunity(ctx, o); err != nil {
			return err
		}
		if err := tx.PutSolution(ctx, &store.Solution{Scope: scopeA, ID: "S-1", CreatedAt: t0}); err != nil {
			return err
		}
		return tx.PutIdempotency(ctx, &store.Idempotency{Scope: scopeA, Operation: "o", Token: "t", CreatedAt: t0})
	})
	err := db.Update(ctx, func(tx store.Tx) error {
		o := opp(scopeA, 2)
		o.CreatedAt = time.Time{}
		return tx.InsertOpportunity(ctx, o)
	})
	if err == nil {
		t.Error("an opportunity with a zero CreatedAt was stored")
	}
}

func testRollback(t *testing.T, db store.Store) {
	boom := errors.New("boom")
	err := db.Update(ctx, func(tx store.Tx) error {
		if err := tx.InsertOpportunity(ctx, opp(scopeA, 1)); err != nil {
			return err
		}
		if _, err := tx.NextSequence(ctx, "r"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update returned %v, want fn's error", err)
	}
	if ids := list(t, db, scopeA, store.OpportunityQuery{}); len(ids) != 0 {
		t.Errorf("rolled-back insert is visible: %v", ids)
	}
}

func testListFilters(t *testing.T, db store.Store) {
	for n := 1; n <= 6; n++ {
		insert(t, db, opp(scopeA, n))
	}
	at := func(n int) *time.Time { v := t0.Add(time.Duration(n) * time.Second); return &v }
	tests := []struct {
		name string
		q    store.OpportunityQuery
		want string
	}{
		{"all, newest first by default", store.OpportunityQuery{Descending: true}, "O6 O5 O4 O3 O2 O1"},
		{"ids", store.OpportunityQuery{IDs: []string{"O2", "O5", "O9"}}, "O2 O5"},
		{"stage", store.OpportunityQuery{Stages: []string{"Qualified"}}, "O1 O3 O5"},
		{"review status", store.OpportunityQuery{ReviewStatuses: []string{"Submitted"}}, ""},
		{"company", store.OpportunityQuery{CustomerCompanyNames: []string{"Company 0", "Company 1"}}, "O1 O3 O4 O6"},
		{"modified on or after", store.OpportunityQuery{LastModifiedAfter: at(5)}, "O5 O6"},
		{"modified on or before", store.OpportunityQuery{LastModifiedBefore: at(2)}, "O1 O2"},
		{"created between", store.OpportunityQuery{CreatedAfter: at(2), CreatedBefore: at(3)}, "O2 O3"},
		{"close date between", store.OpportunityQuery{TargetCloseAfter: "2026-01-08", TargetCloseBefore: "2026-01-09"}, "O3 O4"},
		{"filters combine", store.OpportunityQuery{Stages: []string{"Prospect"}, CustomerCompanyNames: []string{"Company 0"}}, "O6"},
		{"limit", store.OpportunityQuery{Limit: 2}, "O1 O2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(list(t, db, scopeA, tt.q), " "); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func testListPaging(t *testing.T, db store.Store) {
	// Ids whose string order differs from their numeric order, and ties on
	// every sort key but the id.
	var all []*store.Opportunity
	for _, n := range []int{9, 10, 11, 100, 2, 20} {
		o := opp(scopeA, n)
		o.CreatedAt, o.LastModifiedAt = t0, t0.Add(time.Duration(n%2)*time.Millisecond)
		o.CustomerCompanyName, o.TargetCloseDate = "Same", "2026-03-01"
		all = append(all, o)
	}
	insert(t, db, all...)
	sorts := []store.OpportunitySort{store.SortLastModifiedDate, store.SortCreatedDate, store.SortIdentifier,
		store.SortCustomerCompanyName, store.SortTargetCloseDate}
	for _, sort := range sorts {
		for _, desc := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/desc=%v", sort, desc), func(t *testing.T) {
				whole := list(t, db, scopeA, store.OpportunityQuery{Sort: sort, Descending: desc})
				if sort == store.SortIdentifier {
					want := "O2 O9 O10 O11 O20 O100"
					if desc {
						want = "O100 O20 O11 O10 O9 O2"
					}
					if got := strings.Join(whole, " "); got != want {
						t.Errorf("order %q, want %q", got, want)
					}
				}
				var paged []string
				q := store.OpportunityQuery{Sort: sort, Descending: desc, Limit: 4}
				for {
					var recs []store.Opportunity
					_ = db.View(ctx, func(tx store.Tx) error {
						var err error
						recs, err = tx.ListOpportunities(ctx, scopeA, q)
						if err != nil {
							t.Fatal(err)
						}
						return nil
					})
					for _, r := range recs {
						paged = append(paged, r.ID)
					}
					if len(recs) < q.Limit {
						break
					}
					c := recs[len(recs)-1].Cursor(sort)
					q.After = &c
				}
				if !slices.Equal(paged, whole) {
					t.Errorf("paged %v, whole %v", paged, whole)
				}
			})
		}
	}
}

func testPinnedListing(t *testing.T, db store.Store) {
	for n := 1; n <= 10; n++ {
		insert(t, db, opp(scopeA, n))
	}
	var pin int64
	_ = db.View(ctx, func(tx store.Tx) error {
		var err error
		pin, err = tx.OpportunityVersion(ctx, scopeA)
		return err
	})
	q := store.OpportunityQuery{AsOf: pin, Descending: true, Limit: 3}
	seen := map[string]string{}
	for page := 0; ; page++ {
		var recs []store.Opportunity
		if err := db.View(ctx, func(tx store.Tx) error {
			var err error
			recs, err = tx.ListOpportunities(ctx, scopeA, q)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if _, dup := seen[r.ID]; dup {
				t.Errorf("%s listed twice", r.ID)
			}
			seen[r.ID] = string(r.Summary)
		}
		// Move the oldest unlisted record to the front, and add a new one.
		update(t, db, func(tx store.Tx) error {
			o := opp(scopeA, page+1)
			o.LastModifiedAt = t0.Add(time.Hour + time.Duration(page)*time.Second)
			o.Summary, o.Doc = []byte(`{"moved":true}`), []byte(`{"moved":true}`)
			if err := tx.UpdateOpportunity(ctx, o); err != nil {
				return err
			}
			return tx.InsertOpportunity(ctx, opp(scopeA, 100+page))
		})
		if len(recs) < q.Limit {
			break
		}
		c := recs[len(recs)-1].Cursor(store.SortLastModifiedDate)
		q.After = &c
	}
	if len(seen) != 10 {
		t.Errorf("pinned listing returned %d records, want the 10 that existed at the pin", len(seen))
	}
	for id, doc := range seen {
		if strings.Contains(doc, "moved") {
			t.Errorf("%s came back as changed after the pin: %s", id, doc)
		}
	}
}

// testListedSummaries: a listing returns a version's summary in place of its
// document, which it need not read, and the document of a version stored
// without a summary, pinned or not.
func testListedSummaries(t *testing.T, db store.Store) {
	bare := opp(scopeA, 2)
	bare.Summary = nil
	insert(t, db, opp(scopeA, 1), bare)
	var pin int64
	_ = db.View(ctx, func(tx store.Tx) error { pin, _ = tx.OpportunityVersion(ctx, scopeA); return nil })
	changed := opp(scopeA, 1)
	changed.Summary, changed.Doc = []byte(`{"Id":"O1","v":2}`), []byte(`{"Id":"O1","Title":"v2"}`)
	update(t, db, func(tx store.Tx) error { return tx.UpdateOpportunity(ctx, changed) })

	for _, tt := range []struct {
		name string
		asOf int64
		want string
	}{
		{"now", 0, `O1 summary {"Id":"O1","v":2}, O2 doc {"Id":"O2","Title":"Opportunity 2"}`},
		{"pinned", pin, `O1 summary {"Id":"O1"}, O2 doc {"Id":"O2","Title":"Opportunity 2"}`},
	} {
		var got []string
		err := db.View(ctx, func(tx store.Tx) error {
			recs, err := tx.ListOpportunities(ctx, scopeA, store.OpportunityQuery{Sort: store.SortIdentifier, AsOf: tt.asOf})
			for _, r := range recs {
				switch {
				case r.Summary != nil && r.Doc != nil:
					got = append(got, r.ID+" summary and doc")
				case r.Summary != nil:
					got = append(got, r.ID+" summary "+string(r.Summary))
				default:
					got = append(got, r.ID+" doc "+string(r.Doc))
				}
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if g := strings.Join(got, ", "); g != tt.want {
			t.Errorf("%s: listed %s, want %s", tt.name, g, tt.want)
		}
	}
}

func testPrune(t *testing.T, db store.Store) {
	insert(t, db, opp(scopeA, 1))
	var pin int64
	_ = db.View(ctx, func(tx store.Tx) error { pin, _ = tx.OpportunityVersion(ctx, scopeA); return nil })
	o := opp(scopeA, 1)
	o.LastModifiedAt = t0.Add(time.Hour)
	update(t, db, func(tx store.Tx) error { return tx.UpdateOpportunity(ctx, o) })

	var n int64
	update(t, db, func(tx store.Tx) error {
		var err error
		n, err = tx.PruneOpportunityHistory(ctx, t0.Add(30*time.Minute)) // before the replacement
		return err
	})
	if n != 0 {
		t.Errorf("pruned %d versions replaced after the cutoff", n)
	}
	if ids := list(t, db, scopeA, store.OpportunityQuery{AsOf: pin}); len(ids) != 1 {
		t.Errorf("pinned listing before prune: %v", ids)
	}
	update(t, db, func(tx store.Tx) error {
		var err error
		n, err = tx.PruneOpportunityHistory(ctx, t0.Add(2*time.Hour))
		return err
	})
	if n != 1 {
		t.Errorf("pruned %d versions, want 1", n)
	}
	err := db.View(ctx, func(tx store.Tx) error {
		_, err := tx.ListOpportunities(ctx, scopeA, store.OpportunityQuery{AsOf: pin})
		return err
	})
	if !errors.Is(err, store.ErrSnapshotExpired) {
		t.Errorf("listing pinned before the prune: %v, want ErrSnapshotExpired", err)
	}
	if ids := list(t, db, scopeA, store.OpportunityQuery{}); len(ids) != 1 {
		t.Errorf("current listing after prune: %v", ids)
	}
}

func testOpportunityHistory(t *testing.T, db store.Store) {
	history := func(scope store.Scope, id string) (string, error) {
		var vs []store.Opportunity
		err := db.View(ctx, func(tx store.Tx) (err error) { vs, err = tx.OpportunityHistory(ctx, scope, id); return })
		var b []string
		for _, v := range vs {
			if v.Doc != nil || v.Summary != nil {
				t.Errorf("a version of the history comes with its document or summary")
			}
			b = append(b, fmt.Sprintf("%s@%s", v.ReviewStatus, v.LastModifiedAt.Sub(t0)))
		}
		return strings.Join(b, " "), err
	}
	insert(t, db, opp(scopeA, 1), opp(scopeB, 1))
	for i, st := range []string{"Submitted", "In review"} {
		o := opp(scopeA, 1)
		o.ReviewStatus, o.LastModifiedAt = st, t0.Add(time.Duration(i+1)*time.Hour)
		update(t, db, func(tx store.Tx) error { return tx.UpdateOpportunity(ctx, o) })
	}
	if got, err := history(scopeA, "O1"); err != nil || got != "Pending Submission@1s Submitted@1h0m0s In review@2h0m0s" {
		t.Errorf("history %q, %v", got, err)
	}
	if got, err := history(scopeB, "O1"); err != nil || got != "Pending Submission@1s" {
		t.Errorf("another scope's history %q, %v", got, err)
	}
	if _, err := history(scopeA, "O2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("history of no opportunity: %v, want ErrNotFound", err)
	}
	update(t, db, func(tx store.Tx) error { _, err := tx.PruneOpportunityHistory(ctx, t0.Add(90*time.Minute)); return err })
	if got, err := history(scopeA, "O1"); err != nil || got != "Submitted@1h0m0s In review@2h0m0s" {
		t.Errorf("history after a prune %q, %v", got, err)
	}
}

func testIdempotency(t *testing.T, db store.Store) {
	rec := &store.Idempotency{Scope: scopeA, Operation: "CreateOpportunity", Token: "t", RequestHash: "h1",
		Response: []byte(`{"Id":"O1"}`), CreatedAt: t0}
	update(t, db, func(tx store.Tx) error { return tx.PutIdempotency(ctx, rec) })
	get := func(scope store.Scope, op string) (*store.Idempotency, error) {
		var got *store.Idempotency
		err := db.View(ctx, func(tx store.Tx) error {
			var err error
			got, err = tx.GetIdempotency(ctx, scope, op, "t")
			return err
		})
		return got, err
	}
	got, err := get(scopeA, "CreateOpportunity")
	if err != nil || got.RequestHash != "h1" || string(got.Response) != `{"Id":"O1"}` || !got.CreatedAt.Equal(t0) {
		t.Fatalf("get = %+v, %v", got, err)
	}
	for _, miss := range []struct {
		scope store.Scope
		op    string
	}{{scopeB, "CreateOpportunity"}, {scopeC, "CreateOpportunity"}, {scopeA, "CreateEngagement"}} {
		if _, err := get(miss.scope, miss.op); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("token seen from %v/%s: %v", miss.scope, miss.op, err)
		}
	}
	replaced := *rec
	replaced.RequestHash, replaced.CreatedAt = "h2", t0.Add(48*time.Hour)
	update(t, db, func(tx store.Tx) error { return tx.PutIdempotency(ctx, &replaced) })
	if got, _ := get(scopeA, "CreateOpportunity"); got.RequestHash != "h2" {
		t.Errorf("put did not replace: %+v", got)
	}
	var n int64
	update(t, db, func(tx store.Tx) error {
		var err error
		n, err = tx.DeleteIdempotencyBefore(ctx, t0.Add(49*time.Hour))
		return err
	})
	if _, err := get(scopeA, "CreateOpportunity"); n != 1 || !errors.Is(err, store.ErrNotFound) {
		t.Errorf("delete before: %d deleted, then %v", n, err)
	}
}

func testSolutions(t *testing.T, db store.Store) {
	sols := []*store.Solution{
		{Scope: scopeA, ID: "S-10", Name: "Delta", Status: "Draft", Category: "Training Service", CreatedAt: t0, Doc: []byte(`{}`)},
		{Scope: scopeA, ID: "S-0000003", Name: "Beta", Status: "Active", Category: "Software Product", CreatedAt: t0, Doc: []byte(`{}`)},
		{Scope: scopeA, ID: "S-0000001", Name: "Alpha", Status: "Inactive", Category: "Managed Service", CreatedAt: t0.Add(time.Hour), Doc: []byte(`{}`)},
		{Scope: scopeA, ID: "S-0000002", Name: "Gamma", Status: "Active", Category: "Software Product", CreatedAt: t0.Add(time.Minute), Doc: []byte(`{}`)},
		{Scope: scopeB, ID: "S-0000004", Name: "Other", Status: "Active", Category: "Software Product", CreatedAt: t0, Doc: []byte(`{}`)},
	}
	putAll(t, db, sols, func(tx store.Tx, x *store.Solution) error { return tx.PutSolution(ctx, x) })
	ids := func(q store.SolutionQuery) string {
		return joinedIDs(t, db, func(tx store.Tx) ([]store.Solution, error) { return tx.ListSolutions(ctx, scopeA, q) },
			func(r store.Solution) string { return r.ID })
	}
	tests := []struct {
		q    store.SolutionQuery
		want string
	}{
		{store.SolutionQuery{}, "S-0000001 S-0000002 S-0000003 S-10"},
		{store.SolutionQuery{Sort: "Name", Descending: true}, "S-0000002 S-10 S-0000003 S-0000001"},
		{store.SolutionQuery{Sort: "CreatedDate"}, "S-0000003 S-10 S-0000002 S-0000001"},
		{store.SolutionQuery{Statuses: []string{"Active"}}, "S-0000002 S-0000003"},
		{store.SolutionQuery{Categories: []string{"Managed Service"}}, "S-0000001"},
		{store.SolutionQuery{IDs: []string{"S-0000003", "S-0000004"}}, "S-0000003"},
		{store.SolutionQuery{Limit: 1, Offset: 1}, "S-0000002"},
	}
	for _, tt := range tests {
		if got := ids(tt.q); got != tt.want {
			t.Errorf("%+v: got %q, want %q", tt.q, got, tt.want)
		}
	}
	err := db.View(ctx, func(tx store.Tx) error { _, err := tx.GetSolution(ctx, scopeB, "S-0000001"); return err })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another account's solution: %v", err)
	}
}

func testViewSnapshot(t *testing.T, db store.Store) {
	insert(t, db, opp(scopeA, 1))
	err := db.View(ctx, func(tx store.Tx) error {
		first, err := tx.ListOpportunities(ctx, scopeA, store.OpportunityQuery{})
		if err != nil {
			return err
		}
		// A write that lands while the view is open must not show up in it.
		done := make(chan error, 1)
		go func() {
			done <- db.Update(ctx, func(tx store.Tx) error { return tx.InsertOpportunity(ctx, opp(scopeA, 2)) })
		}()
		select {
		case err := <-done:
			if err != nil {
				return err
			}
		case <-time.After(200 * time.Millisecond):
			// A backend may serialize writers behind readers; then there is
			// nothing more to check.
			return nil
		}
		second, err := tx.ListOpportunities(ctx, scopeA, store.OpportunityQuery{})
		if err != nil {
			return err
		}
		if len(second) != len(first) {
			t.Errorf("view saw a write made after it began: %d then %d records", len(first), len(second))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testSettings(t *testing.T, db store.Store) {
	err := db.View(ctx, func(tx store.Tx) error { _, err := tx.GetSetting(ctx, "k"); return err })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing setting: %v", err)
	}
	update(t, db, func(tx store.Tx) error { return tx.PutSetting(ctx, "k", "1") })
	update(t, db, func(tx store.Tx) error { return tx.PutSetting(ctx, "k", "2") })
	var v string
	_ = db.View(ctx, func(tx store.Tx) error { v, err = tx.GetSetting(ctx, "k"); return err })
	if v != "2" || err != nil {
		t.Errorf("setting = %q, %v; want 2", v, err)
	}
}

func testJobs(t *testing.T, db store.Store) {
	jobs := []*store.Job{
		{Key: "late", Kind: "k", Scope: scopeA, DueAt: t0.Add(time.Hour), Payload: []byte(`{"n":1}`), CreatedAt: t0},
		{Key: "early", Kind: "k", Scope: scopeB, DueAt: t0.Add(time.Minute), CreatedAt: t0},
	}
	update(t, db, func(tx store.Tx) error {
		for _, j := range jobs {
			if err := tx.ScheduleJob(ctx, j); err != nil {
				return err
			}
		}
		return nil
	})
	if jobs[0].ID == 0 || jobs[1].ID == 0 || jobs[0].ID == jobs[1].ID {
		t.Fatalf("job ids %d %d", jobs[0].ID, jobs[1].ID)
	}
	err := db.Update(ctx, func(tx store.Tx) error { return tx.ScheduleJob(ctx, &store.Job{Key: "late", Kind: "k", DueAt: t0}) })
	if !errors.Is(err, store.ErrExists) {
		t.Errorf("a second job with the same key: %v, want ErrExists", err)
	}
	var next time.Time
	var ok bool
	var due []store.Job
	_ = db.View(ctx, func(tx store.Tx) error {
		next, ok, err = tx.NextJobDue(ctx)
		if err != nil {
			return err
		}
		due, err = tx.DueJobs(ctx, t0.Add(2*time.Hour), 10)
		return err
	})
	if err != nil || !ok || !next.Equal(t0.Add(time.Minute)) {
		t.Errorf("next due = %v %v %v", next, ok, err)
	}
	if len(due) != 2 || due[0].Key != "early" || due[1].Key != "late" || string(due[1].Payload) != `{"n":1}` || due[1].Scope != scopeA {
		t.Errorf("due jobs = %+v", due)
	}
	update(t, db, func(tx store.Tx) error { return tx.FinishJob(ctx, jobs[1].ID, t0.Add(2*time.Minute), "") })
	err = db.Update(ctx, func(tx store.Tx) error { return tx.FinishJob(ctx, jobs[1].ID, t0.Add(3*time.Minute), "") })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("finishing a finished job: %v, want ErrNotFound", err)
	}
	update(t, db, func(tx store.Tx) error { return tx.FinishJob(ctx, jobs[0].ID, t0.Add(2*time.Hour), "boom") })
	var listed []store.Job
	_ = db.View(ctx, func(tx store.Tx) error {
		if due, err = tx.DueJobs(ctx, t0.Add(24*time.Hour), 10); err != nil {
			return err
		}
		if _, ok, err = tx.NextJobDue(ctx); err != nil {
			return err
		}
		listed, err = tx.ListJobs(ctx, store.JobFailed, 10)
		return err
	})
	if len(due) != 0 || ok {
		t.Errorf("finished jobs still due: %+v (next pending %v)", due, ok)
	}
	if len(listed) != 1 || listed[0].Error != "boom" || listed[0].State != store.JobFailed || !listed[0].FinishedAt.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("failed jobs = %+v", listed)
	}
}

func testInvitations(t *testing.T, db store.Store) {
	invs := []*store.Invitation{
		{Catalog: "Sandbox", ID: "engi-1", SenderAccount: "aws", ReceiverAccount: scopeA.Account, Status: "PENDING",
			PayloadType: "OpportunityInvitation", EngagementID: "eng-1", InvitedAt: t0, Doc: []byte(`{"n":1}`)},
		{Catalog: "Sandbox", ID: "engi-2", SenderAccount: scopeB.Account, ReceiverAccount: scopeA.Account, Status: "REJECTED",
			PayloadType: "LeadInvitation", EngagementID: "eng-2", InvitedAt: t0.Add(time.Hour), Doc: []byte(`{}`)},
		{Catalog: "AWS", ID: "engi-3", SenderAccount: "aws", ReceiverAccount: scopeA.Account, Status: "PENDING",
			PayloadType: "OpportunityInvitation", EngagementID: "eng-3", InvitedAt: t0, Doc: []byte(`{}`)},
	}
	putAll(t, db, invs, func(tx store.Tx, x *store.Invitation) error { return tx.PutInvitation(ctx, x) })
	ids := func(q store.InvitationQuery) string {
		return joinedIDs(t, db, func(tx store.Tx) ([]store.Invitation, error) { return tx.ListInvitations(ctx, q) },
			func(r store.Invitation) string { return r.ID })
	}
	sb := "Sandbox"
	tests := []struct {
		q    store.InvitationQuery
		want string
	}{
		{store.InvitationQuery{Catalog: sb, Account: scopeA.Account, Role: store.RoleReceiver}, "engi-1 engi-2"},
		{store.InvitationQuery{Catalog: sb, Account: scopeA.Account, Role: store.RoleReceiver, Descending: true}, "engi-2 engi-1"},
		{store.InvitationQuery{Catalog: sb, Account: scopeA.Account, Role: store.RoleSender}, ""},
		{store.InvitationQuery{Catalog: sb, Account: scopeB.Account, Role: store.RoleSender}, "engi-2"},
		{store.InvitationQuery{Catalog: sb, Account: scopeA.Account, Role: store.RoleReceiver, Statuses: []string{"PENDING"}}, "engi-1"},
		{store.InvitationQuery{Catalog: sb, Account: scopeA.Account, Role: store.RoleReceiver, PayloadTypes: []string{"LeadInvitation"}}, "engi-2"},
		{store.InvitationQuery{Catalog: sb, Account: scopeA.Account, Role: store.RoleReceiver, SenderAccounts: []string{"aws"}}, "engi-1"},
		{store.InvitationQuery{Catalog: sb, Account: scopeA.Account, Role: store.RoleReceiver, EngagementIDs: []string{"eng-2"}}, "engi-2"},
		{store.InvitationQuery{Catalog: sb, Account: scopeA.Account, Role: store.RoleReceiver, After: &store.Cursor{At: t0.UnixNano(), ID: "engi-1"}, Limit: 1}, "engi-2"},
	}
	for _, tt := range tests {
		if got := ids(tt.q); got != tt.want {
			t.Errorf("%+v: got %q, want %q", tt.q, got, tt.want)
		}
	}
	changed := *invs[0]
	changed.Status, changed.Doc = "ACCEPTED", []byte(`{"n":2}`)
	update(t, db, func(tx store.Tx) error { return tx.PutInvitation(ctx, &changed) })
	var got *store.Invitation
	var err error
	_ = db.View(ctx, func(tx store.Tx) error { got, err = tx.GetInvitation(ctx, "Sandbox", "engi-1"); return nil })
	if err != nil || got.Status != "ACCEPTED" || string(got.Doc) != `{"n":2}` || !got.InvitedAt.Equal(t0) {
		t.Errorf("get after put = %+v, %v", got, err)
	}
	err = db.View(ctx, func(tx store.Tx) error { _, err := tx.GetInvitation(ctx, "AWS", "engi-1"); return err })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("invitation from another catalog: %v", err)
	}
}

func testTasks(t *testing.T, db store.Store) {
	const fam = "engagement-by-accepting-invitation-task"
	tasks := []*store.Task{
		{Scope: scopeA, ID: "task-1", Family: fam, Status: "COMPLETE", StartedAt: t0, OpportunityID: "O1", InvitationID: "engi-1", Doc: []byte(`{}`)},
		{Scope: scopeA, ID: "task-2", Family: fam, Status: "FAILED", StartedAt: t0.Add(time.Minute), InvitationID: "engi-2", Doc: []byte(`{}`)},
		{Scope: scopeA, ID: "task-3", Family: "other", Status: "COMPLETE", StartedAt: t0, Doc: []byte(`{}`)},
		{Scope: scopeB, ID: "task-4", Family: fam, Status: "COMPLETE", StartedAt: t0, Doc: []byte(`{}`)},
	}
	putAll(t, db, tasks, func(tx store.Tx, x *store.Task) error { return tx.PutTask(ctx, x) })
	ids := func(q store.TaskQuery) string {
		return joinedIDs(t, db, func(tx store.Tx) ([]store.Task, error) { return tx.ListTasks(ctx, scopeA, q) },
			func(r store.Task) string { return r.ID })
	}
	tests := []struct {
		q    store.TaskQuery
		want string
	}{
		{store.TaskQuery{Family: fam}, "task-1 task-2"},
		{store.TaskQuery{Family: fam, Descending: true}, "task-2 task-1"},
		{store.TaskQuery{Family: fam, Statuses: []string{"FAILED"}}, "task-2"},
		{store.TaskQuery{Family: fam, OpportunityIDs: []string{"O1"}}, "task-1"},
		{store.TaskQuery{Family: fam, InvitationIDs: []string{"engi-2"}}, "task-2"},
		{store.TaskQuery{Family: fam, IDs: []string{"task-1", "task-4"}}, "task-1"},
		{store.TaskQuery{Family: fam, Limit: 1, After: &store.Cursor{At: t0.UnixNano(), ID: "task-1"}}, "task-2"},
	}
	for _, tt := range tests {
		if got := ids(tt.q); got != tt.want {
			t.Errorf("%+v: got %q, want %q", tt.q, got, tt.want)
		}
	}
}

func testEngagements(t *testing.T, db store.Store) {
	engs := []*store.Engagement{
		{Catalog: "Sandbox", ID: "eng-1", CreatedBy: scopeA.Account, CreatedAt: t0, ModifiedAt: t0, Doc: []byte(`{"n":1}`)},
		{Catalog: "Sandbox", ID: "eng-2", CreatedBy: "aws", CreatedAt: t0.Add(time.Hour), ModifiedAt: t0, ContextTypes: []string{"Lead"}, Doc: []byte(`{}`)},
		{Catalog: "Sandbox", ID: "eng-3", CreatedBy: scopeB.Account, CreatedAt: t0, ModifiedAt: t0, Doc: []byte(`{}`)},
	}
	update(t, db, func(tx store.Tx) error {
		for _, e := range engs {
			if err := tx.PutEngagement(ctx, e); err != nil {
				return err
			}
		}
		for _, m := range []store.EngagementMember{
			{Catalog: "Sandbox", EngagementID: "eng-1", Account: scopeA.Account, JoinedAt: t0},
			{Catalog: "Sandbox", EngagementID: "eng-1", Account: scopeB.Account, JoinedAt: t0.Add(time.Minute)},
			{Catalog: "Sandbox", EngagementID: "eng-2", Account: scopeA.Account, JoinedAt: t0},
			{Catalog: "Sandbox", EngagementID: "eng-3", Account: scopeB.Account, JoinedAt: t0},
		} {
			if err := tx.AddEngagementMember(ctx, &m); err != nil {
				return err
			}
		}
		return nil
	})
	err := db.Update(ctx, func(tx store.Tx) error {
		return tx.AddEngagementMember(ctx, &store.EngagementMember{Catalog: "Sandbox", EngagementID: "eng-1", Account: scopeA.Account, JoinedAt: t0})
	})
	if !errors.Is(err, store.ErrExists) {
		t.Errorf("adding a member twice: %v, want ErrExists", err)
	}
	ids := func(q store.EngagementQuery) string {
		var out []string
		_ = db.View(ctx, func(tx store.Tx) error {
			recs, err := tx.ListEngagements(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				out = append(out, r.ID)
			}
			return nil
		})
		return strings.Join(out, " ")
	}
	a, sb := scopeA.Account, "Sandbox"
	tests := []struct {
		q    store.EngagementQuery
		want string
	}{
		{store.EngagementQuery{Catalog: sb, Member: a}, "eng-1 eng-2"},
		{store.EngagementQuery{Catalog: sb, Member: a, Descending: true}, "eng-2 eng-1"},
		{store.EngagementQuery{Catalog: sb, Member: scopeB.Account}, "eng-1 eng-3"},
		{store.EngagementQuery{Catalog: "AWS", Member: a}, ""},
		{store.EngagementQuery{Catalog: sb, Member: a, CreatedBy: []string{"aws"}}, "eng-2"},
		{store.EngagementQuery{Catalog: sb, Member: a, ExcludeCreatedBy: []string{"aws"}}, "eng-1"},
		{store.EngagementQuery{Catalog: sb, Member: a, ContextTypes: []string{"Lead", "CustomerProject"}}, "eng-2"},
		{store.EngagementQuery{Catalog: sb, Member: a, ExcludeContextTypes: []string{"Lead"}}, "eng-1"},
		{store.EngagementQuery{Catalog: sb, Member: a, IDs: []string{"eng-2", "eng-3"}}, "eng-2"},
		{store.EngagementQuery{Catalog: sb, Member: a, After: &store.Cursor{At: t0.UnixNano(), ID: "eng-1"}, Limit: 1}, "eng-2"},
	}
	for _, tt := range tests {
		if got := ids(tt.q); got != tt.want {
			t.Errorf("%+v: got %q, want %q", tt.q, got, tt.want)
		}
	}
	var members []store.EngagementMember
	var got *store.Engagement
	_ = db.View(ctx, func(tx store.Tx) error {
		members, err = tx.EngagementMembers(ctx, "Sandbox", "eng-1")
		if err != nil {
			return err
		}
		got, err = tx.GetEngagement(ctx, "Sandbox", "eng-2")
		return err
	})
	if err != nil || len(members) != 2 || members[0].Account != a || members[1].Account != scopeB.Account {
		t.Errorf("members = %+v, %v", members, err)
	}
	if got == nil || got.CreatedBy != "aws" || len(got.ContextTypes) != 1 || got.ContextTypes[0] != "Lead" || !got.CreatedAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("get = %+v", got)
	}
}

func testEvents(t *testing.T, db store.Store) {
	evs := []*store.Event{
		{ID: "e1", Account: scopeA.Account, Catalog: "Sandbox", DetailType: "Opportunity Created", Time: t0, Doc: []byte(`{"n":1}`)},
		{ID: "e2", Account: scopeB.Account, Catalog: "Sandbox", DetailType: "Opportunity Created", Time: t0, Doc: []byte(`{}`)},
		{ID: "e3", Account: scopeA.Account, Catalog: "AWS", DetailType: "Opportunity Updated", Time: t0.Add(time.Second), Doc: []byte(`{}`)},
	}
	update(t, db, func(tx store.Tx) error {
		for _, e := range evs {
			if err := tx.AppendEvent(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if !(evs[0].Seq < evs[1].Seq && evs[1].Seq < evs[2].Seq) {
		t.Fatalf("sequence numbers %d %d %d do not grow", evs[0].Seq, evs[1].Seq, evs[2].Seq)
	}
	boom := errors.New("boom")
	_ = db.Update(ctx, func(tx store.Tx) error {
		_ = tx.AppendEvent(ctx, &store.Event{ID: "rolled-back", Account: scopeA.Account, Time: t0})
		return boom
	})
	ids := func(account string, after int64, limit int) string {
		var out []string
		_ = db.View(ctx, func(tx store.Tx) error {
			got, err := tx.EventsAfter(ctx, account, after, limit)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range got {
				out = append(out, e.ID)
			}
			return nil
		})
		return strings.Join(out, " ")
	}
	for _, tt := range []struct {
		account string
		after   int64
		limit   int
		want    string
	}{
		{"", 0, 10, "e1 e2 e3"},
		{scopeA.Account, 0, 10, "e1 e3"},
		{scopeA.Account, evs[0].Seq, 10, "e3"},
		{"", 0, 2, "e1 e2"},
	} {
		if got := ids(tt.account, tt.after, tt.limit); got != tt.want {
			t.Errorf("EventsAfter(%q, %d, %d) = %q, want %q", tt.account, tt.after, tt.limit, got, tt.want)
		}
	}
}

func testPruneEvents(t *testing.T, db store.Store) {
	// Written a minute apart, but for e4, written before e3 (a wall clock
	// set back): pruning takes the outbox in order and stops at e3.
	written := []time.Duration{0, time.Minute, 3 * time.Minute, 2 * time.Minute, 4 * time.Minute}
	var seqs []int64
	appendEvents := func(ids ...string) {
		update(t, db, func(tx store.Tx) error {
			for _, id := range ids {
				n := len(seqs)
				e := &store.Event{ID: id, Account: scopeA.Account, Catalog: "Sandbox", DetailType: "Opportunity Created",
					Time: t0.Add(time.Hour), Doc: []byte(`{}`)}
				if n < len(written) {
					e.Written = t0.Add(written[n])
				}
				if err := tx.AppendEvent(ctx, e); err != nil {
					return err
				}
				seqs = append(seqs, e.Seq)
			}
			return nil
		})
	}
	appendEvents("e1", "e2", "e3", "e4", "e5")
	remaining := func() string {
		var out []string
		err := db.View(ctx, func(tx store.Tx) error {
			got, err := tx.EventsAfter(ctx, "", 0, 100)
			for _, e := range got {
				out = append(out, e.ID)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, " ")
	}
	prunedThrough := func() int64 {
		var n int64
		err := db.View(ctx, func(tx store.Tx) error {
			var err error
			n, err = tx.EventsPrunedThrough(ctx)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := prunedThrough(); got != 0 {
		t.Fatalf("EventsPrunedThrough of a store never pruned = %d, want 0", got)
	}
	var roundTrip []store.Event
	_ = db.View(ctx, func(tx store.Tx) (err error) { roundTrip, err = tx.EventsAfter(ctx, "", 0, 1); return })
	if len(roundTrip) != 1 || !roundTrip[0].Written.Equal(t0) {
		t.Errorf("the first event reads back as %+v, want Written %v", roundTrip, t0)
	}

	const everything = int64(1<<63 - 1)
	for _, tt := range []struct {
		name    string
		before  time.Time
		through int64
		pruned  int64
		want    string // the events that remain
		// wantThrough is the position EventsPrunedThrough reports after,
		// as an index into seqs (-1: none).
		wantThrough int
	}{
		{"none written before t", t0, everything, 0, "e1 e2 e3 e4 e5", -1},
		{"written before t", t0.Add(90 * time.Second), everything, 2, "e3 e4 e5", 1},
		{"again: nothing more is old", t0.Add(90 * time.Second), everything, 0, "e3 e4 e5", 1},
		{"stops at the first to keep", t0.Add(150 * time.Second), everything, 0, "e3 e4 e5", 1},
		{"only up to through", t0.Add(time.Hour), seqs[3], 2, "e5", 3},
		{"an earlier through deletes nothing", t0.Add(time.Hour), seqs[0], 0, "e5", 3},
		{"everything", t0.Add(time.Hour), everything, 1, "", 4},
	} {
		var n int64
		update(t, db, func(tx store.Tx) (err error) { n, err = tx.PruneEvents(ctx, tt.before, tt.through); return })
		if got := remaining(); n != tt.pruned || got != tt.want {
			t.Errorf("%s: PruneEvents(%v, %d) = %d leaving %q, want %d leaving %q", tt.name, tt.before, tt.through, n, got, tt.pruned, tt.want)
		}
		want := int64(0)
		if tt.wantThrough >= 0 {
			want = seqs[tt.wantThrough]
		}
		if got := prunedThrough(); got != want {
			t.Errorf("%s: EventsPrunedThrough = %d, want %d", tt.name, got, want)
		}
	}

	// The outbox emptied, positions go on from where they were: a cursor
	// from before the pruning reads the new events, and no earlier one.
	appendEvents("e6")
	if seqs[5] <= seqs[4] {
		t.Errorf("an event appended after pruning took position %d, not after %d", seqs[5], seqs[4])
	}
	var after []store.Event
	_ = db.View(ctx, func(tx store.Tx) (err error) { after, err = tx.EventsAfter(ctx, "", seqs[1], 100); return })
	if len(after) != 1 || after[0].ID != "e6" {
		t.Errorf("EventsAfter a pruned cursor = %+v, want e6 alone", after)
	}
	// A rolled-back prune deletes nothing.
	_ = db.Update(ctx, func(tx store.Tx) error {
		_, _ = tx.PruneEvents(ctx, t0.Add(time.Hour), everything)
		return errors.New("boom")
	})
	if got := remaining(); got != "e6" {
		t.Errorf("after a rolled-back prune the outbox holds %q, want e6", got)
	}
}

func testSnapshots(t *testing.T, db store.Store) {
	key := store.SnapshotKey{Catalog: "Sandbox", EngagementID: "eng-1", ResourceType: "Opportunity", ResourceID: "O1", Template: "OpportunitySummary"}
	other := key
	other.ResourceID = "O2"
	ownerOnly := key
	ownerOnly.Template = "AwsOpportunitySummaryFullView"
	snaps := []*store.Snapshot{
		{SnapshotKey: key, Revision: 1, CreatedBy: scopeA.Account, CreatedAt: t0, Doc: []byte(`{"r":1}`)},
		{SnapshotKey: key, Revision: 2, CreatedBy: scopeA.Account, CreatedAt: t0.Add(time.Minute), Doc: []byte(`{"r":2}`)},
		{SnapshotKey: other, Revision: 1, CreatedBy: scopeB.Account, CreatedAt: t0.Add(time.Hour), Doc: []byte(`{}`)},
		{SnapshotKey: ownerOnly, Revision: 1, CreatedBy: "aws", Audience: scopeA.Account, CreatedAt: t0.Add(2 * time.Hour), Doc: []byte(`{}`)},
	}
	putAll(t, db, snaps, func(tx store.Tx, sn *store.Snapshot) error { return tx.PutSnapshot(ctx, sn) })
	err := db.Update(ctx, func(tx store.Tx) error {
		return tx.PutSnapshot(ctx, &store.Snapshot{SnapshotKey: key, Revision: 2, CreatedAt: t0})
	})
	if !errors.Is(err, store.ErrExists) {
		t.Errorf("a revision taken twice: %v", err)
	}
	var latest, first *store.Snapshot
	_ = db.View(ctx, func(tx store.Tx) error {
		latest, err = tx.GetSnapshot(ctx, key, 0)
		if err != nil {
			return err
		}
		first, err = tx.GetSnapshot(ctx, key, 1)
		return err
	})
	if err != nil || latest.Revision != 2 || string(first.Doc) != `{"r":1}` || latest.Audience != "" {
		t.Errorf("latest %+v, first %+v, %v", latest, first, err)
	}
	_ = db.View(ctx, func(tx store.Tx) error {
		first, err = tx.GetSnapshot(ctx, ownerOnly, 0)
		return err
	})
	if err != nil || first.Audience != scopeA.Account || first.CreatedBy != "aws" {
		t.Errorf("owner-only snapshot %+v, %v", first, err)
	}
	revs := func(q store.SnapshotQuery) string {
		return joinedIDs(t, db, func(tx store.Tx) ([]store.Snapshot, error) { return tx.ListSnapshots(ctx, q) },
			func(sn store.Snapshot) string { return fmt.Sprintf("%s/%d", sn.ResourceID, sn.Revision) })
	}
	for _, tt := range []struct {
		q    store.SnapshotQuery
		want string
	}{
		{store.SnapshotQuery{Catalog: "Sandbox", EngagementID: "eng-1"}, "O1/1 O1/2 O2/1 O1/1"},
		{store.SnapshotQuery{Catalog: "Sandbox", EngagementID: "eng-1", Viewer: scopeA.Account}, "O1/1 O1/2 O2/1 O1/1"},
		{store.SnapshotQuery{Catalog: "Sandbox", EngagementID: "eng-1", Viewer: scopeB.Account}, "O1/1 O1/2 O2/1"},
		{store.SnapshotQuery{Catalog: "Sandbox", Template: "AwsOpportunitySummaryFullView"}, "O1/1"},
		{store.SnapshotQuery{Catalog: "Sandbox", EngagementID: "eng-1", ResourceID: "O2"}, "O2/1"},
		{store.SnapshotQuery{Catalog: "Sandbox", CreatedBy: scopeA.Account}, "O1/1 O1/2"},
		{store.SnapshotQuery{Catalog: "AWS", EngagementID: "eng-1"}, ""},
	} {
		if got := revs(tt.q); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.q, got, tt.want)
		}
	}

	jobs := []*store.SnapshotJob{
		{Scope: scopeA, ID: "job-1", EngagementID: "eng-1", ResourceID: "O1", Status: "Running", CreatedAt: t0, Doc: []byte(`{}`)},
		{Scope: scopeA, ID: "job-2", EngagementID: "eng-2", ResourceID: "O1", Status: "Stopped", CreatedAt: t0.Add(time.Minute), Doc: []byte(`{}`)},
		{Scope: scopeB, ID: "job-3", EngagementID: "eng-1", ResourceID: "O1", Status: "Running", CreatedAt: t0, Doc: []byte(`{}`)},
	}
	putAll(t, db, jobs, func(tx store.Tx, j *store.SnapshotJob) error { return tx.PutSnapshotJob(ctx, j) })
	ids := func(q store.SnapshotJobQuery) string {
		return joinedIDs(t, db, func(tx store.Tx) ([]store.SnapshotJob, error) { return tx.ListSnapshotJobs(ctx, scopeA, q) },
			func(j store.SnapshotJob) string { return j.ID })
	}
	for _, tt := range []struct {
		q    store.SnapshotJobQuery
		want string
	}{
		{store.SnapshotJobQuery{}, "job-1 job-2"},
		{store.SnapshotJobQuery{Descending: true}, "job-2 job-1"},
		{store.SnapshotJobQuery{Status: "Running", ResourceID: "O1"}, "job-1"},
		{store.SnapshotJobQuery{ResourceID: "O1"}, "job-1 job-2"},
		{store.SnapshotJobQuery{ResourceID: "O1", Descending: true}, "job-2 job-1"},
		{store.SnapshotJobQuery{EngagementID: "eng-2"}, "job-2"},
	} {
		if got := ids(tt.q); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.q, got, tt.want)
		}
	}
	update(t, db, func(tx store.Tx) error { return tx.DeleteSnapshotJob(ctx, scopeA, "job-1") })
	err = db.Update(ctx, func(tx store.Tx) error { return tx.DeleteSnapshotJob(ctx, scopeA, "job-1") })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleting a deleted job: %v", err)
	}
	err = db.View(ctx, func(tx store.Tx) error { _, err := tx.GetSnapshotJob(ctx, scopeA, "job-3"); return err })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another account's job: %v", err)
	}
}

// testOverview: the scopes that hold data, opportunity counts by stage and
// review status, and the newest events by filter.
func testOverview(t *testing.T, db store.Store) {
	a1, a2, c1 := opp(scopeA, 1), opp(scopeA, 2), opp(scopeC, 3)
	a2.ReviewStatus = "Submitted"
	insert(t, db, a1, a2, c1, opp(scopeA, 4))
	a1.Stage = "Prospect" // an update counts once, as it stands now
	update(t, db, func(tx store.Tx) error { return tx.UpdateOpportunity(ctx, a1) })
	update(t, db, func(tx store.Tx) error {
		for _, e := range []*store.Event{
			{ID: "e1", Account: scopeA.Account, Catalog: "Sandbox", DetailType: "Opportunity Created", Time: t0, Doc: []byte(`{"id":"O1"}`)},
			{ID: "e2", Account: scopeA.Account, Catalog: "Sandbox", DetailType: "Opportunity Updated", Time: t0, Doc: []byte(`{"id":"O1"}`)},
			{ID: "e3", Account: scopeA.Account, Catalog: "Sandbox", DetailType: "Opportunity Created", Time: t0, Doc: []byte(`{"id":"O2"}`)},
			{ID: "e4", Account: scopeA.Account, Catalog: "AWS", DetailType: "Opportunity Created", Time: t0, Doc: []byte(`{"id":"O1"}`)},
		} {
			if err := tx.AppendEvent(ctx, e); err != nil {
				return err
			}
		}
		return tx.PutSolution(ctx, &store.Solution{Scope: scopeB, ID: "S-1", Name: "n", Status: "Active", Category: "c", CreatedAt: t0, Doc: []byte(`{}`)})
	})
	_ = db.View(ctx, func(tx store.Tx) error {
		scopes, err := tx.Scopes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := []store.Scope{scopeC, scopeA, scopeB}; !slices.Equal(scopes, want) {
			t.Errorf("Scopes = %v, want %v", scopes, want)
		}
		counts, err := tx.CountOpportunities(ctx, scopeA)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.OpportunityCount{{Stage: "Prospect", ReviewStatus: "Pending Submission", N: 2}, {Stage: "Prospect", ReviewStatus: "Submitted", N: 1}}
		if !slices.Equal(counts, want) {
			t.Errorf("CountOpportunities = %v, want %v", counts, want)
		}
		for _, tt := range []struct {
			q    store.EventQuery
			want string
		}{
			{store.EventQuery{Limit: 10}, "e4 e3 e2 e1"},
			{store.EventQuery{Account: scopeA.Account, Catalog: "Sandbox", Limit: 2}, "e3 e2"},
			{store.EventQuery{Catalog: "Sandbox", Contains: `"O1"`, Limit: 10}, "e2 e1"},
			{store.EventQuery{DetailType: "Opportunity Created", Limit: 10}, "e4 e3 e1"},
		} {
			evs, err := tx.RecentEvents(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range evs {
				ids = append(ids, e.ID)
			}
			if got := strings.Join(ids, " "); got != tt.want {
				t.Errorf("RecentEvents(%+v) = %q, want %q", tt.q, got, tt.want)
			}
			if tt.q.Limit == 10 && tt.q.Contains == "" && tt.q.DetailType == "" && len(evs) == 4 {
				older, err := tx.RecentEvents(ctx, store.EventQuery{Before: evs[1].Seq, Limit: 10})
				if err != nil || len(older) != 2 || older[0].ID != "e2" {
					t.Errorf("RecentEvents before %d = %v, %v; want e2 e1", evs[1].Seq, older, err)
				}
			}
		}
		return nil
	})
}
