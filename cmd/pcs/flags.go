package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// envFlags binds each flag of a FlagSet to a PCS_* environment variable:
// a flag given on the command line wins, then the variable, then the default.
type envFlags struct {
	fs  *flag.FlagSet
	env map[string]string // flag name -> variable name
}

func newEnvFlags(name string, out io.Writer, usage string) *envFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	e := &envFlags{fs: fs, env: map[string]string{}}
	fs.Usage = func() {
		fmt.Fprintln(out, usage)
		fmt.Fprintln(out, "\nFlags (each can also be set by the environment variable shown):")
		fs.VisitAll(func(f *flag.Flag) {
			typ, help := flag.UnquoteUsage(f)
			fmt.Fprintf(out, "  -%s %s\n    \t%s", f.Name, typ, strings.ReplaceAll(help, "\n", "\n    \t"))
			if f.DefValue != "" && f.DefValue != "false" {
				fmt.Fprintf(out, " (default %q)", f.DefValue)
			}
			if v := e.env[f.Name]; v != "" {
				fmt.Fprintf(out, " [$%s]", v)
			}
			fmt.Fprintln(out)
		})
	}
	return e
}

// bind records the environment variable for a flag already defined.
func (e *envFlags) bind(flagName, envName string) { e.env[flagName] = envName }

// parse parses args, then fills unset flags from the environment.
func (e *envFlags) parse(args []string, getenv func(string) string) error {
	if err := e.fs.Parse(args); err != nil {
		return err
	}
	set := map[string]bool{}
	e.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for name, env := range e.env {
		if set[name] {
			continue
		}
		if v := getenv(env); v != "" {
			if err := e.fs.Set(name, v); err != nil {
				return fmt.Errorf("invalid value %q for $%s: %v", v, env, err)
			}
		}
	}
	return nil
}
