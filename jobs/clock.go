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

// clockTTL is how long a pcs trusts the offset it last read, on a store
// only it uses (SQLite holds its data directory's lock): a move made
// through this pcs takes effect here at once, and no other pcs moves it.
// On a store several pcs share (PostgreSQL), one may move it (an advance,
// a reset, an import) while the others run: each request reads it again
// (SyncClock), so that a move through one pcs shows on every other at once.
const clockTTL = 100 * time.Millisecond

// clockWindow is how long a runner over db trusts the offset it read.
func clockWindow(db store.Store) time.Duration {
	if s, ok := db.(store.Shared); ok && s.Shared() {
		return 0
	}
	return clockTTL
}

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
	return r.readClock(ctx)
}

// SyncClock puts the pcs clock on the offset saved in the store, so that
// a move made by another pcs on the store shows here: it reads the offset
// unless a read began since SyncClock was called, and, on a store no other
// pcs uses, unless the last read is less than clockTTL old. Call it
// outside any transaction (the server does, before each request). The
// look at readAt and the read are under one hold of readMu, so that the
// requests arriving during a read make one read between them, after it.
func (r *Runner) SyncClock(ctx context.Context) error {
	called := r.wall.Now()
	r.readMu.Lock()
	defer r.readMu.Unlock()
	if !r.readAt.Before(called) || r.wall.Now().Sub(r.readAt) < r.window {
		return nil
	}
	return r.readClockLocked(ctx)
}

// readClock reads the stored offset and puts the clock on it.
func (r *Runner) readClock(ctx context.Context) error {
	r.readMu.Lock()
	defer r.readMu.Unlock()
	return r.readClockLocked(ctx)
}

// readClockLocked is readClock under readMu. A failed read is not tried
// again before clockTTL either, so that a store that is down costs one
// look per window, not one per request.
func (r *Runner) readClockLocked(ctx context.Context) error {
	r.readAt = r.wall.Now()
	offset, err := loadOffset(ctx, r.db)
	if err != nil {
		return err
	}
	r.clock.Set(offset)
	return nil
}

// clockSet records that the clock was just put on the stored offset d.
func (r *Runner) clockSet(d time.Duration) {
	r.readMu.Lock()
	defer r.readMu.Unlock()
	r.clock.Set(d)
	r.readAt = r.wall.Now()
}

func loadOffset(ctx context.Context, db store.Store) (time.Duration, error) {
	if r, ok := db.(store.SettingReader); ok {
		return parseOffset(r.Setting(ctx, clockOffsetKey))
	}
	var offset time.Duration
	err := db.View(ctx, func(tx store.Tx) error {
		var err error
		offset, err = storedOffset(ctx, tx)
		return err
	})
	return offset, err
}

// storedOffset is the offset saved in tx, zero when none is.
func storedOffset(ctx context.Context, tx store.Tx) (time.Duration, error) {
	return parseOffset(tx.GetSetting(ctx, clockOffsetKey))
}

// parseOffset is the offset of the stored setting v, zero when there is
// none (err is store.ErrNotFound).
func parseOffset(v string, err error) (time.Duration, error) {
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("stored clock offset %q: %w", v, err)
	}
	return time.Duration(n), nil
}
