package selling_test

import (
	"maps"
	"reflect"
	"slices"
	"testing"

	"pcs/api"
	"pcs/internal/apitest"
	"pcs/selling"
)

func TestUnknownCatalog(t *testing.T) {
	s := apitest.New(t)
	r := s.Fail("ListOpportunities", map[string]any{"Catalog": "Prod"}, "ValidationException")
	if errs := fieldErrors(r); !contains(errs, "catalog:INVALID_VALUE") {
		t.Errorf("ErrorList = %v", errs)
	}
}

// TestServiceMethodsAreTheAPIOperations: the exported methods of *Service
// are exactly the API's operations, so that what a partner can call is
// what the Service offers; AWS's side and pcs's housekeeping live elsewhere.
func TestServiceMethodsAreTheAPIOperations(t *testing.T) {
	names := func(typ reflect.Type) []string {
		var out []string
		for i := range typ.NumMethod() {
			out = append(out, typ.Method(i).Name)
		}
		slices.Sort(out)
		return out
	}
	service := names(reflect.TypeFor[*selling.Service]())
	if iface := names(reflect.TypeFor[api.Service]()); !slices.Equal(service, iface) {
		t.Errorf("*selling.Service has the methods\n%v\nwant those of api.Service\n%v", service, iface)
	}
	ops := slices.Sorted(maps.Keys(api.Operations))
	if !slices.Equal(service, ops) {
		t.Errorf("*selling.Service has the methods\n%v\nwant the operations\n%v", service, ops)
	}
	if len(ops) != 45 {
		t.Errorf("%d operations, want the API's 45", len(ops))
	}
}
