package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// commandsWithFlags are pcs's commands that take flags, in the order of
// docs/configuration.md, with each flag's environment variable ("" for
// none). Users set these variables: a name here never changes.
var commandsWithFlags = []struct {
	args      []string
	variables map[string]string
}{
	{[]string{"serve"}, map[string]string{
		"addr":                     "PCS_ADDR",
		"addr-file":                "PCS_ADDR_FILE",
		"admin-token":              "PCS_ADMIN_TOKEN",
		"auth":                     "PCS_AUTH",
		"credentials":              "PCS_CREDENTIALS",
		"data-dir":                 "PCS_DATA_DIR",
		"database":                 "PCS_DATABASE_URL",
		"database-pool":            "PCS_DATABASE_POOL",
		"default-account":          "PCS_DEFAULT_ACCOUNT",
		"event-retention":          "PCS_EVENT_RETENTION",
		"event-targets":            "PCS_EVENT_TARGETS",
		"in-memory":                "PCS_IN_MEMORY",
		"log-format":               "PCS_LOG_FORMAT",
		"log-level":                "PCS_LOG_LEVEL",
		"max-body-bytes":           "PCS_MAX_BODY_BYTES",
		"max-body-bytes-in-flight": "PCS_MAX_BODY_BYTES_IN_FLIGHT",
		"prospecting-time":         "PCS_PROSPECTING_TIME",
		"quirk-html-entities":      "PCS_QUIRK_HTML_ENTITIES",
		"quirk-read-lag":           "PCS_QUIRK_READ_LAG",
		"quirk-spend-type":         "PCS_QUIRK_SPEND_TYPE",
		"quota-limits":             "PCS_QUOTA_LIMITS",
		"quotas":                   "PCS_QUOTAS",
		"realism":                  "PCS_REALISM",
		"record-body-bytes":        "PCS_RECORD_BODY_BYTES",
		"record-requests":          "PCS_RECORD_REQUESTS",
		"regions":                  "PCS_REGIONS",
		"review-comments":          "PCS_REVIEW_COMMENTS",
		"review-outcome":           "PCS_REVIEW_OUTCOME",
		"review-rules":             "PCS_REVIEW_RULES",
		"review-time":              "PCS_REVIEW_TIME",
		"review-wait":              "PCS_REVIEW_WAIT",
		"seed":                     "PCS_SEED",
		"shutdown-timeout":         "PCS_SHUTDOWN_TIMEOUT",
	}},
	{[]string{"solutions", "add"}, map[string]string{"account": "", "admin-token": "PCS_ADMIN_TOKEN", "catalog": "", "category": "", "endpoint": "PCS_ENDPOINT", "id": "", "marketplace-arn": "", "name": "", "status": ""}},
	{[]string{"solutions", "list"}, map[string]string{"account": "", "admin-token": "PCS_ADMIN_TOKEN", "catalog": "", "endpoint": "PCS_ENDPOINT"}},
	{[]string{"sim", "clock"}, map[string]string{"admin-token": "PCS_ADMIN_TOKEN", "endpoint": "PCS_ENDPOINT"}},
	{[]string{"sim", "review"}, map[string]string{"account": "PCS_SIM_ACCOUNT", "admin-token": "PCS_ADMIN_TOKEN", "catalog": "PCS_SIM_CATALOG", "comments": "PCS_SIM_COMMENTS", "endpoint": "PCS_ENDPOINT", "id": "PCS_SIM_ID", "outcome": "PCS_SIM_OUTCOME", "reason": "PCS_SIM_REASON"}},
	{[]string{"sim", "referral"}, map[string]string{"account": "PCS_SIM_ACCOUNT", "admin-token": "PCS_ADMIN_TOKEN", "catalog": "PCS_SIM_CATALOG", "endpoint": "PCS_ENDPOINT", "file": "PCS_SIM_FILE", "message": "PCS_SIM_MESSAGE"}},
	{[]string{"sim", "lead"}, map[string]string{"account": "PCS_SIM_ACCOUNT", "admin-token": "PCS_ADMIN_TOKEN", "catalog": "PCS_SIM_CATALOG", "endpoint": "PCS_ENDPOINT", "file": "PCS_SIM_FILE", "message": "PCS_SIM_MESSAGE"}},
	{[]string{"sim", "expire"}, map[string]string{"admin-token": "PCS_ADMIN_TOKEN", "catalog": "PCS_SIM_CATALOG", "endpoint": "PCS_ENDPOINT", "id": "PCS_SIM_ID"}},
	{[]string{"sim", "run"}, map[string]string{"admin-token": "PCS_ADMIN_TOKEN", "endpoint": "PCS_ENDPOINT"}},
	{[]string{"sim", "jobs"}, map[string]string{"admin-token": "PCS_ADMIN_TOKEN", "endpoint": "PCS_ENDPOINT", "state": "PCS_SIM_STATE"}},
	{[]string{"events", "tail"}, map[string]string{"account": "", "admin-token": "PCS_ADMIN_TOKEN", "after": "", "endpoint": "PCS_ENDPOINT", "follow": ""}},
	{[]string{"requests"}, map[string]string{"account": "", "admin-token": "PCS_ADMIN_TOKEN", "catalog": "", "contains": "", "endpoint": "PCS_ENDPOINT", "error": "", "f": "", "id": "", "json": "", "limit": "", "operation": "", "since": "", "status": ""}},
	{[]string{"faults", "add"}, map[string]string{"account": "", "action": "", "admin-token": "PCS_ADMIN_TOKEN", "count": "", "endpoint": "PCS_ENDPOINT", "latency": "", "message": "", "op": "", "probability": "", "retry-after": ""}},
	{[]string{"faults", "list"}, map[string]string{"admin-token": "PCS_ADMIN_TOKEN", "endpoint": "PCS_ENDPOINT"}},
	{[]string{"faults", "clear"}, map[string]string{"admin-token": "PCS_ADMIN_TOKEN", "endpoint": "PCS_ENDPOINT", "id": ""}},
	{[]string{"faults", "quotas"}, map[string]string{"account": "", "admin-token": "PCS_ADMIN_TOKEN", "endpoint": "PCS_ENDPOINT"}},
	{[]string{"reset"}, map[string]string{"account": "", "admin-token": "PCS_ADMIN_TOKEN", "catalog": "", "clock": "", "endpoint": "PCS_ENDPOINT"}},
	{[]string{"export"}, map[string]string{"account": "", "admin-token": "PCS_ADMIN_TOKEN", "catalog": "", "endpoint": "PCS_ENDPOINT", "o": ""}},
	{[]string{"import"}, map[string]string{"admin-token": "PCS_ADMIN_TOKEN", "endpoint": "PCS_ENDPOINT", "replace": ""}},
	{[]string{"seed"}, map[string]string{"admin-token": "PCS_ADMIN_TOKEN", "endpoint": "PCS_ENDPOINT"}},
	{[]string{"bench"}, map[string]string{"access-key": "PCS_BENCH_ACCESS_KEY", "auth": "PCS_BENCH_AUTH", "baseline": "PCS_BENCH_BASELINE", "catalog": "PCS_BENCH_CATALOG", "concurrency": "PCS_BENCH_CONCURRENCY", "database": "PCS_BENCH_DATABASE_URL", "dir": "PCS_BENCH_DIR", "duration": "PCS_BENCH_DURATION", "endpoint": "PCS_BENCH_ENDPOINT", "no-exec": "PCS_BENCH_NO_EXEC", "opportunities": "PCS_BENCH_OPPORTUNITIES", "out": "PCS_BENCH_OUT", "scenarios": "PCS_BENCH_SCENARIOS", "secret-key": "PCS_BENCH_SECRET_KEY", "sizes": "PCS_BENCH_SIZES", "stores": "PCS_BENCH_STORES", "warmup": "PCS_BENCH_WARMUP"}},
}

// flagRecording is the output a command is asked for -h with, to get its
// flags.
type flagRecording struct {
	io.Writer
	flags *envFlags
}

func (r *flagRecording) record(e *envFlags) { r.flags = e }

// commandFlags returns the flags of the command that args name, as it
// defines them with the environment getenv.
func commandFlags(t *testing.T, args []string, getenv func(string) string) *envFlags {
	t.Helper()
	rec := &flagRecording{Writer: io.Discard}
	err := run(context.Background(), append(slices.Clone(args), "-h"), io.Discard, rec, getenv)
	if !errors.Is(err, flag.ErrHelp) || rec.flags == nil {
		t.Fatalf("pcs %s -h: %v, recorded no flags", strings.Join(args, " "), err)
	}
	return rec.flags
}

func TestEveryFlagsVariable(t *testing.T) {
	for _, c := range commandsWithFlags {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			ef := commandFlags(t, c.args, env(nil))
			got := map[string]string{}
			ef.fs.VisitAll(func(f *flag.Flag) { got[f.Name] = ef.variable(f.Name) })
			if !maps.Equal(got, c.variables) {
				for _, name := range slices.Sorted(maps.Keys(got)) {
					if want, ok := c.variables[name]; !ok || want != got[name] {
						t.Errorf("-%s: variable %q, want %q (listed: %v)", name, got[name], want, ok)
					}
				}
				for name := range c.variables {
					if _, ok := got[name]; !ok {
						t.Errorf("-%s: listed, but the command has no such flag", name)
					}
				}
			}
		})
	}
}

// TestCommandsWithFlagsIsComplete holds commandsWithFlags to the commands
// the usage texts name.
func TestCommandsWithFlagsIsComplete(t *testing.T) {
	listed := map[string]bool{}
	for _, c := range commandsWithFlags {
		listed[strings.Join(c.args, " ")] = true
		listed[c.args[0]] = true
	}
	cmd := regexp.MustCompile(`(?m)^ +pcs ([a-z]+)(?: ([a-z]+))?`)
	for _, text := range []string{usage, simUsage, faultsUsage, solutionsUsage, eventsUsage, requestsUsage, resetUsage, exportUsage, importUsage, seedUsage} {
		for _, m := range cmd.FindAllStringSubmatch(text, -1) {
			name := strings.TrimSpace(m[1] + " " + m[2])
			if text == usage {
				name = m[1] // subcommands are listed by their own usage
			}
			if name != "version" && !listed[name] {
				t.Errorf("pcs %s is not in commandsWithFlags", name)
			}
		}
	}
}

func TestVariableOfAFlag(t *testing.T) {
	tests := []struct {
		prefix, flag, shared string
		want                 string
	}{
		{servePrefix, "addr", "", "PCS_ADDR"},
		{servePrefix, "max-body-bytes", "", "PCS_MAX_BODY_BYTES"},
		{benchPrefix, "no-exec", "", "PCS_BENCH_NO_EXEC"},
		{simPrefix, "account", "", "PCS_SIM_ACCOUNT"},
		{simPrefix, "endpoint", "endpoint", "PCS_ENDPOINT"},
		{noPrefix, "action", "", ""},
		{noPrefix, "admin-token", "admin-token", "PCS_ADMIN_TOKEN"},
	}
	for _, tt := range tests {
		ef := newEnvFlags("pcs test", tt.prefix, io.Discard, "")
		ef.fs.String(tt.flag, "", "")
		if tt.shared != "" {
			ef.shared(tt.shared)
		}
		if got := ef.variable(tt.flag); got != tt.want {
			t.Errorf("prefix %q, -%s: %q, want %q", tt.prefix, tt.flag, got, tt.want)
		}
	}
}

func TestFlagBeatsVariableBeatsDefault(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"default", nil, nil, "d"},
		{"variable", nil, map[string]string{"PCS_SIM_SOME_FLAG": "v"}, "v"},
		{"flag", []string{"-some-flag", "f"}, map[string]string{"PCS_SIM_SOME_FLAG": "v"}, "f"},
		{"empty variable is unset", nil, map[string]string{"PCS_SIM_SOME_FLAG": ""}, "d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ef := newEnvFlags("pcs test", simPrefix, io.Discard, "")
			v := ef.fs.String("some-flag", "d", "")
			if err := ef.parse(tt.args, env(tt.env)); err != nil {
				t.Fatal(err)
			}
			if *v != tt.want {
				t.Errorf("-some-flag = %q, want %q", *v, tt.want)
			}
		})
	}
}

// TestCommandLineErrors: a command line a command cannot run prints one
// line saying what is wrong, then the usage, and exits 2; nothing is sent.
func TestCommandLineErrors(t *testing.T) {
	const nowhere = "http://127.0.0.1:1" // never reached
	tests := []struct {
		args []string
		want string // the first line printed
	}{
		{nil, "pcs: missing a command"},
		{[]string{"simulate"}, `pcs: unknown command "simulate"`},
		{[]string{"sim"}, "pcs sim: missing a command: clock, review, referral, lead, expire, run, jobs"},
		{[]string{"sim", "advance"}, `pcs sim: unknown command "advance"`},
		{[]string{"sim", "clock", "advance", "-endpoint", nowhere}, "pcs sim clock: missing the DURATION to advance the clock by (90s, 15m, 2h, 15d, 1d12h)"},
		{[]string{"sim", "clock", "forward", "2m"}, `pcs sim clock: unknown clock command "forward": want advance DURATION, or nothing to show the clock`},
		{[]string{"sim", "clock", "advance", "2m", "3m"}, `pcs sim clock: unexpected argument "3m"`},
		{[]string{"sim", "clock", "advance", "2m", "-bogus"}, "pcs sim clock: flag provided but not defined: -bogus"},
		{[]string{"sim", "clock", "-endpoint"}, "pcs sim clock: flag needs an argument: -endpoint"},
		{[]string{"sim", "clock", "-endpoint", "ftp://127.0.0.1:7426"}, `pcs sim clock: -endpoint "ftp://127.0.0.1:7426": want the URL of a running pcs, such as http://127.0.0.1:7426`},
		{[]string{"sim", "review", "-id", "O1", "-endpoint", nowhere}, "pcs sim review: missing -account (or $PCS_SIM_ACCOUNT)"},
		{[]string{"sim", "review", "-account", "111111111111", "-endpoint", nowhere}, "pcs sim review: missing -id (or $PCS_SIM_ID)"},
		{[]string{"sim", "lead", "-endpoint", nowhere}, "pcs sim lead: missing -account (or $PCS_SIM_ACCOUNT)"},
		{[]string{"sim", "expire", "-endpoint", nowhere}, "pcs sim expire: missing -id (or $PCS_SIM_ID)"},
		{[]string{"sim", "run", "now", "-endpoint", nowhere}, `pcs sim run: unexpected argument "now"`},
		{[]string{"sim", "jobs", "-state"}, "pcs sim jobs: flag needs an argument: -state"},
		{[]string{"faults"}, "pcs faults: missing a command: add, list, clear or quotas"},
		{[]string{"faults", "remove"}, `pcs faults: unknown command "remove"`},
		{[]string{"faults", "add", "-endpoint", nowhere}, "pcs faults add: missing -action"},
		{[]string{"faults", "add", "-action", "throttle", "-count", "many"}, `pcs faults add: invalid value "many" for flag -count: parse error`},
		{[]string{"faults", "list", "all", "-endpoint", nowhere}, `pcs faults list: unexpected argument "all"`},
		{[]string{"solutions"}, "pcs solutions: missing a command: add or list"},
		{[]string{"solutions", "remove"}, `pcs solutions: unknown command "remove"`},
		{[]string{"solutions", "add", "-account", "111111111111", "-endpoint", nowhere}, "pcs solutions add: missing -name"},
		{[]string{"solutions", "list", "-endpoint", nowhere}, "pcs solutions list: missing -account"},
		{[]string{"events"}, "pcs events: missing a command: tail"},
		{[]string{"events", "follow"}, `pcs events: unknown command "follow"`},
		{[]string{"events", "tail", "-follow=maybe"}, `pcs events tail: invalid boolean value "maybe" for -follow: parse error`},
		{[]string{"events", "tail", "1", "-endpoint", nowhere}, `pcs events tail: unexpected argument "1"`},
		{[]string{"bench", "-concurrency", "some"}, `pcs bench: invalid value "some" for flag -concurrency: parse error`},
		{[]string{"bench", "-endpoint", "ftp://x", "-no-exec"}, `pcs bench: -endpoint "ftp://x": want the URL of a running pcs, such as http://127.0.0.1:7426`},
		{[]string{"bench", "now"}, `pcs bench: unexpected argument "now"`},
		{[]string{"bench", "-stores", "sqlite,postgres"}, `pcs bench: -stores sqlite,postgres: the PostgreSQL stores need -database URL (or $PCS_BENCH_DATABASE_URL)`},
		{[]string{"bench", "-stores", "mysql"}, `pcs bench: -stores: unknown store "mysql" (have sqlite, postgres, postgres2)`},
		{[]string{"bench", "-baseline", "none"}, `pcs bench: -baseline: unknown baseline "none" (have sigv4, bare, both)`},
		{[]string{"bench", "-auth", "off"}, `pcs bench: -auth "off": want strict or local`},
		{[]string{"serve", "-addr"}, "pcs serve: flag needs an argument: -addr"},
		{[]string{"serve", "-in-memory", "-bogus"}, "pcs serve: flag provided but not defined: -bogus"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stderr strings.Builder
			err := run(context.Background(), tt.args, io.Discard, &stderr, env(nil))
			if !errors.Is(err, errUsage) || exitCode(err) != 2 {
				t.Errorf("error %v (exit %d), want a usage error (exit 2)", err, exitCode(err))
			}
			first, rest, _ := strings.Cut(stderr.String(), "\n")
			if first != tt.want {
				t.Errorf("first line %q\nwant       %q", first, tt.want)
			}
			if !strings.Contains(rest, "Usage:") {
				t.Errorf("no usage after the error:\n%s", stderr.String())
			}
		})
	}
}

func TestFlagsFirst(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"only flags", []string{"-a", "1", "-b"}, []string{"-a", "1", "-b"}},
		{"arguments first", []string{"advance", "2m", "-a", "1"}, []string{"-a", "1", "--", "advance", "2m"}},
		{"interleaved", []string{"x", "-b", "y", "--a=1", "z"}, []string{"-b", "--a=1", "--", "x", "y", "z"}},
		{"a bool flag takes no value", []string{"-b", "x"}, []string{"-b", "--", "x"}},
		{"a bool flag given a value", []string{"-b=false", "x"}, []string{"-b=false", "--", "x"}},
		{"a value that looks like a flag", []string{"-a", "-b", "x"}, []string{"-a", "-b", "--", "x"}},
		{"-- ends the flags", []string{"x", "--", "-a", "1"}, []string{"--", "x", "-a", "1"}},
		{"- is an argument", []string{"-", "-a", "1"}, []string{"-a", "1", "--", "-"}},
		{"an unknown flag is left for the flag package", []string{"-c", "x"}, []string{"-c", "--", "x"}},
		{"a missing value is left for the flag package", []string{"x", "-a"}, []string{"-a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.String("a", "", "")
			fs.Bool("b", false, "")
			if got := flagsFirst(fs, tt.args); !slices.Equal(got, tt.want) {
				t.Errorf("flagsFirst(%q) = %q, want %q", tt.args, got, tt.want)
			}
		})
	}
}
