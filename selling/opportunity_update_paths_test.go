package selling

import (
	"encoding/json"
	"reflect"
	"sort"
	"testing"
	"time"

	"pcs/api"
	"pcs/store"
)

// TestChangedEditableIsTheWholeComparison: comparing the editable members
// one by one finds the paths that comparing the whole editable part at once
// finds (what lockedChanges compared before), for changes at every depth,
// between absent, null and empty, and of lists.
func TestChangedEditableIsTheWholeComparison(t *testing.T) {
	base := func() *opportunity {
		return seedOpportunity(store.Scope{Account: "111111111111", Catalog: "AWS"}, "O1", 1, time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	}
	for _, tt := range []struct {
		name   string
		change func(o *opportunity)
		want   int // how many paths change; the comparison says which
	}{
		{"nothing", func(*opportunity) {}, 0},
		{"review members only", func(o *opportunity) {
			o.LifeCycle.ReviewComments = ptr("c")
			o.LifeCycle.NextStepsHistory = []api.NextStepsHistory{{Value: ptr("x")}}
		}, 0},
		{"next steps", func(o *opportunity) { o.LifeCycle.NextSteps = ptr("call") }, 1},
		{"nested member", func(o *opportunity) { o.Customer.Account.Address.PostalCode = ptr("20095") }, 1},
		{"empty string is absent", func(o *opportunity) { o.Customer.Account.Address.City = ptr("") }, 1},
		{"empty is absent", func(o *opportunity) {
			o.Project.CompetitorName = nil
			o.Project.OtherCompetitorNames = ptr("")
		}, 1},
		{"a list", func(o *opportunity) {
			o.Project.DeliveryModels = append(o.Project.DeliveryModels, api.DeliveryModelByolOrAmi)
		}, 1},
		{"an empty list is absent", func(o *opportunity) { o.Project.SalesActivities = []api.SalesActivity{} }, 1},
		{"a member removed", func(o *opportunity) { o.Customer = nil }, 8},
		{"several members", func(o *opportunity) {
			o.PartnerOpportunityIdentifier = ptr("CRM-2")
			o.Project.Title = ptr("Another")
			o.SoftwareRevenue = &api.SoftwareRevenue{DeliveryModel: ptr(api.RevenueModelContract)}
			o.NationalSecurity = nil
		}, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			old, updated := base(), base()
			tt.change(updated)
			want := wholeChangedPaths(old, updated)
			got := changedEditable(old, updated)
			if !reflect.DeepEqual(got, want) || len(want) != tt.want {
				t.Fatalf("changed %q, the whole comparison %q (want %d)", got, want, tt.want)
			}
			if back := changedEditable(updated, old); !reflect.DeepEqual(back, want) {
				t.Fatalf("backwards: changed %q, want %q", back, want)
			}
		})
	}
}

// wholeChangedPaths compares the editable parts of two opportunities as
// one JSON object each.
func wholeChangedPaths(a, b *opportunity) []string {
	whole := func(o *opportunity) map[string]any {
		m := map[string]any{}
		for _, e := range editableView(o) {
			enc, _ := json.Marshal(e.value)
			var v any
			_ = json.Unmarshal(enc, &v)
			m[e.name] = v
		}
		return m
	}
	out := changedPaths(whole(a), whole(b))
	sort.Strings(out)
	return out
}
