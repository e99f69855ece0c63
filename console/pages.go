package console

import (
	"encoding/json"
	"net/http"

	"pcs/api"
	"pcs/fault"
	"pcs/quota"
	"pcs/store"
)

type overviewView struct {
	Counts counts
	Jobs   int // pending
}

func (h *Handler) overview(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	var v overviewView
	if scope.Account != "" {
		err := h.cfg.Store.View(r.Context(), func(tx store.Tx) error {
			cs, err := tx.CountOpportunities(r.Context(), scope)
			v.Counts = countTable(cs)
			return err
		})
		if err != nil {
			h.log.Error("console: count opportunities", "err", err)
		}
	}
	if pending, err := h.cfg.Jobs.Jobs(r.Context(), store.JobPending, 1000); err == nil {
		v.Jobs = len(pending)
	}
	h.render(w, r, http.StatusOK, "overview", "Overview", v)
}

type systemView struct {
	Presets     []string
	Pending     table
	Recent      table
	JobsProblem string
	Faults      []fault.Rule
	FaultsOn    bool
	Actions     []fault.Action
	Quotas      []quota.Group
	Usage       []quota.Usage
	QuotasOn    bool
}

// jobsShown bounds the jobs the system page lists.
const jobsShown = 100

func (h *Handler) system(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	v := systemView{Presets: []string{"1m", "6m", "1h", "1d", "15d"}, FaultsOn: h.cfg.Faults != nil, QuotasOn: h.cfg.Quotas != nil,
		Actions: []fault.Action{fault.Throttle, fault.InternalError, fault.Latency, fault.Drop, fault.DropResponse}}
	cols := []string{"ID", "Kind", "Account", "Catalog", "State", "DueAt", "CreatedAt", "FinishedAt", "Error"}
	if pending, err := h.cfg.Jobs.Jobs(r.Context(), store.JobPending, jobsShown); err != nil {
		v.JobsProblem = problem(err)
	} else {
		v.Pending = records(jobViews(pending), cols...)
	}
	if recent, err := h.cfg.Jobs.Jobs(r.Context(), "", 20); err == nil {
		v.Recent = records(jobViews(recent), cols...)
	}
	if h.cfg.Faults != nil {
		v.Faults = h.cfg.Faults.List()
	}
	if h.cfg.Quotas != nil {
		v.Quotas = h.cfg.Quotas.Groups()
		if scope.Account != "" {
			v.Usage = h.cfg.Quotas.Usage(scope.Account)
		}
	}
	h.render(w, r, http.StatusOK, "system", "Clock, jobs, faults and quotas", v)
}

type awsView struct {
	Referral, Lead string // the sample payloads, as JSON to edit
	Categories     []string
	Solutions      table
	Problem        string
}

func (h *Handler) awsSide(w http.ResponseWriter, r *http.Request) {
	scope, _ := h.scopeOf(r)
	v := awsView{Referral: pretty(h.cfg.AWS.SampleReferral()), Lead: pretty(h.cfg.AWS.SampleLead()),
		Categories: []string{"Software Product", "Consulting Service", "Hardware Product", "Communications Product",
			"Professional Service", "Managed Service", "Value-Added Resale Amazon Web Services Service",
			"Distribution Service", "Training Service", "Merger and Acquisition Advising Service"}}
	if scope.Account != "" {
		out, err := h.cfg.Service.ListSolutions(as(r.Context(), scope), &api.ListSolutionsRequest{Catalog: &scope.Catalog, MaxResults: ptr(int32(100))})
		if err != nil {
			v.Problem = problem(err)
		} else {
			v.Solutions = records(out.SolutionSummaries, "Id", "Name", "Category", "Status", "CreatedDate")
		}
	}
	h.render(w, r, http.StatusOK, "aws", "Play AWS", v)
}

// jobView is a job as GET /_pcs/sim/jobs shows it.
type jobView struct {
	ID                                   int64
	Kind, Account, Catalog, State, Error string
	DueAt, CreatedAt                     string
	FinishedAt                           string `json:",omitempty"`
	Payload                              json.RawMessage
}

func jobViews(jobs []store.Job) []jobView {
	out := make([]jobView, 0, len(jobs))
	for _, j := range jobs {
		v := jobView{ID: j.ID, Kind: j.Kind, Account: j.Scope.Account, Catalog: j.Scope.Catalog, State: j.State,
			Error: j.Error, DueAt: when(j.DueAt), CreatedAt: when(j.CreatedAt), FinishedAt: when(j.FinishedAt)}
		if json.Valid(j.Payload) {
			v.Payload = j.Payload
		}
		out = append(out, v)
	}
	return out
}
