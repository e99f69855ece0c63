package store

import (
	"context"
	"time"
)

// DeliveryLeaser keeps who delivers to each event target: of several pcs
// on one store, the one holding a target's lease, until it expires. The
// deliverer takes the lease in the transaction that moves the target's
// position, so a pcs that lost it cannot move the position. Times are on
// the wall clock, which every pcs shares; the pcs clock is not.
type DeliveryLeaser interface {
	// TakeDeliveryLease gives holder the lease of target until until, if
	// no one holds it, holder does already (a renewal) or its holder's
	// lease expired at or before now. It reports whether holder has it;
	// when another holder does, it changes nothing.
	TakeDeliveryLease(ctx context.Context, target, holder string, now, until time.Time) (bool, error)
	// ReleaseDeliveryLease gives up holder's lease of target, if holder
	// has it, so that another may take it at once.
	ReleaseDeliveryLease(ctx context.Context, target, holder string) error
}
