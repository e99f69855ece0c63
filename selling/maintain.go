package selling

import (
	"context"

	"pcs/store"
)

// Maintain forgets what the service no longer needs: opportunity versions
// that no live page token can reach, and client tokens past their window.
// It changes nothing a client can observe, so it may run at any time; it is
// no API operation but pcs's housekeeping of s's store.
func Maintain(ctx context.Context, s *Service) (pruned, expired int64, err error) {
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
