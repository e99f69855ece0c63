package selling_test

import (
	"context"
	"testing"
	"time"

	"pcs/clock"
	"pcs/internal/apitest"
	"pcs/selling"
	"pcs/server"
)

func TestMaintainForgetsOnlyWhatIsOld(t *testing.T) {
	ctx := context.Background()
	s := apitest.New(t)
	svc := selling.New(s.Store, clock.Clock(s.Clock), selling.Config{Wall: s.Clock})
	ids := seed(t, s, 2)
	s.OK("UpdateOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": ids[0],
		"LastModifiedDate": getOpp(t, s, ids[0])["LastModifiedDate"], "Marketing": map[string]any{"Source": "None"}})
	evs, _, err := selling.Events(ctx, svc, "", 0, 100)
	if err != nil || len(evs) != 3 {
		t.Fatalf("events of two creates and an update: %d, %v", len(evs), err)
	}

	m, err := selling.Maintain(ctx, svc, selling.AllDelivered)
	if err != nil || m != (selling.Maintenance{}) {
		t.Fatalf("fresh state: forgot %+v, %v; want nothing forgotten", m, err)
	}
	s.Clock.Advance(25 * time.Hour)
	// One event target has had only the first event: the others stay.
	m, err = selling.Maintain(ctx, svc, evs[0].Seq)
	if want := (selling.Maintenance{Versions: 1, ClientTokens: 2, Events: 1}); err != nil || m != want {
		t.Errorf("a day later: forgot %+v, %v; want %+v", m, err, want)
	}
	if got, _ := listIDs(t, s, map[string]any{"Catalog": "Sandbox"}); len(got) != 2 {
		t.Errorf("after maintenance the listing has %v", got)
	}
	m, err = selling.Maintain(ctx, svc, selling.AllDelivered)
	if want := (selling.Maintenance{Events: 2}); err != nil || m != want {
		t.Errorf("once every event is delivered: forgot %+v, %v; want %+v", m, err, want)
	}
}

// TestEventRetention: the outbox's retention runs on the wall clock, not
// the pcs clock the user moves, and a negative one keeps every event; a
// reader whose cursor is in the pruned part gets what remains, told so.
func TestEventRetention(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		retention time.Duration
		pcs, wall time.Duration // how far the pcs clock alone, then both, move
		pruned    int
	}{
		{"within the retention", 0, 0, 23 * time.Hour, 0},
		{"past the default retention", 0, 0, 25 * time.Hour, 3},
		{"past a retention of its own", time.Hour, 0, 2 * time.Hour, 3},
		{"the pcs clock moved, not the wall", 0, 48 * time.Hour, time.Hour, 0},
		{"kept forever", -1, 0, 1000 * time.Hour, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apitest.NewWith(t, server.Config{Selling: selling.Config{EventRetention: tt.retention}})
			seed(t, s, 3)
			if tt.pcs > 0 {
				if _, err := s.Jobs.Advance(ctx, tt.pcs); err != nil {
					t.Fatal(err)
				}
			}
			s.Advance(tt.wall)
			m, err := selling.Maintain(ctx, s.Service, selling.AllDelivered)
			if err != nil || m.Events != int64(tt.pruned) {
				t.Fatalf("Maintain pruned %d events, %v; want %d", m.Events, err, tt.pruned)
			}
			evs, prunedThrough, err := selling.Events(ctx, s.Service, "", 0, 100)
			if err != nil || len(evs) != 3-tt.pruned || (prunedThrough > 0) != (tt.pruned > 0) {
				t.Errorf("read from the start: %d events, pruned through %d, %v; want %d, pruned: %v",
					len(evs), prunedThrough, err, 3-tt.pruned, tt.pruned > 0)
			}
		})
	}
}
