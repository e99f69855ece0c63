package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"pcs/clock"
	"pcs/jobs"
	"pcs/store"
	"pcs/store/postgres"
	"pcs/store/postgres/pgtest"
)

// onceWorker does a job by marking it in the store, and fails a job it
// finds marked: run twice, a job fails its second run.
type onceWorker struct{}

func (onceWorker) RunJob(ctx context.Context, tx store.Tx, j store.Job) error {
	key := fmt.Sprintf("test/ran/%d", j.ID)
	if _, err := tx.GetSetting(ctx, key); err == nil {
		return fmt.Errorf("job %d ran before", j.ID)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return tx.PutSetting(ctx, key, "1")
}

// errorLog collects the messages logged at level error.
type errorLog struct {
	mu   sync.Mutex
	msgs []string
}

func (l *errorLog) Enabled(_ context.Context, lv slog.Level) bool { return lv >= slog.LevelError }
func (l *errorLog) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool { fmt.Fprintf(&b, " %s", a); return true })
	l.msgs = append(l.msgs, b.String())
	return nil
}
func (l *errorLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *errorLog) WithGroup(string) slog.Handler      { return l }

// TestTwoRunnersRunEachJobOnce: two runners over one PostgreSQL schema (two
// pcs) take the same due jobs at once; each job is done once, and neither
// logs a failure for a job the other finished.
func TestTwoRunnersRunEachJobOnce(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Schema(t)
	wall := clock.NewFixed(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	logged := &errorLog{}
	var runners []*jobs.Runner
	var db store.Store
	for range 2 {
		h, err := postgres.Open(ctx, url, 4)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { h.Close() })
		clk, err := jobs.LoadClock(ctx, h, wall)
		if err != nil {
			t.Fatal(err)
		}
		runners, db = append(runners, jobs.New(h, onceWorker{}, clk, slog.New(logged))), h
	}
	const n = 50
	if err := db.Update(ctx, func(tx store.Tx) error {
		for i := range n {
			if err := tx.ScheduleJob(ctx, &store.Job{Key: fmt.Sprintf("once/%d", i), Kind: "once", DueAt: wall.Now()}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	ran := make([]int, len(runners))
	var wg sync.WaitGroup
	for i, r := range runners {
		wg.Go(func() {
			var err error
			if ran[i], err = r.RunDue(ctx); err != nil {
				t.Errorf("runner %d: %v", i, err)
			}
		})
	}
	wg.Wait()

	if ran[0]+ran[1] != n {
		t.Errorf("the runners ran %d and %d jobs, want %d in all", ran[0], ran[1], n)
	}
	done, err := runners[0].Jobs(ctx, store.JobDone, 2*n)
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != n {
		t.Errorf("%d jobs done, want %d", len(done), n)
	}
	for _, j := range done {
		if err := db.View(ctx, func(tx store.Tx) error {
			_, err := tx.GetSetting(ctx, fmt.Sprintf("test/ran/%d", j.ID))
			return err
		}); err != nil {
			t.Errorf("job %d is done but took no effect: %v", j.ID, err)
		}
	}
	for _, m := range logged.msgs {
		t.Errorf("logged: %s", m)
	}
}
