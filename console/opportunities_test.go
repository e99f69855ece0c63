package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pcs/selling"
)

// TestStartReviewAndTimeline: Start review puts a Submitted opportunity In
// review through AWS.StartReview, and the opportunity's page shows each
// review status it had, with its time on the pcs clock, still after
// maintenance pruned the replaced versions.
func TestStartReviewAndTimeline(t *testing.T) {
	s := newServer(t, "")
	id := submitted(t, s, "Timeline")
	b := newBrowser(t, s)
	page := "/_pcs/console/opportunities/" + id + "?" + scopeQuery(s, "AWS")
	_, body := b.get(page)
	mustContain(t, "a Submitted opportunity's page", body, "Start review", "Approve", "Review timeline")

	s.Clock.Advance(10 * time.Second)
	form := url.Values{"account": {s.Account}, "catalog": {"AWS"}, "id": {id}, "outcome": {"In review"}}
	status, body := b.post("/_pcs/console/actions/review", form)
	if status != http.StatusOK {
		t.Fatalf("start review: HTTP %d\n%s", status, body)
	}
	mustContain(t, "the result", body, "AWS started reviewing "+id+": In review.", "Opportunity Updated")
	if st := reviewStatus(t, s, id); st != "In review" {
		t.Fatalf("after Start review: %s", st)
	}
	if status, body := b.post("/_pcs/console/actions/review", form); status != http.StatusBadRequest ||
		!strings.Contains(body, "only a Submitted opportunity can go In review") {
		t.Errorf("a second start: HTTP %d", status)
	}
	s.Clock.Advance(time.Minute)
	form.Set("outcome", "Approved")
	if status, body := b.post("/_pcs/console/actions/review", form); status != http.StatusOK {
		t.Fatalf("approve: HTTP %d\n%s", status, body)
	}

	_, body = b.get(page)
	if strings.Contains(body, "Start review") {
		t.Error("an Approved opportunity offers Start review")
	}
	timeline := between(body, "data-timeline", "</table>")
	steps := []string{"2026-01-05 09:00:00 UTC</td><td>Pending Submission",
		"2026-01-05 09:00:00 UTC</td><td>Submitted <span class=\"hint\">(was Pending Submission)",
		"2026-01-05 09:00:10 UTC</td><td>In review <span class=\"hint\">(was Submitted)",
		"2026-01-05 09:01:10 UTC</td><td>Approved <span class=\"hint\">(was In review)"}
	at := 0
	for _, step := range steps {
		i := strings.Index(timeline[at:], step)
		if i < 0 {
			t.Fatalf("the timeline lacks %q after its previous step:\n%s", step, timeline)
		}
		at += i
	}
	if strings.Contains(body, "Earlier changes are no longer kept") {
		t.Error("a whole timeline is called partial")
	}

	// Two days on, maintenance forgets the replaced versions: the timeline stays.
	s.Advance(48 * time.Hour)
	if m, err := selling.Maintain(t.Context(), s.Service, selling.AllDelivered); err != nil || m.Versions == 0 {
		t.Fatalf("maintenance: %+v, %v; want replaced versions pruned", m, err)
	}
	_, body = b.get(page)
	if after := between(body, "data-timeline", "</table>"); after != timeline || strings.Contains(body, "Earlier changes are no longer kept") {
		t.Errorf("after maintenance, the timeline:\n%s\nwant:\n%s", after, timeline)
	}
}
