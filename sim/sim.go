// Package sim runs the AWS side of pcs: the scheduled work AWS does on its
// own (reviews today; referrals and expiries next), kept as durable jobs in
// the store and timed by the pcs clock, which the user can move. Jobs run
// through selling, each in one transaction with its completion, so a
// restart loses none and runs none twice.
package sim

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"pcs/clock"
	"pcs/selling"
	"pcs/store"
)

// clockOffsetKey is the setting that keeps how far the user moved the clock.
const clockOffsetKey = "sim/clock-offset-ns"

// Sim owns the movable clock and runs due jobs.
type Sim struct {
	db    store.Store
	aws   *selling.AWS
	clock *clock.Offset
	log   *slog.Logger
	kick  chan struct{}
	mu    sync.Mutex // one RunDue at a time
}

// LoadClock returns the pcs clock: base plus the offset the user moved it
// by, as saved in db.
func LoadClock(ctx context.Context, db store.Store, base clock.Clock) (*clock.Offset, error) {
	var offset time.Duration
	err := db.View(ctx, func(tx store.Tx) error {
		v, err := tx.GetSetting(ctx, clockOffsetKey)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("stored clock offset %q: %w", v, err)
		}
		offset = time.Duration(n)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return clock.NewOffset(base, offset), nil
}

// New returns a Sim that runs jobs through aws, using clk (from LoadClock)
// as the pcs clock.
func New(db store.Store, aws *selling.AWS, clk *clock.Offset, log *slog.Logger) *Sim {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Sim{db: db, aws: aws, clock: clk, log: log, kick: make(chan struct{}, 1)}
}

// Now is the pcs clock's time.
func (s *Sim) Now() time.Time { return s.clock.Now() }

// Advance moves the pcs clock forward by d, durably, and runs what fell due.
func (s *Sim) Advance(ctx context.Context, d time.Duration) (time.Time, error) {
	if d <= 0 {
		return s.Now(), fmt.Errorf("the clock only moves forward; got %v", d)
	}
	err := s.db.Update(ctx, func(tx store.Tx) error {
		return tx.PutSetting(ctx, clockOffsetKey, strconv.FormatInt(int64(s.clock.Skew()+d), 10))
	})
	if err != nil {
		return s.Now(), err
	}
	s.clock.Advance(d)
	if _, err := s.RunDue(ctx); err != nil {
		return s.Now(), err
	}
	return s.Now(), nil
}

// Skew is how far the pcs clock is ahead of the wall clock.
func (s *Sim) Skew() time.Duration { return s.clock.Skew() }

// dueBatch bounds how many jobs one pass claims.
const dueBatch = 100

// RunDue runs every job due by now and returns how many ran. A job that
// fails is recorded as failed, not retried: its error is a bug to see.
func (s *Sim) RunDue(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ran := 0
	for {
		var due []store.Job
		now := s.Now()
		if err := s.db.View(ctx, func(tx store.Tx) error {
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
			if err := s.run(ctx, j); err != nil {
				return ran, err
			}
			ran++
		}
	}
}

// run does one job and records its end in the same transaction.
func (s *Sim) run(ctx context.Context, j store.Job) error {
	err := s.db.Update(ctx, func(tx store.Tx) error {
		if err := s.aws.RunJob(ctx, tx, j); err != nil {
			return err
		}
		return tx.FinishJob(ctx, j.ID, s.Now(), "")
	})
	if err == nil || errors.Is(err, store.ErrNotFound) {
		return nil // done, or already finished by another runner
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	s.log.Error("AWS-side job failed", "job", j.ID, "kind", j.Kind, "err", err)
	return s.db.Update(ctx, func(tx store.Tx) error {
		err := tx.FinishJob(ctx, j.ID, s.Now(), err.Error())
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	})
}

// Kick asks Run to look for due jobs now (after a write that scheduled one).
func (s *Sim) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// maxIdle bounds how long Run waits between looks, so that jobs scheduled
// by writes it was not told about still run on time.
const maxIdle = time.Second

// Run runs due jobs until ctx ends. It sleeps until the next job is due on
// the pcs clock (at most maxIdle), or until kicked.
func (s *Sim) Run(ctx context.Context) {
	for {
		if _, err := s.RunDue(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("running AWS-side jobs", "err", err)
		}
		wait := maxIdle
		_ = s.db.View(ctx, func(tx store.Tx) error {
			due, ok, err := tx.NextJobDue(ctx)
			if err == nil && ok {
				wait = min(wait, max(0, due.Sub(s.Now())))
			}
			return err
		})
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.kick:
			t.Stop()
		case <-t.C:
		}
	}
}

// Jobs lists jobs in a state ("" for all), newest first.
func (s *Sim) Jobs(ctx context.Context, state string, limit int) ([]store.Job, error) {
	var jobs []store.Job
	err := s.db.View(ctx, func(tx store.Tx) error {
		var err error
		jobs, err = tx.ListJobs(ctx, state, limit)
		return err
	})
	return jobs, err
}
