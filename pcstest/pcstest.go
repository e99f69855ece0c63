// Package pcstest runs pcs inside a Go test, the way net/http/httptest
// runs a handler: on a free loopback port, for the one test, gone when the
// test ends.
//
//	func TestSync(t *testing.T) {
//		srv := pcstest.New(t)
//		crm := NewSync(srv.URL) // the code under test, pointed at pcs
//		...
//		if err := srv.Clock.Advance(2 * time.Hour); err != nil { // AWS reviews what was submitted
//			t.Fatal(err)
//		}
//	}
//
// The server is the one "pcs serve" runs, built the same way (server.New),
// with three differences that suit tests: the state is in memory, fresh for
// each server; the pcs clock stands still unless the test moves it
// (Clock.Advance), so times in answers are known in advance; and AWS's side
// acts only when the test lets it, when the clock moves or RunJobs is
// called, not in the background (Config.Workers runs the background
// workers of pcs serve instead). Callers authenticate as with a local pcs:
// any SigV4 signature is accepted and a 12-digit access key id is the
// caller's account, so two partners are two access keys.
//
// The test drives AWS's side through the same code as the admin endpoints
// (POST /_pcs/sim/..., docs/admin-api.md): Review decides a submitted
// opportunity's review, SendReferral and SendLead have AWS invite a
// partner, ExpireInvitation expires an invitation, PutSolution registers a
// partner solution. Seed loads a fixture (docs/fixtures.md). Reset and
// ResetAccount delete what tests made, for tests that share one server
// (Start it in TestMain).
package pcstest

import (
	"cmp"
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"pcs/admin"
	"pcs/api"
	"pcs/clock"
	"pcs/selling"
	"pcs/server"
	"pcs/store"
	"pcs/store/sqlite"
)

// DefaultStart is the instant the pcs clock of a test server starts at
// unless Config.Start says otherwise.
var DefaultStart = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// Config says how a test server differs from the default one.
type Config struct {
	// Start is the instant the pcs clock starts at, and stands at until the
	// test moves it; zero is DefaultStart. It is unused with Server.Clock.
	Start time.Time
	// Server is the assembly's configuration, as pcs serve's flags make
	// it: the service's tunables such as the review policy
	// (Server.Selling), credentials (Auth, Accounts), quotas, the admin
	// token, event targets. A nil Store is a fresh in-memory store that
	// Close closes (a Store given stays open); a nil Clock is a clock that
	// stands at Start, under the pcs clock; an empty Version is "pcstest".
	Server server.Config
	// Workers runs the background workers of pcs serve while the server
	// runs: the job runner (AWS's side acts within a second of falling
	// due, as well as on Clock.Advance), event delivery to
	// Server.EventTargets, and maintenance.
	Workers bool
}

// Server is a running pcs.
type Server struct {
	// URL is where pcs listens, http://127.0.0.1:<port>: the API at "/",
	// the admin endpoints under "/_pcs/".
	URL string
	// Clock is the pcs clock.
	Clock *Clock
	// PCS is the assembled pcs behind URL: its service, AWS side, job
	// runner and store, for what the methods here do not cover.
	PCS *server.Server

	http      *httptest.Server
	ownStore  store.Store // opened here, closed by Close
	stop      context.CancelFunc
	workers   sync.WaitGroup
	closeOnce sync.Once
}

// New starts a test server with the default Config and closes it when
// the test ends; see NewWith.
func New(t testing.TB) *Server {
	t.Helper()
	return NewWith(t, Config{})
}

// NewWith starts the test server of cfg and closes it when the test ends.
// It fails the test if the server cannot start.
func NewWith(t testing.TB, cfg Config) *Server {
	t.Helper()
	s, err := Start(cfg)
	if err != nil {
		t.Fatalf("pcstest: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts the test server of cfg, for a server that outlives one
// test (TestMain) or lives outside tests; Close stops it.
func Start(cfg Config) (*Server, error) {
	ctx := context.Background()
	sc := cfg.Server
	s := &Server{}
	if sc.Store == nil {
		db, err := sqlite.OpenMemory(ctx)
		if err != nil {
			return nil, fmt.Errorf("open an in-memory store: %w", err)
		}
		sc.Store, s.ownStore = db, db
	}
	if sc.Clock == nil {
		sc.Clock = clock.NewFixed(cmp.Or(cfg.Start, DefaultStart))
	}
	sc.Version = cmp.Or(sc.Version, "pcstest")
	pcs, err := server.New(ctx, sc)
	if err != nil {
		if s.ownStore != nil {
			s.ownStore.Close()
		}
		return nil, err
	}
	s.PCS, s.Clock = pcs, &Clock{pcs: pcs}
	s.http = httptest.NewServer(pcs.Handler())
	s.URL = s.http.URL
	workCtx, stop := context.WithCancel(ctx)
	s.stop = stop
	if cfg.Workers {
		s.workers.Go(func() { pcs.Run(workCtx) })
	}
	return s, nil
}

// Close stops the server: it answers the long polls in flight, waits for
// the requests in flight and the background workers, and closes the store
// it opened. Closing twice does nothing.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.PCS.EndLongPolls()
		s.http.Close()
		s.stop()
		s.workers.Wait()
		if s.ownStore != nil {
			s.ownStore.Close()
		}
	})
}

// Clock is the pcs clock of a test server: the time business timestamps
// are written with and AWS's side acts on.
type Clock struct{ pcs *server.Server }

// Now is the pcs clock's time.
func (c *Clock) Now() time.Time { return c.pcs.Jobs().Now() }

// Advance moves the pcs clock forward by d and runs the AWS-side jobs that
// fell due (reviews, referrals, expiries, prospecting), as POST
// /_pcs/clock/advance does. The clock only moves forward.
func (c *Clock) Advance(d time.Duration) error {
	_, err := c.pcs.Jobs().Advance(context.Background(), d)
	return err
}

// RunJobs runs the AWS-side jobs due on the pcs clock and returns how many
// ran, as POST /_pcs/sim/run does.
func (s *Server) RunJobs() (int, error) { return s.PCS.Jobs().RunDue(context.Background()) }

// Review decides the review of a submitted opportunity of account in
// catalog now, as POST /_pcs/sim/review does: d.Outcome is Approved,
// Action Required or Rejected.
func (s *Server) Review(account, catalog, opportunityID string, d selling.ReviewDecision) error {
	return s.PCS.AWS().ReviewOpportunity(context.Background(), store.Scope{Account: account, Catalog: catalog}, opportunityID, d)
}

// SendReferral has AWS invite a partner to an opportunity it refers, as
// POST /_pcs/sim/referral does, and returns the invitation.
func (s *Server) SendReferral(spec selling.ReferralSpec) (*api.GetEngagementInvitationResponse, error) {
	return s.PCS.AWS().SendReferral(context.Background(), spec)
}

// SendLead has AWS offer a partner a lead, as POST /_pcs/sim/lead does,
// and returns the invitation.
func (s *Server) SendLead(spec selling.LeadSpec) (*api.GetEngagementInvitationResponse, error) {
	return s.PCS.AWS().SendLead(context.Background(), spec)
}

// ExpireInvitation makes a pending invitation (an id or an ARN) of catalog
// expire now, as POST /_pcs/sim/expire does.
func (s *Server) ExpireInvitation(catalog, invitation string) error {
	return s.PCS.AWS().ExpireInvitation(context.Background(), catalog, invitation)
}

// PutSolution adds or replaces a partner solution, as POST /_pcs/solutions
// does; opportunities can be associated with it once it is Active.
func (s *Server) PutSolution(spec selling.SolutionSpec) (*api.SolutionBase, error) {
	return s.PCS.AWS().PutSolution(context.Background(), spec)
}

// Reset deletes everything, as POST /_pcs/reset {"Clock": true} does: every
// account's records, the AWS-side jobs and events, the injected faults,
// the quota usage; and it puts the pcs clock back on Server.Clock (by
// default: back at Start). The server is then as Start made it, but that
// ids are never handed out again.
func (s *Server) Reset() (*admin.ResetResult, error) {
	return s.PCS.Reset(context.Background(), admin.ResetRequest{Clock: true})
}

// ResetAccount deletes one partner account's records in catalog ("" for
// both), with its fault rules and quota usage, as POST /_pcs/reset
// {"Account", "Catalog"} does, while other accounts' tests go on. Of what
// the account shares, the other accounts keep their side
// (docs/admin-api.md). The clock stays: it is every account's.
func (s *Server) ResetAccount(account, catalog string) (*admin.ResetResult, error) {
	return s.PCS.Reset(context.Background(), admin.ResetRequest{Account: account, Catalog: catalog})
}
