package sqlite

import (
	"context"
	"fmt"
	"time"

	"pcs/store"
)

func (t *txn) AppendEvent(ctx context.Context, e *store.Event) error {
	written := e.Written
	if written.IsZero() {
		written = e.Time
	}
	err := t.tx.QueryRowContext(ctx, `INSERT INTO events (id, account, catalog, detail_type, time, written, doc)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
		e.ID, e.Account, e.Catalog, e.DetailType, e.Time.UnixNano(), written.UnixNano(), nonNil(e.Doc)).Scan(&e.Seq)
	if err != nil {
		return fmt.Errorf("sqlite: append event: %w", err)
	}
	return nil
}

func (t *txn) EventsAfter(ctx context.Context, account string, after int64, limit int) ([]store.Event, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT seq, id, account, catalog, detail_type, time, written, doc FROM events
		WHERE seq > ? AND (? = '' OR account = ?) ORDER BY seq LIMIT ?`, after, account, account, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: events: %w", err)
	}
	defer rows.Close()
	var out []store.Event
	for rows.Next() {
		var e store.Event
		var at, written int64
		if err := rows.Scan(&e.Seq, &e.ID, &e.Account, &e.Catalog, &e.DetailType, &at, &written, &e.Doc); err != nil {
			return nil, fmt.Errorf("sqlite: events: %w", err)
		}
		e.Time = time.Unix(0, at).UTC()
		e.Written = time.Unix(0, written).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

func (t *txn) PruneEvents(ctx context.Context, before time.Time, through int64) (int64, error) {
	// The last event to delete: walking the outbox in order, the one before
	// the first event to keep (written since t, or past through).
	var last int64
	err := t.tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM events WHERE seq < COALESCE(
		(SELECT seq FROM events WHERE written >= ? OR seq > ? ORDER BY seq LIMIT 1), 9223372036854775807)`,
		before.UnixNano(), through).Scan(&last)
	if err != nil {
		return 0, fmt.Errorf("sqlite: prune events: %w", err)
	}
	if last == 0 {
		return 0, nil
	}
	res, err := t.tx.ExecContext(ctx, `DELETE FROM events WHERE seq <= ?`, last)
	if err != nil {
		return 0, fmt.Errorf("sqlite: prune events: %w", err)
	}
	if _, err := t.tx.ExecContext(ctx, `UPDATE events_pruned SET through = MAX(through, ?)`, last); err != nil {
		return 0, fmt.Errorf("sqlite: prune events: %w", err)
	}
	return res.RowsAffected()
}

func (t *txn) EventsPrunedThrough(ctx context.Context) (int64, error) {
	var through int64
	if err := t.tx.QueryRowContext(ctx, `SELECT through FROM events_pruned`).Scan(&through); err != nil {
		return 0, fmt.Errorf("sqlite: pruned events: %w", err)
	}
	return through, nil
}
