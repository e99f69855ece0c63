package storetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"pcs/store"
)

// testListingReader: store.ReadListing gives what a View gives that reads
// the scope's version and lists at it: the same records, the version as
// AsOf on a first page (also on an empty one), a pinned listing's own pin,
// and ErrSnapshotExpired once the pin is pruned, with or without records
// to list. A store that lists outside a transaction (store.ListingReader)
// is held to it directly.
func testListingReader(t *testing.T, db store.Store) {
	for n := 1; n <= 6; n++ {
		insert(t, db, opp(scopeA, n))
	}
	var pin int64
	if err := db.View(ctx, func(tx store.Tx) (err error) { pin, err = tx.OpportunityVersion(ctx, scopeA); return }); err != nil || pin == 0 {
		t.Fatalf("the version to pin: %d, %v", pin, err)
	}
	moved := opp(scopeA, 2)
	moved.LastModifiedAt, moved.Stage, moved.Summary = t0.Add(time.Hour), "Committed", []byte(`{"Id":"O2","moved":true}`)
	update(t, db, func(tx store.Tx) error {
		if err := tx.UpdateOpportunity(ctx, moved); err != nil {
			return err
		}
		return tx.InsertOpportunity(ctx, opp(scopeA, 7))
	})

	_, direct := db.(store.ListingReader)
	if !direct {
		t.Logf("%T has no ListingReader: ReadListing lists in a View", db)
	}
	for _, tt := range []struct {
		name string
		q    store.OpportunityQuery
		want string
	}{
		{"now", store.OpportunityQuery{Descending: true, Limit: 3}, `v8: O2 {"Id":"O2","moved":true}, O7, O6`},
		{"pinned", store.OpportunityQuery{AsOf: pin, Descending: true, Limit: 3}, `v6: O6, O5, O4`},
		{"pinned, filtered", store.OpportunityQuery{AsOf: pin, Stages: []string{"Prospect"}}, `v6: O2, O4, O6`},
		{"filtered", store.OpportunityQuery{Stages: []string{"Committed"}}, `v8: O2 {"Id":"O2","moved":true}`},
		{"nothing matches", store.OpportunityQuery{Stages: []string{"Launched"}}, `v8:`},
		{"another scope", store.OpportunityQuery{}, `v0:`},
	} {
		scope := scopeA
		if tt.name == "another scope" {
			scope = scopeB
		}
		l, err := store.ReadListing(ctx, db, scope, tt.q)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := describeListing(l); got != tt.want {
			t.Errorf("%s: ReadListing gave %s, want %s", tt.name, got, tt.want)
		}
		var viewed store.Listing
		err = db.View(ctx, func(tx store.Tx) (err error) {
			viewed.AsOf = tt.q.AsOf
			if viewed.AsOf == 0 {
				if viewed.AsOf, err = tx.OpportunityVersion(ctx, scope); err != nil {
					return err
				}
			}
			q := tt.q
			q.AsOf = viewed.AsOf
			viewed.Opportunities, err = tx.ListOpportunities(ctx, scope, q)
			return err
		})
		if err != nil {
			t.Fatalf("%s: View: %v", tt.name, err)
		}
		if got := describeListing(viewed); got != tt.want {
			t.Errorf("%s: a View listed %s, want %s", tt.name, got, tt.want)
		}
	}

	update(t, db, func(tx store.Tx) error { _, err := tx.PruneOpportunityHistory(ctx, t0.Add(2*time.Hour)); return err })
	for _, q := range []store.OpportunityQuery{{AsOf: pin}, {AsOf: pin, Stages: []string{"Launched"}}} {
		if _, err := store.ReadListing(ctx, db, scopeA, q); !errors.Is(err, store.ErrSnapshotExpired) {
			t.Errorf("listing of %v pinned before a prune: %v, want ErrSnapshotExpired", q.Stages, err)
		}
	}
}

// describeListing is l as "v<AsOf>: <id> [<summary> when it is not the
// id's own], …".
func describeListing(l store.Listing) string {
	var recs []string
	for _, o := range l.Opportunities {
		s := o.ID
		if string(o.Summary) != fmt.Sprintf(`{"Id":%q}`, o.ID) {
			s += " " + string(o.Summary)
		}
		recs = append(recs, s)
	}
	return strings.TrimSpace(fmt.Sprintf("v%d: %s", l.AsOf, strings.Join(recs, ", ")))
}

// testSummaryEncodedKept: whether a version's summary is the listing's
// encoded item is kept with it, inserted or updated, so that a listing may
// copy it (a summary without it is decoded and encoded again).
func testSummaryEncodedKept(t *testing.T, db store.Store) {
	// The scope's first insert and the ones after may take other paths.
	plain, encoded := opp(scopeA, 1), opp(scopeA, 2)
	encoded.SummaryEncoded = true
	insert(t, db, plain, encoded)
	check := func(when, want string) {
		t.Helper()
		l, err := store.ReadListing(ctx, db, scopeA, store.OpportunityQuery{Sort: store.SortIdentifier})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range l.Opportunities {
			got = append(got, fmt.Sprintf("%s %v", o.ID, o.SummaryEncoded))
		}
		if g := strings.Join(got, ", "); g != want {
			t.Errorf("%s: listed %s, want %s", when, g, want)
		}
	}
	check("inserted", "O1 false, O2 true")
	changed := *plain
	changed.LastModifiedAt, changed.SummaryEncoded = plain.LastModifiedAt.Add(time.Second), true
	update(t, db, func(tx store.Tx) error { return tx.UpdateOpportunity(ctx, &changed) })
	check("updated", "O1 true, O2 true")
}
