package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestShutdownEndsLongPolls stops pcs (its SIGTERM) while a long poll of
// the event stream waits: the poll is answered with no events and its
// cursor, and serve returns nil at once, not after -shutdown-timeout.
func TestShutdownEndsLongPolls(t *testing.T) {
	url, stop := startServe(t, "-in-memory", "-shutdown-timeout", "5s")
	type answer struct {
		status int
		page   struct {
			Events []json.RawMessage
			Next   int64
		}
		err error
	}
	answered := make(chan answer, 1)
	go func() {
		var a answer
		resp, err := http.Get(url + "/_pcs/events?after=4&wait=60s")
		if err == nil {
			a.status = resp.StatusCode
			err = json.NewDecoder(resp.Body).Decode(&a.page)
			resp.Body.Close()
		}
		a.err = err
		answered <- a
	}()
	time.Sleep(300 * time.Millisecond) // the poll is waiting
	start := time.Now()
	stop() // fails the test unless serve returns nil
	if d := time.Since(start); d > time.Second {
		t.Errorf("serve took %v to stop with a long poll in flight", d)
	}
	a := <-answered
	if a.err != nil || a.status != http.StatusOK || a.page.Events == nil || len(a.page.Events) != 0 || a.page.Next != 4 {
		t.Errorf("the long poll got HTTP %d, %d events, Next %d (%v); want 200, none, Next 4",
			a.status, len(a.page.Events), a.page.Next, a.err)
	}
}

// TestEventsTailStopsOnSignal interrupts "pcs events tail" while its long
// poll waits: it returns nil (exit status 0) at once.
func TestEventsTailStopsOnSignal(t *testing.T) {
	url, stop := startServe(t, "-in-memory")
	defer stop()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"events", "tail", "-endpoint", url}, io.Discard, io.Discard, env(nil))
	}()
	time.Sleep(300 * time.Millisecond) // the poll is waiting
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("tail returned %v", err)
		}
	case <-time.After(time.Second):
		t.Fatal("tail did not stop within a second of its signal")
	}
}

// TestEventsTailNotesPrunedEvents: a cursor older than what the outbox
// keeps prints what remains, and a note of what was lost on stderr.
func TestEventsTailNotesPrunedEvents(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("after") == "2" {
			io.WriteString(w, `{"Events":[{"id":"e9"}],"Next":9,"Pruned":true}`)
			return
		}
		io.WriteString(w, `{"Events":[],"Next":9}`)
	}))
	defer srv.Close()
	var out, errOut strings.Builder
	err := run(context.Background(), []string{"events", "tail", "-endpoint", srv.URL, "-after", "2", "-follow=false"}, &out, &errOut, env(nil))
	if err != nil || out.String() != "{\"id\":\"e9\"}\n" {
		t.Errorf("tail printed %q, %v; want the event that remains", out.String(), err)
	}
	if !strings.Contains(errOut.String(), "after cursor 2 were pruned") {
		t.Errorf("tail's stderr %q does not say events were pruned", errOut.String())
	}
}
