package selling_test

import (
	"testing"
	"time"

	"pcs/api"
	"pcs/clock"
	"pcs/internal/apitest"
	"pcs/selling"
)

// TestStatusTimelineOutlivesMaintenance: the review status and stage
// changes an opportunity went through stay readable after maintenance
// pruned its replaced versions, from its creation on.
func TestStatusTimelineOutlivesMaintenance(t *testing.T) {
	ctx := t.Context()
	s := apitest.New(t)
	id := submittedAWS(t, s)
	if err := s.AWS.StartReview(ctx, scopeOf(s, "AWS"), id); err != nil {
		t.Fatal(err)
	}
	if err := s.AWS.ReviewOpportunity(ctx, scopeOf(s, "AWS"), id, selling.ReviewDecision{Outcome: api.ReviewStatusApproved}); err != nil {
		t.Fatal(err)
	}
	s.Advance(time.Minute)
	o := s.OK("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": id})
	body := updateBody(t, id, o["LastModifiedDate"])
	set(body, "Catalog", "AWS")
	set(body, "Project.OtherSolutionDescription", "Fleet telemetry on Amazon Timestream")
	set(body, "LifeCycle.Stage", "Qualified")
	s.OK("UpdateOpportunity", body)

	s.Clock.Advance(48 * time.Hour)
	svc := selling.New(s.Store, clock.Clock(s.Clock), selling.Config{Wall: s.Clock})
	if m, err := selling.Maintain(ctx, svc, selling.AllDelivered); err != nil || m.Versions == 0 {
		t.Fatalf("maintenance two days later: %+v, %v; want replaced versions pruned", m, err)
	}
	tl, err := s.AWS.StatusTimeline(ctx, scopeOf(s, "AWS"), id)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		review api.ReviewStatus
		stage  api.Stage
	}{
		{api.ReviewStatusPendingSubmission, api.StageProspect},
		{api.ReviewStatusSubmitted, api.StageProspect},
		{api.ReviewStatusInReview, api.StageProspect},
		{api.ReviewStatusApproved, api.StageProspect},
		{api.ReviewStatusApproved, api.StageQualified},
	}
	if !tl.FromCreation || len(tl.Changes) != len(want) {
		t.Fatalf("timeline %+v, want %d changes from the creation", tl, len(want))
	}
	for i, w := range want {
		if c := tl.Changes[i]; c.ReviewStatus != w.review || c.Stage != w.stage || c.At.IsZero() {
			t.Errorf("change %d is %+v, want %s, %s", i, c, w.review, w.stage)
		}
	}
	if !tl.Changes[4].At.After(tl.Changes[3].At) {
		t.Errorf("the stage change at %v is not after the approval at %v", tl.Changes[4].At, tl.Changes[3].At)
	}
}
