package console_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pcs/api"
	"pcs/caller"
	"pcs/selling"
)

// TestPagesRender: every page renders for an account with data, and a
// stored value with markup is shown as text, never as markup.
func TestPagesRender(t *testing.T) {
	s := newServer(t, "")
	const evil = `<script>alert("x")</script>`
	id := submitted(t, s, evil)
	if _, err := s.AWS.SendReferral(t.Context(), selling.ReferralSpec{Account: s.Account, Catalog: "AWS"}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, s)
	q := scopeQuery(s, "AWS")
	for _, path := range []string{"", "opportunities", "opportunities/" + id, "invitations", "engagements", "tasks",
		"events", "aws", "system", "opportunities?stage=Prospect&review=Submitted&sort=Identifier&order=ASCENDING&size=20"} {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		status, body := b.get("/_pcs/console/" + path + sep + q)
		if status != http.StatusOK {
			t.Errorf("GET %s: HTTP %d\n%s", path, status, body)
			continue
		}
		if strings.Contains(body, "<script>alert") {
			t.Errorf("GET %s shows the title as markup", path)
		}
		mustContain(t, "GET "+path, body, `<nav aria-label="Console pages">`, `<h1>`, s.Account+" · AWS")
	}
	_, body := b.get("/_pcs/console/opportunities/" + id + "?" + q)
	mustContain(t, "the opportunity page", body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", "Submitted",
		"Approve", "Every field (GetOpportunity)", "Northwind Logistics GmbH", "Opportunity Created")
	_, body = b.get("/_pcs/console/opportunities?" + q)
	mustContain(t, "the opportunities page", body, id, "1 opportunities by stage and review status")
	_, body = b.get("/_pcs/console/invitations?" + q)
	mustContain(t, "the invitations page", body, "OpportunityInvitation", "PENDING", "in 15d 0h", "Expire now")
}

// TestTokenRequired: with an admin token the console wants it, by cookie
// from the sign-in form or as a bearer token; anything else is sent to
// sign in.
func TestTokenRequired(t *testing.T) {
	s := newServer(t, "s3cret")
	b := newBrowser(t, s)
	status, _ := b.get("/_pcs/console/opportunities")
	if status != http.StatusSeeOther {
		t.Fatalf("without the token: HTTP %d, want a redirect to sign in", status)
	}
	if status, _ := b.get("/_pcs/console/sign-in"); status != http.StatusOK {
		t.Fatalf("sign-in form: HTTP %d", status)
	}
	if status, body := b.post("/_pcs/console/sign-in", url.Values{"token": {"wrong"}}); status != http.StatusUnauthorized || !strings.Contains(body, "not the admin token") {
		t.Errorf("a wrong token: HTTP %d", status)
	}
	if status, _ := b.post("/_pcs/console/actions/advance", url.Values{"by": {"1h"}}); status != http.StatusUnauthorized {
		t.Errorf("an action without the token: HTTP %d, want 401", status)
	}
	status, _ = b.post("/_pcs/console/sign-in", url.Values{"token": {"s3cret"}, "next": {"/_pcs/console/system"}})
	if status != http.StatusSeeOther {
		t.Fatalf("sign in: HTTP %d", status)
	}
	cookies := b.client.Jar.Cookies(mustURL(t, s.URL+"/_pcs/console/"))
	if len(cookies) != 1 || cookies[0].Value != "s3cret" {
		t.Fatalf("cookies after sign-in: %v", cookies)
	}
	if status, body := b.get("/_pcs/console/system"); status != http.StatusOK || !strings.Contains(body, "Sign out") {
		t.Errorf("signed in: HTTP %d", status)
	}

	other := newBrowser(t, s)
	other.client.Jar.SetCookies(mustURL(t, s.URL+"/_pcs/console/"), []*http.Cookie{{Name: "pcs_console", Value: "guess"}})
	if status, _ := other.get("/_pcs/console/system"); status != http.StatusSeeOther {
		t.Errorf("a wrong cookie: HTTP %d, want a redirect to sign in", status)
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/_pcs/console/system", nil)
	req.Header.Set("Authorization", "Bearer s3cret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("with the bearer token: HTTP %d", resp.StatusCode)
	}
}

// TestSignInCookie: the session cookie cannot be read by scripts nor sent
// by other sites.
func TestSignInCookie(t *testing.T) {
	s := newServer(t, "s3cret")
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).
		PostForm(s.URL+"/_pcs/console/sign-in", url.Values{"token": {"s3cret"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	c := resp.Cookies()
	if len(c) != 1 || !c[0].HttpOnly || c[0].SameSite != http.SameSiteStrictMode || c[0].Path != "/_pcs/console/" {
		t.Errorf("cookie %+v: want HttpOnly, SameSite=Strict, Path /_pcs/console/", c)
	}
	if loc := resp.Header.Get("Location"); loc != "/_pcs/console/" {
		t.Errorf("sign-in without next goes to %q", loc)
	}
	resp, err = (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).
		PostForm(s.URL+"/_pcs/console/sign-in", url.Values{"token": {"s3cret"}, "next": {"//evil.example/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "/_pcs/console/" {
		t.Errorf("sign-in with next=//evil.example/ goes to %q", loc)
	}
}

// TestCSRFRefused: a POST without the session's CSRF token, with another
// session's, or from another origin changes nothing.
func TestCSRFRefused(t *testing.T) {
	for _, token := range []string{"", "s3cret"} {
		t.Run("token="+token, func(t *testing.T) {
			s := newServer(t, token)
			id := submitted(t, s, "CSRF target")
			b := newBrowser(t, s)
			if token != "" {
				b.post("/_pcs/console/sign-in", url.Values{"token": {token}})
			}
			b.get("/_pcs/console/opportunities/" + id + "?" + scopeQuery(s, "AWS"))
			mine := b.csrf
			other := newBrowser(t, s)
			if token != "" {
				other.post("/_pcs/console/sign-in", url.Values{"token": {token}})
			}
			other.get("/_pcs/console/")
			if other.csrf == mine && token == "" {
				t.Fatal("two sessions have the same CSRF token")
			}
			form := func(csrf string) url.Values {
				return url.Values{"account": {s.Account}, "catalog": {"AWS"}, "id": {id}, "outcome": {"Approved"}, "csrf": {csrf}}
			}
			for name, csrf := range map[string]string{"none": "", "forged": "x" + mine} {
				if status, _ := b.post("/_pcs/console/actions/review", form(csrf)); status != http.StatusForbidden {
					t.Errorf("%s CSRF token: HTTP %d, want 403", name, status)
				}
			}
			req, _ := http.NewRequest(http.MethodPost, s.URL+"/_pcs/console/actions/review", strings.NewReader(form(mine).Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", "https://evil.example")
			resp, err := b.client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("from another origin: HTTP %d, want 403", resp.StatusCode)
			}
			if st := reviewStatus(t, s, id); st != "Submitted" {
				t.Fatalf("after refused forms the opportunity is %s", st)
			}
			if status, body := b.post("/_pcs/console/actions/review", form(mine)); status != http.StatusOK {
				t.Fatalf("with the session's token: HTTP %d\n%s", status, body)
			}
			if st := reviewStatus(t, s, id); st != "Approved" {
				t.Errorf("after the review the opportunity is %s", st)
			}
		})
	}
}

// TestActions: each action changes state as its admin endpoint does, and
// shows its result and the events it produced; a refused one shows why.
func TestActions(t *testing.T) {
	s := newServer(t, "")
	b := newBrowser(t, s)
	b.get("/_pcs/console/system") // for the session and its CSRF token
	scope := func(extra url.Values) url.Values {
		extra.Set("account", s.Account)
		extra.Set("catalog", "AWS")
		return extra
	}
	ctx := caller.NewContext(t.Context(), caller.Identity{AccountID: s.Account})

	t.Run("review", func(t *testing.T) {
		for _, tt := range []struct {
			outcome, comments, reason string
		}{
			{"Approved", "", ""},
			{"Action Required", "Add the customer's website.", ""},
			{"Rejected", "", "Duplicate opportunity"},
		} {
			id := submitted(t, s, "Review "+tt.outcome)
			status, body := b.post("/_pcs/console/actions/review", scope(url.Values{"id": {id}, "outcome": {tt.outcome},
				"comments": {tt.comments}, "reason": {tt.reason}}))
			if status != http.StatusOK {
				t.Fatalf("%s: HTTP %d\n%s", tt.outcome, status, body)
			}
			mustContain(t, "the review's result", body, "AWS reviewed "+id+": "+tt.outcome, "Opportunity Updated")
			o, err := s.Service.GetOpportunity(ctx, &api.GetOpportunityRequest{Catalog: ptr("AWS"), Identifier: &id})
			if err != nil {
				t.Fatal(err)
			}
			if got := string(*o.LifeCycle.ReviewStatus); got != tt.outcome {
				t.Errorf("after %s the opportunity is %s", tt.outcome, got)
			}
			if tt.comments != "" && deref(o.LifeCycle.ReviewComments) != tt.comments {
				t.Errorf("ReviewComments %q", deref(o.LifeCycle.ReviewComments))
			}
			if tt.reason != "" && deref(o.LifeCycle.ReviewStatusReason) != tt.reason {
				t.Errorf("ReviewStatusReason %q", deref(o.LifeCycle.ReviewStatusReason))
			}
			// Reviewed once, it cannot be reviewed again: the service says why.
			status, body = b.post("/_pcs/console/actions/review", scope(url.Values{"id": {id}, "outcome": {"Approved"}}))
			if status != http.StatusBadRequest || !strings.Contains(body, "only Submitted or In review opportunities can be reviewed") {
				t.Errorf("a second review: HTTP %d", status)
			}
		}
	})

	var invitation string
	t.Run("referral", func(t *testing.T) {
		status, body := b.post("/_pcs/console/actions/referral", scope(url.Values{"payload": {""}, "message": {"From the console"}}))
		if status != http.StatusOK {
			t.Fatalf("HTTP %d\n%s", status, body)
		}
		mustContain(t, "the referral's result", body, "Engagement Invitation Created", "From the console")
		out, err := s.Service.ListEngagementInvitations(ctx, &api.ListEngagementInvitationsRequest{Catalog: ptr("AWS"),
			ParticipantType: ptr(api.ParticipantTypeReceiver)})
		if err != nil || len(out.EngagementInvitationSummaries) != 1 {
			t.Fatalf("invitations received: %v, %v", out, err)
		}
		invitation = *out.EngagementInvitationSummaries[0].Id
		status, body = b.post("/_pcs/console/actions/referral", scope(url.Values{"payload": {`{"Customer": 1}`}}))
		if status != http.StatusBadRequest || !strings.Contains(body, "bad JSON") {
			t.Errorf("a bad payload: HTTP %d", status)
		}
	})
	t.Run("lead", func(t *testing.T) {
		_, page := b.get("/_pcs/console/aws?" + scopeQuery(s, "AWS"))
		mustContain(t, "the AWS page", page, "Example Health Clinics", "Example Freight Inc.")
		lead, _ := jsonOf(s.AWS.SampleLead())
		status, body := b.post("/_pcs/console/actions/lead", scope(url.Values{"lead": {lead}}))
		if status != http.StatusOK {
			t.Fatalf("HTTP %d\n%s", status, body)
		}
		mustContain(t, "the lead's result", body, "LeadInvitation", "Engagement Invitation Created")
	})
	t.Run("expire", func(t *testing.T) {
		status, body := b.post("/_pcs/console/actions/expire", scope(url.Values{"id": {invitation}}))
		if status != http.StatusOK {
			t.Fatalf("HTTP %d\n%s", status, body)
		}
		mustContain(t, "the expiry's result", body, "Engagement Invitation Expired")
		inv, err := s.Service.GetEngagementInvitation(ctx, &api.GetEngagementInvitationRequest{Catalog: ptr("AWS"), Identifier: &invitation})
		if err != nil || *inv.Status != api.InvitationStatusExpired {
			t.Errorf("after expiry: %v, %v", inv, err)
		}
		if status, _ := b.post("/_pcs/console/actions/expire", scope(url.Values{"id": {"engi-nosuchthing00"}})); status != http.StatusNotFound {
			t.Errorf("an unknown invitation: HTTP %d, want 404", status)
		}
	})
	t.Run("advance", func(t *testing.T) {
		before := s.Jobs.Now()
		status, body := b.post("/_pcs/console/actions/advance", scope(url.Values{"by": {"1d"}}))
		if status != http.StatusOK {
			t.Fatalf("HTTP %d\n%s", status, body)
		}
		if got := s.Jobs.Now().Sub(before); got < 24*time.Hour || got > 25*time.Hour {
			t.Errorf("the clock moved %v", got)
		}
		status, body = b.post("/_pcs/console/actions/advance", scope(url.Values{"typed": {"-1h"}}))
		if want := "Refused: a duration such as 90s, 2h, 15d or 1d12h: the clock only moves forward; got -1h0m0s"; status != http.StatusBadRequest || !strings.Contains(body, want) {
			t.Errorf("a negative duration: HTTP %d, want 400 with %q\n%s", status, want, body)
		}
		if status, _ := b.post("/_pcs/console/actions/advance", scope(url.Values{"typed": {"2h"}})); status != http.StatusOK {
			t.Errorf("a typed duration: HTTP %d", status)
		}
	})
	t.Run("faults", func(t *testing.T) {
		status, body := b.post("/_pcs/console/actions/faults", url.Values{"action": {"throttle"}, "operation": {"ListSolutions"},
			"count": {"1"}, "retryAfter": {"2s"}})
		if status != http.StatusOK {
			t.Fatalf("HTTP %d\n%s", status, body)
		}
		s.Fail("ListSolutions", map[string]any{"Catalog": "AWS"}, "ThrottlingException")
		s.OK("ListSolutions", map[string]any{"Catalog": "AWS"})
		if status, _ := b.post("/_pcs/console/actions/faults", url.Values{"action": {"explode"}}); status != http.StatusBadRequest {
			t.Errorf("an unknown action: HTTP %d", status)
		}
		b.post("/_pcs/console/actions/faults", url.Values{"action": {"internal-error"}})
		_, page := b.get("/_pcs/console/system")
		mustContain(t, "the system page", page, "internal-error", "Clear every fault")
		if status, body := b.post("/_pcs/console/actions/faults/clear", url.Values{}); status != http.StatusOK || !strings.Contains(body, "1 fault rules removed") {
			t.Errorf("clear: HTTP %d", status)
		}
		s.OK("ListSolutions", map[string]any{"Catalog": "AWS"})
	})
	t.Run("solution", func(t *testing.T) {
		status, body := b.post("/_pcs/console/actions/solution", scope(url.Values{"name": {"Telemetry <Suite>"}, "category": {"Software Product"}}))
		if status != http.StatusOK {
			t.Fatalf("HTTP %d\n%s", status, body)
		}
		out := s.OK("ListSolutions", map[string]any{"Catalog": "AWS"})
		if list, _ := out["SolutionSummaries"].([]any); len(list) != 1 {
			t.Errorf("solutions: %v", out)
		}
		if status, _ := b.post("/_pcs/console/actions/solution", scope(url.Values{"name": {""}, "category": {"Nothing"}})); status != http.StatusBadRequest {
			t.Errorf("a bad solution: HTTP %d", status)
		}
		_, page := b.get("/_pcs/console/aws?" + scopeQuery(s, "AWS"))
		mustContain(t, "the AWS page", page, "Telemetry &lt;Suite&gt;")
	})
}

// TestOpportunityPaging: the list pages through the service's NextToken
// and counts every opportunity without listing them.
func TestOpportunityPaging(t *testing.T) {
	s := newServer(t, "")
	if _, err := selling.SeedOpportunities(t.Context(), s.Store, scopeOf(s), s.Jobs.Now(), 1, 45); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, s)
	_, body := b.get("/_pcs/console/opportunities?size=20&" + scopeQuery(s, "Sandbox"))
	mustContain(t, "the first page", body, "45 opportunities by stage and review status", `rel="next"`)
	seen := strings.Count(body, `href="/_pcs/console/opportunities/O`)
	for range 5 {
		i := strings.Index(body, `rel="next"`)
		if i < 0 {
			break
		}
		start := strings.LastIndex(body[:i], `href="`) + len(`href="`)
		next := body[start : start+strings.Index(body[start:], `"`)]
		_, body = b.get(htmlUnescape(next))
		seen += strings.Count(body, `href="/_pcs/console/opportunities/O`)
	}
	if seen != 45 {
		t.Errorf("pages listed %d opportunities, want 45", seen)
	}
}

// TestEventStream: the live feed sends the events written after its
// cursor, filtered, as Server-Sent Events.
func TestEventStream(t *testing.T) {
	s := newServer(t, "")
	createOpportunity(t, s, "Sandbox", "Before the stream")
	b := newBrowser(t, s)
	_, page := b.get("/_pcs/console/events")
	mustContain(t, "the events page", page, "Opportunity Created", "data-stream=")
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL+"/_pcs/console/events/stream?after=1&type=Opportunity+Created", nil)
	resp, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	time.Sleep(100 * time.Millisecond) // the stream has read the outbox and waits
	id := createOpportunity(t, s, "Sandbox", "During the stream")
	committed := time.Now()
	got := make(chan string, 1)
	go func() {
		buf := make([]byte, 64<<10)
		var all string
		for {
			n, err := resp.Body.Read(buf)
			all += string(buf[:n])
			if strings.Contains(all, `\"identifier\":\"`+id+`\"`) || strings.Contains(all, `"identifier":"`+id+`"`) || err != nil {
				got <- all
				return
			}
		}
	}()
	select {
	case all := <-got:
		if !strings.Contains(all, "event: pcs-event") || !strings.Contains(all, id) {
			t.Errorf("stream: %q", all)
		}
		if d := time.Since(committed); d > 500*time.Millisecond {
			t.Errorf("the event came on the stream %v after it committed", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no event came on the stream")
	}
	s.PCS.EndLongPolls()
	ended := make(chan error, 1)
	go func() { _, err := io.Copy(io.Discard, resp.Body); ended <- err }()
	select {
	case err := <-ended:
		if err != nil {
			t.Errorf("the stream ended with %v", err)
		}
	case <-time.After(time.Second):
		t.Error("the stream was not ended within a second of EndLongPolls")
	}
}
