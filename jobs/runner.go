// Package jobs is pcs's durable job runner and the pcs clock. Jobs are the
// work scheduled for later (AWS's side: reviews, referrals, expiries,
// prospecting), kept in the store and due at moments of the pcs clock,
// which the user can move ahead. The runner does each job through a
// Worker in one transaction with the record of its end, so a restart loses
// none and runs none twice.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"pcs/clock"
	"pcs/store"
)

// Worker does one job inside tx, the transaction that records it done;
// *selling.AWS is pcs's.
type Worker interface {
	RunJob(ctx context.Context, tx store.Tx, j store.Job) error
}

// Runner owns the movable clock and runs due jobs.
type Runner struct {
	db     store.Store
	worker Worker
	clock  *clock.Offset
	log    *slog.Logger
	mu     sync.Mutex // one RunDue at a time

	// wall times how long ago the stored clock offset was read (readAt),
	// under readMu; see SyncClock.
	wall   clock.Clock
	readMu sync.Mutex
	readAt time.Time
	window time.Duration // see clockWindow
}

// New returns a Runner that does jobs with w, using clk (from LoadClock)
// as the pcs clock.
func New(db store.Store, w Worker, clk *clock.Offset, log *slog.Logger) *Runner {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Runner{db: db, worker: w, clock: clk, log: log, wall: clock.System{}, readAt: clock.System{}.Now(), window: clockWindow(db)}
}

// Now is the pcs clock's time.
func (r *Runner) Now() time.Time { return r.clock.Now() }

// ErrClockBackwards is Advance's refusal of a move by no time or back: the
// pcs clock only moves forward. Its callers answer it as bad input.
var ErrClockBackwards = errors.New("the clock only moves forward")

// Advance moves the pcs clock forward by d, durably, and runs what fell due;
// d <= 0 is refused with ErrClockBackwards.
// The new offset is the stored one plus d, read in the transaction that
// writes it, so that moves made through several pcs on one store add up.
func (r *Runner) Advance(ctx context.Context, d time.Duration) (time.Time, error) {
	if d <= 0 {
		return r.Now(), fmt.Errorf("%w; got %v", ErrClockBackwards, d)
	}
	var offset time.Duration
	err := r.db.Update(ctx, func(tx store.Tx) error {
		stored, err := storedOffset(ctx, tx)
		if err != nil {
			return err
		}
		offset = stored + d
		return tx.PutSetting(ctx, clockOffsetKey, strconv.FormatInt(int64(offset), 10))
	})
	if err != nil {
		return r.Now(), err
	}
	r.clockSet(offset)
	if _, err := r.RunDue(ctx); err != nil {
		return r.Now(), err
	}
	return r.Now(), nil
}

// ResetClock puts the pcs clock back on the wall clock, durably. Times
// written before then may lie ahead of it: it is for a reset of
// everything (POST /_pcs/reset).
func (r *Runner) ResetClock(ctx context.Context) error {
	r.mu.Lock() // not in the middle of a RunDue pass
	defer r.mu.Unlock()
	err := r.db.Update(ctx, func(tx store.Tx) error {
		_, err := tx.DeleteSettings(ctx, clockOffsetKey)
		return err
	})
	if err != nil {
		return err
	}
	r.clock.Reset()
	r.clockSet(0)
	return nil
}

// Skew is how far the pcs clock is ahead of the wall clock.
func (r *Runner) Skew() time.Duration { return r.clock.Skew() }

// dueBatch bounds how many jobs one pass claims.
const dueBatch = 100

// RunDue runs every job due by now and returns how many ran. A job that
// fails is recorded as failed, not retried: its error is a bug to see.
func (r *Runner) RunDue(ctx context.Context) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.SyncClock(ctx); err != nil {
		return 0, err
	}
	ran := 0
	for {
		var due []store.Job
		now := r.Now()
		if err := r.db.View(ctx, func(tx store.Tx) error {
			var err error
			due, err = tx.DueJobs(ctx, now, dueBatch)
			return err
		}); err != nil {
			return ran, err
		}
		if len(due) == 0 {
			return ran, nil
		}
		for _, j := range due {
			done, err := r.run(ctx, j)
			if err != nil {
				return ran, err
			}
			if done {
				ran++
			}
		}
	}
}

// errTaken is a job another runner on the store finished first.
var errTaken = errors.New("jobs: the job is no longer pending")

// run does one job and records its end in the same transaction. It claims
// the job first, in that transaction: another runner on the store (another
// pcs) may have picked the same due job and finished it since, and then
// the job is skipped, not run again, which could fail on what the first
// run changed.
func (r *Runner) run(ctx context.Context, j store.Job) (done bool, err error) {
	err = r.db.Update(ctx, func(tx store.Tx) error {
		err := tx.FinishJob(ctx, j.ID, r.Now(), "")
		if errors.Is(err, store.ErrNotFound) {
			return errTaken
		}
		if err != nil {
			return err
		}
		return r.worker.RunJob(ctx, tx, j)
	})
	if err == nil || errors.Is(err, errTaken) {
		return err == nil, nil
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	r.log.Error("AWS-side job failed", "job", j.ID, "kind", j.Kind, "err", err)
	return true, r.db.Update(ctx, func(tx store.Tx) error {
		err := tx.FinishJob(ctx, j.ID, r.Now(), err.Error())
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	})
}

// maxIdle bounds how long Run waits between looks, so that jobs scheduled
// by writes since still run on time.
const maxIdle = time.Second

// Run runs due jobs until ctx ends. It sleeps until the next job is due on
// the pcs clock, at most maxIdle.
func (r *Runner) Run(ctx context.Context) {
	for {
		if _, err := r.RunDue(ctx); err != nil && ctx.Err() == nil {
			r.log.Error("running AWS-side jobs", "err", err)
		}
		wait := maxIdle
		_ = r.db.View(ctx, func(tx store.Tx) error {
			due, ok, err := tx.NextJobDue(ctx)
			if err == nil && ok {
				wait = min(wait, max(0, due.Sub(r.Now())))
			}
			return err
		})
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// Jobs lists jobs in a state ("" for all), newest first.
func (r *Runner) Jobs(ctx context.Context, state string, limit int) ([]store.Job, error) {
	var jobs []store.Job
	err := r.db.View(ctx, func(tx store.Tx) error {
		var err error
		jobs, err = tx.ListJobs(ctx, state, limit)
		return err
	})
	return jobs, err
}
