package console

import (
	"testing"
	"time"

	"pcs/api"
	"pcs/selling"
	"pcs/store"
)

// TestTimelineOf: the recorded changes make the timeline; for an
// opportunity stored before they were recorded, the stored versions from
// before the first recorded change come first, and a timeline that still
// misses the creation is partial.
func TestTimelineOf(t *testing.T) {
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	version := func(m int, review string) store.Opportunity {
		return store.Opportunity{CreatedAt: t0, LastModifiedAt: at(m), ReviewStatus: review, Stage: "Prospect"}
	}
	change := func(m int, review api.ReviewStatus) selling.StatusChange {
		return selling.StatusChange{At: at(m), ReviewStatus: review, Stage: api.StageProspect}
	}
	tests := []struct {
		name     string
		rec      selling.StatusTimeline
		versions []store.Opportunity
		want     []string // review statuses
		partial  bool
	}{
		{"recorded from the creation", selling.StatusTimeline{FromCreation: true,
			Changes: []selling.StatusChange{change(0, "Pending Submission"), change(1, "Submitted")}},
			nil, []string{"Pending Submission", "Submitted"}, false},
		{"older, its versions kept", selling.StatusTimeline{Changes: []selling.StatusChange{change(2, "Submitted"), change(3, "Approved")}},
			[]store.Opportunity{version(0, "Pending Submission"), version(1, "Pending Submission"), version(2, "Submitted")},
			[]string{"Pending Submission", "Submitted", "Approved"}, false},
		{"older, its versions pruned", selling.StatusTimeline{Changes: []selling.StatusChange{change(2, "Submitted"), change(3, "Approved")}},
			[]store.Opportunity{version(3, "Approved")}, []string{"Submitted", "Approved"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := timelineOf(&tt.rec, tt.versions)
			var reviews []string
			for _, s := range got.Steps {
				reviews = append(reviews, s.ReviewStatus)
			}
			if len(reviews) != len(tt.want) || got.Partial != tt.partial {
				t.Fatalf("steps %v, partial %v; want %v, %v", reviews, got.Partial, tt.want, tt.partial)
			}
			for i := range reviews {
				if reviews[i] != tt.want[i] {
					t.Errorf("step %d is %s, want %s", i, reviews[i], tt.want[i])
				}
			}
		})
	}
}
