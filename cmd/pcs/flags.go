package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
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
// the name in upper case with '-' as '_'. Flags may come before or after
// the command's other arguments.
type envFlags struct {
	fs       *flag.FlagSet
	prefix   string            // of the variables of the command's own flags
	env      map[string]string // flag name -> variable, where not derived from prefix
	out      io.Writer         // of the usage and of what is wrong with a command line
	usage    string
	required []string       // flags that must not be empty once parsed
	checks   []func() error // run once parsed; an error is the command line's
}

// flagRecorder is an output that takes a command's flags instead of its
// usage text: the configuration reference (docs/configuration.md) is made
// by asking every command for -h with one as its output.
type flagRecorder interface{ record(*envFlags) }

func newEnvFlags(name, prefix string, out io.Writer, usage string) *envFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package's own report of a bad flag, and its usage, would come
	// before pcs's; parse prints both.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &envFlags{fs: fs, prefix: prefix, env: map[string]string{}, out: out, usage: usage}
}

// help prints the usage and every flag with its variable (-h).
func (e *envFlags) help() {
	if r, ok := e.out.(flagRecorder); ok {
		r.record(e)
		return
	}
	out := e.out
	fmt.Fprintln(out, e.usage)
	fmt.Fprintln(out, "\nFlags (each can also be set by the environment variable shown):")
	e.fs.VisitAll(func(f *flag.Flag) {
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

// fail reports a command line the command cannot run: what is wrong, then
// the usage.
func (e *envFlags) fail(format string, args ...any) error {
	usage := e.usage + "\n\n\"" + e.fs.Name() + " -h\" lists the flags."
	return usageFailure(e.out, e.fs.Name(), usage, fmt.Sprintf(format, args...))
}

// usageFailure prints msg as what is wrong with the command line of cmd,
// then its usage, and returns the error main exits 2 with, printing
// nothing more.
func usageFailure(out io.Writer, cmd, usage, msg string) error {
	fmt.Fprintf(out, "%s: %s\n\n%s\n", cmd, msg, usage)
	return &usageError{msg}
}

// subcommand checks that args begins with one of subs, the subcommands of
// cmd, and reports a usage failure when it does not; listed names subs in
// the message for a missing one.
func subcommand(stderr io.Writer, cmd, usage, listed string, args []string, subs ...string) error {
	switch {
	case len(args) == 0:
		return usageFailure(stderr, cmd, usage, "missing a command: "+listed)
	case !slices.Contains(subs, args[0]):
		return usageFailure(stderr, cmd, usage, fmt.Sprintf("unknown command %q", args[0]))
	}
	return nil
}

// usageError is a command line that cannot run, already reported.
type usageError struct{ msg string }

func (u *usageError) Error() string        { return u.msg }
func (u *usageError) Is(target error) bool { return target == errUsage }

// shared gives a flag already defined the variable of sharedPrefix in
// place of the command's own.
func (e *envFlags) shared(flagName string) { e.env[flagName] = envName(sharedPrefix, flagName) }

// require makes the flags named ones the command cannot do without: parse
// fails when one is empty after the environment had its say.
func (e *envFlags) require(flagNames ...string) { e.required = append(e.required, flagNames...) }

// check adds a check of the parsed flags; its error is the command line's.
func (e *envFlags) check(fn func() error) { e.checks = append(e.checks, fn) }

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

// parse parses args, flags anywhere among them, then fills unset flags
// from the environment and runs the checks. The arguments that are not
// flags are left in e.fs.Args(). -h prints the help and returns
// flag.ErrHelp; a bad command line is reported, with the usage, as an
// error that is errUsage.
func (e *envFlags) parse(args []string, getenv func(string) string) error {
	if err := e.fs.Parse(flagsFirst(e.fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			e.help()
			return err
		}
		return e.fail("%v", err)
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
	if err != nil {
		return err
	}
	for _, name := range e.required {
		if e.fs.Lookup(name).Value.String() == "" {
			if v := e.variable(name); v != "" {
				return e.fail("missing -%s (or $%s)", name, v)
			}
			return e.fail("missing -%s", name)
		}
	}
	for _, check := range e.checks {
		if err := check(); err != nil {
			return e.fail("%v", err)
		}
	}
	return nil
}

// parseNoArgs parses a command line that holds nothing but flags.
func (e *envFlags) parseNoArgs(args []string, getenv func(string) string) error {
	if err := e.parse(args, getenv); err != nil {
		return err
	}
	return e.noArgs()
}

// noArgs fails when the command line held arguments besides flags.
func (e *envFlags) noArgs() error {
	if e.fs.NArg() > 0 {
		return e.fail("unexpected %s", quoteArgs(e.fs.Args()))
	}
	return nil
}

func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = strconv.Quote(a)
	}
	if len(q) == 1 {
		return "argument " + q[0]
	}
	return "arguments " + strings.Join(q, " ")
}

// flagsFirst reorders args for the flag package, which stops at the first
// argument that is not a flag: the flags (each with its value when it
// takes one) come first, then "--" and the other arguments in their order.
// An argument after "--" is never a flag. A flag pcs does not know is left
// for the flag package to report, as is one whose value is missing.
func flagsFirst(fs *flag.FlagSet, args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil || isBoolFlag(f) {
			continue
		}
		if i+1 == len(args) {
			return flags // the flag package reports the missing value
		}
		i++
		flags = append(flags, args[i])
	}
	if len(rest) == 0 {
		return flags
	}
	return append(append(flags, "--"), rest...)
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
