package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"pcs/api"
	"pcs/awsjson"
	"pcs/console"
	"pcs/event"
	"pcs/fixture"
	"pcs/reqlog"
	"pcs/selling"
	"pcs/server"
	"pcs/sigv4"
	"pcs/store/postgres"
)

// defaultAddr is loopback on a port no common tool claims (LocalStack uses
// 4566, moto 5000, DynamoDB Local 8000).
const defaultAddr = "127.0.0.1:7426"

const serveUsage = `Usage: pcs serve [flags]

Serves the Partner Central Selling API (AWS JSON 1.0) on -addr. Point a client
at it with --endpoint-url http://127.0.0.1:7426 (AWS CLI), endpoint_url=
(boto3) or endpoint: (JS SDK). State is kept in -data-dir unless -in-memory, or in PostgreSQL with -database.`

type serveConfig struct {
	addr            string
	addrFile        string
	dataDir         string
	inMemory        bool
	database        string
	databasePool    int
	defaultAccount  string
	logLevel        string
	logFormat       string
	shutdownTimeout time.Duration
	maxBody         int64
	maxBodyInFlight int64
	reviewWait      time.Duration
	reviewTime      time.Duration
	reviewOutcome   string
	reviewComments  string
	reviewRules     string
	prospectingTime time.Duration
	eventTargets    string
	eventRetention  time.Duration
	recordRequests  int
	recordBodyBytes int
	seedFile        string
	seed            *fixture.File // parsed from seedFile
	trust           trustConfig
	realism         realismConfig
}

// reviewPolicy is how AWS's review plays out in the AWS catalog: the
// rules file when given, with the flags as its defaults.
func (c *serveConfig) reviewPolicy() (selling.ReviewPolicy, error) {
	fixed := selling.FixedReview{Wait: c.reviewWait, Review: c.reviewTime, Outcome: api.ReviewStatus(c.reviewOutcome), Comments: c.reviewComments}
	if c.reviewRules == "" {
		return fixed, nil
	}
	return selling.LoadReviewRules(c.reviewRules, fixed)
}

func parseServeFlags(args []string, stderr io.Writer, getenv func(string) string) (*serveConfig, error) {
	c := &serveConfig{}
	ef := newEnvFlags("pcs serve", servePrefix, stderr, serveUsage)
	fs := ef.fs
	fs.StringVar(&c.addr, "addr", defaultAddr, "`host:port` to listen on; port 0 takes a free port (see -addr-file)")
	fs.StringVar(&c.addrFile, "addr-file", "",
		"`file` that gets the URL pcs listens on, once it listens, for harnesses that start pcs with port 0 (written whole, removed when pcs stops)")
	fs.StringVar(&c.dataDir, "data-dir", defaultDataDir(getenv), "`directory` holding the database")
	fs.BoolVar(&c.inMemory, "in-memory", false, "keep state in memory only; it is lost when pcs stops")
	fs.StringVar(&c.database, "database", "",
		"keep state in PostgreSQL at this `URL` (postgres://user:password@host:5432/database?sslmode=require) instead of -data-dir;\n"+
			"docs/storage.md says what several pcs on one database share, and what they do not yet")
	ef.named("database", servePrefix+"DATABASE_URL") // the name such a URL goes by
	fs.IntVar(&c.databasePool, "database-pool", postgres.DefaultPoolSize, "most `connections` to -database pcs opens at once for its transactions (it keeps one more to hear of other pcs's events)")
	fs.StringVar(&c.defaultAccount, "default-account", sigv4.DefaultAccount,
		"12-digit `account` for callers whose access key id is not itself 12 digits")
	fs.StringVar(&c.logLevel, "log-level", "info", "log `level`: debug, info, warn or error")
	fs.StringVar(&c.logFormat, "log-format", "text", "log `format`: text or json")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", 15*time.Second,
		"how long to let requests in flight finish after SIGINT/SIGTERM")
	fs.Int64Var(&c.maxBody, "max-body-bytes", awsjson.DefaultMaxBodyBytes, "largest request body accepted, in `bytes`")
	fs.Int64Var(&c.maxBodyInFlight, "max-body-bytes-in-flight", 0,
		"request body `bytes` held at once over all requests, past which requests are throttled (0: 16 × -max-body-bytes)")
	fs.DurationVar(&c.reviewWait, "review-wait", selling.DefaultReview.Wait,
		"AWS catalog: how long a submitted opportunity waits before AWS's review starts (pcs clock)")
	fs.DurationVar(&c.reviewTime, "review-time", selling.DefaultReview.Review,
		"AWS catalog: how long AWS's review takes once In review (pcs clock)")
	fs.StringVar(&c.reviewOutcome, "review-outcome", string(selling.DefaultReview.Outcome),
		"AWS catalog: the `outcome` of every review: Approved, \"Action Required\", Rejected, or manual (wait for pcs sim review)")
	fs.StringVar(&c.reviewComments, "review-comments", "",
		"AWS catalog: the ReviewComments `text` that comes with every review's outcome; when empty, Action Required comes with AWS's default comments and the other outcomes with none")
	fs.StringVar(&c.reviewRules, "review-rules", "",
		"AWS catalog: JSON `file` of rules choosing each review's outcome by the opportunity's fields (docs/aws-side.md)")
	fs.DurationVar(&c.prospectingTime, "prospecting-time", selling.DefaultProspectingTime,
		"how long AWS takes to prospect the engagements of a StartProspectingFromEngagementTask (pcs clock)")
	fs.StringVar(&c.eventTargets, "event-targets", "",
		"JSON `file` of webhooks and EventBridge buses that get the events, with patterns (docs/events.md)")
	fs.DurationVar(&c.eventRetention, "event-retention", selling.DefaultEventRetention,
		"how long, on the wall clock, the event outbox keeps an event once every -event-targets target\n"+
			"has had it (pcs events tail reads what is kept); 0 keeps every event")
	fs.IntVar(&c.recordRequests, "record-requests", reqlog.DefaultSize,
		"how many of the latest API `requests` to keep, with their bodies, for pcs requests (0: none)")
	fs.IntVar(&c.recordBodyBytes, "record-body-bytes", reqlog.DefaultMaxBodyBytes,
		"longest request or response body kept whole by -record-requests, in `bytes`; longer ones are cut")
	fs.StringVar(&c.seedFile, "seed", "",
		"fixture `file` (docs/fixtures.md) loaded at start into an empty store; a store that holds records\n"+
			"already, from an earlier start, is left as it is")
	c.trust.bind(ef)
	c.realism.bind(ef)
	if err := ef.parse(args, getenv); err != nil {
		return nil, err
	}
	if err := c.trust.check(); err != nil {
		return nil, err
	}
	if err := c.realism.resolve(fs); err != nil {
		return nil, err
	}
	outcome, err := selling.ParseReviewOutcome(c.reviewOutcome)
	if err != nil {
		return nil, fmt.Errorf("-review-outcome: %w", err)
	}
	c.reviewOutcome = string(outcome)
	if c.prospectingTime < 0 {
		return nil, fmt.Errorf("-prospecting-time %s: must not be negative", c.prospectingTime)
	}
	if c.eventRetention < 0 {
		return nil, fmt.Errorf("-event-retention %s: must not be negative", c.eventRetention)
	}
	if c.recordRequests < 0 {
		return nil, fmt.Errorf("-record-requests %d: must not be negative (0 records none)", c.recordRequests)
	}
	if c.recordBodyBytes <= 0 {
		return nil, fmt.Errorf("-record-body-bytes %d: must be positive", c.recordBodyBytes)
	}
	if err := c.checkDatabase(); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if !sigv4.ValidAccount(c.defaultAccount) {
		return nil, fmt.Errorf("-default-account %q: an AWS account id is 12 digits", c.defaultAccount)
	}
	if c.seedFile != "" {
		f, err := os.Open(c.seedFile)
		if err != nil {
			return nil, fmt.Errorf("-seed: %w", err)
		}
		defer f.Close()
		if c.seed, err = fixture.Parse(f); err != nil {
			return nil, fmt.Errorf("-seed %s: %w", c.seedFile, err)
		}
	}
	return c, nil
}

// defaultDataDir follows the XDG base directory convention.
func defaultDataDir(getenv func(string) string) string {
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "pcs")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "pcs")
	}
	return "pcs-data"
}

func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("-log-level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	default:
		return nil, fmt.Errorf("-log-format %q: want text or json", format)
	}
}

// server maps the flags to the assembly's Config, all but its Store.
func (c *serveConfig) server(log *slog.Logger, getenv func(string) string) (server.Config, error) {
	sc := server.Config{
		Logger:               log,
		Version:              versionString(),
		MaxBodyBytes:         c.maxBody,
		MaxBodyBytesInFlight: c.maxBodyInFlight,
		RecordRequests:       c.recordRequests,
		RecordBodyBytes:      c.recordBodyBytes,
		Realism:              c.realism.quirks,
	}
	if err := c.trust.apply(&sc, c.defaultAccount); err != nil {
		return sc, err
	}
	policy, err := c.reviewPolicy()
	if err != nil {
		return sc, fmt.Errorf("-review-rules: %w", err)
	}
	sc.Selling = selling.Config{ReviewPolicy: policy, ProspectingTime: c.prospectingTime, EventRetention: c.eventRetention}
	// selling.Config reads zero as its default: -1 is at once, and forever.
	if c.prospectingTime == 0 {
		sc.Selling.ProspectingTime = -1
	}
	if c.eventRetention == 0 {
		sc.Selling.EventRetention = -1
	}
	if c.eventTargets != "" {
		if sc.EventTargets, sc.EventDuplicates, err = event.LoadConfig(c.eventTargets, getenv); err != nil {
			return sc, fmt.Errorf("-event-targets: %w", err)
		}
	}
	return sc, nil
}

// gcPercent is the garbage collector's target pcs serve runs with unless
// GOGC says otherwise: the heap may grow to 5 times what is live before a
// collection, not 2 times. The live heap is small (about 8 MiB, the
// request recorder's bodies most of it) and a request allocates about
// 30 KB, so at Go's default a collection ran every few hundred requests;
// at 400 a GetOpportunity costs 10–15% less CPU for some 30 MiB more
// resident memory (docs/benchmarks.md).
const gcPercent = 400

// setGCTarget sets gcPercent when GOGC is not set.
func setGCTarget() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	// Everything that can refuse to start does so before the data
	// directory, the store or a port is touched.
	cfg, err := parseServeFlags(args, stderr, getenv)
	if err != nil {
		return err
	}
	if err := cfg.trust.checkAddr(ctx, cfg.addr); err != nil {
		return err
	}
	log, err := newLogger(stderr, cfg.logLevel, cfg.logFormat)
	if err != nil {
		return err
	}
	sc, err := cfg.server(log, getenv)
	if err != nil {
		return err
	}

	// The port is bound before the store is opened: an address in use
	// stops pcs before it makes a data directory or a database.
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	defer ln.Close() // Serve closes it too; a second Close is harmless
	if err := cfg.trust.checkExposure(ln, log); err != nil {
		return err
	}

	db, where, release, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer release()
	defer db.Close()
	sc.Store = db
	pcs, err := server.New(ctx, sc)
	if err != nil {
		return err
	}
	setGCTarget()
	// Seeded before the first request is served: one that comes meanwhile
	// waits for the fixture to be loaded.
	if cfg.seed != nil {
		if err := seedAtStart(ctx, pcs, cfg.seedFile, cfg.seed, log); err != nil {
			return err
		}
	}
	srv := &http.Server{
		Handler:           pcs.Handler(),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	srv.RegisterOnShutdown(pcs.EndLongPolls)
	if cfg.addrFile != "" {
		if err := writeAddrFile(cfg.addrFile, "http://"+ln.Addr().String()); err != nil {
			return fmt.Errorf("-addr-file: %w", err)
		}
		defer os.Remove(cfg.addrFile)
	}
	log.Info("pcs listening", "addr", "http://"+ln.Addr().String(), "store", where, "version", versionString(),
		"console", "http://"+ln.Addr().String()+console.Prefix, "realism", cfg.realism.quirks.String())
	fmt.Fprintf(stdout, "pcs %s listening on http://%s (store: %s; console: http://%s%s)\n", versionString(), ln.Addr(), where, ln.Addr(), console.Prefix)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	// The background workers stop, and are waited for, before the store closes.
	workCtx, stopWork := context.WithCancel(ctx)
	worked := make(chan struct{})
	go func() {
		defer close(worked)
		pcs.Run(workCtx)
	}()
	defer func() {
		stopWork()
		<-worked
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight", "timeout", cfg.shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// seedAtStart loads -seed into an empty store. A store that holds records
// is left as it is: with a data directory, a restart keeps what the tests
// did since the first start instead of failing or loading the fixture a
// second time beside it.
func seedAtStart(ctx context.Context, pcs *server.Server, file string, f *fixture.File, log *slog.Logger) error {
	loaded, skipped, err := pcs.SeedEmpty(ctx, f)
	switch {
	case err != nil:
		return fmt.Errorf("-seed %s: %w (nothing of it was kept)", file, err)
	case skipped:
		log.Info("-seed skipped: the store holds records already", "seed", file)
	default:
		log.Info("seeded", "seed", file, "entries", len(loaded))
	}
	return nil
}
