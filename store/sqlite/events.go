package sqlite

import (
	"context"
	"fmt"
	"time"

	"pcs/store"
)

func (t *txn) AppendEvent(ctx context.Context, e *store.Event) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO events (id, account, catalog, detail_type, time, doc)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING seq`,
		e.ID, e.Account, e.Catalog, e.DetailType, e.Time.UnixNano(), nonNil(e.Doc)).Scan(&e.Seq)
	if err != nil {
		return fmt.Errorf("sqlite: append event: %w", err)
	}
	return nil
}

func (t *txn) EventsAfter(ctx context.Context, account string, after int64, limit int) ([]store.Event, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT seq, id, account, catalog, detail_type, time, doc FROM events
		WHERE seq > ? AND (? = '' OR account = ?) ORDER BY seq LIMIT ?`, after, account, account, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: events: %w", err)
	}
	defer rows.Close()
	var out []store.Event
	for rows.Next() {
		var e store.Event
		var at int64
		if err := rows.Scan(&e.Seq, &e.ID, &e.Account, &e.Catalog, &e.DetailType, &at, &e.Doc); err != nil {
			return nil, fmt.Errorf("sqlite: events: %w", err)
		}
		e.Time = time.Unix(0, at).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}
