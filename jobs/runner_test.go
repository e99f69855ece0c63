package jobs_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"pcs/api"
	"pcs/caller"
	"pcs/clock"
	"pcs/jobs"
	"pcs/selling"
	"pcs/store"
	"pcs/store/sqlite"
)

// world is pcs without HTTP: the service and its job runner on a file store.
type world struct {
	db   *sqlite.DB
	svc  *selling.Service
	jobs *jobs.Runner
	wall *clock.Fixed
}

func open(t *testing.T, path string, wall *clock.Fixed) *world {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	clk, err := jobs.LoadClock(ctx, db, wall)
	if err != nil {
		t.Fatal(err)
	}
	svc := selling.New(db, clk, selling.Config{})
	return &world{db: db, svc: svc, jobs: jobs.New(db, selling.NewAWS(svc), clk, nil), wall: wall}
}

var asPartner = caller.NewContext(context.Background(), caller.Identity{AccountID: "111111111111"})

func (w *world) status(t *testing.T, id string) api.ReviewStatus {
	t.Helper()
	out, err := w.svc.GetOpportunity(asPartner, &api.GetOpportunityRequest{Catalog: ptr("AWS"), Identifier: &id})
	if err != nil {
		t.Fatal(err)
	}
	return *out.LifeCycle.ReviewStatus
}

func ptr[T any](v T) *T { return &v }

// TestRestartMidReview stops pcs between the two steps of a review and
// checks that nothing is lost and nothing runs twice.
func TestRestartMidReview(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pcs.db")
	wall := clock.NewFixed(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	w := open(t, path, wall)
	out, err := w.svc.CreateOpportunity(asPartner, &api.CreateOpportunityRequest{Catalog: ptr("AWS"), ClientToken: ptr("r"),
		Customer: &api.Customer{Account: &api.Account{CompanyName: ptr("Example"), Industry: ptr(api.IndustryRetail),
			WebsiteUrl: ptr("https://example.com"), Address: &api.Address{CountryCode: ptr(api.CountryCodeDe), PostalCode: ptr("20457")}}},
		LifeCycle: &api.LifeCycle{TargetCloseDate: ptr("2026-12-01")},
		Project: &api.Project{Title: ptr("t"), CustomerBusinessProblem: ptr("A problem that is long enough."),
			DeliveryModels: []api.DeliveryModel{api.DeliveryModelSaaSOrPaaS}, OtherSolutionDescription: ptr("ours"),
			ExpectedCustomerSpend: []api.ExpectedCustomerSpend{{Amount: ptr("10"), CurrencyCode: ptr(api.CurrencyCodeUsd),
				Frequency: ptr(api.PaymentFrequencyMonthly), TargetCompany: ptr("AWS")}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	id := *out.Id
	if err := w.svc.SubmitOpportunity(asPartner, &api.SubmitOpportunityRequest{Catalog: ptr("AWS"), Identifier: &id,
		InvolvementType: ptr(api.SalesInvolvementTypeForVisibilityOnly)}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.jobs.Advance(context.Background(), 90*time.Second); err != nil {
		t.Fatal(err)
	}
	if got := w.status(t, id); got != api.ReviewStatusInReview {
		t.Fatalf("before restart: %s, want In review", got)
	}
	w.db.Close()

	w = open(t, path, wall)
	defer w.db.Close()
	if w.jobs.Skew() != 90*time.Second {
		t.Errorf("clock offset after restart = %v, want the 90s the user moved it", w.jobs.Skew())
	}
	// Running again before the decision is due changes nothing.
	if n, err := w.jobs.RunDue(context.Background()); err != nil || n != 0 {
		t.Errorf("RunDue after restart ran %d jobs (%v), want 0", n, err)
	}
	wall.Advance(5 * time.Minute)
	if n, err := w.jobs.RunDue(context.Background()); err != nil || n != 1 {
		t.Errorf("RunDue ran %d jobs (%v), want the decision", n, err)
	}
	if got := w.status(t, id); got != api.ReviewStatusApproved {
		t.Errorf("after restart: %s, want Approved", got)
	}
	jobs, err := w.jobs.Jobs(context.Background(), "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 2 || jobs[0].State != store.JobDone || jobs[1].State != store.JobDone {
		t.Errorf("jobs = %+v, want the two review steps, each done once", jobs)
	}
}

func TestAdvanceRefusesGoingBack(t *testing.T) {
	w := open(t, filepath.Join(t.TempDir(), "pcs.db"), clock.NewFixed(time.Now()))
	defer w.db.Close()
	for _, d := range []time.Duration{-time.Hour, 0} {
		if _, err := w.jobs.Advance(context.Background(), d); !errors.Is(err, jobs.ErrClockBackwards) {
			t.Errorf("moving the clock by %v: %v, want ErrClockBackwards", d, err)
		}
	}
}

// TestResetClockOutlivesRestart: a reset clock is back on the wall clock,
// and stays there when pcs starts again.
func TestResetClockOutlivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pcs.db")
	wall := clock.NewFixed(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	w := open(t, path, wall)
	if _, err := w.jobs.Advance(context.Background(), 48*time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := w.jobs.ResetClock(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := w.jobs.Now(); !got.Equal(wall.Now()) || w.jobs.Skew() != 0 {
		t.Errorf("after the reset the clock says %v (ahead by %v), want the wall clock's %v", got, w.jobs.Skew(), wall.Now())
	}
	w.db.Close()
	w = open(t, path, wall)
	defer w.db.Close()
	if w.jobs.Skew() != 0 {
		t.Errorf("after a restart the clock is ahead by %v, want 0", w.jobs.Skew())
	}
}
