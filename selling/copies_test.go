package selling

import (
	"reflect"
	"testing"

	"pcs/api"
)

// TestCopiesGiveEachRunItsOwn: every run gets a copy equal to the request
// as it came, whatever the runs before it did to theirs.
func TestCopiesGiveEachRunItsOwn(t *testing.T) {
	in := &api.UpdateOpportunityRequest{Catalog: ptr("Sandbox"), LifeCycle: &api.LifeCycle{NextSteps: ptr("call")}}
	want := clone(in)
	run := copies(in)
	seen := map[*api.UpdateOpportunityRequest]bool{}
	for i := range 3 {
		c := run()
		if !reflect.DeepEqual(c, want) || c == in || seen[c] {
			t.Fatalf("run %d: %+v (the request %p, seen %v)", i, c, in, seen[c])
		}
		seen[c] = true
		c.LifeCycle.NextSteps = ptr("changed by run")
		c.LifeCycle.ReviewStatus = ptr(api.ReviewStatusSubmitted)
	}
	if !reflect.DeepEqual(in, want) {
		t.Fatalf("the runs changed the request: %+v", in.LifeCycle)
	}
}
