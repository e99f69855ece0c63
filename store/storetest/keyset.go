package storetest

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"pcs/store"
)

// keysetListing is a cursor-paged listing under test. Each run lists one
// part of the store (an account, a family, an engagement), so the runs of
// both directions do not see each other's records.
type keysetListing[C any, R interface{ Cursor() C }] struct {
	// put stores a record of part named id, sorting at time at.
	put func(tx store.Tx, part, id string, at time.Time) error
	// list returns at most limit records of part after the cursor.
	list func(tx store.Tx, part string, desc bool, after *C, limit int) ([]R, error)
	id   func(R) string
	// ascendingOnly is set when the listing has no newest-first order.
	ascendingOnly bool
}

// testKeysetPaging lists two pages with inserts between them, in each
// direction: one record that sorts before the first page's cursor (an
// OFFSET page would then repeat a record) and one that sorts after it (it
// must be listed). Both share the cursor's time, so the unique id alone
// decides which side they fall on.
func testKeysetPaging[C any, R interface{ Cursor() C }](t *testing.T, db store.Store, l keysetListing[C, R]) {
	minute := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }
	for _, tt := range []struct {
		part                  string
		desc                  bool
		beforeID, afterID     string
		cursorMinute          int
		firstPage, secondPage string
	}{
		{"asc", false, "0", "5", 2, "1 2", "5 3 4"},
		{"desc", true, "5", "0", 3, "4 3", "0 2 1"},
	} {
		if tt.desc && l.ascendingOnly {
			continue
		}
		part := tt.part
		name := func(r R) string { return strings.TrimPrefix(l.id(r), part+"-") }
		putAll(t, db, []int{1, 2, 3, 4}, func(tx store.Tx, n int) error {
			return l.put(tx, part, part+"-"+strconv.Itoa(n), minute(n))
		})
		first := listPage(t, db, func(tx store.Tx) ([]R, error) { return l.list(tx, part, tt.desc, nil, 2) })
		update(t, db, func(tx store.Tx) error {
			if err := l.put(tx, part, part+"-"+tt.beforeID, minute(tt.cursorMinute)); err != nil {
				return err
			}
			return l.put(tx, part, part+"-"+tt.afterID, minute(tt.cursorMinute))
		})
		after := first[len(first)-1].Cursor()
		second := listPage(t, db, func(tx store.Tx) ([]R, error) { return l.list(tx, part, tt.desc, &after, 10) })
		if got := joinNames(first, name); got != tt.firstPage {
			t.Errorf("descending %v: first page %q, want %q", tt.desc, got, tt.firstPage)
		}
		if got := joinNames(second, name); got != tt.secondPage {
			t.Errorf("descending %v: page after inserting %s (before the cursor) and %s (after it) = %q, want %q",
				tt.desc, tt.beforeID, tt.afterID, got, tt.secondPage)
		}
	}
}

func listPage[R any](t *testing.T, db store.Store, list func(store.Tx) ([]R, error)) []R {
	t.Helper()
	var recs []R
	if err := db.View(ctx, func(tx store.Tx) error {
		var err error
		recs, err = list(tx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return recs
}

func joinNames[R any](recs []R, name func(R) string) string {
	names := make([]string, len(recs))
	for i, r := range recs {
		names[i] = name(r)
	}
	return strings.Join(names, " ")
}

func testInvitationKeysetPaging(t *testing.T, db store.Store) {
	testKeysetPaging(t, db, keysetListing[store.Cursor, store.Invitation]{
		put: func(tx store.Tx, part, id string, at time.Time) error {
			return tx.PutInvitation(ctx, &store.Invitation{Catalog: "Sandbox", ID: id, SenderAccount: "aws", ReceiverAccount: part,
				Status: "PENDING", PayloadType: "OpportunityInvitation", EngagementID: "eng-1", InvitedAt: at, Doc: []byte(`{}`)})
		},
		list: func(tx store.Tx, part string, desc bool, after *store.Cursor, limit int) ([]store.Invitation, error) {
			return tx.ListInvitations(ctx, store.InvitationQuery{Catalog: "Sandbox", Account: part, Role: store.RoleReceiver,
				Statuses: []string{"PENDING"}, Descending: desc, After: after, Limit: limit})
		},
		id: func(r store.Invitation) string { return r.ID },
	})
}

func testTaskKeysetPaging(t *testing.T, db store.Store) {
	testKeysetPaging(t, db, keysetListing[store.Cursor, store.Task]{
		put: func(tx store.Tx, part, id string, at time.Time) error {
			return tx.PutTask(ctx, &store.Task{Scope: scopeA, ID: id, Family: part, Status: "COMPLETE", StartedAt: at, Doc: []byte(`{}`)})
		},
		list: func(tx store.Tx, part string, desc bool, after *store.Cursor, limit int) ([]store.Task, error) {
			return tx.ListTasks(ctx, scopeA, store.TaskQuery{Family: part, Descending: desc, After: after, Limit: limit})
		},
		id: func(r store.Task) string { return r.ID },
	})
}

func testEngagementKeysetPaging(t *testing.T, db store.Store) {
	testKeysetPaging(t, db, keysetListing[store.Cursor, store.Engagement]{
		put: func(tx store.Tx, part, id string, at time.Time) error {
			if err := tx.PutEngagement(ctx, &store.Engagement{Catalog: "Sandbox", ID: id, CreatedBy: part, CreatedAt: at,
				ModifiedAt: at, Doc: []byte(`{}`)}); err != nil {
				return err
			}
			return tx.AddEngagementMember(ctx, &store.EngagementMember{Catalog: "Sandbox", EngagementID: id, Account: part, JoinedAt: at})
		},
		list: func(tx store.Tx, part string, desc bool, after *store.Cursor, limit int) ([]store.Engagement, error) {
			return tx.ListEngagements(ctx, store.EngagementQuery{Catalog: "Sandbox", Member: part, Descending: desc, After: after, Limit: limit})
		},
		id: func(r store.Engagement) string { return r.ID },
	})
}

func testSnapshotKeysetPaging(t *testing.T, db store.Store) {
	testKeysetPaging(t, db, keysetListing[store.SnapshotCursor, store.Snapshot]{
		put: func(tx store.Tx, part, id string, at time.Time) error {
			key := store.SnapshotKey{Catalog: "Sandbox", EngagementID: part, ResourceType: "Opportunity", ResourceID: id, Template: "OpportunitySummary"}
			return tx.PutSnapshot(ctx, &store.Snapshot{SnapshotKey: key, Revision: 1, CreatedBy: scopeA.Account, CreatedAt: at, Doc: []byte(`{}`)})
		},
		list: func(tx store.Tx, part string, _ bool, after *store.SnapshotCursor, limit int) ([]store.Snapshot, error) {
			return tx.ListSnapshots(ctx, store.SnapshotQuery{Catalog: "Sandbox", EngagementID: part, Viewer: scopeA.Account, After: after, Limit: limit})
		},
		id:            func(r store.Snapshot) string { return r.ResourceID },
		ascendingOnly: true,
	})
}

func testSnapshotJobKeysetPaging(t *testing.T, db store.Store) {
	testKeysetPaging(t, db, keysetListing[store.Cursor, store.SnapshotJob]{
		put: func(tx store.Tx, part, id string, at time.Time) error {
			return tx.PutSnapshotJob(ctx, &store.SnapshotJob{Scope: scopeA, ID: id, EngagementID: part, ResourceID: "O1",
				Status: "Running", CreatedAt: at, Doc: []byte(`{}`)})
		},
		list: func(tx store.Tx, part string, desc bool, after *store.Cursor, limit int) ([]store.SnapshotJob, error) {
			return tx.ListSnapshotJobs(ctx, scopeA, store.SnapshotJobQuery{EngagementID: part, Descending: desc, After: after, Limit: limit})
		},
		id: func(r store.SnapshotJob) string { return r.ID },
	})
}
