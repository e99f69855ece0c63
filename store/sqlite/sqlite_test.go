package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pcs/store"
	"pcs/store/sqlite"
	"pcs/store/storetest"
)

func TestConformanceFile(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "pcs.db"))
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

func TestConformanceMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		db, err := sqlite.OpenMemory(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nested", "pcs.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	scope := store.Scope{Account: "111111111111", Catalog: "AWS"}
	err = db.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.NextSequence(ctx, "s"); err != nil {
			return err
		}
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		return tx.InsertOpportunity(ctx, &store.Opportunity{Scope: scope, ID: "O1", CreatedAt: now, LastModifiedAt: now, Doc: []byte(`{}`)})
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.GetOpportunity(ctx, scope, "O1"); err != nil {
			return err
		}
		v, err := tx.NextSequence(ctx, "s")
		if err == nil && v != 2 {
			t.Errorf("sequence after reopen = %d, want 2", v)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pcs.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlite.ExecForTest(db, `INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future.sql')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := sqlite.Open(ctx, path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("open of a newer schema: %v", err)
	}
}

// TestListQueriesUseIndexes guards the query plans that keep listings fast
// at a million opportunities: no query may scan the table.
func TestListQueriesUseIndexes(t *testing.T) {
	db, err := sqlite.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, sort := range []store.OpportunitySort{store.SortLastModifiedDate, store.SortCreatedDate, store.SortIdentifier,
		store.SortCustomerCompanyName, store.SortTargetCloseDate} {
		for _, q := range []store.OpportunityQuery{
			{Sort: sort, Descending: true, Limit: 20},
			{Sort: sort, Stages: []string{"Qualified"}, ReviewStatuses: []string{"Approved"}, Limit: 100},
			{Sort: sort, Stages: []string{"Qualified"}, After: &store.OpportunityCursor{Key: "1", ID: "O5"}, AsOf: 1, Limit: 20},
		} {
			plan, err := sqlite.ExplainListOpportunities(db, store.Scope{Account: "111111111111", Catalog: "AWS"}, q)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(plan, "SCAN opportunity_versions") && !strings.Contains(plan, "USING INDEX") {
				t.Errorf("%s: full scan:\n%s", sort, plan)
			}
			if strings.Contains(plan, "USE TEMP B-TREE FOR ORDER BY") {
				t.Errorf("%s: sorts in memory instead of walking an index:\n%s", sort, plan)
			}
		}
	}
}

// TestOneStageAndStatusSeeksTheirIndex: a listing of one stage and one
// review status, newest first, seeks opportunity_by_stage, first page or
// pinned; with more than one of either, it walks opportunity_by_modified
// rather than sorting.
func TestOneStageAndStatusSeeksTheirIndex(t *testing.T) {
	db, err := sqlite.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	after := &store.OpportunityCursor{Key: "1", ID: "O5"}
	for _, tt := range []struct {
		q     store.OpportunityQuery
		index string
	}{
		{store.OpportunityQuery{Stages: []string{"Qualified"}, ReviewStatuses: []string{"Approved"}, Descending: true, Limit: 101}, "opportunity_by_stage"},
		{store.OpportunityQuery{Stages: []string{"Qualified"}, ReviewStatuses: []string{"Approved"}, Descending: true, Limit: 101, AsOf: 5, After: after}, "opportunity_by_stage"},
		{store.OpportunityQuery{Stages: []string{"Qualified", "Committed"}, ReviewStatuses: []string{"Approved"}, Descending: true, Limit: 101}, "opportunity_by_modified"},
	} {
		plan, err := sqlite.ExplainListOpportunities(db, store.Scope{Account: "111111111111", Catalog: "AWS"}, tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "USING INDEX "+tt.index+" ") || strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("%v %v (pinned %v): want a walk of %s:\n%s", tt.q.Stages, tt.q.ReviewStatuses, tt.q.AsOf != 0, tt.index, plan)
		}
	}
}

// TestKeysetListingsWalkIndexes guards the plans of the cursor-paged
// listings: each page seeks an index in the listing's order instead of
// sorting the rows. Engagements are listed through a member's memberships,
// which no index orders; they are left out.
func TestKeysetListingsWalkIndexes(t *testing.T) {
	db, err := sqlite.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	scope := store.Scope{Account: "111111111111", Catalog: "Sandbox"}
	after := &store.Cursor{At: 1, ID: "x"}
	for _, desc := range []bool{false, true} {
		for _, q := range []any{
			store.InvitationQuery{Catalog: "Sandbox", Account: scope.Account, Role: store.RoleReceiver, Descending: desc, After: after, Limit: 51},
			store.InvitationQuery{Catalog: "Sandbox", Account: scope.Account, Role: store.RoleSender, Statuses: []string{"PENDING"}, Descending: desc, After: after, Limit: 51},
			store.TaskQuery{Family: "f", Descending: desc, After: after, Limit: 51},
			store.SnapshotJobQuery{Status: "Running", Descending: desc, After: after, Limit: 51},
			store.SnapshotQuery{Catalog: "Sandbox", EngagementID: "eng-1", Viewer: scope.Account,
				After: &store.SnapshotCursor{At: 1, EngagementID: "eng-1", ResourceID: "O1", Template: "t", Revision: 1, ResourceType: "Opportunity"}, Limit: 51},
		} {
			plan, err := sqlite.ExplainListing(db, scope, q)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(plan, "TEMP B-TREE") || !strings.Contains(plan, "INDEX") {
				t.Errorf("%T (descending %v) does not walk an index:\n%s", q, desc, plan)
			}
		}
	}
}

// TestSummaryMigrationKeepsEarlierVersions upgrades a store that an earlier
// pcs wrote, before opportunity versions kept their listing summary: every
// version survives with its columns and document, the indexes are the ones
// it had, listings (current and pinned) return those versions with their
// documents, and a version written after the upgrade is listed by its
// summary.
func TestSummaryMigrationKeepsEarlierVersions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pcs.db")
	old, err := sqlite.OpenAtSchema(ctx, path, 9)
	if err != nil {
		t.Fatal(err)
	}
	// An opportunity created and then updated, as pcs stored them before.
	for _, stmt := range []string{
		`INSERT INTO sequences (name, value) VALUES ('store/opportunity-change', 2)`,
		`INSERT INTO opportunity_versions (account, catalog, id, id_num, valid_from, valid_to, replaced_at, created_at,
			last_modified_at, stage, review_status, company, target_close, doc) VALUES
			('111111111111', 'AWS', 'O1', 1, 1, 2, 2000, 1000, 1000, 'Prospect', 'Pending Submission', 'Example', '2026-06-01', '{"v":1}'),
			('111111111111', 'AWS', 'O1', 1, 2, NULL, NULL, 1000, 2000, 'Qualified', 'Pending Submission', 'Example', '2026-06-01', '{"v":2}')`,
	} {
		if err := sqlite.ExecForTest(old, stmt); err != nil {
			t.Fatal(err)
		}
	}
	const (
		rows    = `SELECT account, catalog, id, id_num, valid_from, valid_to, replaced_at, created_at, last_modified_at, stage, review_status, company, target_close, doc FROM opportunity_versions ORDER BY valid_from`
		indexes = `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'opportunity_versions' ORDER BY name`
	)
	query := func(db *sqlite.DB, q string) string {
		t.Helper()
		out, err := sqlite.QueryForTest(db, q)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, "\n")
	}
	rowsBefore, indexesBefore := query(old, rows), query(old, indexes)
	old.Close()

	// Up to the last schema before 0018 added an index of its own.
	db, err := sqlite.OpenAtSchema(ctx, path, 17)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := query(db, rows); got != rowsBefore {
		t.Errorf("versions after the upgrade:\n%s\nwant:\n%s", got, rowsBefore)
	}
	if got := query(db, indexes); got != indexesBefore {
		t.Errorf("indexes after the upgrade:\n%s\nwant:\n%s", got, indexesBefore)
	}

	scope := store.Scope{Account: "111111111111", Catalog: "AWS"}
	listed := func(q store.OpportunityQuery) string {
		t.Helper()
		var out []string
		err := db.View(ctx, func(tx store.Tx) error {
			recs, err := tx.ListOpportunities(ctx, scope, q)
			for _, r := range recs {
				out = append(out, r.ID+" summary="+string(r.Summary)+" doc="+string(r.Doc))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, ", ")
	}
	for _, tt := range []struct {
		q    store.OpportunityQuery
		want string
	}{
		{store.OpportunityQuery{}, `O1 summary= doc={"v":2}`},
		{store.OpportunityQuery{Stages: []string{"Qualified"}, Descending: true}, `O1 summary= doc={"v":2}`},
		{store.OpportunityQuery{AsOf: 1}, `O1 summary= doc={"v":1}`},
	} {
		if got := listed(tt.q); got != tt.want {
			t.Errorf("%+v: listed %s, want %s", tt.q, got, tt.want)
		}
	}

	now := time.Unix(0, 3000).UTC()
	err = db.Update(ctx, func(tx store.Tx) error {
		return tx.UpdateOpportunity(ctx, &store.Opportunity{Scope: scope, ID: "O1", CreatedAt: time.Unix(0, 1000).UTC(),
			LastModifiedAt: now, Stage: "Committed", Summary: []byte(`{"s":3}`), Doc: []byte(`{"v":3}`)})
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := listed(store.OpportunityQuery{}), `O1 summary={"s":3} doc=`; got != want {
		t.Errorf("after an update: listed %s, want %s", got, want)
	}
	if got, want := listed(store.OpportunityQuery{AsOf: 2}), `O1 summary= doc={"v":2}`; got != want {
		t.Errorf("pinned before the update: listed %s, want %s", got, want)
	}
}

// TestScopeVersionsMigrationGoesOn upgrades a store an earlier pcs wrote,
// with one counter for every opportunity version and the outbox's
// positions from its table's own counter: each scope's versions go on from
// the shared counter, and the outbox from past the last position handed
// out, events deleted since included.
func TestScopeVersionsMigrationGoesOn(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pcs.db")
	old, err := sqlite.OpenAtSchema(ctx, path, 11)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`INSERT INTO sequences (name, value) VALUES ('store/opportunity-change', 7), ('store/opportunity-pruned-through', 3)`,
		`INSERT INTO opportunity_versions (account, catalog, id, id_num, valid_from, created_at, last_modified_at, stage,
			review_status, company, target_close, doc) VALUES
			('111111111111', 'AWS', 'O1', 1, 7, 1000, 1000, 'Prospect', 'Pending Submission', 'Example', '', '{}')`,
		`INSERT INTO events (id, account, catalog, detail_type, time, written, doc) VALUES
			('e1', '111111111111', 'AWS', 'd', 1, 1, '{}'), ('e2', '111111111111', 'AWS', 'd', 1, 1, '{}')`,
		`DELETE FROM events`,
	} {
		if err := sqlite.ExecForTest(old, stmt); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()

	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	scope := store.Scope{Account: "111111111111", Catalog: "AWS"}
	e := &store.Event{ID: "e3", Account: scope.Account, Catalog: scope.Catalog, DetailType: "d", Time: time.Unix(0, 1)}
	var version int64
	err = db.Update(ctx, func(tx store.Tx) error {
		if err := tx.AppendEvent(ctx, e); err != nil {
			return err
		}
		if _, err := tx.ListOpportunities(ctx, scope, store.OpportunityQuery{AsOf: 2}); !errors.Is(err, store.ErrSnapshotExpired) {
			t.Errorf("a listing pinned below the pruning point before the upgrade: %v, want ErrSnapshotExpired", err)
		}
		o, err := tx.GetOpportunity(ctx, scope, "O1")
		if err != nil {
			return err
		}
		if err := tx.UpdateOpportunity(ctx, o); err != nil {
			return err
		}
		version, err = tx.OpportunityVersion(ctx, scope)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if e.Seq != 3 {
		t.Errorf("the first event after the upgrade took position %d, want 3", e.Seq)
	}
	if version != 8 {
		t.Errorf("the scope's version after an update = %d, want 8, past the shared counter's 7", version)
	}
}
