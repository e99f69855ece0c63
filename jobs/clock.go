package jobs

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"pcs/clock"
	"pcs/store"
)

// clockOffsetKey is the setting that keeps how far the user moved the
// clock. (Its name predates the package's; stores keep it.)
const clockOffsetKey = "sim/clock-offset-ns"

// LoadClock returns the pcs clock: base plus the offset the user moved it
// by, as saved in db.
func LoadClock(ctx context.Context, db store.Store, base clock.Clock) (*clock.Offset, error) {
	offset, err := loadOffset(ctx, db)
	if err != nil {
		return nil, err
	}
	return clock.NewOffset(base, offset), nil
}

// ReloadClock puts the pcs clock on the offset saved in the store, which
// an import of a whole store replaced: the clock goes where the exported
// pcs's was, back if need be.
func (r *Runner) ReloadClock(ctx context.Context) error {
	r.mu.Lock() // not in the middle of a RunDue pass
	defer r.mu.Unlock()
	offset, err := loadOffset(ctx, r.db)
	if err != nil {
		return err
	}
	r.clock.Reset()
	r.clock.Advance(offset)
	return nil
}

func loadOffset(ctx context.Context, db store.Store) (time.Duration, error) {
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
	return offset, err
}
