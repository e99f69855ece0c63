package selling_test

import (
	"testing"

	"pcs/internal/apitest"
)

func TestUnknownCatalog(t *testing.T) {
	s := apitest.New(t)
	r := s.Fail("ListOpportunities", map[string]any{"Catalog": "Prod"}, "ValidationException")
	if errs := fieldErrors(r); !contains(errs, "catalog:INVALID_VALUE") {
		t.Errorf("ErrorList = %v", errs)
	}
}
