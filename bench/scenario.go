package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"pcs/api"
	"pcs/selling"
)

// Dataset is what the scenarios know of the opportunities they work on.
type Dataset struct {
	Catalog string
	// IDs are opportunities the caller may read and update.
	IDs []string
	// Companies are customer company names the opportunities have.
	Companies []string
	// Oldest and Newest bound the opportunities' LastModifiedDate.
	Oldest, Newest time.Time
}

func (d *Dataset) id(w *Worker) string { return d.IDs[w.Rand.IntN(len(d.IDs))] }

// instant is a random time between the oldest and newest modification.
func (d *Dataset) instant(w *Worker) string {
	span := d.Newest.Sub(d.Oldest)
	t := d.Oldest
	if span > 0 {
		t = t.Add(time.Duration(w.Rand.Int64N(int64(span))))
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// Scenario is a workload: what each worker does, step after step.
type Scenario struct {
	// Name selects the scenario in -scenarios.
	Name string
	// Title says what one measured request is, in tables.
	Title string
	// Ops are the operations its steps call: the baseline needs an answer
	// for each.
	Ops []string
	// Step builds the worker's step over a dataset, and setup (may be nil)
	// prepares each worker.
	Step func(d *Dataset) (step Step, setup func(*Worker))
}

// Scenarios are every workload, in the order they run.
var Scenarios = []Scenario{
	{Name: "get", Title: "GetOpportunity, random ids", Ops: []string{api.OpGetOpportunity}, Step: getStep},
	{Name: "list-stage", Title: "ListOpportunities, stage + review status (100)", Ops: []string{api.OpListOpportunities}, Step: func(d *Dataset) (Step, func(*Worker)) {
		return func(ctx context.Context, w *Worker) error {
			body := fmt.Appendf(nil, `{"Catalog":%q,"LifeCycleStage":[%q],"LifeCycleReviewStatus":[%q],"MaxResults":100}`,
				d.Catalog, selling.SeedStages[w.Rand.IntN(len(selling.SeedStages))],
				selling.SeedReviewStatuses[w.Rand.IntN(len(selling.SeedReviewStatuses))])
			return checked(w.Call(ctx, api.OpListOpportunities, body))
		}, nil
	}},
	{Name: "list-modified", Title: "ListOpportunities, modified after a random instant, oldest first (100)", Ops: []string{api.OpListOpportunities}, Step: func(d *Dataset) (Step, func(*Worker)) {
		return func(ctx context.Context, w *Worker) error {
			body := fmt.Appendf(nil, `{"Catalog":%q,"LastModifiedDate":{"AfterLastModifiedDate":%q},"Sort":{"SortBy":"LastModifiedDate","SortOrder":"ASCENDING"},"MaxResults":100}`,
				d.Catalog, d.instant(w))
			return checked(w.Call(ctx, api.OpListOpportunities, body))
		}, nil
	}},
	{Name: "list-company", Title: "ListOpportunities, one company sorted by name (20)", Ops: []string{api.OpListOpportunities}, Step: func(d *Dataset) (Step, func(*Worker)) {
		return func(ctx context.Context, w *Worker) error {
			body := fmt.Appendf(nil, `{"Catalog":%q,"CustomerCompanyName":[%q],"Sort":{"SortBy":"CustomerCompanyName","SortOrder":"ASCENDING"}}`,
				d.Catalog, d.Companies[w.Rand.IntN(len(d.Companies))])
			return checked(w.Call(ctx, api.OpListOpportunities, body))
		}, nil
	}},
	{Name: "create", Title: "CreateOpportunity, durable, fresh ClientToken", Ops: []string{api.OpCreateOpportunity}, Step: func(d *Dataset) (Step, func(*Worker)) {
		return func(ctx context.Context, w *Worker) error {
			return checked(w.Call(ctx, api.OpCreateOpportunity, createBody(d.Catalog, time.Now())))
		}, nil
	}},
	{Name: "update", Title: "UpdateOpportunity after an unmeasured Get", Ops: []string{api.OpGetOpportunity, api.OpUpdateOpportunity}, Step: func(d *Dataset) (Step, func(*Worker)) {
		return func(ctx context.Context, w *Worker) error {
			return update(ctx, w, d, false)
		}, nil
	}},
	{Name: "mixed", Title: "CRM sync: 70% list page, 20% get, 10% get+update (every request)",
		Ops: []string{api.OpListOpportunities, api.OpGetOpportunity, api.OpUpdateOpportunity}, Step: mixedStep},
}

// Aliases name groups of scenarios.
var Aliases = map[string][]string{
	"list": {"list-stage", "list-modified", "list-company"},
	"all":  {"get", "list-stage", "list-modified", "list-company", "create", "update", "mixed"},
}

// DefaultScenarios is what runs unless told otherwise.
const DefaultScenarios = "all"

// SelectScenarios resolves a comma-separated list of names and aliases.
func SelectScenarios(list string) ([]Scenario, error) {
	want := map[string]bool{}
	for name := range strings.SplitSeq(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		names, ok := Aliases[name]
		if !ok {
			names = []string{name}
		}
		for _, n := range names {
			if scenarioByName(n) == nil {
				return nil, fmt.Errorf("unknown scenario %q (have %s, list, all)", n, scenarioNames())
			}
			want[n] = true
		}
	}
	var out []Scenario
	for _, s := range Scenarios {
		if want[s.Name] {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no scenario selected (have %s, list, all)", scenarioNames())
	}
	return out, nil
}

func scenarioByName(name string) *Scenario {
	for i := range Scenarios {
		if Scenarios[i].Name == name {
			return &Scenarios[i]
		}
	}
	return nil
}

func scenarioNames() string {
	var names []string
	for _, s := range Scenarios {
		names = append(names, s.Name)
	}
	return strings.Join(names, ", ")
}

// checked turns an unsuccessful answer into a step error; Call counted it.
func checked(r *Response, err error) error {
	if err != nil {
		return err
	}
	if r.Status != 200 {
		return errCounted
	}
	return nil
}

func getStep(d *Dataset) (Step, func(*Worker)) {
	return func(ctx context.Context, w *Worker) error {
		return checked(w.Call(ctx, api.OpGetOpportunity, getBody(d, d.id(w))))
	}, nil
}

func getBody(d *Dataset, id string) []byte {
	return fmt.Appendf(nil, `{"Catalog":%q,"Identifier":%q}`, d.Catalog, id)
}

// updatable are the members of a GetOpportunity answer that an
// UpdateOpportunity request carries back: it is a full replacement.
var updatable = []string{"Customer", "LifeCycle", "Marketing", "NationalSecurity", "OpportunityType",
	"PartnerOpportunityIdentifier", "PrimaryNeedsFromAws", "Project", "SoftwareRevenue"}

// update is a CRM's write: read the opportunity for its current content
// and LastModifiedDate, change the next steps, write it back. Under
// concurrency two workers may pick the same opportunity; the loser's
// ConflictException is the optimistic lock working, counted as an error.
func update(ctx context.Context, w *Worker, d *Dataset, measureGet bool) error {
	id := d.id(w)
	call := w.Prepare
	if measureGet {
		call = w.Call
	}
	r, err := call(ctx, api.OpGetOpportunity, getBody(d, id))
	if err != nil {
		return err
	}
	if r.Status != 200 {
		if !measureGet {
			return fmt.Errorf("GetOpportunity: %s", r.ErrorType())
		}
		return errCounted
	}
	var got map[string]any
	if err := json.Unmarshal(r.Body, &got); err != nil {
		return fmt.Errorf("GetOpportunity answer: %w", err)
	}
	in := map[string]any{"Catalog": d.Catalog, "Identifier": id, "LastModifiedDate": got["LastModifiedDate"]}
	for _, k := range updatable {
		if v, ok := got[k]; ok && v != nil {
			in[k] = v
		}
	}
	lc, _ := in["LifeCycle"].(map[string]any)
	if lc == nil {
		lc = map[string]any{}
		in["LifeCycle"] = lc
	}
	// What only the service writes stays out of the request.
	for _, k := range []string{"ReviewStatus", "ReviewComments", "ReviewStatusReason", "NextStepsHistory"} {
		delete(lc, k)
	}
	lc["NextSteps"] = fmt.Sprintf("Follow-up call %d", w.Rand.IntN(1_000_000))
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return checked(w.Call(ctx, api.OpUpdateOpportunity, body))
}

// createBody is a CreateOpportunity request as a CRM connector sends it.
func createBody(catalog string, now time.Time) []byte {
	var tok [16]byte
	_, _ = rand.Read(tok[:])
	token := hex.EncodeToString(tok[:])
	return selling.SampleCreateBody(catalog, token, "CRM-"+token[:12], now.AddDate(0, 6, 0).Format(time.DateOnly))
}

// syncState is one worker's incremental sync: the instant it syncs from
// and the page it is on.
type syncState struct {
	since, token string
}

// mixedStep is a CRM integration at work: mostly an incremental sync
// (pages of opportunities modified since a watermark, oldest first, until
// the listing ends, then again from a new watermark), with reads and
// writes of single records in between.
func mixedStep(d *Dataset) (Step, func(*Worker)) {
	step := func(ctx context.Context, w *Worker) error {
		switch n := w.Rand.IntN(100); {
		case n < 70:
			st := w.State.(*syncState)
			if st.token == "" {
				st.since = d.instant(w)
			}
			body := fmt.Appendf(nil, `{"Catalog":%q,"LastModifiedDate":{"AfterLastModifiedDate":%q},"Sort":{"SortBy":"LastModifiedDate","SortOrder":"ASCENDING"},"MaxResults":100`,
				d.Catalog, st.since)
			if st.token != "" {
				body = fmt.Appendf(body, `,"NextToken":%q`, st.token)
			}
			body = append(body, '}')
			r, err := w.Call(ctx, api.OpListOpportunities, body)
			if err := checked(r, err); err != nil {
				st.token = ""
				return err
			}
			var page struct{ NextToken string }
			if err := json.Unmarshal(r.Body, &page); err != nil {
				return fmt.Errorf("ListOpportunities answer: %w", err)
			}
			st.token = page.NextToken
			return nil
		case n < 90:
			return checked(w.Call(ctx, api.OpGetOpportunity, getBody(d, d.id(w))))
		default:
			return update(ctx, w, d, true)
		}
	}
	return step, func(w *Worker) { w.State = &syncState{} }
}
