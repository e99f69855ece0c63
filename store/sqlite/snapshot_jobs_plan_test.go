package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"pcs/store"
	"pcs/store/sqlite"
)

// TestResourceSnapshotJobsUseTheResourceIndex: the running snapshot jobs
// every write of an opportunity looks for are found through the index of
// their resource, not by walking every job of the account in creation
// order.
func TestResourceSnapshotJobsUseTheResourceIndex(t *testing.T) {
	db, err := sqlite.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []store.SnapshotJobQuery{
		{ResourceID: "O1", Status: "Running"},
		{ResourceID: "O1", Descending: true},
	} {
		plan, err := sqlite.ExplainListing(db, store.Scope{Account: "111111111111", Catalog: "AWS"}, q)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "USING INDEX snapshot_jobs_by_resource (account=? AND catalog=? AND resource_id=?)") {
			t.Errorf("%+v:\n%s", q, plan)
		}
	}
}
