package selling

import (
	"context"

	"pcs/store"
)

// Maintain forgets what the service no longer needs: opportunity versions
// that no live page token can reach, and client tokens past their window.
// It changes nothing a client can observe, so it may run at any time.
func (s *Service) Maintain(ctx context.Context) (pruned, expired int64, err error) {
	now := s.now()
	err = s.db.Update(ctx, func(tx store.Tx) error {
		var err error
		if pruned, err = tx.PruneOpportunityHistory(ctx, now.Add(-s.cfg.PageTokenTTL)); err != nil {
			return err
		}
		expired, err = tx.DeleteIdempotencyBefore(ctx, now.Add(-s.cfg.IdempotencyWindow))
		return err
	})
	return pruned, expired, err
}
