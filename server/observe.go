package server

import (
	"context"

	"pcs/jobs"
	"pcs/store"
)

// maxPendingCounted bounds the pending jobs one metrics scrape reads; the
// pcs_jobs_pending gauges stop counting there.
const maxPendingCounted = 10000

// pendingJobs counts the runner's pending jobs by kind, for the metrics.
func pendingJobs(runner *jobs.Runner) func(context.Context) (map[string]int, error) {
	return func(ctx context.Context) (map[string]int, error) {
		js, err := runner.Jobs(ctx, store.JobPending, maxPendingCounted)
		if err != nil {
			return nil, err
		}
		kinds := map[string]int{}
		for _, j := range js {
			kinds[j.Kind]++
		}
		return kinds, nil
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
