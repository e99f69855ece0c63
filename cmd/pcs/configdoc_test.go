package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/configuration.md from the commands' flags")

//go:generate go test -run TestConfigurationDoc -update

const configDocPath = "../../docs/configuration.md"

// TestConfigurationDoc fails when docs/configuration.md is not what the
// commands' flags make; -update (or go generate ./cmd/pcs) rewrites it.
func TestConfigurationDoc(t *testing.T) {
	doc := configurationDoc(t)
	if *update {
		if err := os.WriteFile(configDocPath, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	committed, err := os.ReadFile(configDocPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, doc) {
		t.Error("docs/configuration.md differs from the commands' flags; run go test ./cmd/pcs -run TestConfigurationDoc -update")
	}
}

// The reference's defaults are a user's whose home is ~ and who has no
// XDG_DATA_HOME; a default that XDG_DATA_HOME changes says so.
var (
	docEnv    = env(map[string]string{"HOME": "~"})
	docXDGEnv = env(map[string]string{"HOME": "~", "XDG_DATA_HOME": "$XDG_DATA_HOME"})
)

func configurationDoc(t *testing.T) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `# Configuration

<!-- Generated from the commands' flags by go generate ./cmd/pcs
     (go test ./cmd/pcs -run TestConfigurationDoc -update); do not edit. -->

Every pcs command is configured by its flags; `+"`pcs <command> -h`"+` lists the
same ones. A flag given on the command line wins; a flag not given takes the
value of its environment variable when that is set and not empty, and its
default otherwise.

A flag's variable is its command's prefix followed by the flag's name in
upper case with `+"`-` as `_`"+`:

| Command | Prefix | Example |
|---|---|---|
| pcs serve | %s | `+"`-data-dir`: `%s`"+` |
| pcs sim | %s | `+"`-account`: `%s`"+` |
| pcs bench | %s | `+"`-duration`: `%s`"+` |

The flags that reach a running pcs, `+"`-endpoint` and `-admin-token`"+`, are
`+"`PCS_ENDPOINT` and `PCS_ADMIN_TOKEN`"+` for every command. The other flags of
pcs solutions, events, requests, faults, reset, export, import and seed
describe a single call and have no variable. An endpoint given as
`+"`host:port`"+`, as `+"`-addr`"+` takes it, means `+"`http://host:port`"+` (pcs serves
plain HTTP; a TLS proxy in front of it is named by its `+"`https://`"+` URL).

Flags may come before or after a command's other arguments
(`+"`pcs sim clock advance 2m -endpoint http://127.0.0.1:9000`"+`); after `+"`--`"+`
nothing is a flag. A command line a command cannot run (an unknown flag, a
missing value, an argument too many) is reported on one line, followed by
the command's usage, and pcs exits with status 2.

Durations are written as 90s, 15m or 1h30m. A boolean flag is set by naming
it (`+"`-in-memory`"+`) or by true or false (`+"`-follow=false`"+`, or its variable
set to true).

`, code(servePrefix), envName(servePrefix, "data-dir"), code(simPrefix), envName(simPrefix, "account"),
		code(benchPrefix), envName(benchPrefix, "duration"))
	var toc []string
	for _, c := range commandsWithFlags {
		name := "pcs " + strings.Join(c.args, " ")
		toc = append(toc, fmt.Sprintf("[%s](#%s)", name, strings.ReplaceAll(name, " ", "-")))
	}
	fmt.Fprintf(&b, "Commands: %s.\n", strings.Join(toc, ", "))
	for _, c := range commandsWithFlags {
		ef := commandFlags(t, c.args, docEnv)
		xdg := commandFlags(t, c.args, docXDGEnv)
		fmt.Fprintf(&b, "\n## pcs %s\n\n", strings.Join(c.args, " "))
		b.WriteString("| Flag | Environment variable | Default | Description |\n")
		b.WriteString("|---|---|---|---|\n")
		ef.fs.VisitAll(func(f *flag.Flag) {
			typ, help := flag.UnquoteUsage(f)
			name := "-" + f.Name
			if typ != "" {
				name += " " + typ
			}
			variable := "none"
			if v := ef.variable(f.Name); v != "" {
				variable = "`" + v + "`"
			}
			def := code(f.DefValue)
			if other := xdg.fs.Lookup(f.Name).DefValue; other != f.DefValue {
				def = code(other) + " with `XDG_DATA_HOME` set, else " + def
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", name, variable, def, cell(help))
		})
	}
	return b.Bytes()
}

func code(s string) string {
	if s == "" {
		return ""
	}
	return "`" + s + "`"
}

// cell makes help text one markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("\n", " ", "|", `\|`).Replace(s)
}
