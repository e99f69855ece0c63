package selling

import (
	"context"
	"time"

	"pcs/api"
	"pcs/caller"
	"pcs/clock"
	"pcs/store"
)

// Service implements api.Service over a store: its exported methods are
// the API's operations, and nothing else (AWS's side is the AWS type).
type Service struct {
	db    store.Store
	clock clock.Clock
	cfg   Config
}

// Config holds the service's tunables. A zero field takes its default.
type Config struct {
	// IdempotencyWindow is how long a client token is remembered; 0 means
	// 24 hours. The real service does not document its window; 24 hours
	// covers every SDK retry schedule by far.
	IdempotencyWindow time.Duration
	// PageTokenTTL is how long a ListOpportunities NextToken stays usable;
	// 0 means 24 hours.
	PageTokenTTL time.Duration
	// TokenSecret authenticates pagination tokens; random when empty.
	TokenSecret []byte
	// ReviewPolicy plays AWS's review in the AWS catalog; nil means
	// DefaultReview. A FixedReview without an Outcome leaves submitted
	// opportunities to decisions given through the admin side.
	ReviewPolicy ReviewPolicy
	// Directory knows each account's Partner Central users; nil accepts
	// any well-formed assignee (see directory.go).
	Directory Directory
	// ProspectingTime is how long AWS takes, on the pcs clock, to prospect
	// the engagements of a StartProspectingFromEngagementTask; 0 means
	// DefaultProspectingTime, and a negative time prospects at once.
	ProspectingTime time.Duration
	// EventRetention is how long, on the wall clock, the outbox keeps an
	// event once every event target has had it (maintain.go); 0 means
	// DefaultEventRetention, and a negative retention keeps every event.
	EventRetention time.Duration
	// Wall is the wall clock under the pcs clock: EventRetention runs on
	// it, so that moving the pcs clock forward ages no event. nil means
	// clock.System{}.
	Wall clock.Clock
}

// DefaultEventRetention is how long the outbox keeps events by default: a
// day of history for pcs events tail and the admin event stream.
const DefaultEventRetention = 24 * time.Hour

// New returns a Service over db that reads the time from clk.
func New(db store.Store, clk clock.Clock, cfg Config) *Service {
	if cfg.IdempotencyWindow == 0 {
		cfg.IdempotencyWindow = 24 * time.Hour
	}
	if cfg.PageTokenTTL == 0 {
		cfg.PageTokenTTL = 24 * time.Hour
	}
	if len(cfg.TokenSecret) == 0 {
		cfg.TokenSecret = randomSecret()
	}
	if cfg.ReviewPolicy == nil {
		cfg.ReviewPolicy = DefaultReview
	}
	if cfg.EventRetention == 0 {
		cfg.EventRetention = DefaultEventRetention
	}
	if cfg.Wall == nil {
		cfg.Wall = clock.System{}
	}
	switch {
	case cfg.ProspectingTime == 0:
		cfg.ProspectingTime = DefaultProspectingTime
	case cfg.ProspectingTime < 0:
		cfg.ProspectingTime = 0
	}
	return &Service{db: db, clock: clk, cfg: cfg}
}

var _ api.Service = (*Service)(nil)

// now is the service's current time at the precision it stores and answers
// with: milliseconds. Clients echo LastModifiedDate back for the optimistic
// lock, and they only ever see milliseconds.
func (s *Service) now() time.Time {
	return s.clock.Now().UTC().Truncate(time.Millisecond)
}

// scope resolves the caller's account and the request's catalog.
func (s *Service) scope(ctx context.Context, catalog *string) (store.Scope, error) {
	id, ok := caller.FromContext(ctx)
	if !ok || id.AccountID == "" {
		return store.Scope{}, accessDenied("The request has no caller identity.")
	}
	c := deref(catalog)
	if c != CatalogAWS && c != CatalogSandbox {
		return store.Scope{}, requestInvalid(fieldError("catalog", api.ValidationExceptionErrorCodeInvalidValue,
			"Catalog %q is not valid. Use AWS or Sandbox.", c))
	}
	return store.Scope{Account: id.AccountID, Catalog: c}, nil
}

// timeFormat is how the service writes instants: UTC, milliseconds.
const timeFormat = "2006-01-02T15:04:05.000Z"

// The two catalogs of the service.
const (
	CatalogAWS     = "AWS"
	CatalogSandbox = "Sandbox"
)
