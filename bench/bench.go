package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"pcs/api"
	"pcs/selling"
	"pcs/sigv4"
	"pcs/store"
	"pcs/store/postgres"
	"pcs/store/sqlite"
)

// Stores pcs can be measured on.
const (
	// StoreSQLite is a durable file store in a fresh directory.
	StoreSQLite = "sqlite"
	// StorePostgres is one pcs serve on a fresh schema of the PostgreSQL
	// database Config.Database.
	StorePostgres = "postgres"
	// StorePostgres2 is two pcs serve replicas on one fresh schema, the
	// workers' connections split between them (even workers to the first,
	// odd to the second).
	StorePostgres2 = "postgres2"
)

// ParseStores reads a comma-separated list of stores.
func ParseStores(list string) ([]string, error) {
	return parseNames(list, "store", []string{StoreSQLite, StorePostgres, StorePostgres2}, nil)
}

// parseNames reads a comma-separated list of what's names, each one of
// have or an alias naming several, in the order given, each once.
func parseNames(list, what string, have []string, aliases map[string][]string) ([]string, error) {
	offered := strings.Join(append(slices.Clone(have), slices.Sorted(maps.Keys(aliases))...), ", ")
	var out []string
	for name := range strings.SplitSeq(list, ",") {
		name = strings.TrimSpace(name)
		names, ok := aliases[name]
		switch {
		case name == "":
		case ok:
		case slices.Contains(have, name):
			names = []string{name}
		default:
			return nil, fmt.Errorf("unknown %s %q (have %s)", what, name, offered)
		}
		for _, n := range names {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no %s given (have %s)", what, offered)
	}
	return out, nil
}

// replicas is how many pcs serve a store runs.
func replicas(storeName string) int {
	if storeName == StorePostgres2 {
		return 2
	}
	return 1
}

// Backend is where one pcs serve keeps its state: DataDir for SQLite,
// DatabaseURL (its schema in the search_path) for PostgreSQL.
type Backend struct {
	Store       string
	DataDir     string
	DatabaseURL string
}

// Config is one benchmark run.
type Config struct {
	// Sizes are the store sizes, in opportunities, to run everything at:
	// each on a fresh durable store, preloaded. Ignored with Endpoint.
	Sizes []int
	// Stores are the stores to run every size on, in order (StoreSQLite
	// when empty). The PostgreSQL ones need Database.
	Stores []string
	// Database is the PostgreSQL database the postgres stores make their
	// schemas in, one fresh schema per store and size, dropped after.
	Database string
	// Scenarios run in order at each size.
	Scenarios []Scenario
	// Load is every scenario's concurrency and time, pcs's and baseline's.
	Load Load
	// Baselines run after pcs in each scenario (BaselineSigV4,
	// BaselineBare); the first is the one the goals are stated against.
	// Empty means BaselineSigV4.
	Baselines []string
	// Auth is how pcs serve checks signatures (AuthStrict or AuthLocal),
	// and so how the SigV4 baseline does: the caller starts pcs serve
	// accordingly. Empty means AuthStrict.
	Auth string
	// Endpoint, when set, is a running pcs to measure instead of one of our
	// own: its opportunities are found by listing them; there is no
	// preload and there are no start-up, memory or CPU figures for pcs.
	Endpoint string
	// Catalog is where the opportunities are.
	Catalog string
	// Credential signs every request.
	Credential sigv4.Credential
	// Dir holds the SQLite stores (a fresh directory each, removed after);
	// "" means the system's temporary directory. Durability is only
	// measured if it is on a real disk, not tmpfs.
	Dir string
	// Serve runs pcs serve in this process, listening on addr over b,
	// until ctx ends. Required unless Endpoint or Exec is set.
	Serve func(ctx context.Context, addr string, b Backend) error
	// Exec, when set, returns pcs serve as a child process listening on
	// addr over b: the scenarios run against it, and its start-up time,
	// resident memory, CPU time and allocations are measured, as a
	// deployment would see them. Without it pcs serve runs in this process
	// (Serve): start-up is measured in-process, the rest not at all.
	Exec func(addr string, b Backend) *exec.Cmd
	// ExecBaseline, when set, returns a baseline server as a child process
	// listening on addr, answering the answers in answersFile (see
	// ServeBaseline), verifying signatures when kind is BaselineSigV4: its
	// CPU time and allocations are measured as pcs's are. Without it the
	// baseline runs in this process, unmeasured.
	ExecBaseline func(addr, answersFile, kind string) *exec.Cmd
	// Invocation is the command line, for the report.
	Invocation string
	// Out receives the results table, a row as each scenario ends; Log
	// receives progress. Either may be nil.
	Out, Log io.Writer
}

// Report is what a run measured.
type Report struct {
	Date       time.Time
	Machine    Machine
	Invocation string
	Load       Load
	Auth       string
	Baselines  []string
	Endpoint   string
	Dir        string
	// Exec and ExecBaseline say whether pcs and the baselines ran as
	// processes of their own (and so have CPU and allocation figures).
	Exec, ExecBaseline bool
	Rows               []Row
	Stores             []StoreFigures
}

// Row is one scenario on one store of one size: pcs and each baseline.
type Row struct {
	Store    string // "" with Endpoint
	Size     int    // 0 with Endpoint
	Scenario Scenario
	PCS      *Stats
	// Baselines are in Config.Baselines' order.
	Baselines []BaselineRun
}

// BaselineRun is one baseline's figures in a row.
type BaselineRun struct {
	Kind  string
	Stats *Stats
}

// StoreFigures are what a store of one size costs outside the request path.
type StoreFigures struct {
	Store string
	Size  int
	// Load is the time the preload took, and DiskBytes the store's files
	// (SQLite) or its schema's tables and indexes (PostgreSQL) after it.
	Load      time.Duration
	DiskBytes int64
	// Startup is from starting pcs serve until /_pcs/health answers;
	// StartupHow is "exec" (a child process, from fork to answer) or
	// "in-process" (opening the store and building the server).
	Startup    time.Duration
	StartupHow string
	// RSSIdle is the (first) child's resident memory (VmRSS) once healthy,
	// RSS after a warm-up of the mixed workload, PeakRSS its high-water
	// mark (VmHWM); 0 when not measured.
	RSSIdle, RSS, PeakRSS int64
}

// Run runs every scenario on every store at every size (or against
// Endpoint) and returns the report. When ctx ends it stops, cleans up and
// returns what it has measured so far with ctx's error.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Out == nil {
		cfg.Out = io.Discard
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Catalog == "" {
		cfg.Catalog = "AWS"
	}
	if len(cfg.Stores) == 0 {
		cfg.Stores = []string{StoreSQLite}
	}
	if len(cfg.Baselines) == 0 {
		cfg.Baselines = []string{BaselineSigV4}
	}
	if cfg.Auth == "" {
		cfg.Auth = AuthStrict
	}
	if _, err := BaselineAuth(cfg.Auth, cfg.Credential); err != nil {
		return nil, err
	}
	rep := &Report{Date: time.Now().UTC(), Machine: ReadMachine(), Invocation: cfg.Invocation, Load: cfg.Load,
		Auth: cfg.Auth, Baselines: cfg.Baselines, Endpoint: cfg.Endpoint, Dir: cfg.Dir,
		Exec: cfg.Exec != nil && cfg.Endpoint == "", ExecBaseline: cfg.ExecBaseline != nil}
	if rep.Dir == "" && cfg.Endpoint == "" {
		rep.Dir = os.TempDir()
	}
	rep.writeHeader(cfg.Out)
	if cfg.Endpoint != "" {
		target := Target{URL: strings.TrimRight(cfg.Endpoint, "/"), Credential: cfg.Credential}
		d, err := discover(ctx, target, cfg.Catalog, cfg.Log)
		if err != nil {
			return rep, err
		}
		fmt.Fprintf(cfg.Log, "working on %d opportunities found at %s\n", len(d.IDs), cfg.Endpoint)
		dir, err := os.MkdirTemp(cfg.Dir, "pcs-bench-")
		if err != nil {
			return rep, err
		}
		defer os.RemoveAll(dir)
		err = runScenarios(ctx, cfg, rep, "", 0, dir, target, d)
		rep.writeStores(cfg.Out)
		return rep, err
	}
	if cfg.Serve == nil && cfg.Exec == nil {
		return rep, errors.New("bench: Config.Serve or Config.Exec is required without Endpoint")
	}
	for _, s := range cfg.Stores {
		if s != StoreSQLite && cfg.Database == "" {
			return rep, fmt.Errorf("bench: the %s store needs a PostgreSQL database (Config.Database)", s)
		}
	}
	for _, n := range cfg.Sizes {
		for _, s := range cfg.Stores {
			if err := runStore(ctx, cfg, rep, s, n); err != nil {
				rep.writeStores(cfg.Out)
				return rep, err
			}
		}
	}
	rep.writeStores(cfg.Out)
	return rep, nil
}

func runStore(ctx context.Context, cfg Config, rep *Report, storeName string, n int) error {
	dir, err := os.MkdirTemp(cfg.Dir, "pcs-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	b := Backend{Store: storeName}
	if storeName == StoreSQLite {
		b.DataDir = dir
	} else {
		url, drop, err := freshSchema(ctx, cfg.Database)
		if err != nil {
			return err
		}
		defer func() {
			if err := drop(); err != nil {
				fmt.Fprintf(cfg.Log, "drop the bench's schema: %v\n", err)
			}
		}()
		b.DatabaseURL = url
	}
	sf := StoreFigures{Store: storeName, Size: n}
	d, err := preload(ctx, cfg, b, n, &sf)
	if err != nil {
		return err
	}
	defer func() { rep.Stores = append(rep.Stores, sf) }()
	target, stop, err := startPCS(ctx, cfg, b, replicas(storeName), d, &sf)
	defer stop()
	if err != nil {
		return err
	}
	return runScenarios(ctx, cfg, rep, storeName, n, dir, target, d)
}

// preload writes n opportunities into a fresh store, the one pcs serve
// opens over b.
func preload(ctx context.Context, cfg Config, b Backend, n int, sf *StoreFigures) (*Dataset, error) {
	if n < 1 {
		return nil, errors.New("bench: a store size must be at least 1")
	}
	var db store.Store
	var closeDB func() error
	where := b.DataDir
	switch b.Store {
	case StoreSQLite:
		s, err := sqlite.Open(ctx, filepath.Join(b.DataDir, "pcs.db"))
		if err != nil {
			return nil, err
		}
		db, closeDB = s, s.Close
	default:
		s, err := postgres.Open(ctx, b.DatabaseURL, 0)
		if err != nil {
			return nil, err
		}
		db, closeDB = s, s.Close
		where = "PostgreSQL schema " + schemaOf(b.DatabaseURL)
	}
	defer closeDB()
	scope := store.Scope{Account: sigv4.AccountFor(cfg.Credential.AccessKeyID, sigv4.DefaultAccount), Catalog: cfg.Catalog}
	// The newest is modified a second ago; a second apart going back.
	start := time.Now().Add(-time.Duration(n) * time.Second).Truncate(time.Second)
	d := &Dataset{Catalog: cfg.Catalog, IDs: make([]string, 0, n), Oldest: start, Newest: start.Add(time.Duration(max(n-1, 0)) * time.Second)}
	for i := range min(n, selling.SeedCompanies) {
		d.Companies = append(d.Companies, fmt.Sprintf("Company %d", i))
	}
	began := time.Now()
	// Progress every chunk, with the rate so far: a million takes minutes.
	chunk := max(min(100_000, n/10), 5_000)
	fmt.Fprintf(cfg.Log, "%s: preloading %d opportunities into %s:", b.Store, n, where)
	for first := 0; first < n; first += chunk {
		ids, err := selling.SeedOpportunities(ctx, db, scope, start, first, min(chunk, n-first))
		if err != nil {
			fmt.Fprintln(cfg.Log)
			return nil, fmt.Errorf("preload: %w", err)
		}
		d.IDs = append(d.IDs, ids...)
		fmt.Fprintf(cfg.Log, " %d (%.0f/s)", len(d.IDs), float64(len(d.IDs))/time.Since(began).Seconds())
	}
	if err := closeDB(); err != nil {
		return nil, err
	}
	sf.Load = time.Since(began)
	if b.Store == StoreSQLite {
		sf.DiskBytes = dirSize(b.DataDir)
	} else {
		// Not part of the load's time: autovacuum would do it in the
		// background.
		if err := analyzeSchema(ctx, b.DatabaseURL); err != nil {
			fmt.Fprintln(cfg.Log)
			return nil, err
		}
		var err error
		if sf.DiskBytes, err = schemaSize(ctx, b.DatabaseURL); err != nil {
			fmt.Fprintln(cfg.Log)
			return nil, err
		}
	}
	fmt.Fprintf(cfg.Log, " in %s (%.0f/s), %s on disk\n", sf.Load.Round(time.Millisecond),
		float64(n)/sf.Load.Seconds(), formatBytes(sf.DiskBytes))
	return d, nil
}

// startPCS starts count pcs serve over b, as child processes (Exec) or in
// this process (Serve), and measures the first's start-up and, as a
// child, its resident memory idle and after a warm-up of the mixed
// workload. stop ends them all; it is to be called even on an error.
func startPCS(ctx context.Context, cfg Config, b Backend, count int, d *Dataset, sf *StoreFigures) (Target, func(), error) {
	target := Target{Credential: cfg.Credential}
	var stops []func()
	stop := func() {
		for _, s := range stops {
			s()
		}
	}
	var procs []Process
	for i := range count {
		addr, err := freeAddr()
		if err != nil {
			return target, stop, err
		}
		url := "http://" + addr
		began := time.Now()
		if cfg.Exec != nil {
			cmd := cfg.Exec(addr, b)
			s, err := startChild(ctx, cmd, url)
			stops = append(stops, s)
			if err != nil {
				return target, stop, fmt.Errorf("pcs serve (child process): %w", err)
			}
			procs = append(procs, Process{PID: cmd.Process.Pid, URL: url})
			if i == 0 {
				sf.Startup, sf.StartupHow = time.Since(began), "exec"
				sf.RSSIdle, _ = ProcessMemory(cmd.Process.Pid)
			}
		} else {
			sctx, cancel := context.WithCancel(ctx)
			errc := make(chan error, 1)
			go func() { errc <- cfg.Serve(sctx, addr, b) }()
			stops = append(stops, func() {
				cancel()
				<-errc
			})
			if err := waitHealthy(ctx, url, errc); err != nil {
				return target, stop, fmt.Errorf("pcs serve: %w", err)
			}
			if i == 0 {
				sf.Startup, sf.StartupHow = time.Since(began), "in-process"
			}
		}
		target.Replicas = append(target.Replicas, url)
	}
	target.URL = target.Replicas[0]
	if len(procs) == 0 {
		return target, stop, nil
	}
	var backends func(context.Context) ([]int, error)
	if b.DatabaseURL != "" {
		var closeLister func()
		backends, closeLister = backendLister(b.DatabaseURL)
		stops = append(stops, closeLister)
	}
	target.Meter = processMeter(procs, backends)
	fmt.Fprintf(cfg.Log, "%s: pcs serve (%d child process%s) healthy after %s; warming up\n", b.Store, count,
		map[bool]string{true: "es"}[count > 1], sf.Startup.Round(time.Millisecond))
	step, setup := mixedStep(d)
	warm := Load{Concurrency: cfg.Load.Concurrency, Duration: min(max(cfg.Load.Duration, 200*time.Millisecond), 3*time.Second)}
	wt := target
	wt.Meter = nil
	if _, err := RunLoad(ctx, wt, warm, step, setup); err != nil {
		return target, stop, err
	}
	sf.RSS, sf.PeakRSS = ProcessMemory(procs[0].PID)
	return target, stop, nil
}

// startChild starts cmd and waits until url answers /_pcs/health. The
// function it returns stops the child (an interrupt, then a kill after 20
// seconds) and waits for it; it is to be called even on an error.
func startChild(ctx context.Context, cmd *exec.Cmd, url string) (func(), error) {
	if err := cmd.Start(); err != nil {
		return func() {}, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	done := false
	stop := func() {
		if done {
			return
		}
		done = true
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	if err := waitHealthy(ctx, url, exited); err != nil {
		done = errors.Is(err, errExited)
		return stop, err
	}
	return stop, nil
}

var errExited = errors.New("exited before answering")

// waitHealthy polls url's /_pcs/health until it answers 200, the server
// ends (a value on done), or a minute passes.
func waitHealthy(ctx context.Context, url string, done <-chan error) error {
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	deadline := time.Now().Add(time.Minute)
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/_pcs/health", nil)
		if err != nil {
			return err
		}
		if resp, err := client.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-done:
			if err == nil {
				return errExited
			}
			return fmt.Errorf("%w: %w", errExited, err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Millisecond):
		}
		if time.Now().After(deadline) {
			return errors.New("not healthy after a minute")
		}
	}
}

func runScenarios(ctx context.Context, cfg Config, rep *Report, storeName string, n int, dir string, target Target, d *Dataset) error {
	for _, sc := range cfg.Scenarios {
		step, setup := sc.Step(d)
		fmt.Fprintf(cfg.Log, "%s: pcs…", sc.Name)
		pst, err := RunLoad(ctx, target, cfg.Load, step, setup)
		if err != nil {
			fmt.Fprintln(cfg.Log)
			return err
		}
		warnUsage(cfg, "pcs", pst)
		if err := capture(ctx, target, sc, d, pst.Last); err != nil {
			fmt.Fprintln(cfg.Log)
			return err
		}
		row := Row{Store: storeName, Size: n, Scenario: sc, PCS: pst}
		for _, kind := range cfg.Baselines {
			fmt.Fprintf(cfg.Log, " %s baseline…", kind)
			base, err := runBaseline(ctx, cfg, kind, dir, target, pst.Last, step, setup)
			if err != nil {
				fmt.Fprintln(cfg.Log)
				return err
			}
			warnUsage(cfg, kind+" baseline", base)
			row.Baselines = append(row.Baselines, BaselineRun{Kind: kind, Stats: base})
		}
		fmt.Fprintln(cfg.Log)
		rep.Rows = append(rep.Rows, row)
		writeRow(cfg.Out, row)
	}
	return nil
}

func warnUsage(cfg Config, who string, st *Stats) {
	if st.UsageError != nil {
		fmt.Fprintf(cfg.Log, " (%s's CPU and allocations not measured: %v)", who, st.UsageError)
	}
}

// capture makes sure the baseline has an answer for each of the
// scenario's operations: a short run may not have called every one (the
// mixed workload's update, say), so the step runs again, unmeasured, until
// pcs has answered each successfully, for at most ten seconds.
func capture(ctx context.Context, target Target, sc Scenario, d *Dataset, have map[string]*Response) error {
	missing := func() []string {
		var m []string
		for _, op := range sc.Ops {
			if have[op] == nil {
				m = append(m, op)
			}
		}
		return m
	}
	if len(missing()) == 0 {
		return nil
	}
	step, setup := sc.Step(d)
	w := newWorker(0, target)
	defer w.client.CloseIdleConnections()
	if setup != nil {
		setup(w)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(missing()) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: pcs never answered %s successfully, so the baseline has nothing to answer",
				sc.Name, strings.Join(missing(), ", "))
		}
		_ = step(ctx, w)
		for op, r := range w.last {
			have[op] = r
		}
	}
	return nil
}

// runBaseline runs step against a baseline server of kind that answers
// every operation with the bytes (body and headers) pcs last answered it:
// a child process when cfg.ExecBaseline is set, else in this process.
func runBaseline(ctx context.Context, cfg Config, kind, dir string, pcs Target, answers map[string]*Response, step Step, setup func(*Worker)) (*Stats, error) {
	t := Target{Credential: pcs.Credential, Region: pcs.Region}
	if cfg.ExecBaseline != nil {
		file := filepath.Join(dir, "answers.json")
		if err := WriteAnswers(file, answers); err != nil {
			return nil, err
		}
		addr, err := freeAddr()
		if err != nil {
			return nil, err
		}
		t.URL = "http://" + addr
		cmd := cfg.ExecBaseline(addr, file, kind)
		stop, err := startChild(ctx, cmd, t.URL)
		defer stop()
		if err != nil {
			return nil, fmt.Errorf("%s baseline (child process): %w", kind, err)
		}
		t.Meter = ProcessMeter(Process{PID: cmd.Process.Pid, URL: t.URL})
		return RunLoad(ctx, t, cfg.Load, step, setup)
	}
	var auth sigv4.Authenticator
	if kind == BaselineSigV4 {
		var err error
		if auth, err = BaselineAuth(cfg.Auth, cfg.Credential); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: BaselineHandler(answers, auth), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	t.URL = "http://" + ln.Addr().String()
	return RunLoad(ctx, t, cfg.Load, step, setup)
}

// maxDiscovered bounds how many opportunities discover lists.
const maxDiscovered = 1_000_000

// discover finds opportunities to work on at a running pcs: the caller's
// that it may update (Pending Submission or Approved), every one of them
// up to maxDiscovered, so that reads and updates spread over the store as
// they do over a preloaded one (its newest 10,000 alone are a store any
// cache holds). A million take seconds; progress goes to log.
func discover(ctx context.Context, target Target, catalog string, log io.Writer) (*Dataset, error) {
	w := newWorker(0, target)
	defer w.client.CloseIdleConnections()
	d := &Dataset{Catalog: catalog}
	companies := map[string]bool{}
	token := ""
	for len(d.IDs) < maxDiscovered {
		body := fmt.Appendf(nil, `{"Catalog":%q,"LifeCycleReviewStatus":["Pending Submission","Approved"],"MaxResults":100`, catalog)
		if token != "" {
			body = fmt.Appendf(body, `,"NextToken":%q`, token)
		}
		r, err := w.Prepare(ctx, api.OpListOpportunities, append(body, '}'))
		if err != nil {
			return nil, err
		}
		if r.Status != http.StatusOK {
			return nil, fmt.Errorf("ListOpportunities at %s: HTTP %d %s: %s", target.URL, r.Status, r.ErrorType(), r.Body)
		}
		var out struct {
			OpportunitySummaries []struct {
				Id               string
				LastModifiedDate time.Time
				Customer         struct{ Account struct{ CompanyName string } }
			}
			NextToken string
		}
		if err := json.Unmarshal(r.Body, &out); err != nil {
			return nil, fmt.Errorf("ListOpportunities answer: %w", err)
		}
		for _, s := range out.OpportunitySummaries {
			d.IDs = append(d.IDs, s.Id)
			if c := s.Customer.Account.CompanyName; c != "" && !companies[c] {
				companies[c] = true
				d.Companies = append(d.Companies, c)
			}
			if t := s.LastModifiedDate; !t.IsZero() {
				if d.Oldest.IsZero() || t.Before(d.Oldest) {
					d.Oldest = t
				}
				if t.After(d.Newest) {
					d.Newest = t
				}
			}
		}
		if len(d.IDs)%100_000 < len(out.OpportunitySummaries) && len(d.IDs) >= 100_000 {
			fmt.Fprintf(log, "listing the opportunities at %s: %d so far\n", target.URL, len(d.IDs))
		}
		if token = out.NextToken; token == "" {
			break
		}
	}
	if len(d.IDs) == 0 {
		return nil, fmt.Errorf("no opportunity in Pending Submission or Approved in catalog %s at %s for the benchmark to read and update: create some first", catalog, target.URL)
	}
	if len(d.Companies) == 0 {
		d.Companies = []string{"none"}
	}
	return d, nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			if fi, err := e.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
