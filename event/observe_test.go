package event_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"pcs/event"
)

// TestObserveDeliveries: Observe hears of every attempt, failed or not,
// with its target and event, and not of the duplicates.
func TestObserveDeliveries(t *testing.T) {
	db := outbox(t, 2)
	srv := httptest.NewServer(&receiver{down: 1})
	defer srv.Close()
	target := event.Target{Name: "crm", Sender: &event.Webhook{URL: srv.URL, Secret: "s3cret"}}
	var seen []event.Delivery
	d := event.NewDeliverer(event.DelivererConfig{Store: db, Targets: []event.Target{target}, Duplicates: 1,
		Observe: func(x event.Delivery) { seen = append(seen, x) }})
	if _, err := d.DeliverPending(context.Background(), target); err == nil {
		t.Fatal("delivery to a target that is down succeeded")
	}
	if n, err := d.DeliverPending(context.Background(), target); err != nil || n != 2 {
		t.Fatalf("%d delivered, %v", n, err)
	}
	want := []struct {
		id     string
		failed bool
	}{{"e0", true}, {"e0", false}, {"e1", false}}
	if len(seen) != len(want) {
		t.Fatalf("observed %d attempts, want %d: %+v", len(seen), len(want), seen)
	}
	for i, w := range want {
		if s := seen[i]; s.Target != "crm" || s.Event.ID != w.id || (s.Err != nil) != w.failed {
			t.Errorf("attempt %d: %s %s %v; want %s, failed %v", i, s.Target, s.Event.ID, s.Err, w.id, w.failed)
		}
	}
}
