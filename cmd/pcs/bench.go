package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"pcs/bench"
	"pcs/sigv4"
)

const benchUsage = `Usage: pcs bench [flags]

Measures pcs over HTTP as a client sees it: SigV4-signed requests over
keep-alive connections, -concurrency at a time, for -duration per scenario,
and in the same run a bare net/http server answering the same bytes, so that
every figure is also a ratio to what HTTP alone costs on this machine.

By default it starts its own pcs serve in this process on a loopback port,
over a fresh durable store (in -dir) preloaded with -opportunities (or each
of -sizes in turn), and also measures pcs serve's start-up time and resident
memory as a child process on that store. With -endpoint it measures a
running pcs instead (no preload, no start-up or memory figures; it reads and
updates opportunities it finds there and creates new ones).

Scenarios (-scenarios, comma-separated; "list" is the three list-*, "all"
every one):
  get            GetOpportunity of random ids
  list-stage     ListOpportunities filtered by stage and review status, 100 a page
  list-modified  ListOpportunities modified after a random instant, oldest first, 100 a page
  list-company   ListOpportunities of one company, sorted by company name
  create         CreateOpportunity with a fresh ClientToken (durable: fsync per write)
  update         UpdateOpportunity after an unmeasured GetOpportunity (ConflictExceptions
                 from two workers picking the same opportunity are counted)
  mixed          a CRM sync: 70% ListOpportunities pages since a watermark, 20% get,
                 10% get + update

The table goes to standard output, progress to standard error; -out also
writes the results as markdown (a section for docs/benchmarks.md).`

// benchChildEnv is added to the environment of the pcs serve child process
// (tests set it to make their binary act as pcs).
var benchChildEnv []string

type benchConfig struct {
	opportunities int
	sizes         string
	duration      time.Duration
	warmup        time.Duration
	concurrency   int
	scenarios     string
	endpoint      string
	catalog       string
	accessKey     string
	secretKey     string
	dir           string
	out           string
	noExec        bool
}

func parseBenchFlags(args []string, stderr io.Writer, getenv func(string) string) (*benchConfig, error) {
	c := &benchConfig{}
	ef := newEnvFlags("pcs bench", benchPrefix, stderr, benchUsage)
	fs := ef.fs
	fs.IntVar(&c.opportunities, "opportunities", 100_000, "`number` of opportunities to preload (unless -sizes)")
	fs.StringVar(&c.sizes, "sizes", "", "comma-separated store `sizes` to run everything at in turn, to show growth (e.g. 10000,100000,1000000)")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "measured `time` of each scenario, for pcs and again for the baseline")
	fs.DurationVar(&c.warmup, "warmup", 0, "unmeasured `time` before each measurement; 0 means a tenth of -duration, at most 1s")
	fs.IntVar(&c.concurrency, "concurrency", 4, "`number` of clients, each with one keep-alive connection")
	fs.StringVar(&c.scenarios, "scenarios", bench.DefaultScenarios, "comma-separated `scenarios`: get, list-stage, list-modified, list-company, create, update, mixed, list, all")
	fs.StringVar(&c.endpoint, "endpoint", "", "`URL` of a running pcs to measure instead of starting one")
	fs.StringVar(&c.catalog, "catalog", "AWS", "`catalog` the opportunities are in: AWS or Sandbox")
	fs.StringVar(&c.accessKey, "access-key", "111111111111", "access key `id` requests are signed with (12 digits: the caller's account)")
	fs.StringVar(&c.secretKey, "secret-key", "bench", "secret access `key` requests are signed with (checked only by -auth strict)")
	fs.StringVar(&c.dir, "dir", "", "`directory` for the preloaded stores, removed after (default the system's temporary directory; use a real disk, not tmpfs)")
	fs.StringVar(&c.out, "out", "", "also write the results as markdown to `file`")
	fs.BoolVar(&c.noExec, "no-exec", false, "do not start pcs serve as a child process: start-up measured in-process, memory not measured")
	ef.check(func() (err error) {
		if c.endpoint != "" {
			c.endpoint, err = endpointURL(c.endpoint)
		}
		return err
	})
	if err := ef.parseNoArgs(args, getenv); err != nil {
		return nil, err
	}
	switch {
	case c.duration <= 0:
		return nil, fmt.Errorf("-duration %s: must be positive", c.duration)
	case c.concurrency < 1:
		return nil, fmt.Errorf("-concurrency %d: must be at least 1", c.concurrency)
	case c.opportunities < 1 && c.sizes == "" && c.endpoint == "":
		return nil, fmt.Errorf("-opportunities %d: must be at least 1", c.opportunities)
	case c.catalog != "AWS" && c.catalog != "Sandbox":
		return nil, fmt.Errorf("-catalog %q: want AWS or Sandbox", c.catalog)
	}
	if c.warmup <= 0 {
		c.warmup = min(c.duration/10, time.Second)
	}
	return c, nil
}

func parseSizes(s string) ([]int, error) {
	var sizes []int
	for f := range strings.SplitSeq(s, ",") {
		f = strings.ReplaceAll(strings.TrimSpace(f), "_", "")
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-sizes: %q is not a positive number of opportunities", f)
		}
		sizes = append(sizes, n)
	}
	if len(sizes) == 0 {
		return nil, errors.New("-sizes: no size given")
	}
	return sizes, nil
}

func benchCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	c, err := parseBenchFlags(args, stderr, getenv)
	if err != nil {
		return err
	}
	// Progress, the servers' error logs and the child's output share stderr.
	stderr = &syncWriter{w: stderr}
	scenarios, err := bench.SelectScenarios(c.scenarios)
	if err != nil {
		return fmt.Errorf("-scenarios: %w", err)
	}
	sizes := []int{c.opportunities}
	if c.sizes != "" {
		if sizes, err = parseSizes(c.sizes); err != nil {
			return err
		}
	}
	cfg := bench.Config{
		Sizes:      sizes,
		Scenarios:  scenarios,
		Load:       bench.Load{Concurrency: c.concurrency, Warmup: c.warmup, Duration: c.duration},
		Endpoint:   c.endpoint,
		Catalog:    c.catalog,
		Credential: sigv4.Credential{AccessKeyID: c.accessKey, SecretAccessKey: c.secretKey},
		Dir:        c.dir,
		Invocation: "pcs bench " + strings.Join(args, " "),
		Out:        stdout,
		Log:        stderr,
		// The server is pcs serve itself, with its defaults: none of the
		// caller's PCS_* variables reach it.
		Serve: func(ctx context.Context, addr, dataDir string) error {
			return serve(ctx, benchServeArgs(addr, dataDir), io.Discard, stderr, func(string) string { return "" })
		},
	}
	if !c.noExec {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("find the pcs binary to start (or use -no-exec): %w", err)
		}
		cfg.Exec = func(addr, dataDir string) *exec.Cmd {
			cmd := exec.Command(exe, append([]string{"serve"}, benchServeArgs(addr, dataDir)...)...)
			cmd.Env = append(withoutPCSVars(os.Environ()), benchChildEnv...)
			cmd.Stderr = stderr
			return cmd
		}
	}
	rep, err := bench.Run(ctx, cfg)
	if c.out != "" && rep != nil && len(rep.Rows)+len(rep.Stores) > 0 {
		if werr := writeBenchMarkdown(c.out, rep); werr != nil {
			return errors.Join(err, werr)
		}
		fmt.Fprintf(stderr, "results written to %s\n", c.out)
	}
	if err != nil && ctx.Err() != nil {
		return errors.New("interrupted")
	}
	return err
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func benchServeArgs(addr, dataDir string) []string {
	return []string{"-addr", addr, "-data-dir", dataDir, "-log-level", "error"}
}

// withoutPCSVars drops PCS_* variables: the child is pcs serve with its
// defaults, whatever the shell has set for other uses.
func withoutPCSVars(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "PCS_") {
			out = append(out, kv)
		}
	}
	return out
}

func writeBenchMarkdown(path string, rep *bench.Report) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	rep.Markdown(f)
	return f.Close()
}
