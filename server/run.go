package server

import (
	"context"
	"sync"
	"time"

	"pcs/selling"
)

// Run runs the background workers until ctx ends, and returns once they
// have stopped: the AWS side's job runner, maintenance and, with event
// targets, event delivery. Close the store only after Run returns.
func (s *Server) Run(ctx context.Context) {
	var work sync.WaitGroup
	work.Go(func() { s.maintain(ctx) })
	work.Go(func() { s.jobs.Run(ctx) })
	if s.deliver != nil {
		work.Go(func() { s.deliver.Run(ctx) })
	}
	work.Wait()
}

// maintainEvery is how often old opportunity versions and client tokens are
// swept; the sweep is bookkeeping, not behavior a client can observe.
const maintainEvery = 10 * time.Minute

func (s *Server) maintain(ctx context.Context) {
	t := time.NewTicker(maintainEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			pruned, expired, err := selling.Maintain(ctx, s.svc)
			if err != nil && ctx.Err() == nil {
				s.log.Error("maintenance failed", "err", err)
				continue
			}
			s.log.Debug("maintenance", "versions_pruned", pruned, "client_tokens_expired", expired)
		}
	}
}
