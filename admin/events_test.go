package admin_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"pcs/internal/apitest"
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

type pollAnswer struct {
	status int
	events []json.RawMessage
	next   int64
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
	}
	err = json.NewDecoder(resp.Body).Decode(&page)
	return pollAnswer{resp.StatusCode, page.Events, page.Next, err}
}

// check wants an answer with no events and the cursor the poll was given.
func (a pollAnswer) check(t *testing.T, cursor int64) {
	t.Helper()
	if a.err != nil || a.status != http.StatusOK || a.events == nil || len(a.events) != 0 || a.next != cursor {
		t.Errorf("answer: HTTP %d, %d events, Next %d (%v); want 200, none, Next %d", a.status, len(a.events), a.next, a.err, cursor)
	}
}
