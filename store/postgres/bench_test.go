package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"pcs/store"
)

// BenchmarkAppendEvent is a write of one event, as most API writes are:
// the write lock, the outbox's counter, the row and the notification.
func BenchmarkAppendEvent(b *testing.B) {
	ctx := context.Background()
	db := openFresh(b)
	defer db.Close()
	for i := 0; b.Loop(); i++ {
		err := db.Update(ctx, func(tx store.Tx) error {
			return tx.AppendEvent(ctx, &store.Event{ID: fmt.Sprint("e", i), Account: "111111111111", Catalog: "Sandbox",
				DetailType: "Opportunity Created", Time: time.Now(), Doc: []byte(`{}`)})
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
