package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"pcs/store"
	"pcs/store/postgres"
	"pcs/store/postgres/pgtest"
	"pcs/store/storetest"
)

func openFresh(t testing.TB) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), pgtest.Schema(t), 4)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openFresh(t) })
}

// TestUpdateRetriesSerializationFailures: an Update that PostgreSQL asks
// to run again (a serialization failure, a deadlock) runs again, a few
// times at most, its closure from the start each time.
func TestUpdateRetriesSerializationFailures(t *testing.T) {
	ctx := context.Background()
	db := openFresh(t)
	defer db.Close()
	for _, tt := range []struct {
		code     string
		failures int
		wantRuns int
		wantErr  bool
	}{
		{"40001", 2, 3, false},
		{"40P01", 1, 2, false},
		{"40001", 10, 5, true}, // the retries run out
		{"23505", 1, 1, true},  // not one to retry
	} {
		t.Run(fmt.Sprintf("%s×%d", tt.code, tt.failures), func(t *testing.T) {
			postgres.FailCommits(db, tt.code, tt.failures)
			defer postgres.FailCommits(db, tt.code, 0)
			runs := 0
			key := "k-" + tt.code + fmt.Sprint(tt.failures)
			err := db.Update(ctx, func(tx store.Tx) error {
				runs++
				v, err := tx.NextSequence(ctx, key)
				if err == nil && v != 1 {
					t.Errorf("run %d took %d from a fresh counter: a failed run's write stayed", runs, v)
				}
				return err
			})
			if runs != tt.wantRuns || (err != nil) != tt.wantErr {
				t.Errorf("%d runs, error %v; want %d runs, error %v", runs, err, tt.wantRuns, tt.wantErr)
			}
		})
	}
}

// TestReplicasStartingTogetherMigrateOnce opens several stores on one
// fresh schema at once: one applies the migrations, the others wait for
// it under the migration lock, and all come up.
func TestReplicasStartingTogetherMigrateOnce(t *testing.T) {
	dbURL := pgtest.Schema(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := postgres.Open(context.Background(), dbURL, 2)
			if err == nil {
				db.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	db, err := postgres.Open(context.Background(), dbURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	admin, _ := sql.Open("pgx", dbURL)
	defer admin.Close()
	rows, err := admin.Query(`SELECT name FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var applied []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		applied = append(applied, n)
	}
	// The version is the table's key, so a migration applied twice shows as
	// one missing or failed: every file must be recorded, once.
	files, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range files {
		want = append(want, f.Name())
	}
	if strings.Join(applied, " ") != strings.Join(want, " ") {
		t.Errorf("migrations recorded: %v, want %v", applied, want)
	}
}

// TestClearStartupErrors: a URL that is not one, a server that does not
// answer, a database that does not exist and a schema that does not exist
// stop Open with a message that says which; none shows the password.
func TestClearStartupErrors(t *testing.T) {
	base := os.Getenv(pgtest.Variable)
	tests := []struct {
		name, url, want string
		needsServer     bool
	}{
		{"not a URL", "postgres://user:secret@[::1", "the database URL", false},
		{"nobody listening", "postgres://user:secret@127.0.0.1:1/pcs?sslmode=disable&connect_timeout=2", "cannot use the database 127.0.0.1:1/pcs", false},
	}
	if base != "" {
		u, _ := url.Parse(base)
		missingDB := *u
		missingDB.Path = "/pcs_no_such_database"
		tests = append(tests, struct {
			name, url, want string
			needsServer     bool
		}{"no such database", missingDB.String(), "pcs_no_such_database", true})
		missingSchema := *u
		q := missingSchema.Query()
		q.Set("search_path", "pcs_no_such_schema")
		missingSchema.RawQuery = q.Encode()
		tests = append(tests, struct {
			name, url, want string
			needsServer     bool
		}{"no such schema", missingSchema.String(), "search_path names none that exists", true})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			db, err := postgres.Open(ctx, tt.url, 1)
			if err == nil {
				db.Close()
				t.Fatal("opened")
			}
			if !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "secret") {
				t.Errorf("error %q, want one with %q and no password", err, tt.want)
			}
		})
	}
}

func TestSizeGrows(t *testing.T) {
	ctx := context.Background()
	db := openFresh(t)
	defer db.Close()
	before, err := db.Size(ctx)
	if err != nil || before <= 0 {
		t.Fatalf("size %d, %v", before, err)
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
		t.Errorf("size %d after 200 KB of writes, %d before (%v)", after, before, err)
	}
}

// TestSettingOutsideATransaction: Setting reads what an Update stored, and
// store.ErrNotFound for a setting never stored.
func TestSettingOutsideATransaction(t *testing.T) {
	ctx := context.Background()
	db := openFresh(t)
	defer db.Close()
	if _, err := db.Setting(ctx, "k"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a setting never stored: %v, want store.ErrNotFound", err)
	}
	if err := db.Update(ctx, func(tx store.Tx) error { return tx.PutSetting(ctx, "k", "v") }); err != nil {
		t.Fatal(err)
	}
	if v, err := db.Setting(ctx, "k"); v != "v" || err != nil {
		t.Errorf("Setting(k) = %q, %v; want v", v, err)
	}
}
