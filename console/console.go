// Package console serves pcs's web console under /_pcs/console/: every
// account's opportunities, invitations, engagements, tasks and events, the
// API requests pcs received, the pcs clock, jobs, faults and quotas, and
// AWS's side played with a click.
//
// Pages are rendered on the server with html/template, which escapes every
// value (opportunity fields are user input); the CSS and the little
// JavaScript of the live event feed are embedded in the binary. Every
// action goes through the same selling, jobs and fault calls the admin
// endpoints make; the console has no logic of its own beyond showing.
package console

import (
	"crypto/rand"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"

	"pcs/fault"
	"pcs/jobs"
	"pcs/longpoll"
	"pcs/quota"
	"pcs/reqlog"
	"pcs/selling"
	"pcs/store"
)

// Prefix is where the console lives, beside the admin endpoints.
const Prefix = "/_pcs/console/"

//go:embed assets
var assets embed.FS

// Config is what the console shows and steers.
type Config struct {
	// Service answers as the API does, for the account a page shows.
	Service *selling.Service
	// AWS is AWS's side: reviews, referrals, leads, expiries, solutions.
	AWS *selling.AWS
	// Jobs holds the pcs clock and the AWS side's jobs.
	Jobs *jobs.Runner
	// Store is read for what no API operation answers: which accounts
	// hold data, opportunity counts, the event outbox.
	Store store.Store
	// Faults and Quotas, when set, are shown (and faults changed).
	Faults *fault.Injector
	Quotas *quota.Limiter
	// Requests, when set, is the request recorder the requests page reads,
	// as GET /_pcs/requests does.
	Requests *reqlog.Log
	// Token, when set, is the admin token a user signs in with.
	Token string
	// Logger receives the console's changes and failures; nil discards.
	Logger *slog.Logger
	// Polls is what the live event feed waits on, and what ends it when
	// the server shuts down (its End); nil: one over Store.
	Polls *longpoll.Notifier
}

// Handler serves the console.
type Handler struct {
	cfg    Config
	log    *slog.Logger
	mux    *http.ServeMux
	pages  pages
	secret []byte             // keys the per-session CSRF tokens
	polls  *longpoll.Notifier // of the live event feed, ended on shutdown
}

// New returns the console of cfg.
func New(cfg Config) *Handler {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &Handler{cfg: cfg, log: log, mux: http.NewServeMux(), pages: parsePages(), secret: make([]byte, 32), polls: cfg.Polls}
	if h.polls == nil {
		h.polls = longpoll.New(cfg.Store)
	}
	_, _ = rand.Read(h.secret)

	static, _ := fs.Sub(assets, "assets")
	h.mux.Handle("GET "+Prefix+"assets/", http.StripPrefix(Prefix+"assets/", assetServer(static)))
	h.mux.HandleFunc("GET "+Prefix+"sign-in", h.signInForm)
	h.mux.HandleFunc("POST "+Prefix+"sign-in", h.signIn)
	h.mux.HandleFunc("POST "+Prefix+"sign-out", h.signOut)

	h.mux.HandleFunc("GET "+Prefix+"{$}", h.overview)
	h.mux.HandleFunc("GET "+Prefix+"opportunities", h.opportunities)
	h.mux.HandleFunc("GET "+Prefix+"opportunities/{id}", h.opportunity)
	h.mux.HandleFunc("GET "+Prefix+"invitations", h.invitations)
	h.mux.HandleFunc("GET "+Prefix+"engagements", h.engagements)
	h.mux.HandleFunc("GET "+Prefix+"engagements/{id}", h.engagement)
	h.mux.HandleFunc("GET "+Prefix+"tasks", h.tasks)
	h.mux.HandleFunc("GET "+Prefix+"events", h.events)
	h.mux.HandleFunc("GET "+Prefix+"events/stream", h.eventStream)
	h.mux.HandleFunc("GET "+Prefix+"requests", h.requests)
	h.mux.HandleFunc("GET "+Prefix+"aws", h.awsSide)
	h.mux.HandleFunc("GET "+Prefix+"system", h.system)

	h.mux.HandleFunc("POST "+Prefix+"actions/review", h.review)
	h.mux.HandleFunc("POST "+Prefix+"actions/referral", h.referral)
	h.mux.HandleFunc("POST "+Prefix+"actions/lead", h.lead)
	h.mux.HandleFunc("POST "+Prefix+"actions/expire", h.expire)
	h.mux.HandleFunc("POST "+Prefix+"actions/solution", h.solution)
	h.mux.HandleFunc("POST "+Prefix+"actions/advance", h.advance)
	h.mux.HandleFunc("POST "+Prefix+"actions/faults", h.addFault)
	h.mux.HandleFunc("POST "+Prefix+"actions/faults/clear", h.clearFaults)
	h.mux.HandleFunc("POST "+Prefix+"actions/faults/{id}/remove", h.removeFault)

	h.mux.HandleFunc(Prefix, func(w http.ResponseWriter, r *http.Request) {
		h.render(w, r, http.StatusNotFound, "error", "Not found", errorView{Message: "The console has no page " + r.Method + " " + r.URL.Path + "."})
	})
	return h
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "same-origin")
	h.guard(h.mux).ServeHTTP(w, r)
}

// assetServer serves the embedded assets; they change only with the binary.
func assetServer(static fs.FS) http.Handler {
	files := http.FileServerFS(static)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}
