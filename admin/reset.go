package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"

	"pcs/fault"
	"pcs/quota"
	"pcs/selling"
	"pcs/store"
)

// ResetRequest says what POST /_pcs/reset deletes; the zero request
// deletes everything and leaves the clock where it is.
type ResetRequest struct {
	// Account limits the reset to one partner account; empty is every
	// account.
	Account string `json:",omitempty"`
	// Catalog limits a reset of one account to one catalog, AWS or
	// Sandbox; empty is both.
	Catalog string `json:",omitempty"`
	// Clock puts the pcs clock back on the wall clock. There is one clock
	// for every account, so only a reset of everything may.
	Clock bool `json:",omitempty"`
}

// ResetResult is what a reset did.
type ResetResult struct {
	Account string `json:",omitempty"`
	Catalog string `json:",omitempty"`
	Deleted ResetCounts
	// Clock is the pcs clock after the reset, as GET /_pcs/clock tells it.
	Clock map[string]string
}

// ResetCounts counts what a reset deleted: the service's records, and
// what pcs keeps beside them (fault rules, quota budgets).
type ResetCounts struct {
	store.Deleted
	// FaultRules counts the injected fault rules removed: every rule in a
	// reset of everything, the rules limited to the account in a reset of
	// one (a rule of every account stays).
	FaultRules int
	// QuotaBudgets counts the per-account quota budgets forgotten, which
	// are full again.
	QuotaBudgets int
}

// resetter holds what a reset clears besides the store.
type resetter struct {
	faults *fault.Injector // nil without fault injection
	quotas *quota.Limiter  // nil without quotas
}

// clear removes the fault rules and quota budgets of account (every
// account's for "") and returns how many went.
func (r resetter) clear(account string) (faultRules, quotaBudgets int) {
	if f := r.faults; f != nil {
		if account == "" {
			faultRules = f.Clear()
		} else {
			faultRules = f.ClearAccount(account)
		}
	}
	if q := r.quotas; q != nil {
		quotaBudgets = q.Reset(account)
	}
	return faultRules, quotaBudgets
}

// errClockOfOneAccount answers a request to reset the clock with one
// account's records.
var errClockOfOneAccount = &selling.InvalidInputError{Problems: []string{
	"the pcs clock is one for every account, so it is reset only with everything: leave out Account (and Catalog) to reset the clock"}}

func (h *Handler) routeReset(cfg Config) {
	h.resets = resetter{faults: cfg.Faults, quotas: cfg.Quotas}
	h.mux.HandleFunc("POST /_pcs/reset", h.reset)
}

// Reset does what POST /_pcs/reset does with req: in one store
// transaction it deletes everything, or one account's records (see
// selling.Reset); then it clears the fault rules and quota budgets of what
// it reset and, when asked, puts the clock back on the wall clock.
func (h *Handler) Reset(ctx context.Context, req ResetRequest) (*ResetResult, error) {
	if req.Clock && (req.Account != "" || req.Catalog != "") {
		return nil, errClockOfOneAccount
	}
	d, err := selling.Reset(ctx, h.svc, req.Account, req.Catalog)
	if err != nil {
		return nil, err
	}
	res := &ResetResult{Account: req.Account, Catalog: req.Catalog, Deleted: ResetCounts{Deleted: d}}
	res.Deleted.FaultRules, res.Deleted.QuotaBudgets = h.resets.clear(req.Account)
	if req.Clock {
		if err := h.jobs.ResetClock(ctx); err != nil {
			return nil, err
		}
	}
	res.Clock = h.clockState()
	h.log.Info("reset", "account", req.Account, "catalog", req.Catalog, "clock", req.Clock,
		"opportunities", d.Opportunities, "engagements", d.Engagements, "invitations", d.Invitations, "events", d.Events)
	return res, nil
}

func (h *Handler) reset(w http.ResponseWriter, r *http.Request) {
	var req ResetRequest
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		writeError(w, http.StatusBadRequest, "reading the body: "+err.Error())
		return
	}
	if len(bytes.TrimSpace(body)) > 0 { // no body resets everything
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			writeError(w, http.StatusBadRequest, `body must be {"Account", "Catalog", "Clock"}, each optional: `+err.Error())
			return
		}
	}
	res, err := h.Reset(r.Context(), req)
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
