package sqlite_test

import (
	"context"
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
			{Sort: sort, Stages: []string{"Qualified"}, After: &store.OpportunityCursor{Key: "1", ID: "O5"}, Limit: 20},
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
