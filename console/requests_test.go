package console_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"pcs/internal/apitest"
	"pcs/server"
)

// TestRequestsPage: the requests page lists the API requests pcs
// received, newest first, filtered as GET /_pcs/requests filters them and
// paged by the recorder's cursor, with their bodies escaped and without
// the caller's credentials.
func TestRequestsPage(t *testing.T) {
	s := apitestWith(t, server.Config{RecordRequests: 200})
	id := createOpportunity(t, s, "Sandbox", "Telemetry")
	// Sent as written (Go's encoder would escape the markup).
	s.Fail("CreateOpportunity", `{"Catalog":"Sandbox","ClientToken":"bad-1","OpportunityType":"Telemetry <b>bold</b>"}`, "ValidationException")
	s.As("222222222222").Fail("GetOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id}, "ResourceNotFoundException")
	b := newBrowser(t, s)

	status, body := b.get("/_pcs/console/requests")
	if status != http.StatusOK {
		t.Fatalf("HTTP %d\n%s", status, body)
	}
	mustContain(t, "the requests page", body, `aria-current="page">Requests`, "CreateOpportunity", "GetOpportunity",
		"ValidationException", "ResourceNotFoundException", "Telemetry &lt;b&gt;bold&lt;/b&gt;", "222222222222")
	if strings.Contains(body, "<b>bold</b>") {
		t.Error("a request body is shown as markup")
	}
	if strings.Contains(body, "Signature=") || strings.Contains(body, "Credential=") || strings.Contains(body, s.Account+"/2026") {
		t.Error("the requests page shows the caller's credentials")
	}
	if i, j := strings.Index(body, "ResourceNotFoundException"), strings.Index(body, "ValidationException"); i > j {
		t.Error("the requests are not newest first")
	}

	rows := func(query string) int {
		t.Helper()
		status, body := b.get("/_pcs/console/requests?" + query)
		if status != http.StatusOK {
			t.Fatalf("?%s: HTTP %d\n%s", query, status, body)
		}
		return strings.Count(body, "<tr data-request=")
	}
	for query, want := range map[string]int{
		"":                                 3,
		"status=error":                     2,
		"status=ok":                        1,
		"status=400":                       2,
		"error=ValidationException":        1,
		"operation=CreateOpportunity":      2,
		"caller=222222222222":              1,
		"contains=" + id:                   2, // its creation's answer, and the failed GetOpportunity
		"operation=ListSolutions":          0,
		"caller=222222222222&status=ok":    0,
		"operation=GetOpportunity&error=x": 0,
	} {
		if got := rows(query); got != want {
			t.Errorf("?%s: %d requests, want %d", query, got, want)
		}
	}
	if status, body := b.get("/_pcs/console/requests?status=teapot"); status != http.StatusBadRequest || !strings.Contains(body, "status") {
		t.Errorf("a bad status filter: HTTP %d", status)
	}

	// The opportunity's page links to the requests that named it.
	_, page := b.get("/_pcs/console/opportunities/" + id + "?" + scopeQuery(s, "Sandbox"))
	mustContain(t, "the opportunity page", page, "data-requests-link", "contains="+id)

	// Paged by the recorder's cursor: the older page goes on where the first ended.
	for range 60 {
		s.OK("ListSolutions", map[string]any{"Catalog": "Sandbox"})
	}
	_, body = b.get("/_pcs/console/requests")
	if n := strings.Count(body, "<tr data-request="); n != 50 || !strings.Contains(body, "Older requests") {
		t.Fatalf("the first page: %d requests, older link %v", n, strings.Contains(body, "Older requests"))
	}
	older := between(body, `<p class="pager">`, "Older requests")
	older = htmlUnescape(older[strings.LastIndex(older, `href="`)+len(`href="`) : strings.LastIndex(older, `"`)])
	_, body = b.get(older)
	if n := strings.Count(body, "<tr data-request="); n != 13 || !strings.Contains(body, "Newest requests") || strings.Contains(body, "Older requests") {
		t.Errorf("the older page (%s): %d requests, want the 13 left", older, n)
	}
	mustContain(t, "the older page", body, "ValidationException", "Telemetry &lt;b&gt;bold")
}

// TestRequestsPageOff: with -record-requests 0 the page says so, and an
// opportunity's page does not link to it.
func TestRequestsPageOff(t *testing.T) {
	s := newServer(t, "")
	id := createOpportunity(t, s, "Sandbox", "Nothing recorded")
	b := newBrowser(t, s)
	status, body := b.get("/_pcs/console/requests")
	if status != http.StatusOK || !strings.Contains(body, "pcs records no requests") {
		t.Errorf("HTTP %d\n%s", status, body)
	}
	if _, page := b.get("/_pcs/console/opportunities/" + id + "?" + scopeQuery(s, "Sandbox")); strings.Contains(page, "data-requests-link") {
		t.Error("the opportunity page links to requests pcs does not record")
	}
}

// between is the text of s from the first from up to the next to.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], to)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// TestRequestsPageTimes: each request shows when it arrived on the wall
// clock and on the pcs clock, labelled, the latter as far ahead as an
// advance moved it.
func TestRequestsPageTimes(t *testing.T) {
	s := apitestWith(t, server.Config{RecordRequests: 10})
	if _, err := s.Jobs.Advance(t.Context(), 48*time.Hour); err != nil {
		t.Fatal(err)
	}
	s.OK("ListSolutions", map[string]any{"Catalog": "Sandbox"})
	_, body := newBrowser(t, s).get("/_pcs/console/requests")
	mustContain(t, "the requests page", body, "Received (wall clock)", "Received (pcs clock)",
		`<td data-pcs-time>`+apitest.Start.Add(48*time.Hour).Format(time.DateOnly)) // less the time taken to answer
}
