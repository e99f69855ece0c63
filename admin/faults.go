package admin

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"pcs/fault"
	"pcs/quota"
)

// routeFaults serves fault injection over inj:
//
//	GET    /_pcs/faults        the rules, in the order they are tried
//	POST   /_pcs/faults        add a rule (fault.Rule as JSON); answers it with its id
//	DELETE /_pcs/faults        remove every rule
//	DELETE /_pcs/faults/{id}   remove one rule
func (h *Handler) routeFaults(inj *fault.Injector) {
	h.mux.HandleFunc("GET /_pcs/faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"faults": nonNil(inj.List())})
	})
	h.mux.HandleFunc("POST /_pcs/faults", func(w http.ResponseWriter, r *http.Request) {
		var rule fault.Rule
		dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rule); err != nil {
			writeError(w, http.StatusBadRequest, `body must be a JSON fault rule {"action","operation","account","probability","count","latency","retryAfter","message"}: `+err.Error())
			return
		}
		added, err := inj.Add(rule)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		h.log.Info("fault rule added", "id", added.ID, "action", added.Action, "operation", added.Operation, "account", added.Account)
		writeJSON(w, http.StatusOK, added)
	})
	h.mux.HandleFunc("DELETE /_pcs/faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]int{"removed": inj.Clear()})
	})
	h.mux.HandleFunc("DELETE /_pcs/faults/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(r.PathValue("id"))
		if err != nil || !inj.Remove(id) {
			writeError(w, http.StatusNotFound, "no fault rule "+r.PathValue("id"))
			return
		}
		writeJSON(w, http.StatusOK, map[string]int{"removed": 1})
	})
}

// routeQuotas serves GET /_pcs/quotas: the limits in force and, with
// ?account=, how much of each 24-hour budget the account has used.
func (h *Handler) routeQuotas(l *quota.Limiter) {
	h.mux.HandleFunc("GET /_pcs/quotas", func(w http.ResponseWriter, r *http.Request) {
		out := map[string]any{"groups": nonNil(l.Groups())}
		if a := r.URL.Query().Get("account"); a != "" {
			out["account"] = a
			out["usage"] = nonNil(l.Usage(a))
		}
		writeJSON(w, http.StatusOK, out)
	})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
