package selling

import (
	"context"
	"math"

	"pcs/store"
)

// Maintenance is what one Maintain forgot.
type Maintenance struct {
	Versions     int64 // superseded opportunity versions
	ClientTokens int64 // client tokens past their window
	Events       int64 // events past their retention
}

// AllDelivered is the outbox position Maintain gets when no event target
// waits for events: only the retention keeps them.
const AllDelivered = math.MaxInt64

// Maintain forgets what the service no longer needs: opportunity versions
// that no live page token can reach, client tokens past their window, and
// events older than the event retention (on the wall clock) that every event
// target has had: delivered is the outbox position the slowest target has
// reached, or AllDelivered without targets. It changes nothing a client can
// observe, so it may run at any time; it is no API operation but pcs's
// housekeeping of s's store.
func Maintain(ctx context.Context, s *Service, delivered int64) (Maintenance, error) {
	now := s.now()
	var m Maintenance
	err := s.db.Update(ctx, func(tx store.Tx) error {
		var err error
		if m.Versions, err = tx.PruneOpportunityHistory(ctx, now.Add(-s.cfg.PageTokenTTL)); err != nil {
			return err
		}
		if m.ClientTokens, err = tx.DeleteIdempotencyBefore(ctx, now.Add(-s.cfg.IdempotencyWindow)); err != nil {
			return err
		}
		if s.cfg.EventRetention > 0 {
			m.Events, err = tx.PruneEvents(ctx, s.cfg.Wall.Now().Add(-s.cfg.EventRetention), delivered)
		}
		return err
	})
	return m, err
}
