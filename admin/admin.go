// Package admin serves pcs's own endpoints under /_pcs/: what the real
// service does not offer but a local one must, such as adding the partner
// solutions that Partner Central would hold. It is a thin HTTP layer over
// selling; the "pcs" command's subcommands are its clients.
package admin

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"pcs/api"
	"pcs/caller"
	"pcs/fault"
	"pcs/jobs"
	"pcs/longpoll"
	"pcs/quota"
	"pcs/reqlog"
	"pcs/selling"
	"pcs/store"
)

// Prefix is where the admin endpoints live, apart from the API's paths.
const Prefix = "/_pcs/"

// Config is what the admin endpoints serve.
type Config struct {
	// Service is the partner side: solutions, events.
	Service *selling.Service
	// AWS is AWS's side: reviews, referrals, leads, expiries, solutions.
	AWS *selling.AWS
	// Jobs runs the AWS side's jobs and holds the pcs clock (/_pcs/clock,
	// /_pcs/sim/...).
	Jobs *jobs.Runner
	// Version is what GET /_pcs/health reports.
	Version string
	// Ready, when set, says whether pcs can serve: GET /_pcs/health
	// answers 503 with its error as the reason when not.
	Ready func(context.Context) error
	// Logger receives the admin side's changes and failures; nil discards.
	Logger *slog.Logger
	// Faults, when set, is served under /_pcs/faults (see faults.go).
	Faults *fault.Injector
	// Quotas, when set, is served under /_pcs/quotas.
	Quotas *quota.Limiter
	// Token, when set, is the bearer token every admin request but
	// GET /_pcs/health must carry (see token.go).
	Token string
	// Requests, when set, is the request recorder GET /_pcs/requests
	// reads (requests.go).
	Requests *reqlog.Log
	// Metrics, when set, serves GET /_pcs/metrics (Prometheus).
	Metrics http.Handler
	// Polls is what the long polls of /_pcs/events and /_pcs/requests
	// wait on, and what ends them when the server shuts down (its End);
	// nil: one of the handler's own, which looks at the outbox every few
	// seconds and is never ended.
	Polls *longpoll.Notifier
}

// Handler serves the admin endpoints.
type Handler struct {
	mux     *http.ServeMux
	handler http.Handler // mux, behind the token when there is one
	svc     *selling.Service
	aws     *selling.AWS
	jobs    *jobs.Runner
	log     *slog.Logger
	version string // of this pcs, for /_pcs/health and the exports it writes

	polls      *longpoll.Notifier // of /_pcs/events and /_pcs/requests, ended on shutdown
	requestLog *reqlog.Log
	resets     resetter // what POST /_pcs/reset clears besides the store (reset.go)
}

// New returns the admin handler for cfg.
func New(cfg Config) *Handler {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &Handler{mux: http.NewServeMux(), svc: cfg.Service, aws: cfg.AWS, log: log, version: cfg.Version, requestLog: cfg.Requests,
		polls: cfg.Polls}
	if h.polls == nil {
		h.polls = longpoll.New(nil)
	}
	h.mux.HandleFunc("GET /_pcs/health", func(w http.ResponseWriter, r *http.Request) {
		if cfg.Ready != nil {
			if err := cfg.Ready(r.Context()); err != nil {
				writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": err.Error(), "version": cfg.Version})
				return
			}
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": cfg.Version})
	})
	h.mux.HandleFunc("POST /_pcs/solutions", h.putSolution)
	h.mux.HandleFunc("GET /_pcs/solutions", h.listSolutions)
	h.routeSim(cfg.Jobs)
	h.mux.HandleFunc("GET /_pcs/events", h.events)
	h.mux.HandleFunc("GET /_pcs/requests", h.requests)
	if cfg.Metrics != nil {
		h.mux.Handle("GET /_pcs/metrics", cfg.Metrics)
	}
	if cfg.Faults != nil {
		h.routeFaults(cfg.Faults)
	}
	if cfg.Quotas != nil {
		h.routeQuotas(cfg.Quotas)
	}
	h.routeReset(cfg)
	h.routeExport()
	h.mux.HandleFunc("POST /_pcs/seed", h.seed)
	h.mux.HandleFunc("/_pcs/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no admin endpoint "+r.Method+" "+r.URL.Path)
	})
	h.handler = h.mux
	if cfg.Token != "" {
		h.handler = requireToken(cfg.Token, h.mux)
	}
	return h
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.handler.ServeHTTP(w, r) }

// maxBody bounds admin request bodies.
const maxBody = 1 << 20

func (h *Handler) putSolution(w http.ResponseWriter, r *http.Request) {
	var spec selling.SolutionSpec
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&spec); err != nil {
		writeError(w, http.StatusBadRequest, "body must be a JSON solution {Account, Catalog, Name, Category, Status, Id, AwsMarketplaceSolutionArn}: "+err.Error())
		return
	}
	sol, err := h.aws.PutSolution(r.Context(), spec)
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, sol)
}

func (h *Handler) listSolutions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ctx := caller.NewContext(r.Context(), caller.Identity{AccountID: q.Get("account")})
	catalog := q.Get("catalog")
	in := &api.ListSolutionsRequest{Catalog: &catalog, MaxResults: ptr(int32(100))}
	var all []api.SolutionBase
	for {
		out, err := h.svc.ListSolutions(ctx, in)
		if err != nil {
			h.fail(w, err)
			return
		}
		all = append(all, out.SolutionSummaries...)
		if out.NextToken == nil {
			break
		}
		in.NextToken = out.NextToken
	}
	writeJSON(w, http.StatusOK, map[string]any{"SolutionSummaries": all})
}

func (h *Handler) fail(w http.ResponseWriter, err error) {
	var bad *selling.InvalidInputError
	var apiErr api.APIError
	switch {
	case errors.As(err, &bad):
		writeError(w, http.StatusBadRequest, bad.Error())
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "not found")
	case errors.As(err, &apiErr) && apiErr.HTTPStatus() < 500:
		writeError(w, http.StatusBadRequest, apiErr.Error())
	default:
		h.log.Error("admin request failed", "err", err)
		writeError(w, http.StatusInternalServerError, "internal error")
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func ptr[T any](v T) *T { return &v }
