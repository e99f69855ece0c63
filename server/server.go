// Package server assembles pcs: the API with its trust (authentication,
// authorization, quotas, injected faults), the admin endpoints, the AWS
// side's job runner, event delivery and maintenance, the request recorder
// and the metrics, all from one Config.
// "pcs serve" maps its flags to a Config; the in-process test servers
// (pcstest, and internal/apitest over it) give an in-memory store and a
// clock the test moves.
package server

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"

	"pcs/accounts"
	"pcs/admin"
	"pcs/awsjson"
	"pcs/caller"
	"pcs/clock"
	"pcs/console"
	"pcs/event"
	"pcs/fault"
	"pcs/jobs"
	"pcs/longpoll"
	"pcs/metrics"
	"pcs/quota"
	"pcs/realism"
	"pcs/reqlog"
	"pcs/selling"
	"pcs/sigv4"
	"pcs/store"
)

// Config is everything a Server is built from. Only Store is required.
type Config struct {
	// Store holds the state. The Server does not close it.
	Store store.Store
	// Clock is the wall clock under the pcs clock, which adds the offset
	// the user moved it by (kept in Store); nil means clock.System{}.
	Clock clock.Clock
	// Logger receives the log; nil discards.
	Logger *slog.Logger
	// Version is what GET /_pcs/health reports, with whether Store takes
	// writes when it can tell (a Writable method, as store/sqlite's).
	Version string

	// Selling tunes the service; zero fields take its defaults. A nil
	// Selling.Directory is filled from Accounts, a nil Selling.Wall (the
	// clock of the event retention) with Clock.
	Selling selling.Config

	// Auth authenticates API requests; nil means local mode: any
	// well-formed signature, whose access key names the account unless
	// Accounts lists the key.
	Auth sigv4.Authenticator
	// Accounts is the credentials file: its permissions decide what each
	// caller may do, and its users, company names and partner connections
	// are the service's directory. nil lets every caller do everything.
	Accounts *accounts.Directory
	// Quotas are the per-account request limits, on the pcs clock; nil
	// limits nothing. Their budgets are kept in Store when it offers
	// store.QuotaBudgets (PostgreSQL), so that every pcs on it spends the
	// same ones; in memory otherwise.
	Quotas []quota.Group
	// MaxBodyBytes bounds API request bodies; 0 means
	// awsjson.DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// MaxBodyBytesInFlight bounds the request body bytes held at once over
	// all requests; 0 means awsjson's default (16 × MaxBodyBytes).
	MaxBodyBytesInFlight int64

	// AdminToken, when set, is the bearer token the /_pcs/ admin endpoints
	// require (all but GET /_pcs/health).
	AdminToken string

	// EventTargets get the outbox's events while Run runs, and the
	// maintenance keeps every event until the slowest has had it;
	// EventDuplicates is the chance (0 to 1) that one is delivered twice.
	EventTargets    []event.Target
	EventDuplicates float64

	// Realism turns on the real service's sharp edges at the API (package
	// realism); the zero value has none, and the admin endpoints never
	// see them.
	Realism realism.Config

	// CheckOutput, when set, checks every answer before it is sent (see
	// awsjson.Config); the test server checks them against the model.
	CheckOutput func(op string, out any) error

	// RecordRequests is how many of the latest API requests the request
	// recorder keeps for GET /_pcs/requests; 0 records none.
	// RecordBodyBytes bounds each body it keeps; 0 means
	// reqlog.DefaultMaxBodyBytes.
	RecordRequests, RecordBodyBytes int
}

// Server is an assembled pcs.
type Server struct {
	db      store.Store
	log     *slog.Logger
	clock   *clock.Offset
	svc     *selling.Service
	aws     *selling.AWS
	jobs    *jobs.Runner
	deliver *event.Deliverer // nil without event targets
	admin   *admin.Handler
	polls   *longpoll.Notifier // what the long polls and the console's feed wait on
	handler http.Handler
}

// New builds the Server of cfg. It reads the pcs clock's offset from the
// store; nothing runs in the background until Run.
func New(ctx context.Context, cfg Config) (*Server, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	wall := cfg.Clock
	if wall == nil {
		wall = clock.System{}
	}
	clk, err := jobs.LoadClock(ctx, cfg.Store, wall)
	if err != nil {
		return nil, err
	}
	limiter, err := newLimiter(cfg.Store, clk, cfg.Quotas, log)
	if err != nil {
		return nil, err
	}
	faults := fault.NewShared(storedFaults{cfg.Store}, log)
	if err := cfg.Realism.Check(); err != nil {
		return nil, err
	}

	sellingCfg := cfg.Selling
	if sellingCfg.Directory == nil && cfg.Accounts != nil {
		sellingCfg.Directory = userDirectory{cfg.Accounts}
	}
	if sellingCfg.Wall == nil {
		sellingCfg.Wall = wall
	}
	if len(sellingCfg.TokenSecret) == 0 {
		if sellingCfg.TokenSecret, err = pageTokenSecret(ctx, cfg.Store); err != nil {
			return nil, err
		}
	}
	svc := selling.New(cfg.Store, clk, sellingCfg)
	aws := selling.NewAWS(svc)
	runner := jobs.New(cfg.Store, aws, clk, log)
	meter := metrics.New(metrics.Config{Version: cfg.Version, PendingJobs: pendingJobs(runner), StoreSize: storeSize(cfg.Store)})
	var requests *reqlog.Log
	if cfg.RecordRequests > 0 {
		requests = reqlog.New(reqlog.Config{Size: cfg.RecordRequests, MaxBodyBytes: cfg.RecordBodyBytes, Clock: clk})
	}

	apiCfg := awsjson.Config{
		Service:              realism.Wrap(selling.WithStoredAnswers(svc), clk, cfg.Realism),
		Auth:                 cfg.Auth,
		Logger:               log,
		MaxBodyBytes:         cfg.MaxBodyBytes,
		MaxBodyBytesInFlight: cfg.MaxBodyBytesInFlight,
		CheckOutput:          cfg.CheckOutput,
		RewriteOutput:        cfg.Realism.RewriteOutput(),
		// Faults first, then quotas: an injected fault costs no quota.
		Admit: func(ctx context.Context, id caller.Identity, op string) error {
			if err := faults.Admit(ctx, id.AccountID, op); err != nil {
				return err
			}
			return limiter.Allow(ctx, id.AccountID, op)
		},
		Observe: func(x awsjson.Exchange) {
			meter.ObserveRequest(x)
			if requests != nil {
				requests.Observe(x)
			}
		},
	}
	if apiCfg.Auth == nil {
		apiCfg.Auth = accounts.Local{Directory: cfg.Accounts}
	}
	if cfg.Accounts != nil {
		apiCfg.Authorize = cfg.Accounts.Authorize
	}

	polls := longpoll.New(cfg.Store)
	adm := admin.New(admin.Config{
		Service:  svc,
		AWS:      aws,
		Jobs:     runner,
		Version:  cfg.Version,
		Ready:    storeReady(cfg.Store),
		Logger:   log,
		Faults:   faults,
		Quotas:   limiter,
		Token:    cfg.AdminToken,
		Requests: requests,
		Metrics:  meter.Handler(),
		Polls:    polls,
	})
	con := console.New(console.Config{
		Service:  svc,
		AWS:      aws,
		Jobs:     runner,
		Store:    cfg.Store,
		Faults:   faults,
		Quotas:   limiter,
		Requests: requests,
		Token:    cfg.AdminToken,
		Logger:   log,
		Polls:    polls,
	})
	mux := http.NewServeMux()
	mux.Handle(admin.Prefix, adm)
	mux.Handle(console.Prefix, con)
	mux.Handle("/", awsjson.New(apiCfg))

	s := &Server{db: cfg.Store, log: log, clock: clk, svc: svc, aws: aws, jobs: runner, admin: adm, polls: polls,
		handler: syncClock(runner, log, mux)}
	if len(cfg.EventTargets) > 0 {
		s.deliver = event.NewDeliverer(event.DelivererConfig{Store: cfg.Store, Targets: cfg.EventTargets,
			Logger: log, Duplicates: cfg.EventDuplicates,
			Observe: func(d event.Delivery) { meter.ObserveDelivery(d.Target, clk.Now().Sub(d.Event.Time), d.Err) }})
	}
	return s, nil
}

// syncClock has next answer on the pcs clock as stored, which another pcs
// on the same store may have moved (the runner looks at most every 100 ms).
// A store that cannot be read leaves the clock where it was: the request
// meets the same store and fails on its own.
func syncClock(runner *jobs.Runner, log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := runner.SyncClock(r.Context()); err != nil && r.Context().Err() == nil {
			log.Error("reading the pcs clock", "err", err)
		}
		next.ServeHTTP(w, r)
	})
}

// pageTokenSecret is the key that signs NextTokens, kept in the store: of
// several pcs on one database, each continues the listings of the others.
func pageTokenSecret(ctx context.Context, db store.Store) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	var secret []byte
	err := db.Update(ctx, func(tx store.Tx) error {
		var err error
		secret, err = tx.Secret(ctx, "page-token", fresh)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("the NextToken key: %w", err)
	}
	return secret, nil
}

// writable is a store that can tell whether it takes writes.
type writable interface {
	Writable(context.Context) error
}

// storeReady is the readiness of GET /_pcs/health: whether db takes
// writes, when it can tell; nil when it cannot.
func storeReady(db store.Store) func(context.Context) error {
	w, ok := db.(writable)
	if !ok {
		return nil
	}
	return func(ctx context.Context) error {
		if err := w.Writable(ctx); err != nil {
			return fmt.Errorf("the store cannot be written: %w", err)
		}
		return nil
	}
}

// Handler serves the API and, under /_pcs/, the admin endpoints and the
// console (/_pcs/console/).
func (s *Server) Handler() http.Handler { return s.handler }

// Clock is the pcs clock: the wall clock plus the offset the user moved it by.
func (s *Server) Clock() *clock.Offset { return s.clock }

// Jobs is the AWS side's job runner; its RunDue runs the jobs the pcs
// clock has reached.
func (s *Server) Jobs() *jobs.Runner { return s.jobs }

// Service is the service behind the API.
func (s *Server) Service() *selling.Service { return s.svc }

// AWS is AWS's side of the service: reviews, referrals, leads, expiries.
func (s *Server) AWS() *selling.AWS { return s.aws }

// EndLongPolls answers the long polls in flight (GET /_pcs/events and
// /_pcs/requests) at once, and every later one without waiting, and ends
// the console's live event feeds: an http.Server's Shutdown waits for its
// handlers, so give it to RegisterOnShutdown.
func (s *Server) EndLongPolls() { s.polls.End() }

// Store is the store the Server was built over.
func (s *Server) Store() store.Store { return s.db }
