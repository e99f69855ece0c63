package console

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"pcs/store"
)

// detailTypes are the event detail-types pcs sends (docs/events.md), for
// the feed's filter.
var detailTypes = []string{"Opportunity Created", "Opportunity Updated", "Engagement Invitation Created",
	"Engagement Invitation Accepted", "Engagement Invitation Rejected", "Engagement Invitation Expired",
	"Engagement Created", "Engagement Member Added", "Engagement Updated", "Engagement Resource Snapshot Created"}

type eventsView struct {
	Account, DetailType, Resource string
	Events                        []store.Event
	Older                         string // the next page's link, "" when none
	Newest                        int64  // the stream's starting cursor
	Types                         []string
	Stream                        string
}

// eventFilter is the feed's filter from a request.
func eventFilter(r *http.Request) (account, detailType, resource string) {
	q := r.URL.Query()
	return strings.TrimSpace(q.Get("event_account")), q.Get("type"), strings.TrimSpace(q.Get("resource"))
}

func (h *Handler) events(w http.ResponseWriter, r *http.Request) {
	account, detailType, resource := eventFilter(r)
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	v := eventsView{Account: account, DetailType: detailType, Resource: resource, Types: detailTypes}
	evs, err := h.recentEvents(r, store.EventQuery{Account: account, DetailType: detailType, Contains: resource,
		Before: before, Limit: eventsShown})
	if err != nil {
		h.log.Error("console: events", "err", err)
	}
	v.Events = evs
	if len(evs) == eventsShown {
		q := r.URL.Query()
		q.Set("before", strconv.FormatInt(evs[len(evs)-1].Seq, 10))
		v.Older = r.URL.Path + "?" + q.Encode()
	}
	if before == 0 {
		// The stream starts after the newest event, whether shown or filtered out.
		if newest, err := h.recentEvents(r, store.EventQuery{Limit: 1}); err == nil && len(newest) > 0 {
			v.Newest = newest[0].Seq
		}
		v.Stream = link("events/stream", "event_account", account, "type", detailType, "resource", resource,
			"after", strconv.FormatInt(v.Newest, 10))
	}
	h.render(w, r, http.StatusOK, "events", "Events", v)
}

// streamBeat is how often the stream says it is alive when no events come.
const streamBeat = 15 * time.Second

// streamedEvent is what the feed's script gets of an event.
type streamedEvent struct {
	Seq        int64           `json:"seq"`
	DetailType string          `json:"detailType"`
	Account    string          `json:"account"`
	Catalog    string          `json:"catalog"`
	Time       string          `json:"time"`
	Doc        json.RawMessage `json:"doc"`
}

// eventStream sends the events after the cursor as Server-Sent Events as
// they commit (through any pcs on the store), filtered as the feed is; an
// EventSource that reconnects resumes from its Last-Event-ID.
func (h *Handler) eventStream(w http.ResponseWriter, r *http.Request) {
	account, detailType, resource := eventFilter(r)
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	if id, err := strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64); err == nil {
		after = id
	}
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = fmt.Fprint(w, "retry: 2000\n\n")
	_ = rc.Flush()
	lastWrite := time.Now()
	for {
		// An http.Server's WriteTimeout would cut a long stream; each
		// write gets its own deadline instead.
		_ = rc.SetWriteDeadline(time.Now().Add(streamBeat + 10*time.Second))
		changed := h.polls.OutboxChanged() // before the read: an event committed between the two is not missed
		var evs []store.Event
		err := h.cfg.Store.View(r.Context(), func(tx store.Tx) error {
			var err error
			evs, err = tx.EventsAfter(r.Context(), account, after, 100)
			return err
		})
		if err != nil {
			if r.Context().Err() == nil {
				h.log.Error("console: event stream", "err", err)
			}
			return
		}
		for _, e := range evs {
			after = e.Seq
			if (detailType != "" && e.DetailType != detailType) || (resource != "" && !strings.Contains(string(e.Doc), resource)) {
				continue
			}
			b, _ := json.Marshal(streamedEvent{Seq: e.Seq, DetailType: e.DetailType, Account: e.Account, Catalog: e.Catalog,
				Time: when(e.Time), Doc: e.Doc})
			if _, err := fmt.Fprintf(w, "id: %d\nevent: pcs-event\ndata: %s\n\n", e.Seq, b); err != nil {
				return
			}
			lastWrite = time.Now()
		}
		if time.Since(lastWrite) >= streamBeat {
			if _, err := fmt.Fprint(w, ": still here\n\n"); err != nil {
				return
			}
			lastWrite = time.Now()
		}
		if err := rc.Flush(); err != nil {
			return
		}
		if len(evs) == 100 {
			continue // more are waiting
		}
		beat := time.NewTimer(streamBeat - time.Since(lastWrite))
		select {
		case <-r.Context().Done():
			return
		case <-h.polls.Ended():
			return
		case <-changed:
		case <-beat.C:
		}
		beat.Stop()
	}
}
