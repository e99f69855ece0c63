package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"pcs/store"
	"pcs/store/sqlite"
)

// TestSizeGrows: Size counts the pages in use, and more are in use once
// rows are written, on disk and in memory.
func TestSizeGrows(t *testing.T) {
	ctx := context.Background()
	file, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pcs.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	memory, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer memory.Close()
	for name, db := range map[string]*sqlite.DB{"file": file, "memory": memory} {
		before, err := db.Size(ctx)
		if err != nil || before <= 0 {
			t.Fatalf("%s: size %d, %v", name, before, err)
		}
		err = db.Update(ctx, func(tx store.Tx) error {
			for i := range 200 {
				if err := tx.PutSetting(ctx, fmt.Sprintf("k%d", i), strings.Repeat("x", 1000)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if after, err := db.Size(ctx); err != nil || after <= before {
			t.Errorf("%s: size %d after 200 KB of writes, %d before (%v)", name, after, before, err)
		}
	}
}
