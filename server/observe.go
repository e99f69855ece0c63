package server

import (
	"context"

	"pcs/jobs"
	"pcs/store"
)

// maxPendingCounted bounds the pending jobs one metrics scrape reads; the
// pcs_jobs_pending gauge stops counting there.
const maxPendingCounted = 10000

// pendingJobs counts the runner's pending jobs, for the metrics.
func pendingJobs(runner *jobs.Runner) func(context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		js, err := runner.Jobs(ctx, store.JobPending, maxPendingCounted)
		return len(js), err
	}
}

// storeSize is the store's size for the metrics, when the store can tell
// it (store/sqlite can); nil otherwise.
func storeSize(db store.Store) func(context.Context) (int64, error) {
	if s, ok := db.(interface {
		Size(context.Context) (int64, error)
	}); ok {
		return s.Size
	}
	return nil
}
