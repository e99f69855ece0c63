package admin

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"pcs/api"
	"pcs/clock"
	"pcs/jobs"
	"pcs/selling"
	"pcs/store"
)

// routeSim adds the endpoints that drive the AWS side and the clock.
func (h *Handler) routeSim(runner *jobs.Runner) {
	h.jobs = runner
	h.mux.HandleFunc("GET /_pcs/clock", h.getClock)
	h.mux.HandleFunc("POST /_pcs/clock/advance", h.advanceClock)
	h.mux.HandleFunc("POST /_pcs/sim/review", h.review)
	h.mux.HandleFunc("POST /_pcs/sim/run", h.runDue)
	h.mux.HandleFunc("GET /_pcs/sim/jobs", h.listJobs)
	h.mux.HandleFunc("POST /_pcs/sim/referral", h.referral)
	h.mux.HandleFunc("POST /_pcs/sim/lead", h.lead)
	h.mux.HandleFunc("POST /_pcs/sim/expire", h.expire)
}

func (h *Handler) referral(w http.ResponseWriter, r *http.Request) {
	var spec selling.ReferralSpec
	if !decode(w, r, &spec) {
		return
	}
	inv, err := h.aws.SendReferral(r.Context(), spec)
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, inv)
}

func (h *Handler) lead(w http.ResponseWriter, r *http.Request) {
	var spec selling.LeadSpec
	if !decode(w, r, &spec) {
		return
	}
	inv, err := h.aws.SendLead(r.Context(), spec)
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, inv)
}

func (h *Handler) expire(w http.ResponseWriter, r *http.Request) {
	var req struct{ Catalog, Identifier string }
	if !decode(w, r, &req) {
		return
	}
	if err := h.aws.ExpireInvitation(r.Context(), req.Catalog, req.Identifier); err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"Identifier": req.Identifier, "Status": "EXPIRED"})
}

func (h *Handler) clockState() map[string]string {
	return map[string]string{"Now": h.jobs.Now().Format(time.RFC3339Nano), "AheadOfWallClock": h.jobs.Skew().String()}
}

func (h *Handler) getClock(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, h.clockState())
}

func (h *Handler) advanceClock(w http.ResponseWriter, r *http.Request) {
	var req struct{ By string }
	if !decode(w, r, &req) {
		return
	}
	d, err := clock.ParseDuration(req.By)
	if err == nil {
		_, err = h.jobs.Advance(r.Context(), d)
		if err != nil && !errors.Is(err, jobs.ErrClockBackwards) {
			h.fail(w, err)
			return
		}
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, `body must be {"By": "<duration>"}: `+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, h.clockState())
}

func (h *Handler) review(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Account, Catalog, Identifier, Outcome, ReviewComments, ReviewStatusReason string
	}
	if !decode(w, r, &req) {
		return
	}
	scope := store.Scope{Account: req.Account, Catalog: req.Catalog}
	var err error
	switch outcome := api.ReviewStatus(req.Outcome); outcome {
	case api.ReviewStatusInReview: // the review starts: a Submitted opportunity's first step
		err = h.aws.StartReview(r.Context(), scope, req.Identifier)
	case api.ReviewStatusApproved, api.ReviewStatusActionRequired, api.ReviewStatusRejected:
		d := selling.ReviewDecision{Outcome: outcome, ReviewComments: req.ReviewComments, ReviewStatusReason: req.ReviewStatusReason}
		err = h.aws.ReviewOpportunity(r.Context(), scope, req.Identifier, d)
	default:
		writeError(w, http.StatusBadRequest, `Outcome must be "In review", Approved, "Action Required" or Rejected`)
		return
	}
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"Identifier": req.Identifier, "ReviewStatus": req.Outcome})
}

func (h *Handler) runDue(w http.ResponseWriter, r *http.Request) {
	n, err := h.jobs.RunDue(r.Context())
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"Ran": n})
}

func (h *Handler) listJobs(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	jobs, err := h.jobs.Jobs(r.Context(), r.URL.Query().Get("state"), limit)
	if err != nil {
		h.fail(w, err)
		return
	}
	type jobView struct {
		ID                                   int64
		Kind, Account, Catalog, State, Error string
		DueAt, CreatedAt                     time.Time
		FinishedAt                           *time.Time `json:",omitempty"`
		Payload                              json.RawMessage
	}
	out := []jobView{}
	for _, j := range jobs {
		v := jobView{ID: j.ID, Kind: j.Kind, Account: j.Scope.Account, Catalog: j.Scope.Catalog, State: j.State,
			Error: j.Error, DueAt: j.DueAt, CreatedAt: j.CreatedAt, Payload: j.Payload}
		if !j.FinishedAt.IsZero() {
			v.FinishedAt = &j.FinishedAt
		}
		out = append(out, v)
	}
	writeJSON(w, http.StatusOK, map[string]any{"Jobs": out})
}

// decode reads a JSON admin request body into v, answering 400 when it can't.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "bad JSON body: "+err.Error())
		return false
	}
	return true
}
