package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pcs/store"
)

// seqEvents is the counter of the outbox's positions.
const seqEvents = "store/events"

func (t *Tx) AppendEvent(ctx context.Context, e *store.Event) error {
	written := e.Written
	if written.IsZero() {
		written = e.Time
	}
	// The position comes from a counter row the transaction updates, not
	// from the database's own sequences, which hand out numbers in the order
	// transactions ask for them rather than the order they commit: a reader
	// could then see n+1, move its cursor past it, and miss n committed later.
	if t.d.UpdateInWith {
		var seq int64
		err := t.queryRow(ctx, `WITH s AS (UPDATE sequences SET value = value + 1 WHERE name = ? RETURNING value)
			INSERT INTO events (seq, id, account, catalog, detail_type, time, written, doc)
			SELECT value, ?, ?, ?, ?, ?, ?, ? FROM s RETURNING seq`,
			seqEvents, e.ID, e.Account, e.Catalog, e.DetailType, e.Time.UnixNano(), written.UnixNano(), nonNil(e.Doc)).Scan(&seq)
		switch {
		case err == nil:
			e.Seq = seq
			t.outboxChanged = true
			return nil
		case !errors.Is(err, sql.ErrNoRows): // no rows: the counter's first value, below
			return t.errorf("append event: %w", err)
		}
	}
	seq, err := t.NextSequence(ctx, seqEvents)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO events (seq, id, account, catalog, detail_type, time, written, doc)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		seq, e.ID, e.Account, e.Catalog, e.DetailType, e.Time.UnixNano(), written.UnixNano(), nonNil(e.Doc))
	if err != nil {
		return t.errorf("append event: %w", err)
	}
	e.Seq = seq
	t.outboxChanged = true
	return nil
}

const eventColumns = `seq, id, account, catalog, detail_type, time, written, doc`

func scanEvent(row rowScanner) (store.Event, error) {
	var e store.Event
	var at, written int64
	err := row.Scan(&e.Seq, &e.ID, &e.Account, &e.Catalog, &e.DetailType, &at, &written, &e.Doc)
	e.Time, e.Written = time.Unix(0, at).UTC(), time.Unix(0, written).UTC()
	return e, err
}

func (t *Tx) EventsAfter(ctx context.Context, account string, after int64, limit int) ([]store.Event, error) {
	return queryAll(ctx, t, "events", `SELECT `+eventColumns+` FROM events
		WHERE seq > ? AND (? = '' OR account = ?) ORDER BY seq LIMIT ?`, []any{after, account, account, limit}, scanEvent)
}

func (t *Tx) PruneEvents(ctx context.Context, before time.Time, through int64) (int64, error) {
	// The last event to delete: walking the outbox in order, the one before
	// the first event to keep (written since t, or past through).
	var last int64
	err := t.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM events WHERE seq < COALESCE(
		(SELECT seq FROM events WHERE written >= ? OR seq > ? ORDER BY seq LIMIT 1), 9223372036854775807)`,
		before.UnixNano(), through).Scan(&last)
	if err != nil {
		return 0, t.errorf("prune events: %w", err)
	}
	if last == 0 {
		return 0, nil
	}
	res, err := t.exec(ctx, `DELETE FROM events WHERE seq <= ?`, last)
	if err != nil {
		return 0, t.errorf("prune events: %w", err)
	}
	if _, err := t.exec(ctx, `UPDATE events_pruned SET through = `+t.d.Greatest+`(through, ?)`, last); err != nil {
		return 0, t.errorf("prune events: %w", err)
	}
	t.outboxChanged = true // a reader whose cursor was in the pruned part is told so
	return res.RowsAffected()
}

func (t *Tx) EventsPrunedThrough(ctx context.Context) (int64, error) {
	var through int64
	if err := t.queryRow(ctx, `SELECT through FROM events_pruned`).Scan(&through); err != nil {
		return 0, t.errorf("pruned events: %w", err)
	}
	return through, nil
}
