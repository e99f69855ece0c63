package admin

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"pcs/clock"
	"pcs/reqlog"
)

// requests serves the request recorder: the recorded API requests that
// match the query's filters, newest first; with "wait", a long poll for
// the first one after the cursor "after" (ended, like /_pcs/events, when
// the server shuts down).
func (h *Handler) requests(w http.ResponseWriter, r *http.Request) {
	if h.requestLog == nil {
		writeError(w, http.StatusNotFound, "pcs records no requests: it was started with -record-requests 0")
		return
	}
	q, wait, msg := requestQuery(r)
	if msg != "" {
		writeError(w, http.StatusBadRequest, msg)
		return
	}
	if err := q.Check(); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	timeout := time.NewTimer(min(wait, maxEventWait))
	defer timeout.Stop()
	var out struct {
		reqlog.Page
		// ShuttingDown tells a follower that pcs is stopping: there is
		// nothing more to wait for.
		ShuttingDown bool `json:",omitempty"`
	}
	for {
		changed := h.requestLog.Changed() // before Find: a record between the two is not missed
		out.Page, _ = h.requestLog.Find(q)
		if len(out.Requests) > 0 || wait <= 0 {
			break
		}
		select {
		case <-r.Context().Done():
			return
		case <-h.polls.Ended():
		case <-timeout.C:
		case <-changed:
			continue
		}
		break
	}
	select {
	case <-h.polls.Ended():
		out.ShuttingDown = true // whether this answer waited or not
	default:
	}
	// Not writeJSON: the records quote queries and messages, which read
	// better without HTML escapes (& as \u0026).
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(out)
}

// requestQuery parses the query string of GET /_pcs/requests; msg says
// what is wrong with it.
func requestQuery(r *http.Request) (q reqlog.Query, wait time.Duration, msg string) {
	v := r.URL.Query()
	q = reqlog.Query{Operation: v.Get("operation"), Account: v.Get("account"), Catalog: v.Get("catalog"),
		RequestID: v.Get("id"), Status: v.Get("status"), ErrorType: v.Get("error"), Contains: v.Get("contains")}
	for _, c := range []struct {
		name string
		to   *int64
	}{{"after", &q.After}, {"before", &q.Before}} {
		if s := v.Get(c.name); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n < 0 {
				return q, 0, c.name + " must be a cursor: a whole number from a previous answer's Next or Seq"
			}
			*c.to = n
		}
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > reqlog.MaxLimit {
			return q, 0, "limit must be 1 to " + strconv.Itoa(reqlog.MaxLimit)
		}
		q.Limit = n
	}
	if s := v.Get("since"); s != "" {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			q.Since = t
		} else if d, err := clock.ParseDuration(s); err == nil && d > 0 {
			q.Since = time.Now().Add(-d) // the records' times are wall-clock times
		} else {
			return q, 0, "since must be an RFC 3339 time or a duration back from now, such as 15m"
		}
	}
	if s := v.Get("wait"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return q, 0, "wait must be a duration such as 20s"
		}
		wait = d
	}
	return q, wait, ""
}
