// Command pcs serves the AWS Partner Central Selling API locally; its other
// commands drive or measure a pcs:
//
//	pcs serve        run the API server
//	pcs solutions    add or list partner solutions
//	pcs sim          drive the AWS side and the pcs clock
//	pcs events tail  print the EventBridge events pcs emits
//	pcs requests     print the API requests pcs answered
//	pcs faults       inject failures, show the request quotas
//	pcs reset        delete what tests made, for everyone or one account
//	pcs export       copy the state of a running pcs to a file
//	pcs import       load such a copy into a running pcs
//	pcs seed         load a fixture into a running pcs
//	pcs bench        measure pcs against a bare net/http baseline
//	pcs version      print the version, commit and build date
//
// "pcs help" prints the usage, "pcs <command> -h" a command's flags and
// their environment variables; docs/configuration.md lists every one.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `pcs is a self-hosted AWS Partner Central Selling API.

Usage:
  pcs serve [flags]           run the API server (see "pcs serve -h")
  pcs solutions add [flags]   add or replace a partner solution on a running pcs
  pcs solutions list [flags]  list an account's solutions in a catalog
  pcs sim ...                 drive the AWS side and the pcs clock (see "pcs sim")
  pcs events tail [flags]     print the EventBridge events pcs emits, as they come
  pcs requests [-f] [flags]   print the API requests pcs answered, with their bodies (see "pcs requests -h")
  pcs faults ...              inject throttling, errors, latency, dropped connections (see "pcs faults")
  pcs reset [flags]           delete what tests made: everything, or one account's (see "pcs reset -h")
  pcs export [flags]          copy the state of a running pcs to a file (see "pcs export -h")
  pcs import [flags] FILE     load such a copy into a running pcs (see "pcs import -h")
  pcs seed FILE               load a fixture of opportunities, solutions, referrals, leads (see "pcs seed -h")
  pcs bench [flags]           measure pcs against a bare net/http baseline (see "pcs bench -h")
  pcs version                 print the version, commit and build date, and exit`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv); err != nil {
		if !errors.Is(err, flag.ErrHelp) && !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "pcs:", err)
		}
		os.Exit(exitCode(err))
	}
}

// run is main without the process: tests call it with their own arguments,
// output, environment and context (cancelling ctx is a shutdown signal).
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		return usageFailure(stderr, "pcs", usage, "missing a command")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr, getenv)
	case "sim":
		return simCommand(ctx, args[1:], stdout, stderr, getenv)
	case "events":
		return eventsCommand(ctx, args[1:], stdout, stderr, getenv)
	case "requests":
		return requestsCommand(ctx, args[1:], stdout, stderr, getenv)
	case "solutions":
		return solutions(ctx, args[1:], stdout, stderr, getenv)
	case "faults":
		return faultsCommand(ctx, args[1:], stdout, stderr, getenv)
	case "reset":
		return resetCommand(ctx, args[1:], stdout, stderr, getenv)
	case "export":
		return exportCommand(ctx, args[1:], stdout, stderr, getenv)
	case "import":
		return importCommand(ctx, args[1:], stdout, stderr, getenv)
	case "seed":
		return seedCommand(ctx, args[1:], stdout, stderr, getenv)
	case "bench":
		return benchCommand(ctx, args[1:], stdout, stderr, getenv)
	case benchBaselineCommand: // started by pcs bench, not documented
		return benchBaseline(ctx, args[1:], stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "pcs", versionString())
		return nil
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	default:
		return usageFailure(stderr, "pcs", usage, fmt.Sprintf("unknown command %q", args[0]))
	}
}

var errUsage = errors.New("usage")

func exitCode(err error) int {
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	default:
		return 1
	}
}
