package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestBenchPrintsTheTable runs pcs bench end to end at a tiny size: its own
// pcs serve in-process, a child pcs serve for start-up and memory (this
// test binary, acting as pcs), every row with requests.
func TestBenchPrintsTheTable(t *testing.T) {
	benchChildEnv = []string{childEnv + "=1"}
	t.Cleanup(func() { benchChildEnv = nil })
	out := filepath.Join(t.TempDir(), "bench.md")
	env := map[string]string{"PCS_BENCH_DURATION": "150ms", "PCS_BENCH_DIR": t.TempDir()}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"bench", "-opportunities", "200", "-scenarios", "get,list", "-out", out},
		&stdout, &stderr, func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("pcs bench: %v\n%s", err, stderr.String())
	}
	table := stdout.String()
	for _, name := range []string{"get", "list-stage", "list-modified", "list-company"} {
		m := regexp.MustCompile(`(?m)^\s+200\s+` + name + `\s+([0-9.]+)\s`).FindStringSubmatch(table)
		if m == nil {
			t.Errorf("no %s row:\n%s", name, table)
			continue
		}
		if rps, _ := strconv.ParseFloat(m[1], 64); rps <= 0 {
			t.Errorf("%s: %v req/s", name, m[1])
		}
	}
	for _, want := range []string{"150ms measured", "start-up:", "child process, from exec", "resident memory (VmRSS of pcs serve)"} {
		if !strings.Contains(table, want) {
			t.Errorf("output lacks %q:\n%s", want, table)
		}
	}
	md, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"`pcs bench -opportunities 200 -scenarios get,list -out ", "| 200 | GetOpportunity, random ids |", "| 200 | "} {
		if !strings.Contains(string(md), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if entries, _ := os.ReadDir(env["PCS_BENCH_DIR"]); len(entries) != 0 {
		t.Errorf("the store was left behind: %v", entries)
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
}
