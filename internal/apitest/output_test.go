package apitest

import (
	"maps"
	"reflect"
	"strings"
	"testing"

	"pcs/api"
	"pcs/realism"
)

func TestMemberOf(t *testing.T) {
	out := reflect.TypeOf(&api.GetEngagementResponse{})
	for field, want := range map[string]string{
		"title": "GetEngagementResponse.Title",
		"contexts.payload.customerProject.customer.countryCode": "EngagementCustomer.CountryCode",
		"contexts.id": "EngagementContextDetails.Id",
		"nope":        "nope",
		"title.nope":  "title.nope",
	} {
		if got := memberOf(out, field); got != want {
			t.Errorf("memberOf(%q) = %q, want %q", field, got, want)
		}
	}
}

// TestOutputDeviationsNameOutputMembers keeps the list, and the realism
// quirks' list, to members some operation can answer, each with a reason.
func TestOutputDeviationsNameOutputMembers(t *testing.T) {
	members := map[string]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.PkgPath() != "pcs/api" || members[t.Name()] {
			return
		}
		members[t.Name()] = true
		for i := range t.NumField() {
			members[t.Name()+"."+t.Field(i).Name] = true
			walk(t.Field(i).Type)
		}
	}
	svc := reflect.TypeOf((*api.Service)(nil)).Elem()
	for i := range svc.NumMethod() {
		if m := svc.Method(i).Type; m.NumOut() == 2 {
			walk(m.Out(0))
		}
	}
	all := maps.Clone(outputDeviations)
	maps.Copy(all, realism.Strict().OutputDeviations())
	for m, why := range all {
		if !strings.Contains(m, ".") || !members[m] {
			t.Errorf("%s is no member of an output", m)
		}
		if strings.TrimSpace(why) == "" {
			t.Errorf("%s has no reason", m)
		}
	}
}
