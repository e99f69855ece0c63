package server

import (
	"context"
	"sync"
	"time"

	"pcs/selling"
)

// Run runs the background workers until ctx ends, and returns once they
// have stopped: the AWS side's job runner, maintenance and, with event
// targets, event delivery, whose leases it then gives up for another pcs
// on the store to take over. Close the store only after Run returns.
func (s *Server) Run(ctx context.Context) {
	var work sync.WaitGroup
	work.Go(func() { s.maintain(ctx) })
	work.Go(func() { s.jobs.Run(ctx) })
	if s.deliver != nil {
		work.Go(func() { s.deliver.Run(ctx) })
	}
	work.Wait()
	if s.deliver != nil {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := s.deliver.Release(rctx); err != nil {
			s.log.Warn("giving up the event targets' leases; another pcs takes them over once they expire", "err", err)
		}
	}
}

// maintainEvery is how often old opportunity versions, client tokens and
// events are swept; the sweep is bookkeeping, not behavior a client can
// observe.
const maintainEvery = 10 * time.Minute

func (s *Server) maintain(ctx context.Context) {
	t := time.NewTicker(maintainEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			m, err := s.sweep(ctx)
			if err != nil && ctx.Err() == nil {
				s.log.Error("maintenance failed", "err", err)
				continue
			}
			s.log.Debug("maintenance", "versions_pruned", m.Versions, "client_tokens_expired", m.ClientTokens,
				"events_pruned", m.Events)
		}
	}
}

// sweep runs the maintenance once. Events stay until the slowest event
// target has had them, whatever their age.
func (s *Server) sweep(ctx context.Context) (selling.Maintenance, error) {
	delivered := int64(selling.AllDelivered)
	if s.deliver != nil {
		var err error
		if delivered, err = s.deliver.Delivered(ctx); err != nil {
			return selling.Maintenance{}, err
		}
	}
	return selling.Maintain(ctx, s.svc, delivered)
}
