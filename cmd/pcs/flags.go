package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// Prefixes of the environment variables of a command's own flags.
const (
	servePrefix = "PCS_"       // pcs serve: -data-dir is $PCS_DATA_DIR
	simPrefix   = "PCS_SIM_"   // pcs sim: -account is $PCS_SIM_ACCOUNT
	benchPrefix = "PCS_BENCH_" // pcs bench: -endpoint is $PCS_BENCH_ENDPOINT
	// noPrefix leaves a command's own flags without variables: they are
	// the one-off arguments of a single call (pcs faults add -action).
	noPrefix = ""
)

// sharedPrefix names the variables of the flags every client of a running
// pcs shares, whatever the command: -endpoint is $PCS_ENDPOINT.
const sharedPrefix = "PCS_"

// envFlags binds each flag of a FlagSet to an environment variable: a flag
// given on the command line wins, then the variable, then the default.
// A flag's variable is derived from its name: the command's prefix, then
// the name in upper case with '-' as '_'.
type envFlags struct {
	fs     *flag.FlagSet
	prefix string            // of the variables of the command's own flags
	env    map[string]string // flag name -> variable, where not derived from prefix
}

// flagRecorder is an output that takes a command's flags instead of its
// usage text: the configuration reference (docs/configuration.md) is made
// by asking every command for -h with one as its output.
type flagRecorder interface{ record(*envFlags) }

func newEnvFlags(name, prefix string, out io.Writer, usage string) *envFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	e := &envFlags{fs: fs, prefix: prefix, env: map[string]string{}}
	fs.Usage = func() {
		if r, ok := out.(flagRecorder); ok {
			r.record(e)
			return
		}
		fmt.Fprintln(out, usage)
		fmt.Fprintln(out, "\nFlags (each can also be set by the environment variable shown):")
		fs.VisitAll(func(f *flag.Flag) {
			typ, help := flag.UnquoteUsage(f)
			fmt.Fprintf(out, "  -%s %s\n    \t%s", f.Name, typ, strings.ReplaceAll(help, "\n", "\n    \t"))
			if f.DefValue != "" && f.DefValue != "false" {
				fmt.Fprintf(out, " (default %q)", f.DefValue)
			}
			if v := e.variable(f.Name); v != "" {
				fmt.Fprintf(out, " [$%s]", v)
			}
			fmt.Fprintln(out)
		})
	}
	return e
}

// shared gives a flag already defined the variable of sharedPrefix in
// place of the command's own.
func (e *envFlags) shared(flagName string) { e.env[flagName] = envName(sharedPrefix, flagName) }

// named gives a flag already defined the variable named, in place of the
// one derived from its name.
func (e *envFlags) named(flagName, variable string) { e.env[flagName] = variable }

// variable is the environment variable of a flag, "" if it has none.
func (e *envFlags) variable(flagName string) string {
	if v, ok := e.env[flagName]; ok {
		return v
	}
	if e.prefix == noPrefix {
		return ""
	}
	return envName(e.prefix, flagName)
}

func envName(prefix, flagName string) string {
	return prefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parse parses args, then fills unset flags from the environment.
func (e *envFlags) parse(args []string, getenv func(string) string) error {
	if err := e.fs.Parse(args); err != nil {
		return err
	}
	set := map[string]bool{}
	e.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	e.fs.VisitAll(func(f *flag.Flag) {
		env := e.variable(f.Name)
		if err != nil || set[f.Name] || env == "" {
			return
		}
		if v := getenv(env); v != "" {
			if serr := e.fs.Set(f.Name, v); serr != nil {
				err = fmt.Errorf("invalid value %q for $%s: %v", v, env, serr)
			}
		}
	})
	return err
}
