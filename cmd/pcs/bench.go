package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"slices"
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
and in the same run a bare net/http server answering the same bytes (the
sigv4 baseline also verifying each signature), so that every figure is also
a ratio to what HTTP and SigV4 alone cost on this machine.

By default it starts its own pcs serve as a child process on a loopback
port, over a fresh durable store preloaded with -opportunities (or each of
-sizes in turn), on each of -stores: sqlite (a file store in -dir),
postgres (a fresh schema of the -database PostgreSQL database) and
postgres2 (two pcs serve on one fresh schema, the connections split
between them). Each baseline (-baseline) runs as a child process too, so
that beside req/s and latency each server's CPU time and heap allocations
per request are measured the same way: from /proc/<pid>/stat and from
go_memstats_mallocs_total at its /_pcs/metrics. The sigv4 baseline verifies
every signature as pcs does (-auth strict: recomputed with the secret;
-auth local: form and scope only); the bare one does not. pcs serve's
start-up time and resident memory are measured too. With -endpoint it
measures a running pcs instead (no preload, no start-up, memory or CPU
figures for pcs; it reads and updates opportunities it finds there and
creates new ones).

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
	stores        string
	database      string
	auth          string
	baseline      string
	storeList     []string // -stores, parsed
	baselineList  []string // -baseline, parsed
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
	fs.BoolVar(&c.noExec, "no-exec", false, "run pcs serve and the baselines in this process, not as child processes: start-up measured\n"+
		"in-process; memory, CPU and allocations not measured")
	fs.StringVar(&c.stores, "stores", bench.StoreSQLite, "comma-separated `stores` to run every size on: sqlite, postgres (one pcs serve on -database),\n"+
		"postgres2 (two pcs serve on one database, the connections split between them)")
	fs.StringVar(&c.database, "database", "", "PostgreSQL database `URL` the postgres stores make a fresh schema in for each run (dropped after);\n"+
		"required by -stores postgres and postgres2")
	ef.named("database", benchPrefix+"DATABASE_URL")
	fs.StringVar(&c.auth, "auth", bench.AuthStrict, "`mode` pcs serve checks signatures in, and the sigv4 baseline with it: strict (recomputed\n"+
		"with -secret-key) or local (form and scope only, pcs serve's default)")
	fs.StringVar(&c.baseline, "baseline", bench.BaselineSigV4, "`baselines` to measure pcs against: sigv4 (verifies each signature as pcs does), bare\n"+
		"(HTTP alone), or both")
	ef.check(func() (err error) {
		if c.endpoint != "" {
			c.endpoint, err = endpointURL(c.endpoint)
		}
		return err
	})
	ef.check(func() (err error) {
		if c.auth != bench.AuthStrict && c.auth != bench.AuthLocal {
			return fmt.Errorf("-auth %q: want strict or local", c.auth)
		}
		if c.baselineList, err = bench.ParseBaselines(c.baseline); err != nil {
			return fmt.Errorf("-baseline: %w", err)
		}
		if c.storeList, err = bench.ParseStores(c.stores); err != nil {
			return fmt.Errorf("-stores: %w", err)
		}
		if c.database == "" && c.endpoint == "" && slices.ContainsFunc(c.storeList, func(s string) bool { return s != bench.StoreSQLite }) {
			return fmt.Errorf("-stores %s: the PostgreSQL stores need -database URL (or $%sDATABASE_URL)", c.stores, benchPrefix)
		}
		return nil
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
	cred := sigv4.Credential{AccessKeyID: c.accessKey, SecretAccessKey: c.secretKey}
	var authArgs []string
	if c.auth == bench.AuthStrict && c.endpoint == "" {
		file, err := writeBenchCredentials(c.dir, cred)
		if err != nil {
			return err
		}
		defer os.Remove(file)
		authArgs = []string{"-auth", "strict", "-credentials", file}
	}
	cfg := bench.Config{
		Sizes:      sizes,
		Stores:     c.storeList,
		Database:   c.database,
		Scenarios:  scenarios,
		Load:       bench.Load{Concurrency: c.concurrency, Warmup: c.warmup, Duration: c.duration},
		Baselines:  c.baselineList,
		Auth:       c.auth,
		Endpoint:   c.endpoint,
		Catalog:    c.catalog,
		Credential: cred,
		Dir:        c.dir,
		Invocation: "pcs bench " + strings.Join(redactedArgs(args), " "),
		Out:        stdout,
		Log:        stderr,
		// The server is pcs serve itself, with its defaults: none of the
		// caller's PCS_* variables reach it.
		Serve: func(ctx context.Context, addr string, b bench.Backend) error {
			return serve(ctx, benchServeArgs(addr, b, authArgs), io.Discard, stderr, func(string) string { return "" })
		},
	}
	if !c.noExec {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("find the pcs binary to start (or use -no-exec): %w", err)
		}
		child := func(args ...string) *exec.Cmd {
			cmd := exec.Command(exe, args...)
			cmd.Env = append(withoutPCSVars(os.Environ()), benchChildEnv...)
			cmd.Stderr = stderr
			return cmd
		}
		cfg.Exec = func(addr string, b bench.Backend) *exec.Cmd {
			return child(append([]string{"serve"}, benchServeArgs(addr, b, authArgs)...)...)
		}
		cfg.ExecBaseline = func(addr, answers, kind string) *exec.Cmd {
			verify := "none"
			if kind == bench.BaselineSigV4 {
				verify = c.auth
			}
			return child(benchBaselineCommand, "-addr", addr, "-answers", answers, "-verify", verify,
				"-access-key", c.accessKey, "-secret-key", c.secretKey)
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

// redactedArgs is args with the password of a -database URL replaced by
// xxxxx: the command line goes into the report.
func redactedArgs(args []string) []string {
	out := slices.Clone(args)
	redact := func(v string) string {
		if u, err := url.Parse(v); err == nil {
			return u.Redacted()
		}
		return "(a database URL)"
	}
	for i, a := range out {
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name != "database" || !strings.HasPrefix(a, "-") {
			continue
		}
		if hasValue {
			out[i] = a[:len(a)-len(value)] + redact(value)
		} else if i+1 < len(out) {
			out[i+1] = redact(out[i+1])
		}
	}
	return out
}

// writeBenchCredentials writes the credentials file pcs serve -auth strict
// verifies the bench's signatures with: its one key, of the account the
// key names (or the default account).
func writeBenchCredentials(dir string, cred sigv4.Credential) (string, error) {
	f, err := os.CreateTemp(dir, "pcs-bench-credentials-*.json")
	if err != nil {
		return "", err
	}
	type key struct {
		AccessKeyID     string `json:"accessKeyId"`
		SecretAccessKey string `json:"secretAccessKey"`
	}
	type account struct {
		AccountID string `json:"accountId"`
		Keys      []key  `json:"keys"`
	}
	doc := struct {
		Accounts []account `json:"accounts"`
	}{[]account{{AccountID: sigv4.AccountFor(cred.AccessKeyID, sigv4.DefaultAccount),
		Keys: []key{{AccessKeyID: cred.AccessKeyID, SecretAccessKey: cred.SecretAccessKey}}}}}
	err = json.NewEncoder(f).Encode(doc)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// benchBaselineCommand is the hidden command pcs bench starts each
// baseline server as: a process of its own, whose CPU time is its own.
const benchBaselineCommand = "bench-baseline"

// benchBaseline serves a baseline (bench.ServeBaseline) until ctx ends.
func benchBaseline(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("pcs "+benchBaselineCommand, flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "listen `address`")
	answers := fs.String("answers", "", "`file` of the answers to give (bench.WriteAnswers)")
	verify := fs.String("verify", "none", "signature check: strict, local or none")
	accessKey := fs.String("access-key", "", "access key `id` signatures are verified for")
	secretKey := fs.String("secret-key", "", "its secret `key`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var auth sigv4.Authenticator
	if *verify != "none" {
		var err error
		if auth, err = bench.BaselineAuth(*verify, sigv4.Credential{AccessKeyID: *accessKey, SecretAccessKey: *secretKey}); err != nil {
			return err
		}
	}
	return bench.ServeBaseline(ctx, *addr, *answers, auth)
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

func benchServeArgs(addr string, b bench.Backend, authArgs []string) []string {
	args := []string{"-addr", addr, "-log-level", "error"}
	if b.DatabaseURL != "" {
		args = append(args, "-database", b.DatabaseURL)
	} else {
		args = append(args, "-data-dir", b.DataDir)
	}
	return append(args, authArgs...)
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
