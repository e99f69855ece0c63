package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"pcs/selling"
	"pcs/server"
)

var (
	controlPattern = regexp.MustCompile(`<(input|select|textarea)\b[^>]*>`)
	idPattern      = regexp.MustCompile(`\bid="([^"]+)"`)
	headingPattern = regexp.MustCompile(`<h([1-6])\b`)
)

// accessibilityProblems lists what a page's HTML lacks of screen reader
// basics: a label for each form control and headings in order (h1 first,
// then down one level at a time). TestBrowser checks the same in
// Chromium, with the focus and a narrow window.
func accessibilityProblems(body string) []string {
	var problems []string
	for _, c := range controlPattern.FindAllString(body, -1) {
		if strings.Contains(c, `type="hidden"`) || strings.Contains(c, `aria-label=`) {
			continue
		}
		m := idPattern.FindStringSubmatch(c)
		if m == nil || !strings.Contains(body, `<label for="`+m[1]+`"`) {
			problems = append(problems, "no label: "+c)
		}
	}
	last := 0
	for _, m := range headingPattern.FindAllStringSubmatch(body, -1) {
		n := int(m[1][0] - '0')
		if (last == 0 && n != 1) || n > last+1 {
			problems = append(problems, "h"+m[1]+" after h"+string(rune('0'+last)))
		}
		last = n
	}
	return problems
}

// TestAccessibilityBasics: every page and an action's result have a label
// for each form control and their headings in order.
func TestAccessibilityBasics(t *testing.T) {
	s := apitestWith(t, server.Config{RecordRequests: 10, AdminToken: "s3cret"})
	id := submitted(t, s, "Accessible")
	if _, err := s.AWS.SendReferral(t.Context(), selling.ReferralSpec{Account: s.Account, Catalog: "AWS"}); err != nil {
		t.Fatal(err)
	}
	s.OK("PutSellingSystemSettings", map[string]any{"Catalog": "Sandbox", "ResourceSnapshotJobRoleIdentifier": "PartnerCentralSnapshotJobRole"})
	other := createOpportunity(t, s, "Sandbox", "Engaged")
	task := s.OK("StartEngagementFromOpportunityTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "a11y", "Identifier": other,
		"AwsSubmission": map[string]any{"InvolvementType": "Co-Sell", "Visibility": "Full"}})
	b := newBrowser(t, s)
	pages := map[string]string{"the sign-in form": b.must("/_pcs/console/sign-in")}
	b.post("/_pcs/console/sign-in", url.Values{"token": {"s3cret"}})
	q := "?" + scopeQuery(s, "AWS")
	for _, p := range []string{"", "opportunities", "opportunities/" + id, "invitations", "engagements", "tasks", "events",
		"requests", "aws", "system", "no-such-page"} {
		pages["/"+p] = b.must("/_pcs/console/" + p + q)
	}
	pages["an engagement"] = b.must("/_pcs/console/engagements/" + task["EngagementId"].(string) + "?" + scopeQuery(s, "Sandbox"))
	_, pages["a result"] = b.post("/_pcs/console/actions/advance", url.Values{"by": {"1m"}})
	_, pages["a refusal"] = b.post("/_pcs/console/actions/advance", url.Values{"by": {"-1m"}})
	for name, body := range pages {
		for _, p := range accessibilityProblems(body) {
			t.Errorf("%s: %s", name, p)
		}
	}
}

// must fetches a page, whatever its status, and returns its HTML.
func (b *browser) must(path string) string {
	b.t.Helper()
	status, body := b.get(path)
	if status >= http.StatusInternalServerError {
		b.t.Fatalf("GET %s: HTTP %d", path, status)
	}
	return body
}
