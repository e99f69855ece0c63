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

	"pcs/selling"
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

// TestBrowser drives headless Chromium through the console: sign in, find a
// submitted opportunity, approve it with a click and see it Approved, then
// watch a referral arrive on the live event feed. With
// PCS_CONSOLE_SCREENSHOTS set to a directory it saves the pages there as
// PNGs (docs/images holds the README's).
func TestBrowser(t *testing.T) {
	path := chromium()
	if path == "" {
		t.Skip("no Chromium found (install Debian's chromium package, or set PCS_CHROMIUM): the browser test is skipped")
	}
	if testing.Short() {
		t.Skip("the browser test is slow; skipped with -short")
	}
	s := newServer(t, "s3cret")
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
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return strings.TrimSpace(v)
	}

	page := s.URL + "/_pcs/console/opportunities/" + id + "?" + scopeQuery(s, "AWS")
	err := chromedp.Do(ctx,
		// Not signed in: the console asks for the token first.
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SendKeys(chromedp.ID("token"), "s3cret"),
		chromedp.Submit(chromedp.ID("token")),
		// Then it shows the page asked for.
		chromedp.WaitVisible(chromedp.CSS("[data-review-status]")),
	)
	if err != nil {
		t.Fatalf("sign in and open %s: %v", id, err)
	}
	if status := text("[data-review-status]"); status != "Submitted" {
		t.Fatalf("the opportunity shows %q, want Submitted", status)
	}
	err = chromedp.Do(ctx,
		shot("console-opportunity.png"),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Approve"]`)),
		chromedp.WaitVisible(chromedp.CSS(".done")),
	)
	if err != nil {
		t.Fatalf("approve %s: %v", id, err)
	}
	result := text(".done")
	err = chromedp.Do(ctx,
		shot("console-review-result.png"),
		chromedp.Click(chromedp.Search(`//a[starts-with(normalize-space(), "Back to")]`)),
		chromedp.WaitVisible(chromedp.CSS("[data-review-status]")),
	)
	if err != nil {
		t.Fatalf("back to %s: %v", id, err)
	}
	if status := text("[data-review-status]"); !strings.Contains(result, "Approved") || status != "Approved" {
		t.Errorf("after the click: result %q, status %q; want Approved", result, status)
	}
	if got := reviewStatus(t, s, id); got != "Approved" {
		t.Errorf("the service has the opportunity %s", got)
	}

	// The live feed shows a referral as AWS sends it, without a reload.
	err = chromedp.Do(ctx,
		chromedp.Navigate(s.URL+"/_pcs/console/events?"+scopeQuery(s, "AWS")),
		chromedp.WaitVisible(chromedp.CSS("[data-events]")),
		chromedp.Func(func(context.Context, *chromedp.Target) error {
			_, err := s.AWS.SendReferral(t.Context(), selling.ReferralSpec{Account: s.Account, Catalog: "AWS"})
			return err
		}),
		chromedp.WaitVisible(chromedp.CSS("tr.fresh")),
	)
	if err != nil {
		t.Fatalf("live feed: %v", err)
	}
	if feed := text("tr.fresh"); !strings.Contains(feed, "Engagement Invitation Created") {
		t.Errorf("the feed shows %q, want the referral's invitation", feed)
	}
	err = chromedp.Do(ctx,
		shot("console-events.png"),
		chromedp.Navigate(s.URL+"/_pcs/console/opportunities?"+scopeQuery(s, "AWS")),
		chromedp.WaitVisible(chromedp.CSS("table.opportunities")),
		shot("console-opportunities.png"),
	)
	if err != nil {
		t.Fatalf("the opportunities page: %v", err)
	}
}
