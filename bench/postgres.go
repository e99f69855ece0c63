package bench

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// freshSchema makes a schema of its own in the PostgreSQL database at
// base and returns the URL whose connections keep their tables there (its
// search_path), and a function that drops it with all it holds.
func freshSchema(ctx context.Context, base string) (string, func() error, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, fmt.Errorf("the PostgreSQL database URL: %w", err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, fmt.Errorf("the PostgreSQL database URL: %w", err)
	}
	var tag [6]byte
	_, _ = rand.Read(tag[:])
	schema := "pcs_bench_" + hex.EncodeToString(tag[:])
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("make a schema for the bench in %s: %w", redacted(u), err)
	}
	drop := func() error {
		defer admin.Close()
		// Not ctx: an interrupted run still cleans up.
		_, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
		return err
	}
	q := u.Query()
	q.Set("search_path", schema)
	// The pcs serve connections name the schema, so that their backends
	// can be found (pg_stat_activity) and their CPU time read.
	q.Set("application_name", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

// schemaOf is the schema a URL freshSchema returned keeps its tables in.
func schemaOf(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		return ""
	}
	return u.Query().Get("search_path")
}

// schemaSize is what the tables of the URL's schema take, with their
// indexes and TOAST.
func schemaSize(ctx context.Context, dbURL string) (int64, error) {
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n sql.NullInt64
	err = db.QueryRowContext(ctx, `SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c
		JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relkind = 'r'`, schemaOf(dbURL)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("the size of the bench's schema: %w", err)
	}
	return n.Int64, nil
}

// redacted is u without its password, for messages.
func redacted(u *url.URL) string { return u.Redacted() }

// backendLister lists the PostgreSQL backends serving the pcs processes
// on the URL's schema (their application_name), when they run on this
// machine: their CPU time is read from /proc like pcs's. A database
// elsewhere gives no figure (nil).
func backendLister(dbURL string) (func(context.Context) ([]int, error), func()) {
	u, err := url.Parse(dbURL)
	if err != nil || !isLocalHost(u.Hostname()) {
		return nil, func() {}
	}
	q := u.Query()
	app := q.Get("application_name")
	q.Set("application_name", app+"_meter")
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		return nil, func() {}
	}
	db.SetMaxOpenConns(1)
	// Connect now, not at the first reading, which would then lag the
	// start of the measured time.
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, func() {}
	}
	list := func(ctx context.Context) ([]int, error) {
		rows, err := db.QueryContext(ctx, `SELECT pid FROM pg_stat_activity WHERE application_name = $1`, app)
		if err != nil {
			return nil, fmt.Errorf("list the PostgreSQL backends: %w", err)
		}
		defer rows.Close()
		var pids []int
		for rows.Next() {
			var pid int
			if err := rows.Scan(&pid); err != nil {
				return nil, err
			}
			pids = append(pids, pid)
		}
		return pids, rows.Err()
	}
	return list, func() { db.Close() }
}

func isLocalHost(h string) bool {
	switch h {
	case "", "localhost", "127.0.0.1", "::1":
		return true
	}
	return strings.HasPrefix(h, "/") // a Unix socket directory
}

// analyzeSchema gathers the planner's statistics on the tables of the
// URL's schema, as autovacuum would a minute or so after a bulk load: the
// scenarios then meet the plans a running deployment has, not the ones
// for tables PostgreSQL believes empty.
func analyzeSchema(ctx context.Context, dbURL string) error {
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	schema := schemaOf(dbURL)
	rows, err := db.QueryContext(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = $1`, schema)
	if err != nil {
		return fmt.Errorf("list the bench schema's tables: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := db.ExecContext(ctx, `ANALYZE `+quoteIdent(schema)+`.`+quoteIdent(t)); err != nil {
			return fmt.Errorf("analyze %s: %w", t, err)
		}
	}
	return nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
