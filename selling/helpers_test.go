package selling_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"pcs/internal/apitest"
	"pcs/store"
)

// payload returns a fresh copy of a testdata JSON request as a map.
func payload(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// set changes the member at a dotted path, creating objects on the way;
// deleted removes it.
func set(m map[string]any, path string, v any) {
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	if v == deleted {
		delete(m, parts[len(parts)-1])
		return
	}
	m[parts[len(parts)-1]] = v
}

type deletedMarker struct{}

var deleted = deletedMarker{}

// get reads the member at a dotted path of a decoded JSON body.
func get(m map[string]any, path string) any {
	var v any = m
	for _, p := range strings.Split(path, ".") {
		o, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = o[p]
	}
	return v
}

var tokens atomic.Int64

// createOpportunity creates the testdata opportunity after edit, and returns its id.
func createOpportunity(t *testing.T, s *apitest.Server, edit func(m map[string]any)) string {
	t.Helper()
	m := payload(t, "create_opportunity.json")
	delete(m, "ClientToken")
	set(m, "ClientToken", fmt.Sprintf("tok-%s-%d", t.Name(), tokens.Add(1)))
	if edit != nil {
		edit(m)
	}
	out := s.OK("CreateOpportunity", m)
	id, _ := out["Id"].(string)
	if id == "" {
		t.Fatalf("CreateOpportunity returned no Id: %v", out)
	}
	return id
}

// fieldErrors returns "fieldName:CODE" for each ErrorList entry.
func fieldErrors(r *apitest.Response) []string {
	var out []string
	list, _ := r.JSON()["ErrorList"].([]any)
	for _, e := range list {
		m, _ := e.(map[string]any)
		f, _ := m["FieldName"].(string)
		c, _ := m["Code"].(string)
		out = append(out, f+":"+c)
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func scopeOf(s *apitest.Server, catalog string) store.Scope {
	return store.Scope{Account: s.Account, Catalog: catalog}
}
