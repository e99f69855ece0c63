package selling_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"pcs/internal/apitest"
	"pcs/store"
)

// TestEngagementCreatedWithContexts: CreateEngagement with contexts is one
// creation: its Engagement Created names the contexts' types, no Engagement
// Updated follows.
func TestEngagementCreatedWithContexts(t *testing.T) {
	s := apitest.New(t)
	s.OK("CreateEngagement", map[string]any{"Catalog": "Sandbox", "ClientToken": "e", "Title": "Joint pursuit",
		"Description": "Two partners, one customer", "Contexts": []any{map[string]any{"Type": "CustomerProject", "Payload": customerProject("First")}}})
	var evs []store.Event
	_ = s.Store.View(context.Background(), func(tx store.Tx) error {
		var err error
		evs, err = tx.EventsAfter(context.Background(), s.Account, 0, 100)
		return err
	})
	var types []string
	for _, e := range evs {
		types = append(types, e.DetailType)
		if e.DetailType != "Engagement Created" {
			continue
		}
		var env struct {
			Detail struct {
				Engagement struct{ ContextTypes []string }
			}
		}
		if err := json.Unmarshal(e.Doc, &env); err != nil {
			t.Fatal(err)
		}
		if got := env.Detail.Engagement.ContextTypes; !reflect.DeepEqual(got, []string{"CustomerProject"}) {
			t.Errorf("Engagement Created ContextTypes = %v, want [CustomerProject]", got)
		}
	}
	if want := []string{"Engagement Created", "Engagement Member Added"}; !reflect.DeepEqual(types, want) {
		t.Errorf("events %q, want %q", types, want)
	}
}
