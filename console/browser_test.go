package console_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"pcs/selling"
	"pcs/server"
)

// chromium finds a Chromium to drive: $PCS_CHROMIUM, else one on PATH.
func chromium() string {
	if p := os.Getenv("PCS_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// accessibilityCheck lists what a page lacks of keyboard and screen
// reader basics: a label for every form control, a name for every
// button, headings that start at h1 and go down one level at a time.
const accessibilityCheck = `(() => {
  const problems = [];
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden") continue;
    const label = el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
    if (!label && !el.closest("label") && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby"))
      problems.push("no label: " + el.outerHTML.slice(0, 80));
  }
  for (const b of document.querySelectorAll("button"))
    if (!b.textContent.trim() && !b.getAttribute("aria-label")) problems.push("a button without a name");
  let last = 0;
  for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const n = Number(h.tagName[1]);
    if (last === 0 && n !== 1) problems.push("the first heading is " + h.tagName);
    if (n > last + 1) problems.push(h.tagName + " after h" + last + ": " + h.textContent.trim().slice(0, 40));
    last = n;
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    problems.push("the page is wider than the window: " + document.documentElement.scrollWidth + "px");
  return problems;
})()`

// focusCheck tabs through the first few focusable elements and says of
// each whether the focus shows (an outline, as :focus-visible draws it).
const focusCheck = `(() => {
  const el = document.activeElement;
  const st = getComputedStyle(el);
  return el.tagName + " " + (el.textContent || el.name || "").trim().slice(0, 30) + ": " +
    (st.outlineStyle !== "none" && parseFloat(st.outlineWidth) > 0 ? "visible" : "INVISIBLE");
})()`

// TestBrowser drives headless Chromium through the console's journeys:
// sign in; start the review of a submitted opportunity and approve it with
// the keyboard; watch a referral arrive on the live event feed; advance the
// clock past the referral's expiry and see it expired; find an opportunity
// a CRM just created in the table; find a failed request and its error.
// Each page is checked for labels, heading order, visible focus and a
// narrow window. With PCS_CONSOLE_SCREENSHOTS set to a directory it saves
// the pages there as PNGs (docs/images holds the docs').
func TestBrowser(t *testing.T) {
	path := chromium()
	if path == "" {
		t.Skip("no Chromium found (install Debian's chromium package, or set PCS_CHROMIUM): the browser test is skipped")
	}
	if testing.Short() {
		t.Skip("the browser test is slow; skipped with -short")
	}
	s := apitestWith(t, server.Config{AdminToken: "s3cret", RecordRequests: 100})
	id := submitted(t, s, "Fleet telemetry platform migration to AWS")
	createOpportunity(t, s, "AWS", "Data platform for the claims team")

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	}
	actx, cancel := chromedp.NewExecAllocator(t.Context(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	shots := os.Getenv("PCS_CONSOLE_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			png, err := chromedp.CaptureScreenshot()(ctx, tg)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name), png, 0o644)
		})
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string { // CSS, or XPath from a "/"
		t.Helper()
		var q chromedp.Action[string] = chromedp.Text(chromedp.CSS(sel))
		if strings.HasPrefix(sel, "/") {
			q = chromedp.Text(chromedp.Search(sel))
		}
		v, err := chromedp.Run(ctx, q)
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return strings.TrimSpace(v)
	}
	accessible := func(page string) {
		t.Helper()
		problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](accessibilityCheck))
		if err != nil {
			t.Fatalf("check %s: %v", page, err)
		}
		for _, p := range problems {
			t.Errorf("%s: %s", page, p)
		}
	}
	scope := "?" + scopeQuery(s, "AWS")
	console := s.URL + "/_pcs/console/"

	// Not signed in: the console asks for the token first, then shows the
	// page asked for.
	page := console + "opportunities/" + id + scope
	do("sign in and open "+id,
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SendKeys(chromedp.ID("token"), "s3cret"),
		chromedp.Submit(chromedp.ID("token")),
		chromedp.WaitVisible(chromedp.CSS("[data-review-status]")),
		shot("console-opportunity.png"),
	)
	if status := text("[data-review-status]"); status != "Submitted" {
		t.Fatalf("the opportunity shows %q, want Submitted", status)
	}
	accessible("the opportunity page")
	// The keyboard goes from the skip link through the nav to the scope's
	// picker and its button, and the focus shows on each.
	var focused []string
	for range 14 {
		do("tab", chromedp.KeyEvent(kb.Tab))
		focus, err := chromedp.Run(ctx, chromedp.Evaluate[string](focusCheck))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(focus, "INVISIBLE") {
			t.Errorf("the keyboard's focus does not show on %s", focus)
		}
		focused = append(focused, focus)
	}
	if all := strings.Join(focused, "\n"); !strings.Contains(all, "Skip to content") || !strings.Contains(all, "SELECT") || !strings.Contains(all, "BUTTON") {
		t.Errorf("tabbing went through\n%s", all)
	}

	// Start the review with a click, then approve it with the keyboard.
	do("start the review of "+id,
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Start review"]`)),
		chromedp.WaitVisible(chromedp.CSS(".done")),
	)
	if result := text(".done"); !strings.Contains(result, "In review") {
		t.Errorf("Start review answered %q", result)
	}
	accessible("an action's result")
	do("back to "+id,
		chromedp.Click(chromedp.Search(`//a[starts-with(normalize-space(), "Back to")]`)),
		chromedp.WaitVisible(chromedp.CSS("[data-review-status]")),
	)
	if status := text("[data-review-status]"); status != "In review" {
		t.Fatalf("after Start review the opportunity shows %q", status)
	}
	do("approve "+id,
		chromedp.Focus(chromedp.Search(`//button[normalize-space()="Approve"]`)),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(".done")),
	)
	result := text(".done")
	if evs := text("table.events"); !strings.Contains(evs, "Opportunity Updated") {
		t.Errorf("the approval's result lists the events %q, want its Opportunity Updated", evs)
	}
	do("back to "+id,
		shot("console-review-result.png"),
		chromedp.Click(chromedp.Search(`//a[starts-with(normalize-space(), "Back to")]`)),
		chromedp.WaitVisible(chromedp.CSS("[data-timeline]")),
	)
	if status := text("[data-review-status]"); !strings.Contains(result, "Approved") || status != "Approved" {
		t.Errorf("after the key press: result %q, status %q; want Approved", result, status)
	}
	if timeline := text("[data-timeline]"); !strings.Contains(timeline, "In review") || !strings.Contains(timeline, "Approved") {
		t.Errorf("the review timeline reads %q", timeline)
	}
	if got := reviewStatus(t, s, id); got != "Approved" {
		t.Errorf("the service has the opportunity %s", got)
	}
	// A narrow window: nothing wider than it, and a picture to look at.
	do("a narrow window",
		chromedp.EmulateViewport(420, 900),
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS("[data-timeline]")),
		shot("console-opportunity-narrow.png"),
	)
	accessible("the opportunity page, 420 pixels wide")
	do("a wide window again", chromedp.EmulateViewport(1280, 1000))

	// The live feed shows a referral as AWS sends it, without a reload.
	var referral string
	do("live feed",
		chromedp.Navigate(console+"events"+scope),
		chromedp.WaitVisible(chromedp.CSS("[data-events]")),
		chromedp.Func(func(context.Context, *chromedp.Target) error {
			inv, err := s.AWS.SendReferral(t.Context(), selling.ReferralSpec{Account: s.Account, Catalog: "AWS"})
			if err == nil {
				referral = *inv.Id
			}
			return err
		}),
		chromedp.WaitVisible(chromedp.CSS("tr.fresh")),
	)
	if feed := text("tr.fresh"); !strings.Contains(feed, "Engagement Invitation Created") {
		t.Errorf("the feed shows %q, want the referral's invitation", feed)
	}
	accessible("the events page")
	do("the events page", shot("console-events.png"))

	// The referral waits 15 days; moving the clock 16 days on expires it.
	row := `//tr[td[1][normalize-space()="` + referral + `"]]`
	do("the invitations", chromedp.Navigate(console+"invitations"+scope), chromedp.WaitVisible(chromedp.Search(row)))
	if got := text(row + "/td[2]"); got != "PENDING" {
		t.Fatalf("the referral is %q before the clock moves", got)
	}
	accessible("the invitations page")
	do("advance the clock 16 days",
		chromedp.Navigate(console+"system"+scope),
		chromedp.SendKeys(chromedp.ID("adv-typed"), "16d"),
		chromedp.Click(chromedp.Search(`//form[.//input[@id="adv-typed"]]//button`)),
		chromedp.WaitVisible(chromedp.CSS(".done")),
	)
	if got := text(".done"); !strings.Contains(got, "moved 16d forward") {
		t.Errorf("the advance answered %q", got)
	}
	do("the invitations", chromedp.Navigate(console+"invitations"+scope), chromedp.WaitVisible(chromedp.Search(row)))
	if got := text(row + "/td[2]"); got != "EXPIRED" {
		t.Errorf("16 days on, the referral is %q, want EXPIRED", got)
	}

	// An opportunity a CRM creates (with boto3 when python3 has it) is in the table.
	do("the opportunities", chromedp.Navigate(console+"opportunities"+scope), chromedp.WaitVisible(chromedp.CSS("table.opportunities")))
	created := createOpportunityBy(t, s, "AWS", "Created by the CRM while the console was open")
	do("the opportunities, reloaded",
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.Search(`//table[contains(@class, "opportunities")]//a[normalize-space()="`+created+`"]`)),
		shot("console-opportunities.png"),
	)
	accessible("the opportunities page")

	// A request the service refused is on the requests page, with its error.
	s.Fail("CreateOpportunity", `{"Catalog":"AWS","ClientToken":"refused-1","OpportunityType":"Brand New Business"}`, "ValidationException")
	do("the failed requests",
		chromedp.Click(chromedp.Search(`//nav//a[normalize-space()="Requests"]`)),
		chromedp.WaitVisible(chromedp.ID("rq-status")),
		chromedp.SetValue(chromedp.ID("rq-status"), "error"),
		chromedp.Click(chromedp.Search(`//form[.//select[@id="rq-status"]]//button`)),
		// The filtered page, not the one the click left: only the server
		// marks the chosen option selected (SetValue sets the property).
		chromedp.WaitVisible(chromedp.Search(`//select[@id="rq-status"]/option[@value="error" and @selected]/..`)),
		chromedp.WaitVisible(chromedp.CSS("[data-requests]")),
		chromedp.Click(chromedp.CSS("[data-requests] tbody tr:first-child summary")),
	)
	if got := text("[data-requests] tbody tr:first-child [data-error]"); !strings.Contains(got, "ValidationException") {
		t.Errorf("the newest failed request shows %q, want its ValidationException", got)
	}
	if got := text("[data-requests] tbody tr:first-child details"); !strings.Contains(got, "Brand New Business") {
		t.Errorf("the failed request's bodies read %q", got)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("[data-requests] tbody tr").length`)); err != nil || n != 1 {
		t.Errorf("the failed requests: %d rows (%v), want 1", n, err)
	}
	accessible("the requests page")
	do("the requests page", shot("console-requests.png"))

	for _, p := range []string{"", "engagements", "tasks", "aws", "system"} {
		do("open "+p, chromedp.Navigate(console+p+scope), chromedp.WaitVisible(chromedp.CSS("main h1")))
		accessible("the page /" + p)
	}
}
