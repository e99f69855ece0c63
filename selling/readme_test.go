package selling_test

import (
	"os"
	"regexp"
	"testing"

	"pcs/api"
)

// TestREADMEOperationTable keeps the README's operation table true.
func TestREADMEOperationTable(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile(`(?m)^\| ([A-Z][A-Za-z]+) \| (implemented|not yet)`).FindAllStringSubmatch(string(b), -1)
	listed := map[string]bool{}
	for _, r := range rows {
		op, says := r[1], r[2] == "implemented"
		if _, ok := api.Operations[op]; !ok {
			t.Errorf("README lists %s, which is not an operation of the model", op)
			continue
		}
		listed[op] = true
		// *Service implements api.Service (service.go), so every operation is.
		if !says {
			t.Errorf("README says %s is %q, but every operation is implemented", op, r[2])
		}
	}
	for _, op := range api.OperationNames() {
		if !listed[op] {
			t.Errorf("README's operation table lacks %s", op)
		}
	}
}
