package admin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"pcs/internal/apitest"
	"pcs/selling"
)

// TestEndLongPolls ends a long poll waiting for events, and answers the
// polls that come after it without waiting.
func TestEndLongPolls(t *testing.T) {
	api := apitest.New(t)

	waiting := make(chan pollAnswer, 1)
	go func() { waiting <- poll(api.URL + "/_pcs/events?after=7&wait=60s") }()
	time.Sleep(200 * time.Millisecond) // the poll is waiting
	api.PCS.EndLongPolls()
	select {
	case a := <-waiting:
		a.check(t, 7)
	case <-time.After(time.Second):
		t.Fatal("the waiting poll was not answered within a second of EndLongPolls")
	}
	start := time.Now()
	poll(api.URL+"/_pcs/events?after=3&wait=60s").check(t, 3)
	if d := time.Since(start); d > time.Second {
		t.Errorf("a poll after EndLongPolls waited %v", d)
	}
}

// TestLongPollWakesAtCommit: a long poll waiting for events is answered
// as soon as one commits, not at a later look (the outbox is looked at
// again only when the store tells of a commit).
func TestLongPollWakesAtCommit(t *testing.T) {
	api := apitest.New(t)
	waiting := make(chan pollAnswer, 1)
	go func() { waiting <- poll(api.URL + "/_pcs/events?after=0&wait=30s") }()
	time.Sleep(200 * time.Millisecond) // the poll is waiting
	api.OK("CreateOpportunity", map[string]any{"Catalog": "Sandbox", "ClientToken": "wakes"})
	committed := time.Now()
	select {
	case a := <-waiting:
		if a.err != nil || a.status != http.StatusOK || len(a.events) != 1 || a.next != 1 {
			t.Errorf("answer: HTTP %d, %d events, Next %d (%v); want 200, the new event, Next 1", a.status, len(a.events), a.next, a.err)
		}
		if d := time.Since(committed); d > 500*time.Millisecond {
			t.Errorf("the poll was answered %v after the event committed", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the waiting poll was not answered within 10s of an event")
	}
}

// TestPrunedCursor: a reader whose cursor is older than the oldest event
// kept reads what remains, without waiting and without an error, told once
// that events were pruned.
func TestPrunedCursor(t *testing.T) {
	api := apitest.New(t)
	created := 0
	create := func() {
		created++
		api.OK("CreateOpportunity", map[string]any{"Catalog": "Sandbox", "ClientToken": fmt.Sprint("pruned-", created)})
	}
	for range 3 {
		create()
	}
	api.Advance(selling.DefaultEventRetention + time.Hour)
	if m, err := selling.Maintain(context.Background(), api.Service, selling.AllDelivered); err != nil || m.Events != 3 {
		t.Fatalf("Maintain pruned %d events, %v; want 3", m.Events, err)
	}

	start := time.Now()
	a := poll(api.URL + "/_pcs/events?after=1&wait=60s")
	if a.err != nil || a.status != http.StatusOK || len(a.events) != 0 || !a.pruned || a.next != 3 {
		t.Errorf("the outbox emptied: HTTP %d, %d events, Next %d, pruned %v (%v); want 200, none, Next 3, pruned",
			a.status, len(a.events), a.next, a.pruned, a.err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("a poll with a pruned cursor waited %v", d)
	}
	create()
	a = poll(api.URL + "/_pcs/events?after=0")
	if a.err != nil || a.status != http.StatusOK || len(a.events) != 1 || !a.pruned || a.next != 4 {
		t.Errorf("from the start: HTTP %d, %d events, Next %d, pruned %v (%v); want 200, the new event, Next 4, pruned",
			a.status, len(a.events), a.next, a.pruned, a.err)
	}
	if a = poll(api.URL + "/_pcs/events?after=3"); len(a.events) != 1 || a.pruned {
		t.Errorf("from the position pruned through: %d events, pruned %v; want the new event, not pruned", len(a.events), a.pruned)
	}
}

type pollAnswer struct {
	status int
	events []json.RawMessage
	next   int64
	pruned bool
	err    error
}

func poll(url string) pollAnswer {
	resp, err := http.Get(url)
	if err != nil {
		return pollAnswer{err: err}
	}
	defer resp.Body.Close()
	var page struct {
		Events []json.RawMessage
		Next   int64
		Pruned bool
	}
	err = json.NewDecoder(resp.Body).Decode(&page)
	return pollAnswer{resp.StatusCode, page.Events, page.Next, page.Pruned, err}
}

// check wants an answer with no events and the cursor the poll was given.
func (a pollAnswer) check(t *testing.T, cursor int64) {
	t.Helper()
	if a.err != nil || a.status != http.StatusOK || a.events == nil || len(a.events) != 0 || a.next != cursor {
		t.Errorf("answer: HTTP %d, %d events, Next %d (%v); want 200, none, Next %d", a.status, len(a.events), a.next, a.err, cursor)
	}
}
