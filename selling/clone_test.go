package selling

import (
	"reflect"
	"testing"
	"time"

	"pcs/api"
)

// TestCloneIsDeepAndKeepsNilApart: a clone equals its request, nil and
// empty members included, and changing it leaves the request as it was.
func TestCloneIsDeepAndKeepsNilApart(t *testing.T) {
	in := &api.CreateOpportunityRequest{
		Catalog:             ptr("Sandbox"),
		LifeCycle:           &api.LifeCycle{NextSteps: ptr("call"), NextStepsHistory: []api.NextStepsHistory{{Value: ptr("v"), Time: api.NewDateTime(time.Unix(5, 0))}}},
		PrimaryNeedsFromAws: []api.PrimaryNeedFromAws{},
		Tags:                nil,
	}
	out := clone(in)
	if !reflect.DeepEqual(in, out) {
		t.Fatalf("clone %+v differs from %+v", out, in)
	}
	if out.PrimaryNeedsFromAws == nil || out.Tags != nil {
		t.Errorf("empty became nil or nil empty: %#v, %#v", out.PrimaryNeedsFromAws, out.Tags)
	}
	out.LifeCycle.ReviewStatus = ptr(api.ReviewStatusSubmitted)
	out.LifeCycle.NextStepsHistory[0].Value = ptr("changed")
	*out.Catalog = "AWS"
	if in.LifeCycle.ReviewStatus != nil || *in.LifeCycle.NextStepsHistory[0].Value != "v" || *in.Catalog != "Sandbox" {
		t.Errorf("changing the clone changed the request: %+v", in.LifeCycle)
	}
	if clone[api.CreateOpportunityRequest](nil) != nil {
		t.Error("clone of nil is not nil")
	}
}
