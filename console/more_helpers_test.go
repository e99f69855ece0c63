package console_test

import (
	"encoding/json"
	"html"
	"net/url"
	"testing"

	"pcs/internal/apitest"
	"pcs/store"
)

func ptr[T any](v T) *T { return &v }

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func jsonOf(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func htmlUnescape(s string) string { return html.UnescapeString(s) }

func scopeOf(s *apitest.Server) store.Scope {
	return store.Scope{Account: s.Account, Catalog: "Sandbox"}
}
