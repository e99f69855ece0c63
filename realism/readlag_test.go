package realism

import (
	"context"
	"testing"
	"time"

	"pcs/api"
	"pcs/caller"
	"pcs/clock"
)

func TestCreations(t *testing.T) {
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	as := func(account string) context.Context {
		return caller.NewContext(context.Background(), caller.Identity{AccountID: account})
	}
	get := func(catalog, id string) *api.GetOpportunityRequest {
		return &api.GetOpportunityRequest{Catalog: &catalog, Identifier: &id}
	}
	created := func(id string, at time.Time) *api.CreateOpportunityResponse {
		return &api.CreateOpportunityResponse{Id: &id, LastModifiedDate: api.NewDateTime(at)}
	}
	clk := clock.NewFixed(start)
	c := newCreations(clk, 3*time.Second)
	sandbox := ptr("Sandbox")
	c.add(as("111111111111"), sandbox, created("O1", start))
	c.add(as("111111111111"), sandbox, created("O0", start.Add(-time.Hour))) // a replay of an old creation

	tests := []struct {
		name    string
		account string
		req     *api.GetOpportunityRequest
		want    bool
	}{
		{"the creator", "111111111111", get("Sandbox", "O1"), true},
		{"another account", "222222222222", get("Sandbox", "O1"), false},
		{"the other catalog", "111111111111", get("AWS", "O1"), false},
		{"another opportunity", "111111111111", get("Sandbox", "O2"), false},
		{"a replayed old creation", "111111111111", get("Sandbox", "O0"), false},
	}
	for _, tt := range tests {
		if got := c.hidden(as(tt.account), tt.req); got != tt.want {
			t.Errorf("%s: hidden = %v, want %v", tt.name, got, tt.want)
		}
	}

	clk.Advance(2 * time.Second)
	c.add(as("111111111111"), sandbox, created("O2", clk.Now()))
	if !c.hidden(as("111111111111"), get("Sandbox", "O1")) {
		t.Error("O1 shown before its lag is over")
	}
	clk.Advance(time.Second)
	if c.hidden(as("111111111111"), get("Sandbox", "O1")) {
		t.Error("O1 hidden after its lag")
	}
	if !c.hidden(as("111111111111"), get("Sandbox", "O2")) {
		t.Error("O2 shown before its lag is over")
	}
	if len(c.until) != 1 || len(c.order) != 1 {
		t.Errorf("kept %d creations (%d in order), want 1", len(c.until), len(c.order))
	}
	clk.Advance(time.Hour)
	c.hidden(as("111111111111"), get("Sandbox", "O2"))
	if len(c.until) != 0 || len(c.order) != 0 {
		t.Errorf("kept %d creations after every lag", len(c.until))
	}
}
