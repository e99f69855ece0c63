package admin

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"pcs/selling"
	"pcs/store"
)

// maxEventWait bounds a long poll of /_pcs/events.
const maxEventWait = 60 * time.Second

// events serves the event stream as a long poll: the events after the
// cursor "after" (of one account, or all), waiting up to "wait" for the
// first one to commit (through any pcs on the store), or until the server
// shuts down. The answer's Next is the cursor for the following call; a
// cursor older than the oldest event kept reads what remains, with Pruned
// set.
func (h *Handler) events(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	after, err := strconv.ParseInt(q.Get("after"), 10, 64)
	if q.Get("after") == "" {
		after, err = 0, nil
	}
	if err != nil || after < 0 {
		writeError(w, http.StatusBadRequest, "after must be a cursor: a whole number from a previous answer's Next, or 0")
		return
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	var wait time.Duration
	if v := q.Get("wait"); v != "" {
		if wait, err = time.ParseDuration(v); err != nil || wait < 0 {
			writeError(w, http.StatusBadRequest, "wait must be a duration such as 20s")
			return
		}
	}
	timeout := time.NewTimer(min(wait, maxEventWait))
	defer timeout.Stop()
	var evs []store.Event
	var prunedThrough int64
poll:
	for {
		changed := h.polls.OutboxChanged() // before the read: an event committed between the two is not missed
		if evs, prunedThrough, err = selling.Events(r.Context(), h.svc, q.Get("account"), after, limit); err != nil {
			h.fail(w, err)
			return
		}
		if len(evs) > 0 || prunedThrough > after || wait <= 0 {
			break
		}
		select {
		case <-r.Context().Done():
			return
		case <-h.polls.Ended():
			break poll
		case <-timeout.C:
			break poll
		case <-changed:
		}
	}
	out := struct {
		Events []json.RawMessage
		Next   int64
		// Pruned: events after the cursor left the outbox (their retention
		// ran out) before this reader got them; Events are what remains.
		Pruned bool `json:",omitempty"`
	}{Events: []json.RawMessage{}, Next: after, Pruned: prunedThrough > after}
	if out.Pruned {
		out.Next = prunedThrough // what the reader missed is gone: say so once
	}
	for _, e := range evs {
		out.Events = append(out.Events, e.Doc)
		out.Next = e.Seq
	}
	writeJSON(w, http.StatusOK, out)
}
