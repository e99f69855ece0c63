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
	"strings"
	"sync"
	"time"

	"pcs/admin"
	"pcs/api"
	"pcs/awsjson"
	"pcs/clock"
	"pcs/event"
	"pcs/selling"
	"pcs/sigv4"
	"pcs/sim"
	"pcs/store"
	"pcs/store/sqlite"
)

// defaultAddr is loopback on a port no common tool claims (LocalStack uses
// 4566, moto 5000, DynamoDB Local 8000).
const defaultAddr = "127.0.0.1:7426"

const serveUsage = `Usage: pcs serve [flags]

Serves the Partner Central Selling API (AWS JSON 1.0) on -addr. Point a client
at it with --endpoint-url http://127.0.0.1:7426 (AWS CLI), endpoint_url=
(boto3) or endpoint: (JS SDK). State is kept in -data-dir unless -in-memory.`

type serveConfig struct {
	addr            string
	dataDir         string
	inMemory        bool
	defaultAccount  string
	logLevel        string
	logFormat       string
	shutdownTimeout time.Duration
	maxBody         int64
	maxBodyInFlight int64
	reviewWait      time.Duration
	reviewTime      time.Duration
	reviewOutcome   string
	reviewRules     string
	prospectingTime time.Duration
	eventTargets    string
	trust           trustConfig
}

// reviewPolicy is how AWS's review plays out in the AWS catalog: the
// rules file when given, with the flags as its defaults.
func (c *serveConfig) reviewPolicy() (selling.ReviewPolicy, error) {
	fixed := selling.FixedReview{Wait: c.reviewWait, Review: c.reviewTime, Outcome: api.ReviewStatus(c.reviewOutcome)}
	if c.reviewRules == "" {
		return fixed, nil
	}
	return sim.LoadPolicy(c.reviewRules, fixed)
}

func parseServeFlags(args []string, stderr io.Writer, getenv func(string) string) (*serveConfig, error) {
	c := &serveConfig{}
	ef := newEnvFlags("pcs serve", stderr, serveUsage)
	fs := ef.fs
	fs.StringVar(&c.addr, "addr", defaultAddr, "`host:port` to listen on")
	ef.bind("addr", "PCS_ADDR")
	fs.StringVar(&c.dataDir, "data-dir", defaultDataDir(getenv), "`directory` holding the database")
	ef.bind("data-dir", "PCS_DATA_DIR")
	fs.BoolVar(&c.inMemory, "in-memory", false, "keep state in memory only; it is lost when pcs stops")
	ef.bind("in-memory", "PCS_IN_MEMORY")
	fs.StringVar(&c.defaultAccount, "default-account", sigv4.DefaultAccount,
		"12-digit `account` for callers whose access key id is not itself 12 digits")
	ef.bind("default-account", "PCS_DEFAULT_ACCOUNT")
	fs.StringVar(&c.logLevel, "log-level", "info", "log `level`: debug, info, warn or error")
	ef.bind("log-level", "PCS_LOG_LEVEL")
	fs.StringVar(&c.logFormat, "log-format", "text", "log `format`: text or json")
	ef.bind("log-format", "PCS_LOG_FORMAT")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", 15*time.Second,
		"how long to let requests in flight finish after SIGINT/SIGTERM")
	ef.bind("shutdown-timeout", "PCS_SHUTDOWN_TIMEOUT")
	fs.Int64Var(&c.maxBody, "max-body-bytes", awsjson.DefaultMaxBodyBytes, "largest request body accepted, in `bytes`")
	ef.bind("max-body-bytes", "PCS_MAX_BODY_BYTES")
	fs.Int64Var(&c.maxBodyInFlight, "max-body-bytes-in-flight", 0,
		"request body `bytes` held at once over all requests, past which requests are throttled (0: 16 × -max-body-bytes)")
	ef.bind("max-body-bytes-in-flight", "PCS_MAX_BODY_BYTES_IN_FLIGHT")
	fs.DurationVar(&c.reviewWait, "review-wait", selling.DefaultReview.Wait,
		"AWS catalog: how long a submitted opportunity waits before AWS's review starts (pcs clock)")
	ef.bind("review-wait", "PCS_REVIEW_WAIT")
	fs.DurationVar(&c.reviewTime, "review-time", selling.DefaultReview.Review,
		"AWS catalog: how long AWS's review takes once In review (pcs clock)")
	ef.bind("review-time", "PCS_REVIEW_TIME")
	fs.StringVar(&c.reviewOutcome, "review-outcome", string(selling.DefaultReview.Outcome),
		"AWS catalog: the `outcome` of every review: Approved, \"Action Required\", Rejected, or manual (wait for pcs sim review)")
	ef.bind("review-outcome", "PCS_REVIEW_OUTCOME")
	fs.StringVar(&c.reviewRules, "review-rules", "",
		"AWS catalog: JSON `file` of rules choosing each review's outcome by the opportunity's fields (README, Playing AWS)")
	ef.bind("review-rules", "PCS_REVIEW_RULES")
	fs.DurationVar(&c.prospectingTime, "prospecting-time", selling.DefaultProspectingTime,
		"how long AWS takes to prospect the engagements of a StartProspectingFromEngagementTask (pcs clock)")
	ef.bind("prospecting-time", "PCS_PROSPECTING_TIME")
	fs.StringVar(&c.eventTargets, "event-targets", "",
		"JSON `file` of webhooks and EventBridge buses that get the events, with patterns (README, Events)")
	ef.bind("event-targets", "PCS_EVENT_TARGETS")
	c.trust.bind(ef)
	if err := ef.parse(args, getenv); err != nil {
		return nil, err
	}
	if err := c.trust.check(); err != nil {
		return nil, err
	}
	switch c.reviewOutcome {
	case "manual":
		c.reviewOutcome = ""
	case string(api.ReviewStatusApproved), string(api.ReviewStatusActionRequired), string(api.ReviewStatusRejected):
	default:
		return nil, fmt.Errorf("-review-outcome %q: want Approved, \"Action Required\", Rejected or manual", c.reviewOutcome)
	}
	if c.prospectingTime < 0 {
		return nil, fmt.Errorf("-prospecting-time %s: must not be negative", c.prospectingTime)
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if !sigv4.ValidAccount(c.defaultAccount) {
		return nil, fmt.Errorf("-default-account %q: an AWS account id is 12 digits", c.defaultAccount)
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

func serve(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	cfg, err := parseServeFlags(args, stderr, getenv)
	if err != nil {
		return err
	}
	log, err := newLogger(stderr, cfg.logLevel, cfg.logFormat)
	if err != nil {
		return err
	}

	db, where, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()

	clk, err := sim.LoadClock(ctx, db, clock.System{})
	if err != nil {
		return err
	}
	tr, err := cfg.trust.build(clk, cfg.defaultAccount)
	if err != nil {
		return err
	}
	policy, err := cfg.reviewPolicy()
	if err != nil {
		return fmt.Errorf("-review-rules: %w", err)
	}
	svc := selling.New(db, clk, append(tr.sellingOptions(), selling.WithReviewPolicy(policy), selling.WithProspectingTime(cfg.prospectingTime))...)
	aws := sim.New(db, svc, clk, log)
	apiCfg := awsjson.Config{
		Service:              svc,
		Logger:               log,
		MaxBodyBytes:         cfg.maxBody,
		MaxBodyBytesInFlight: cfg.maxBodyInFlight,
	}
	tr.apply(&apiCfg)
	handler := awsjson.New(apiCfg)

	mux := http.NewServeMux()
	mux.Handle(admin.Prefix, tr.admin(admin.New(svc, aws, versionString(), log)))
	mux.Handle("/", handler)

	var deliver *event.Deliverer
	if cfg.eventTargets != "" {
		targets, dup, err := event.LoadConfig(cfg.eventTargets, getenv)
		if err != nil {
			return fmt.Errorf("-event-targets: %w", err)
		}
		deliver = event.NewDeliverer(db, targets, log)
		deliver.Duplicates = dup
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	if err := tr.checkExposure(ln, log); err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("pcs listening", "addr", "http://"+ln.Addr().String(), "store", where, "version", versionString())
	fmt.Fprintf(stdout, "pcs %s listening on http://%s (store: %s)\n", versionString(), ln.Addr(), where)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	// The background workers stop, and are waited for, before the store closes.
	workCtx, stopWork := context.WithCancel(ctx)
	var work sync.WaitGroup
	defer work.Wait()
	defer stopWork()
	work.Go(func() { maintain(workCtx, svc, log) })
	work.Go(func() { aws.Run(workCtx) })
	if deliver != nil {
		work.Go(func() { deliver.Run(workCtx) })
	}
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

func openStore(ctx context.Context, cfg *serveConfig) (store.Store, string, error) {
	if cfg.inMemory {
		db, err := sqlite.OpenMemory(ctx)
		return db, "in memory", err
	}
	if err := os.MkdirAll(cfg.dataDir, 0o750); err != nil {
		return nil, "", fmt.Errorf("data directory: %w", err)
	}
	path := filepath.Join(cfg.dataDir, "pcs.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, "", fmt.Errorf("open %s: %w", path, err)
	}
	return db, path, nil
}

// maintainEvery is how often old opportunity versions and client tokens are
// swept; the sweep is bookkeeping, not behavior a client can observe.
const maintainEvery = 10 * time.Minute

func maintain(ctx context.Context, svc *selling.Service, log *slog.Logger) {
	t := time.NewTicker(maintainEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			pruned, expired, err := svc.Maintain(ctx)
			if err != nil && ctx.Err() == nil {
				log.Error("maintenance failed", "err", err)
				continue
			}
			log.Debug("maintenance", "versions_pruned", pruned, "client_tokens_expired", expired)
		}
	}
}
