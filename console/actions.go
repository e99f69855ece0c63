package console

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"pcs/api"
	"pcs/clock"
	"pcs/fault"
	"pcs/jobs"
	"pcs/selling"
	"pcs/store"
)

// Every action calls what the admin endpoint of the same name calls
// (docs/admin-api.md) and answers a result page: what it did or the
// service's refusal, and the events written while it ran.

type resultView struct {
	Action  string
	Done    string // what happened, when it did
	Problem string // the refusal, when it did not
	Result  any    // the answer the admin endpoint gives, shown as JSON
	Events  []store.Event
	Back    string // the page to go back to
	Label   string // the back link's text
}

// maxActionEvents bounds the events a result page lists.
const maxActionEvents = 100

// act runs do and renders its result: the events after the outbox's newest
// one before do ran are the events it produced (and any that other writers
// wrote meanwhile).
func (h *Handler) act(w http.ResponseWriter, r *http.Request, v resultView, do func() (string, any, error)) {
	var before int64
	if evs, err := h.recentEvents(r, store.EventQuery{Limit: 1}); err == nil && len(evs) > 0 {
		before = evs[0].Seq
	}
	done, result, err := do()
	status := http.StatusOK
	if err != nil {
		status = statusOf(err)
		if status >= 500 {
			h.log.Error("console: "+v.Action+" failed", "err", err)
		}
		v.Problem = problem(err)
	} else {
		v.Done, v.Result = done, result
		h.log.Info("console: "+v.Action, "result", done)
	}
	err = h.cfg.Store.View(r.Context(), func(tx store.Tx) error {
		var err error
		v.Events, err = tx.EventsAfter(r.Context(), "", before, maxActionEvents)
		return err
	})
	if err != nil {
		h.log.Error("console: events of an action", "err", err)
	}
	h.render(w, r, status, "result", v.Action, v)
}

func (h *Handler) review(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	id := r.PostFormValue("id")
	v := resultView{Action: "Review " + id, Back: link("opportunities/"+id, "account", scope.Account, "catalog", scope.Catalog), Label: "Back to " + id}
	h.act(w, r, v, func() (string, any, error) {
		outcome := r.PostFormValue("outcome")
		result := map[string]string{"Identifier": id, "ReviewStatus": outcome}
		// As POST /_pcs/sim/review: "In review" starts the review, the
		// other outcomes decide it.
		if api.ReviewStatus(outcome) == api.ReviewStatusInReview {
			if err := h.cfg.AWS.StartReview(r.Context(), scope, id); err != nil {
				return "", nil, err
			}
			return "AWS started reviewing " + id + ": In review.", result, nil
		}
		d := selling.ReviewDecision{Outcome: api.ReviewStatus(outcome), ReviewComments: r.PostFormValue("comments"),
			ReviewStatusReason: r.PostFormValue("reason")}
		if err := h.cfg.AWS.ReviewOpportunity(r.Context(), scope, id, d); err != nil {
			return "", nil, err
		}
		return "AWS reviewed " + id + ": " + outcome + ".", result, nil
	})
}

// decodeStrict reads a JSON form field into v as the admin endpoints read
// bodies: a member v does not know is an error, not ignored.
func decodeStrict(field string, v any) error {
	dec := json.NewDecoder(strings.NewReader(field))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &selling.InvalidInputError{Problems: []string{"bad JSON: " + err.Error()}}
	}
	return nil
}

func (h *Handler) referral(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	v := resultView{Action: "Send an AWS referral", Back: link("invitations", "account", scope.Account, "catalog", scope.Catalog), Label: "Invitations"}
	h.act(w, r, v, func() (string, any, error) {
		spec := selling.ReferralSpec{Account: scope.Account, Catalog: scope.Catalog, Message: r.PostFormValue("message")}
		if p := strings.TrimSpace(r.PostFormValue("payload")); p != "" {
			if err := decodeStrict(p, &spec.Payload); err != nil {
				return "", nil, err
			}
		}
		inv, err := h.cfg.AWS.SendReferral(r.Context(), spec)
		if err != nil {
			return "", nil, err
		}
		return "AWS sent " + scope.Account + " the referral " + val(inv.Id) + ".", inv, nil
	})
}

func (h *Handler) lead(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	v := resultView{Action: "Send an AWS lead", Back: link("invitations", "account", scope.Account, "catalog", scope.Catalog), Label: "Invitations"}
	h.act(w, r, v, func() (string, any, error) {
		spec := selling.LeadSpec{Account: scope.Account, Catalog: scope.Catalog, Message: r.PostFormValue("message")}
		if p := strings.TrimSpace(r.PostFormValue("lead")); p != "" {
			if err := decodeStrict(p, &spec.Lead); err != nil {
				return "", nil, err
			}
		}
		inv, err := h.cfg.AWS.SendLead(r.Context(), spec)
		if err != nil {
			return "", nil, err
		}
		return "AWS sent " + scope.Account + " the lead " + val(inv.Id) + ".", inv, nil
	})
}

func (h *Handler) expire(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	id := strings.TrimSpace(r.PostFormValue("id"))
	v := resultView{Action: "Expire " + id, Back: link("invitations", "account", scope.Account, "catalog", scope.Catalog), Label: "Invitations"}
	h.act(w, r, v, func() (string, any, error) {
		if err := h.cfg.AWS.ExpireInvitation(r.Context(), scope.Catalog, id); err != nil {
			return "", nil, err
		}
		return "Invitation " + id + " expired.", map[string]string{"Identifier": id, "Status": "EXPIRED"}, nil
	})
}

func (h *Handler) solution(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	v := resultView{Action: "Add a partner solution", Back: link("aws", "account", scope.Account, "catalog", scope.Catalog), Label: "Play AWS"}
	h.act(w, r, v, func() (string, any, error) {
		spec := selling.SolutionSpec{Account: scope.Account, Catalog: scope.Catalog, ID: strings.TrimSpace(r.PostFormValue("id")),
			Name: strings.TrimSpace(r.PostFormValue("name")), Category: r.PostFormValue("category"), Status: r.PostFormValue("status"),
			AwsMarketplaceSolutionArn: strings.TrimSpace(r.PostFormValue("marketplace_arn"))}
		sol, err := h.cfg.AWS.PutSolution(r.Context(), spec)
		if err != nil {
			return "", nil, err
		}
		return "Solution " + val(sol.Id) + " (" + val(sol.Name) + ") is in " + scope.Catalog + ".", sol, nil
	})
}

func (h *Handler) advance(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	v := resultView{Action: "Advance the pcs clock", Back: link("system", "account", scope.Account, "catalog", scope.Catalog), Label: "Clock and jobs"}
	h.act(w, r, v, func() (string, any, error) {
		by := strings.TrimSpace(r.PostFormValue("by"))
		if by == "" {
			by = strings.TrimSpace(r.PostFormValue("typed"))
		}
		d, err := clock.ParseDuration(by)
		var now time.Time
		if err == nil {
			now, err = h.cfg.Jobs.Advance(r.Context(), d)
			if err != nil && !errors.Is(err, jobs.ErrClockBackwards) {
				return "", nil, err
			}
		}
		if err != nil {
			return "", nil, &selling.InvalidInputError{Problems: []string{"a duration such as 90s, 2h, 15d or 1d12h: " + err.Error()}}
		}
		return "The pcs clock moved " + by + " forward, to " + when(now) + "; the jobs that fell due ran.",
			map[string]string{"Now": when(now), "AheadOfWallClock": h.cfg.Jobs.Skew().String()}, nil
	})
}

func (h *Handler) addFault(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	v := resultView{Action: "Add a fault", Back: link("system", "account", scope.Account, "catalog", scope.Catalog), Label: "Faults"}
	h.act(w, r, v, func() (string, any, error) {
		if h.cfg.Faults == nil {
			return "", nil, &selling.InvalidInputError{Problems: []string{"this pcs injects no faults"}}
		}
		// The form's fields become the JSON rule POST /_pcs/faults takes,
		// read the way it reads it.
		spec := map[string]any{"action": r.PostFormValue("action")}
		for _, k := range []string{"operation", "account", "latency", "retryAfter", "message"} {
			if s := strings.TrimSpace(r.PostFormValue(k)); s != "" {
				spec[k] = s
			}
		}
		for _, k := range []string{"probability", "count"} {
			if s := strings.TrimSpace(r.PostFormValue(k)); s != "" {
				n, err := strconv.ParseFloat(s, 64)
				if err != nil {
					return "", nil, &selling.InvalidInputError{Problems: []string{k + " must be a number"}}
				}
				spec[k] = n
			}
		}
		b, _ := json.Marshal(spec)
		var rule fault.Rule
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rule); err != nil {
			return "", nil, &selling.InvalidInputError{Problems: []string{err.Error()}}
		}
		added, err := h.cfg.Faults.Add(rule)
		if err != nil {
			return "", nil, &selling.InvalidInputError{Problems: []string{err.Error()}}
		}
		return fmt.Sprintf("Fault rule %d added.", added.ID), added, nil
	})
}

func (h *Handler) clearFaults(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	v := resultView{Action: "Clear the faults", Back: link("system", "account", scope.Account, "catalog", scope.Catalog), Label: "Faults"}
	h.act(w, r, v, func() (string, any, error) {
		if h.cfg.Faults == nil {
			return "", nil, &selling.InvalidInputError{Problems: []string{"this pcs injects no faults"}}
		}
		n := h.cfg.Faults.Clear()
		return fmt.Sprintf("%d fault rules removed.", n), map[string]int{"removed": n}, nil
	})
}

func (h *Handler) removeFault(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	v := resultView{Action: "Remove fault " + r.PathValue("id"), Back: link("system", "account", scope.Account, "catalog", scope.Catalog), Label: "Faults"}
	h.act(w, r, v, func() (string, any, error) {
		id, err := strconv.Atoi(r.PathValue("id"))
		if h.cfg.Faults == nil || err != nil || !h.cfg.Faults.Remove(id) {
			return "", nil, store.ErrNotFound
		}
		return fmt.Sprintf("Fault rule %d removed.", id), map[string]int{"removed": 1}, nil
	})
}
