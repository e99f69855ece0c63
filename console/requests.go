package console

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"pcs/api"
	"pcs/reqlog"
)

// requestsShown is how many requests the requests page lists at a time.
const requestsShown = 50

// statusChoices are the status filters offered, as reqlog.Query.Status
// reads them; a typed HTTP status is taken too.
var statusChoices = []choice{{"", "any"}, {"ok", "ok (2xx)"}, {"error", "any error"}, {"4xx", "4xx"}, {"5xx", "5xx"},
	{"dropped", "dropped (a fault closed the connection)"}}

type choice struct{ Value, Label string }

type requestsView struct {
	// Off says pcs records no requests (-record-requests 0).
	Off bool
	// The filter, as the form shows it.
	Operation, Caller, Status, ErrorType, Contains, RequestID string
	Requests                                                  []reqlog.Record
	Older, Newest                                             string // the pager's links, "" when none
	Problem                                                   string
	Kept                                                      int // how many requests the recorder keeps
	Operations, ErrorTypes                                    []string
	Statuses                                                  []choice
}

// requestFilter is the requests page's filter from a request: the query
// GET /_pcs/requests would make of the same filters. The caller's account
// is "caller", since "account" picks the page's scope.
func requestFilter(r *http.Request) reqlog.Query {
	q := r.URL.Query()
	f := reqlog.Query{Operation: q.Get("operation"), Account: strings.TrimSpace(q.Get("caller")), Status: strings.TrimSpace(q.Get("status")),
		ErrorType: strings.TrimSpace(q.Get("error")), Contains: strings.TrimSpace(q.Get("contains")),
		RequestID: strings.TrimSpace(q.Get("id")), Limit: requestsShown}
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	return f
}

func (h *Handler) requests(w http.ResponseWriter, r *http.Request) {
	f := requestFilter(r)
	v := requestsView{Operation: f.Operation, Caller: f.Account, Status: f.Status, ErrorType: f.ErrorType,
		Contains: f.Contains, RequestID: f.RequestID, Operations: api.OperationNames(), ErrorTypes: errorTypes(),
		Statuses: statusChoices}
	if !slices.ContainsFunc(v.Statuses, func(c choice) bool { return c.Value == f.Status }) {
		v.Statuses = append(slices.Clip(v.Statuses), choice{f.Status, f.Status})
	}
	if h.cfg.Requests == nil {
		v.Off = true
		h.render(w, r, http.StatusOK, "requests", "Requests", v)
		return
	}
	v.Kept = h.cfg.Requests.Size()
	page, err := h.cfg.Requests.Find(f)
	if err != nil {
		v.Problem = err.Error()
		h.render(w, r, http.StatusBadRequest, "requests", "Requests", v)
		return
	}
	v.Requests = page.Requests
	if n := len(page.Requests); n == requestsShown {
		q := r.URL.Query()
		q.Set("before", strconv.FormatInt(page.Requests[n-1].Seq, 10))
		v.Older = r.URL.Path + "?" + q.Encode()
	}
	if f.Before > 0 {
		q := r.URL.Query()
		q.Del("before")
		v.Newest = r.URL.Path + "?" + q.Encode()
	}
	h.render(w, r, http.StatusOK, "requests", "Requests", v)
}

// errorTypes are the errors the model's operations answer, for the
// filter's suggestions, with those of the protocol itself.
func errorTypes() []string {
	out := []string{"SerializationException", "UnknownOperationException", "IncompleteSignatureException",
		"InvalidSignatureException", "MissingAuthenticationTokenException", "UnrecognizedClientException",
		"RequestEntityTooLargeException", "UnsupportedMediaTypeException", "NotImplementedException"}
	for _, op := range api.Operations {
		for _, e := range op.Errors {
			if !slices.Contains(out, e) {
				out = append(out, e)
			}
		}
	}
	slices.Sort(out)
	return out
}
