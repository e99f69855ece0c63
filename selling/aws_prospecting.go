package selling

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"time"

	"pcs/api"
	"pcs/store"
)

// DefaultProspectingTime is how long AWS takes, on the pcs clock, to
// prospect the engagements of a task.
const DefaultProspectingTime = 5 * time.Second

// Reason codes of an engagement a prospecting task could not enrich.
const (
	reasonEngagementNotFound           = "EngagementNotFound"
	reasonLeadContextNotFound          = "LeadContextNotFound"
	reasonDisqualifiedLeadNotPermitted = "DisqualifiedLeadNotPermitted"
)

// runProspectingJob is AWS prospecting a task's engagements, each on its
// own: one that fails does not stop the others.
func (a *AWS) runProspectingJob(ctx context.Context, tx store.Tx, j store.Job) error {
	s := a.svc
	var p prospectingJob
	if err := decodeJob(j, &p); err != nil {
		return err
	}
	t, err := loadProspectingTask(ctx, tx, j.Scope, p.TaskID)
	if err != nil {
		return fmt.Errorf("job %d: %w", j.ID, err)
	}
	if t.EndTime != nil {
		return nil // already prospected
	}
	// One end time for the task and every result it writes.
	t.EndTime = api.NewDateTime(s.now())
	for i := range t.Engagements {
		if err := a.prospectEngagement(ctx, tx, j.Scope, t, &t.Engagements[i]); err != nil {
			return err
		}
	}
	return putProspectingTask(ctx, tx, j.Scope, t)
}

// prospectEngagement enriches one engagement of task t and records the
// outcome in r.
func (a *AWS) prospectEngagement(ctx context.Context, tx store.Tx, scope store.Scope, t *api.GetProspectingFromEngagementTaskResponse, r *api.EngagementProspectingResult) error {
	s := a.svc
	id := deref(r.EngagementIdentifier)
	fail := func(code, format string, args ...any) error {
		r.Status, r.ReasonCode, r.Message = ptr(api.ProspectingTaskStatusFailed), ptr(code), ptr(fmt.Sprintf(format, args...))
		return nil
	}
	e, _, err := loadEngagement(ctx, tx, scope, id)
	var missing *api.ResourceNotFoundException
	switch {
	case errors.As(err, &missing):
		return fail(reasonEngagementNotFound, "Engagement %s is not in catalog %s, or your account is not a member of it. Check the identifier, or accept the engagement's invitation first.", id, scope.Catalog)
	case err != nil:
		return err
	}
	lead := engagementLead(e)
	switch {
	case lead == nil:
		return fail(reasonLeadContextNotFound, "Engagement %s has no Lead context; prospecting enriches lead engagements. Accept a lead invitation, or add a Lead context with CreateEngagementContext.", id)
	case strings.EqualFold(deref(lead.Payload.Lead.QualificationStatus), "Disqualified"):
		return fail(reasonDisqualifiedLeadNotPermitted, "The lead in context %s of engagement %s is Disqualified and can't be prospected. Change its QualificationStatus with UpdateEngagementContext to prospect it.", deref(lead.Id), id)
	}
	result := prospectingResult(t, deref(e.Id), lead.Payload.Lead)
	ctxID := putProspectingContext(e, result)
	if err := s.touchEngagement(ctx, tx, scope, e); err != nil {
		return err
	}
	r.Status, r.EngagementContextId = ptr(api.ProspectingTaskStatusCompleted), &ctxID
	return nil
}

// engagementLead is the engagement's first Lead context, the lead AWS
// prospects; nil when it has none.
func engagementLead(e *api.GetEngagementResponse) *api.EngagementContextDetails {
	for i, c := range e.Contexts {
		if deref(c.Type) == api.EngagementContextTypeLead && c.Payload != nil && c.Payload.Lead != nil {
			return &e.Contexts[i]
		}
	}
	return nil
}

// putProspectingContext sets the engagement's ProspectingResult context to
// result: a later run replaces the earlier one's payload, keeping its id.
func putProspectingContext(e *api.GetEngagementResponse, result *api.ProspectingResult) string {
	payload := &api.EngagementContextPayload{ProspectingResult: result}
	for i, c := range e.Contexts {
		if deref(c.Type) == api.EngagementContextTypeProspectingResult {
			e.Contexts[i].Payload = payload
			return deref(c.Id)
		}
	}
	id := nextContextID(e)
	e.Contexts = append(e.Contexts, api.EngagementContextDetails{Id: &id,
		Type: ptr(api.EngagementContextTypeProspectingResult), Payload: payload})
	return id
}

// prospectingResult is what AWS finds out about a lead's customer in task
// t, which has its end time.
func prospectingResult(t *api.GetProspectingFromEngagementTaskResponse, engagementID string, lead *api.LeadContext) *api.ProspectingResult {
	return &api.ProspectingResult{Aws: &api.ProspectingResultAws{
		TaskId: t.TaskId, TaskArn: t.TaskArn, TaskName: t.TaskName,
		StartTime: t.StartTime, EndTime: t.EndTime,
		Customer: prospectedCustomer(lead.Customer),
		Insights: prospectingInsights(engagementID, lead.Customer),
	}}
}

// prospectedCustomer is the lead's customer as AWS's account data
// describes it.
func prospectedCustomer(c *api.LeadCustomer) *api.ProspectingResultCustomer {
	if c == nil {
		return &api.ProspectingResultCustomer{EligiblePrograms: []string{}}
	}
	out := &api.ProspectingResultCustomer{AccountName: c.CompanyName, Industry: leadIndustryOnly(c.Industry),
		EligiblePrograms: eligiblePrograms(c), PublicProfileSummary: ptr(profileSummary(c))}
	if seg := deref(c.MarketSegment); seg != "" {
		out.Segment, out.CompanySize = ptr(seg), optional(companySizes[leadMarketSegment(c)])
	}
	if country := leadCountry(c.Address); country != nil {
		out.Country = country
		if g, ok := geographies[*country]; ok {
			out.Geo, out.Region, out.SubRegion = ptr(g.geo), ptr(g.region), ptr(g.subRegion)
		}
	}
	return out
}

// companySizes is the employee range AWS reports for each market segment.
var companySizes = map[api.MarketSegment]string{
	api.MarketSegmentEnterprise: "10,000+ employees",
	api.MarketSegmentLarge:      "1,000-9,999 employees",
	api.MarketSegmentMedium:     "250-999 employees",
	api.MarketSegmentSmall:      "50-249 employees",
	api.MarketSegmentMicro:      "1-49 employees",
}

type geography struct{ geo, region, subRegion string }

// geographies places the most common countries in AWS's sales geography;
// other countries are reported without one.
var geographies = map[api.CountryCode]geography{
	"US": {"AMER", "North America", "United States"},
	"CA": {"AMER", "North America", "Canada"},
	"MX": {"AMER", "Latin America", "Mexico"},
	"BR": {"AMER", "Latin America", "Brazil"},
	"GB": {"EMEA", "Northern Europe", "UK and Ireland"},
	"IE": {"EMEA", "Northern Europe", "UK and Ireland"},
	"DE": {"EMEA", "Central Europe", "DACH"},
	"FR": {"EMEA", "Southern Europe", "France"},
	"ES": {"EMEA", "Southern Europe", "Iberia"},
	"IT": {"EMEA", "Southern Europe", "Italy"},
	"NL": {"EMEA", "Northern Europe", "Benelux"},
	"AE": {"EMEA", "Middle East and Africa", "Gulf"},
	"ZA": {"EMEA", "Middle East and Africa", "South Africa"},
	"IN": {"APJ", "India", "India"},
	"JP": {"APJ", "Japan", "Japan"},
	"KR": {"APJ", "Korea", "Korea"},
	"SG": {"APJ", "ASEAN", "Singapore"},
	"AU": {"APJ", "ANZ", "Australia"},
	"NZ": {"APJ", "ANZ", "New Zealand"},
}

// eligiblePrograms are the AWS funding programs a customer of this size
// usually qualifies for.
func eligiblePrograms(c *api.LeadCustomer) []string {
	switch leadMarketSegment(c) {
	case api.MarketSegmentEnterprise, api.MarketSegmentLarge:
		return []string{"Migration Acceleration Program", "Proof of Concept"}
	case api.MarketSegmentSmall, api.MarketSegmentMicro:
		return []string{"AWS Activate", "Proof of Concept"}
	}
	return []string{"Proof of Concept"}
}

func profileSummary(c *api.LeadCustomer) string {
	var b strings.Builder
	b.WriteString(cmp.Or(deref(c.CompanyName), "The customer"))
	b.WriteString(" is a")
	if seg := deref(c.MarketSegment); seg != "" {
		fmt.Fprintf(&b, " %s-segment", strings.ToLower(string(seg)))
	}
	b.WriteString(" company")
	if ind := deref(c.Industry); ind != "" {
		fmt.Fprintf(&b, " in %s", ind)
	}
	if country := leadCountry(c.Address); country != nil {
		fmt.Fprintf(&b, ", based in %s", *country)
	}
	if w := deref(c.WebsiteUrl); w != "" {
		fmt.Fprintf(&b, " (%s)", w)
	}
	b.WriteString(".")
	return b.String()
}

var scoreLevels = []string{"High", "Medium", "Low"}

// solutionAreas are the categories, each with its sub-categories, that
// prospecting insights recommend from.
var solutionAreas = []struct {
	category string
	sub      []string
}{
	{"Data and Analytics", []string{"Data Warehousing", "Business Intelligence", "Data Lakes"}},
	{"Migration and Modernization", []string{"Application Migration", "Database Migration", "Containers"}},
	{"Machine Learning", []string{"Generative AI", "MLOps", "Computer Vision"}},
	{"Security", []string{"Identity and Access", "Threat Detection", "Data Protection"}},
	{"Storage", []string{"Backup and Recovery", "File Storage"}},
}

// prospectingInsights are AWS's scores for an engagement's customer: a
// hash of the engagement and its lead, so the same lead always scores the
// same.
func prospectingInsights(engagementID string, c *api.LeadCustomer) *api.ProspectingInsights {
	key := engagementID
	if c != nil {
		key = strings.Join([]string{engagementID, deref(c.CompanyName), string(deref(c.Industry)), string(deref(c.MarketSegment))}, "\x00")
	}
	h := sha256.Sum256([]byte(key))
	area := solutionAreas[int(h[2])%len(solutionAreas)]
	return &api.ProspectingInsights{
		MarketplaceEngagementScore: ptr(scoreLevels[int(h[0])%len(scoreLevels)]),
		SolutionScore:              ptr(scoreLevels[int(h[1])%len(scoreLevels)]),
		SolutionCategory:           ptr(area.category),
		SolutionSubCategory:        ptr(area.sub[int(h[3])%len(area.sub)]),
	}
}
