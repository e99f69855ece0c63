package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"pcs/api"
	"pcs/selling"
	"pcs/sigv4"
	"pcs/store"
	"pcs/store/sqlite"
)

// Config is one benchmark run.
type Config struct {
	// Sizes are the store sizes, in opportunities, to run everything at:
	// each on a fresh durable store, preloaded. Ignored with Endpoint.
	Sizes []int
	// Scenarios run in order at each size.
	Scenarios []Scenario
	// Load is every scenario's concurrency and time, pcs's and baseline's.
	Load Load
	// Endpoint, when set, is a running pcs to measure instead of one of our
	// own: its opportunities are found by listing them; there is no
	// preload and there are no start-up or memory figures.
	Endpoint string
	// Catalog is where the opportunities are.
	Catalog string
	// Credential signs every request.
	Credential sigv4.Credential
	// Dir holds the stores (a fresh directory each, removed after); ""
	// means the system's temporary directory. Durability is only measured
	// if it is on a real disk, not tmpfs.
	Dir string
	// Serve runs pcs serve in this process, listening on addr with its
	// store in dataDir, until ctx ends. Required unless Endpoint is set.
	Serve func(ctx context.Context, addr, dataDir string) error
	// Exec, when set, returns pcs serve as a child process listening on
	// addr over dataDir: start-up time and resident memory are measured on
	// it, as a deployment would see them. Without it start-up is measured
	// in-process and memory is not measured.
	Exec func(addr, dataDir string) *exec.Cmd
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
	Endpoint   string
	Dir        string
	Rows       []Row
	Stores     []StoreFigures
}

// Row is one scenario at one store size: pcs and the baseline.
type Row struct {
	Size          int // 0 with Endpoint
	Scenario      Scenario
	PCS, Baseline *Stats
}

// StoreFigures are what a store of one size costs outside the request path.
type StoreFigures struct {
	Size int
	// Load is the time the preload took, and DiskBytes the store's files
	// after it.
	Load      time.Duration
	DiskBytes int64
	// Startup is from starting pcs serve until /_pcs/health answers;
	// StartupHow is "exec" (a child process, from fork to answer) or
	// "in-process" (opening the store and building the server).
	Startup    time.Duration
	StartupHow string
	// RSSIdle is the child's resident memory (VmRSS) once healthy, RSS
	// after a warm-up of the mixed workload, PeakRSS its high-water mark
	// (VmHWM); 0 when not measured.
	RSSIdle, RSS, PeakRSS int64
}

// Run runs every scenario at every size (or against Endpoint) and returns
// the report. When ctx ends it stops, cleans up and returns what it has
// measured so far with ctx's error.
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
	rep := &Report{Date: time.Now().UTC(), Machine: ReadMachine(), Invocation: cfg.Invocation, Load: cfg.Load,
		Endpoint: cfg.Endpoint, Dir: cfg.Dir}
	if rep.Dir == "" && cfg.Endpoint == "" {
		rep.Dir = os.TempDir()
	}
	rep.writeHeader(cfg.Out)
	if cfg.Endpoint != "" {
		target := Target{URL: strings.TrimRight(cfg.Endpoint, "/"), Credential: cfg.Credential}
		d, err := discover(ctx, target, cfg.Catalog)
		if err != nil {
			return rep, err
		}
		fmt.Fprintf(cfg.Log, "working on %d opportunities found at %s\n", len(d.IDs), cfg.Endpoint)
		err = runScenarios(ctx, cfg, rep, 0, target, d)
		rep.writeStores(cfg.Out)
		return rep, err
	}
	if cfg.Serve == nil {
		return rep, errors.New("bench: Config.Serve is required without Endpoint")
	}
	for _, n := range cfg.Sizes {
		if err := runSize(ctx, cfg, rep, n); err != nil {
			rep.writeStores(cfg.Out)
			return rep, err
		}
	}
	rep.writeStores(cfg.Out)
	return rep, nil
}

func runSize(ctx context.Context, cfg Config, rep *Report, n int) error {
	dir, err := os.MkdirTemp(cfg.Dir, "pcs-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	sf := StoreFigures{Size: n}
	d, err := preload(ctx, cfg, dir, n, &sf)
	if err != nil {
		return err
	}
	defer func() { rep.Stores = append(rep.Stores, sf) }()
	target := Target{Credential: cfg.Credential}
	if cfg.Exec != nil {
		if err := measureProcess(ctx, cfg, dir, d, &sf); err != nil {
			return err
		}
	}

	addr, err := freeAddr()
	if err != nil {
		return err
	}
	sctx, stop := context.WithCancel(ctx)
	errc := make(chan error, 1)
	began := time.Now()
	go func() { errc <- cfg.Serve(sctx, addr, dir) }()
	defer func() {
		stop()
		<-errc
	}()
	target.URL = "http://" + addr
	if err := waitHealthy(ctx, target.URL, errc); err != nil {
		return fmt.Errorf("pcs serve: %w", err)
	}
	if cfg.Exec == nil {
		sf.Startup, sf.StartupHow = time.Since(began), "in-process"
	}
	return runScenarios(ctx, cfg, rep, n, target, d)
}

// preload writes n opportunities into a fresh store in dir, the file pcs
// serve opens there.
func preload(ctx context.Context, cfg Config, dir string, n int, sf *StoreFigures) (*Dataset, error) {
	if n < 1 {
		return nil, errors.New("bench: a store size must be at least 1")
	}
	db, err := sqlite.Open(ctx, filepath.Join(dir, "pcs.db"))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	scope := store.Scope{Account: sigv4.AccountFor(cfg.Credential.AccessKeyID, sigv4.DefaultAccount), Catalog: cfg.Catalog}
	// The newest is modified a second ago; a second apart going back.
	start := time.Now().Add(-time.Duration(n) * time.Second).Truncate(time.Second)
	d := &Dataset{Catalog: cfg.Catalog, IDs: make([]string, 0, n), Oldest: start, Newest: start.Add(time.Duration(max(n-1, 0)) * time.Second)}
	for i := range min(n, selling.SeedCompanies) {
		d.Companies = append(d.Companies, fmt.Sprintf("Company %d", i))
	}
	began := time.Now()
	const chunk = 100_000
	fmt.Fprintf(cfg.Log, "preloading %d opportunities into %s:", n, dir)
	for first := 0; first < n; first += chunk {
		ids, err := selling.SeedOpportunities(ctx, db, scope, start, first, min(chunk, n-first))
		if err != nil {
			fmt.Fprintln(cfg.Log)
			return nil, fmt.Errorf("preload: %w", err)
		}
		d.IDs = append(d.IDs, ids...)
		fmt.Fprintf(cfg.Log, " %d", len(d.IDs))
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	sf.Load = time.Since(began)
	sf.DiskBytes = dirSize(dir)
	fmt.Fprintf(cfg.Log, " in %s (%.0f/s), %s on disk\n", sf.Load.Round(time.Millisecond),
		float64(n)/sf.Load.Seconds(), formatBytes(sf.DiskBytes))
	return d, nil
}

// measureProcess starts pcs serve as a child over the preloaded store:
// its start-up time, and its resident memory idle and after a warm-up.
func measureProcess(ctx context.Context, cfg Config, dir string, d *Dataset, sf *StoreFigures) error {
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	cmd := cfg.Exec(addr, dir)
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start pcs serve: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stopped := false
	defer func() {
		if stopped {
			return
		}
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
	url := "http://" + addr
	if err := waitHealthy(ctx, url, exited); err != nil {
		stopped = errors.Is(err, errExited)
		return fmt.Errorf("pcs serve (child process): %w", err)
	}
	sf.Startup, sf.StartupHow = time.Since(began), "exec"
	sf.RSSIdle, _ = ProcessMemory(cmd.Process.Pid)
	fmt.Fprintf(cfg.Log, "pcs serve (child process) healthy after %s; warming up\n", sf.Startup.Round(time.Millisecond))
	step, setup := mixedStep(d)
	warm := Load{Concurrency: cfg.Load.Concurrency, Duration: min(max(cfg.Load.Duration, 200*time.Millisecond), 3*time.Second)}
	if _, err := RunLoad(ctx, Target{URL: url, Credential: cfg.Credential}, warm, step, setup); err != nil {
		return err
	}
	sf.RSS, sf.PeakRSS = ProcessMemory(cmd.Process.Pid)
	return nil
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

func runScenarios(ctx context.Context, cfg Config, rep *Report, n int, target Target, d *Dataset) error {
	for _, sc := range cfg.Scenarios {
		step, setup := sc.Step(d)
		fmt.Fprintf(cfg.Log, "%s: pcs…", sc.Name)
		pst, err := RunLoad(ctx, target, cfg.Load, step, setup)
		if err != nil {
			fmt.Fprintln(cfg.Log)
			return err
		}
		if err := capture(ctx, target, sc, d, pst.Last); err != nil {
			fmt.Fprintln(cfg.Log)
			return err
		}
		fmt.Fprintf(cfg.Log, " baseline…")
		base, err := runBaseline(ctx, cfg, target, pst.Last, step, setup)
		fmt.Fprintln(cfg.Log)
		if err != nil {
			return err
		}
		row := Row{Size: n, Scenario: sc, PCS: pst, Baseline: base}
		rep.Rows = append(rep.Rows, row)
		writeRow(cfg.Out, row)
	}
	return nil
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

// runBaseline runs step against a bare net/http server that answers every
// operation with the bytes (body and headers) pcs last answered it.
func runBaseline(ctx context.Context, cfg Config, pcs Target, answers map[string]*Response, step Step, setup func(*Worker)) (*Stats, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: BaselineHandler(answers), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	t := pcs
	t.URL = "http://" + ln.Addr().String()
	return RunLoad(ctx, t, cfg.Load, step, setup)
}

// BaselineHandler answers each operation (by X-Amz-Target) with a fixed
// response: the least an HTTP server can do for the same exchange.
func BaselineHandler(answers map[string]*Response) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		_, op, _ := strings.Cut(r.Header.Get("X-Amz-Target"), ".")
		a := answers[op]
		if a == nil {
			http.Error(w, "the baseline has no answer for "+op, http.StatusNotImplemented)
			return
		}
		for k, v := range a.Header {
			switch k {
			case "Date", "Content-Length":
			default:
				w.Header()[k] = v
			}
		}
		w.WriteHeader(a.Status)
		w.Write(a.Body)
	})
}

// discover finds opportunities to work on at a running pcs: up to 10,000
// of the caller's that it may update (Pending Submission or Approved).
func discover(ctx context.Context, target Target, catalog string) (*Dataset, error) {
	w := newWorker(0, target)
	defer w.client.CloseIdleConnections()
	d := &Dataset{Catalog: catalog}
	companies := map[string]bool{}
	token := ""
	for page := 0; page < 100; page++ {
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
