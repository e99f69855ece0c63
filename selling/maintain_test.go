package selling_test

import (
	"context"
	"testing"
	"time"

	"pcs/clock"
	"pcs/internal/apitest"
	"pcs/selling"
)

func TestMaintainForgetsOnlyWhatIsOld(t *testing.T) {
	s := apitest.New(t)
	svc := selling.New(s.Store, clock.Clock(s.Clock), selling.Config{})
	ids := seed(t, s, 2)
	s.OK("UpdateOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": ids[0],
		"LastModifiedDate": getOpp(t, s, ids[0])["LastModifiedDate"], "Marketing": map[string]any{"Source": "None"}})

	pruned, expired, err := selling.Maintain(context.Background(), svc)
	if err != nil || pruned != 0 || expired != 0 {
		t.Fatalf("fresh state: pruned %d, expired %d, %v; want nothing forgotten", pruned, expired, err)
	}
	s.Clock.Advance(25 * time.Hour)
	pruned, expired, err = selling.Maintain(context.Background(), svc)
	if err != nil || pruned != 1 || expired != 2 {
		t.Errorf("a day later: pruned %d versions, expired %d tokens, %v; want 1 and 2", pruned, expired, err)
	}
	if got, _ := listIDs(t, s, map[string]any{"Catalog": "Sandbox"}); len(got) != 2 {
		t.Errorf("after maintenance the listing has %v", got)
	}
}
