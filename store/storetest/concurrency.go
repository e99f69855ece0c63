package storetest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"pcs/store"
)

// The cases here check the guarantees of store.Store under concurrent
// writers. Each fails on a backend that runs Updates at READ COMMITTED
// without locks, or takes its counters from database sequences, which
// hand out numbers in the order transactions ask for them, not the order
// they commit.

// holdOpen is how long a slow writer keeps its transaction open while
// others write and read: long enough for a backend that lets them past it
// to show it.
const holdOpen = 300 * time.Millisecond

// slowWriter runs write in an Update that stays open until holdOpen has
// passed, and returns once write has run (the transaction still open) and
// a channel that is closed when the Update has returned. A backend that
// serializes writers makes the others wait for it; a backend that lets
// them commit first must still show its writes in commit order.
func slowWriter(t *testing.T, db store.Store, write func(tx store.Tx) error) (done <-chan struct{}) {
	t.Helper()
	wrote := make(chan struct{})
	finished := make(chan struct{})
	release := make(chan struct{})
	time.AfterFunc(holdOpen, func() { close(release) })
	var once sync.Once
	go func() {
		defer close(finished)
		err := db.Update(ctx, func(tx store.Tx) error {
			if err := write(tx); err != nil {
				return err
			}
			once.Do(func() { close(wrote) })
			<-release
			return nil
		})
		if err != nil {
			t.Errorf("slow writer: %v", err)
		}
		once.Do(func() { close(wrote) })
	}()
	<-wrote
	return finished
}

// testConcurrentReadModifyWrite: writers that each read two records,
// change them and write them back, all at once, lose none of each other's
// changes, and each of their opportunity updates takes a version of its
// own.
func testConcurrentReadModifyWrite(t *testing.T, db store.Store) {
	const writers, each = 6, 10
	o := opp(scopeA, 1)
	o.Doc = []byte(`{"n":0}`)
	insert(t, db, o)
	update(t, db, func(tx store.Tx) error { return tx.PutSetting(ctx, "counter", "0") })
	var before int64
	_ = db.View(ctx, func(tx store.Tx) (err error) { before, err = tx.OpportunityVersion(ctx, scopeA); return })

	var wg sync.WaitGroup
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				err := db.Update(ctx, func(tx store.Tx) error {
					v, err := tx.GetSetting(ctx, "counter")
					if err != nil {
						return err
					}
					n, err := strconv.Atoi(v)
					if err != nil {
						return err
					}
					rec, err := tx.GetOpportunity(ctx, scopeA, "O1")
					if err != nil {
						return err
					}
					var doc struct{ N int }
					if err := json.Unmarshal(rec.Doc, &doc); err != nil {
						return err
					}
					// Between the read and the write, room for another
					// writer to read the same values.
					time.Sleep(time.Millisecond)
					if err := tx.PutSetting(ctx, "counter", strconv.Itoa(n+1)); err != nil {
						return err
					}
					rec.Doc = fmt.Appendf(nil, `{"n":%d}`, doc.N+1)
					return tx.UpdateOpportunity(ctx, rec)
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	var counter string
	var rec *store.Opportunity
	var after int64
	err := db.View(ctx, func(tx store.Tx) (err error) {
		if counter, err = tx.GetSetting(ctx, "counter"); err != nil {
			return err
		}
		if rec, err = tx.GetOpportunity(ctx, scopeA, "O1"); err != nil {
			return err
		}
		after, err = tx.OpportunityVersion(ctx, scopeA)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := writers * each
	if counter != strconv.Itoa(want) {
		t.Errorf("a setting incremented %d times reads %s: updates were lost", want, counter)
	}
	if got := string(rec.Doc); got != fmt.Sprintf(`{"n":%d}`, want) {
		t.Errorf("an opportunity incremented %d times reads %s: updates were lost", want, got)
	}
	if after-before != int64(want) {
		t.Errorf("%d opportunity updates moved the scope's version by %d", want, after-before)
	}
}

// testEventsVisibleInSeqOrder reads the outbox as the event deliverer does
// (everything after its cursor, then the cursor moves to the last event
// read) while one writer holds its event uncommitted and others append
// theirs: the reader misses none, and reads them in order.
func testEventsVisibleInSeqOrder(t *testing.T, db store.Store) {
	event := func(id string) *store.Event {
		return &store.Event{ID: id, Account: scopeA.Account, Catalog: scopeA.Catalog, DetailType: "Opportunity Created", Time: t0, Doc: []byte(`{}`)}
	}
	update(t, db, func(tx store.Tx) error { return tx.AppendEvent(ctx, event("first")) })
	slow := slowWriter(t, db, func(tx store.Tx) error { return tx.AppendEvent(ctx, event("slow")) })
	var wg sync.WaitGroup
	fast := make(chan struct{})
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := db.Update(ctx, func(tx store.Tx) error { return tx.AppendEvent(ctx, event(fmt.Sprintf("fast-%d", i))) }); err != nil {
				t.Error(err)
			}
		}()
	}
	go func() { wg.Wait(); close(fast) }()

	var cursor int64
	var read []string
	walk := func() {
		t.Helper()
		for {
			var evs []store.Event
			if err := db.View(ctx, func(tx store.Tx) (err error) { evs, err = tx.EventsAfter(ctx, "", cursor, 2); return }); err != nil {
				t.Fatal(err)
			}
			for _, e := range evs {
				if e.Seq <= cursor {
					t.Errorf("event %s at %d read after the cursor passed %d", e.ID, e.Seq, cursor)
				}
				cursor = e.Seq
				read = append(read, e.ID)
			}
			if len(evs) == 0 {
				return
			}
		}
	}
	// While the slow writer is open: the fast ones have committed by now
	// on a backend that lets them past it.
	select {
	case <-fast:
	case <-time.After(holdOpen / 2):
	}
	walk()
	<-slow
	<-fast
	walk()

	var all []string
	_ = db.View(ctx, func(tx store.Tx) error {
		evs, err := tx.EventsAfter(ctx, "", 0, 100)
		for _, e := range evs {
			all = append(all, e.ID)
		}
		return err
	})
	if len(all) != 5 || !slices.Equal(read, all) {
		t.Errorf("a reader walking the outbox read %v; the outbox holds %v: an event became visible behind the reader's cursor", read, all)
	}
}

// testPinnedListingUnderConcurrentWriters pages a pinned listing while a
// slow writer holds an update open across the pin and the first page, and
// other writers keep updating and inserting: the pages are the listing as
// it stood at the pin, read whole in the transaction that took the pin.
func testPinnedListingUnderConcurrentWriters(t *testing.T, db store.Store) {
	const records = 20
	for n := 1; n <= records; n++ {
		insert(t, db, opp(scopeA, n))
	}
	// The slow writer moves O1, the last record of the listing, to its front.
	slow := slowWriter(t, db, func(tx store.Tx) error {
		o := opp(scopeA, 1)
		o.LastModifiedAt = t0.Add(48 * time.Hour)
		o.Summary = []byte(`{"Id":"O1","slow":true}`)
		return tx.UpdateOpportunity(ctx, o)
	})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				err := db.Update(ctx, func(tx store.Tx) error {
					o := opp(scopeA, 2+(w*7+i)%(records-1))
					o.LastModifiedAt = t0.Add(time.Hour + time.Duration(w*1000+i)*time.Second)
					o.Summary = fmt.Appendf(nil, `{"Id":%q,"moved":%d}`, o.ID, i)
					if err := tx.UpdateOpportunity(ctx, o); err != nil {
						return err
					}
					return tx.InsertOpportunity(ctx, opp(scopeA, 1000*(w+1)+i))
				})
				if err != nil {
					t.Error(err)
					return
				}
				time.Sleep(5 * time.Millisecond)
			}
		}()
	}
	// Let the other writers commit past the slow one where the backend
	// lets them, then pin.
	time.Sleep(holdOpen / 3)
	var pin int64
	var want []string
	err := db.View(ctx, func(tx store.Tx) error {
		var err error
		if pin, err = tx.OpportunityVersion(ctx, scopeA); err != nil {
			return err
		}
		recs, err := tx.ListOpportunities(ctx, scopeA, store.OpportunityQuery{AsOf: pin, Descending: true})
		for _, r := range recs {
			want = append(want, r.ID+" "+string(r.Summary))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	q := store.OpportunityQuery{AsOf: pin, Descending: true, Limit: 3}
	var paged []string
	for {
		var recs []store.Opportunity
		if err := db.View(ctx, func(tx store.Tx) (err error) { recs, err = tx.ListOpportunities(ctx, scopeA, q); return }); err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			paged = append(paged, r.ID+" "+string(r.Summary))
		}
		if len(recs) < q.Limit {
			break
		}
		c := recs[len(recs)-1].Cursor(store.SortLastModifiedDate)
		q.After = &c
		if len(paged) == q.Limit {
			<-slow // it commits between the first page and the second
		}
		time.Sleep(5 * time.Millisecond)
	}
	// A first page read with its version (store.ReadListing) is the page
	// a listing pinned to that version gives, however the writers move.
	for range 20 {
		first, err := store.ReadListing(ctx, db, scopeA, store.OpportunityQuery{Descending: true, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		var again []store.Opportunity
		q := store.OpportunityQuery{AsOf: first.AsOf, Descending: true, Limit: 3}
		if err := db.View(ctx, func(tx store.Tx) (err error) { again, err = tx.ListOpportunities(ctx, scopeA, q); return }); err != nil {
			t.Fatal(err)
		}
		if g, w := describeListing(first), describeListing(store.Listing{Opportunities: again, AsOf: first.AsOf}); g != w {
			t.Errorf("a first page read with its version gave\n%s\nwhere the listing at that version is\n%s", g, w)
		}
		time.Sleep(2 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if !slices.Equal(paged, want) {
		t.Errorf("pinned at %d, the pages listed\n%s\nwhere the listing at the pin was\n%s", pin,
			strings.Join(paged, "\n"), strings.Join(want, "\n"))
	}
}

// testOpportunityVersionsPerScope: a scope's version moves with its own
// opportunities' writes only.
func testOpportunityVersionsPerScope(t *testing.T, db store.Store) {
	version := func(s store.Scope) int64 {
		var v int64
		if err := db.View(ctx, func(tx store.Tx) (err error) { v, err = tx.OpportunityVersion(ctx, s); return }); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := version(scopeB); v != 0 {
		t.Errorf("version of a scope without opportunities = %d, want 0", v)
	}
	insert(t, db, opp(scopeB, 1))
	b := version(scopeB)
	insert(t, db, opp(scopeA, 1), opp(scopeA, 2), opp(scopeC, 1))
	if got := version(scopeB); got != b {
		t.Errorf("writes to other scopes moved scope B's version from %d to %d", b, got)
	}
	if a := version(scopeA); a == 0 {
		t.Error("scope A's version did not move with its inserts")
	}
}
