// Package pgtest gives tests a PostgreSQL schema of their own, in the
// database $PCS_TEST_DATABASE_URL names, so that tests on one database
// run in parallel and leave nothing behind. Without the variable, a test
// that asks for a schema is skipped, with a message saying how to run it.
package pgtest

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Variable names the database the tests make their schemas in.
const Variable = "PCS_TEST_DATABASE_URL"

var schemas atomic.Int64

// BaseURL is $PCS_TEST_DATABASE_URL; it skips t when that is unset.
func BaseURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(Variable)
	if base == "" {
		t.Skipf("$%s is not set: to run the tests on PostgreSQL, set it to a database they may make schemas in, e.g. "+
			"%s='postgres://postgres:pcs@127.0.0.1:5432/pcs_test?sslmode=disable' (.ci/run starts one)", Variable, Variable)
	}
	return base
}

// Schema makes a fresh schema, dropped when t ends, and returns the
// database URL whose connections keep their tables there (its search_path).
func Schema(t testing.TB) string {
	t.Helper()
	base := BaseURL(t)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("$%s: %v", Variable, err)
	}
	t.Cleanup(func() { admin.Close() })
	schema := fmt.Sprintf("pcs_test_%d_%d", os.Getpid(), schemas.Add(1))
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("make a schema for the test in $%s: %v", Variable, err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop the test's schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("$%s: %v", Variable, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
