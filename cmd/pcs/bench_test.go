package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pcs/store/postgres/pgtest"
)

// TestBenchPrintsTheTable runs pcs bench end to end at a tiny size: pcs
// serve and both baselines as child processes (this test binary, acting as
// pcs), every line with requests, CPU time and allocations.
func TestBenchPrintsTheTable(t *testing.T) {
	benchChildEnv = []string{childEnv + "=1"}
	t.Cleanup(func() { benchChildEnv = nil })
	out := filepath.Join(t.TempDir(), "bench.md")
	env := map[string]string{"PCS_BENCH_DURATION": "300ms", "PCS_BENCH_DIR": t.TempDir()}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"bench", "-opportunities", "200", "-scenarios", "get,list", "-baseline", "both", "-out", out},
		&stdout, &stderr, func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("pcs bench: %v\n%s", err, stderr.String())
	}
	table := stdout.String()
	checkBenchLines(t, table, "sqlite", []string{"get", "list-stage", "list-modified", "list-company"}, []string{"pcs", "sigv4", "bare"})
	for _, want := range []string{"300ms measured", "-auth strict as a child process", "baseline sigv4: a bare net/http server that recomputes",
		"baseline bare:", "start-up:", "child process, from exec", "resident memory (VmRSS of pcs serve)"} {
		if !strings.Contains(table, want) {
			t.Errorf("output lacks %q:\n%s", want, table)
		}
	}
	md, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"`pcs bench -opportunities 200 -scenarios get,list -baseline both -out ",
		"| sqlite | 200 | GetOpportunity, random ids | pcs | ", "| sqlite | 200 | GetOpportunity, random ids | sigv4 | ",
		"ms (exec) | "} {
		if !strings.Contains(string(md), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if entries, _ := os.ReadDir(env["PCS_BENCH_DIR"]); len(entries) != 0 {
		t.Errorf("the store or the credentials file was left behind: %v", entries)
	}
}

// TestBenchOnPostgreSQL runs pcs bench on one and on two pcs serve over
// PostgreSQL: every line measured, the PostgreSQL backends' CPU time
// included, and the schemas dropped after.
func TestBenchOnPostgreSQL(t *testing.T) {
	base := pgtest.BaseURL(t)
	benchChildEnv = []string{childEnv + "=1"}
	t.Cleanup(func() { benchChildEnv = nil })
	before := benchSchemas(t, base)
	env := map[string]string{"PCS_BENCH_DURATION": "300ms", "PCS_BENCH_DIR": t.TempDir(), "PCS_BENCH_DATABASE_URL": base}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"bench", "-opportunities", "200", "-scenarios", "get,create", "-stores", "postgres,postgres2"},
		&stdout, &stderr, func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("pcs bench: %v\n%s", err, stderr.String())
	}
	for _, st := range []string{"postgres", "postgres2"} {
		checkBenchLines(t, stdout.String(), st, []string{"get", "create"}, []string{"pcs", "sigv4"})
		m := regexp.MustCompile(`(?m)^` + st + `\s+200\s+get\s+pcs\s+\S+\s+\S+\s+\S+\s+\S+\s+([0-9.]+)µs`).FindStringSubmatch(stdout.String())
		if m == nil {
			t.Errorf("%s: no db CPU/req for pcs:\n%s", st, stdout.String())
		}
	}
	if !strings.Contains(stdout.String(), "postgres2, 200 opportunities: preloaded") {
		t.Errorf("no store figures for postgres2:\n%s", stdout.String())
	}
	if after := benchSchemas(t, base); after != before {
		t.Errorf("%d bench schemas after the run, %d before: not dropped", after, before)
	}
}

func benchSchemas(t *testing.T, url string) int {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pcs_bench_%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// checkBenchLines finds each scenario's line for each server on the store
// and checks its req/s, CPU/req and allocs/req are measured (positive).
func checkBenchLines(t *testing.T, table, store string, scenarios, servers []string) {
	t.Helper()
	for _, sc := range scenarios {
		for _, server := range servers {
			// store, size, scenario, server, req/s, p50, p99, CPU/req, db CPU/req, allocs/req
			re := regexp.MustCompile(`(?m)^` + store + `\s+200\s+` + sc + `\s+` + server + `\s+([0-9.]+)\s+\S+\s+\S+\s+([0-9.]+)µs\s+\S+\s+([0-9.]+)\s`)
			m := re.FindStringSubmatch(table)
			if m == nil {
				t.Errorf("%s %s: no %s line with req/s, CPU/req and allocs/req:\n%s", store, sc, server, table)
				continue
			}
			for i, what := range []string{"req/s", "CPU/req", "allocs/req"} {
				if v, _ := strconv.ParseFloat(m[i+1], 64); v <= 0 {
					t.Errorf("%s %s %s: %s %s", store, sc, server, what, m[i+1])
				}
			}
		}
	}
}

func TestBenchRedactsTheDatabasePassword(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"-stores postgres -database postgres://u:secret@h/d", "-stores postgres -database postgres://u:xxxxx@h/d"},
		{"--database=postgres://u:secret@h/d -out r.md", "--database=postgres://u:xxxxx@h/d -out r.md"},
		{"-database postgres://u@h/d", "-database postgres://u@h/d"},
		{"-out -database", "-out -database"},
	} {
		if got := strings.Join(redactedArgs(strings.Fields(tt.in)), " "); got != tt.want {
			t.Errorf("redactedArgs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBenchFlags(t *testing.T) {
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"bench", "-h"}, &bytes.Buffer{}, &stderr, func(string) string { return "" })
	if err == nil || !strings.Contains(stderr.String(), "[$PCS_BENCH_CONCURRENCY]") || !strings.Contains(stderr.String(), "[$PCS_BENCH_SIZES]") {
		t.Errorf("pcs bench -h: %v\n%s", err, stderr.String())
	}
	for _, args := range [][]string{
		{"-concurrency", "0"},
		{"-duration", "0s"},
		{"-sizes", "10,x"},
		{"-scenarios", "nope"},
		{"-catalog", "Other"},
		{"-stores", "postgres"},
		{"-baseline", "neither"},
		{"-auth", "none"},
		{"extra"},
	} {
		err := run(context.Background(), append([]string{"bench"}, args...), &bytes.Buffer{}, &bytes.Buffer{}, func(string) string { return "" })
		if err == nil {
			t.Errorf("pcs bench %v: no error", args)
		}
	}
	c, err := parseBenchFlags(nil, &bytes.Buffer{}, func(k string) string {
		return map[string]string{"PCS_BENCH_DURATION": "30s", "PCS_BENCH_SIZES": "1000, 10_000"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	sizes, err := parseSizes(c.sizes)
	if err != nil || c.duration.String() != "30s" || c.warmup.String() != "1s" || len(sizes) != 2 || sizes[1] != 10000 {
		t.Errorf("duration %v, warmup %v, sizes %v (%v)", c.duration, c.warmup, sizes, err)
	}
	if strings.Join(c.storeList, ",") != "sqlite" || strings.Join(c.baselineList, ",") != "sigv4" || c.auth != "strict" {
		t.Errorf("defaults: stores %v, baselines %v, auth %q", c.storeList, c.baselineList, c.auth)
	}
	c, err = parseBenchFlags([]string{"-stores", "sqlite, postgres2,postgres", "-baseline", "both", "-auth", "local"}, &bytes.Buffer{}, func(k string) string {
		return map[string]string{"PCS_BENCH_DATABASE_URL": "postgres://u@h/d"}[k]
	})
	if err != nil || strings.Join(c.storeList, ",") != "sqlite,postgres2,postgres" || strings.Join(c.baselineList, ",") != "sigv4,bare" ||
		c.database != "postgres://u@h/d" || c.auth != "local" {
		t.Errorf("stores %v, baselines %v, database %q, auth %q (%v)", c.storeList, c.baselineList, c.database, c.auth, err)
	}
}
