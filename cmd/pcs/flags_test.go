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
		"default-account":          "PCS_DEFAULT_ACCOUNT",
		"event-retention":          "PCS_EVENT_RETENTION",
		"event-targets":            "PCS_EVENT_TARGETS",
		"in-memory":                "PCS_IN_MEMORY",
		"log-format":               "PCS_LOG_FORMAT",
		"log-level":                "PCS_LOG_LEVEL",
		"max-body-bytes":           "PCS_MAX_BODY_BYTES",
		"max-body-bytes-in-flight": "PCS_MAX_BODY_BYTES_IN_FLIGHT",
		"prospecting-time":         "PCS_PROSPECTING_TIME",
		"quota-limits":             "PCS_QUOTA_LIMITS",
		"quotas":                   "PCS_QUOTAS",
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
	{[]string{"requests"}, map[string]string{"account": "", "admin-token": "PCS_ADMIN_TOKEN", "catalog": "", "endpoint": "PCS_ENDPOINT", "error": "", "f": "", "id": "", "json": "", "limit": "", "operation": "", "since": "", "status": ""}},
	{[]string{"faults", "add"}, map[string]string{"account": "", "action": "", "admin-token": "PCS_ADMIN_TOKEN", "count": "", "endpoint": "PCS_ENDPOINT", "latency": "", "message": "", "op": "", "probability": "", "retry-after": ""}},
	{[]string{"faults", "list"}, map[string]string{"admin-token": "PCS_ADMIN_TOKEN", "endpoint": "PCS_ENDPOINT"}},
	{[]string{"faults", "clear"}, map[string]string{"admin-token": "PCS_ADMIN_TOKEN", "endpoint": "PCS_ENDPOINT", "id": ""}},
	{[]string{"faults", "quotas"}, map[string]string{"account": "", "admin-token": "PCS_ADMIN_TOKEN", "endpoint": "PCS_ENDPOINT"}},
	{[]string{"reset"}, map[string]string{"account": "", "admin-token": "PCS_ADMIN_TOKEN", "catalog": "", "clock": "", "endpoint": "PCS_ENDPOINT"}},
	{[]string{"export"}, map[string]string{"account": "", "admin-token": "PCS_ADMIN_TOKEN", "catalog": "", "endpoint": "PCS_ENDPOINT", "o": ""}},
	{[]string{"import"}, map[string]string{"admin-token": "PCS_ADMIN_TOKEN", "endpoint": "PCS_ENDPOINT", "replace": ""}},
	{[]string{"seed"}, map[string]string{"admin-token": "PCS_ADMIN_TOKEN", "endpoint": "PCS_ENDPOINT"}},
	{[]string{"bench"}, map[string]string{"access-key": "PCS_BENCH_ACCESS_KEY", "catalog": "PCS_BENCH_CATALOG", "concurrency": "PCS_BENCH_CONCURRENCY", "dir": "PCS_BENCH_DIR", "duration": "PCS_BENCH_DURATION", "endpoint": "PCS_BENCH_ENDPOINT", "no-exec": "PCS_BENCH_NO_EXEC", "opportunities": "PCS_BENCH_OPPORTUNITIES", "out": "PCS_BENCH_OUT", "scenarios": "PCS_BENCH_SCENARIOS", "secret-key": "PCS_BENCH_SECRET_KEY", "sizes": "PCS_BENCH_SIZES", "warmup": "PCS_BENCH_WARMUP"}},
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
