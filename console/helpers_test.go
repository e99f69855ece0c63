package console_test

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"pcs/internal/apitest"
	"pcs/server"
	"pcs/store"
)

// browser is an HTTP client with a cookie jar: a user's browser.
type browser struct {
	t      *testing.T
	s      *apitest.Server
	client *http.Client
	csrf   string // the last page's CSRF token
}

func newBrowser(t *testing.T, s *apitest.Server) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, s: s, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfPattern = regexp.MustCompile(`name="csrf" value="([^"]*)"`)

// get fetches a console page and returns its status and HTML.
func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	resp, err := b.client.Get(b.s.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.read(resp)
}

func (b *browser) read(resp *http.Response) (int, string) {
	b.t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	if m := csrfPattern.FindStringSubmatch(string(body)); m != nil {
		b.csrf = html.UnescapeString(m[1])
	}
	return resp.StatusCode, string(body)
}

// post submits a form with the session's CSRF token (unless the form
// names its own csrf).
func (b *browser) post(path string, form url.Values) (int, string) {
	b.t.Helper()
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", b.csrf)
	}
	resp, err := b.client.PostForm(b.s.URL+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.read(resp)
}

var tokens atomic.Int64

// createOpportunity creates the testdata opportunity, edited, as s.Account.
func createOpportunity(t *testing.T, s *apitest.Server, catalog, title string) string {
	t.Helper()
	id, _ := s.OK("CreateOpportunity", opportunityRequest(t, catalog, title))["Id"].(string)
	if id == "" {
		t.Fatal("CreateOpportunity returned no Id")
	}
	return id
}

// opportunityRequest is the testdata CreateOpportunity request in catalog,
// titled title, with a client token of its own.
func opportunityRequest(t *testing.T, catalog, title string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile("testdata/create_opportunity.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	m["Catalog"] = catalog
	m["ClientToken"] = fmt.Sprintf("tok-%d", tokens.Add(1))
	project := m["Project"].(map[string]any)
	project["Title"] = title
	project["OtherSolutionDescription"] = "Fleet telemetry on Amazon Timestream"
	return m
}

// submitted creates an opportunity in the AWS catalog and submits it.
func submitted(t *testing.T, s *apitest.Server, title string) string {
	t.Helper()
	id := createOpportunity(t, s, "AWS", title)
	s.OK("SubmitOpportunity", map[string]any{"Catalog": "AWS", "Identifier": id, "InvolvementType": "Co-Sell", "Visibility": "Limited"})
	return id
}

func reviewStatus(t *testing.T, s *apitest.Server, id string) string {
	t.Helper()
	lc, _ := s.OK("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": id})["LifeCycle"].(map[string]any)
	st, _ := lc["ReviewStatus"].(string)
	return st
}

func newServer(t *testing.T, token string) *apitest.Server {
	return apitest.NewWith(t, server.Config{AdminToken: token})
}

func apitestWith(t *testing.T, cfg server.Config) *apitest.Server {
	return apitest.NewWith(t, cfg)
}

func scopeQuery(s *apitest.Server, catalog string) string {
	return "account=" + s.Account + "&catalog=" + catalog
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

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
