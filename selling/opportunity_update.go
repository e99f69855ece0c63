package selling

import (
	"bytes"
	"context"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"pcs/api"
	"pcs/store"
)

// UpdateOpportunity replaces an opportunity's partner-editable content: it is
// a full replacement (an omitted member becomes empty), guarded by
// LastModifiedDate as an optimistic lock, and limited by what the current
// ReviewStatus lets a partner change.
func (s *Service) UpdateOpportunity(ctx context.Context, in *api.UpdateOpportunityRequest) (*api.UpdateOpportunityResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	var out *api.UpdateOpportunityResponse
	run := copies(in)
	err = s.db.Update(ctx, func(tx store.Tx) error {
		out, err = s.updateOpportunity(ctx, tx, scope, run())
		return err
	})
	return out, err
}

func (s *Service) updateOpportunity(ctx context.Context, tx store.Tx, scope store.Scope, in *api.UpdateOpportunityRequest) (*api.UpdateOpportunityResponse, error) {
	id := deref(in.Identifier)
	old, err := loadOpportunity(ctx, tx, scope, id)
	if err != nil {
		return nil, err
	}
	if !in.LastModifiedDate.Time.Equal(old.LastModifiedDate.Time) {
		return nil, conflict("Opportunity %s was modified at %s, after the LastModifiedDate you sent (%s). Call GetOpportunity for its current state and LastModifiedDate, apply your change to it, and retry.",
			id, old.LastModifiedDate.Format(timeFormat), in.LastModifiedDate.UTC().Format(timeFormat))
	}

	status := old.reviewStatus()
	asked := api.ReviewStatus("")
	if in.LifeCycle != nil {
		asked = deref(in.LifeCycle.ReviewStatus)
	}
	if asked != "" && asked != status {
		if scope.Catalog != CatalogSandbox {
			return nil, businessInvalid(fieldError("lifeCycle.reviewStatus", api.ValidationExceptionErrorCodeActionNotPermitted,
				"LifeCycle.ReviewStatus is set by AWS's review and can't be changed with UpdateOpportunity. Send the current value (%s) or leave it out.", status))
		}
		return s.simulateReview(ctx, tx, scope, old, in)
	}

	if err := editableIn(status, id); err != nil {
		return nil, err
	}
	now := s.now()
	// The stored opportunity, with the partner's editable members replaced:
	// what the service keeps about it (origin, tags, submission, engagement)
	// stays.
	updated := *old
	o := &updated
	o.Customer = in.Customer
	o.Marketing = in.Marketing
	o.NationalSecurity = in.NationalSecurity
	o.OpportunityType = in.OpportunityType
	o.PartnerOpportunityIdentifier = in.PartnerOpportunityIdentifier
	o.PrimaryNeedsFromAws = in.PrimaryNeedsFromAws
	o.Project = in.Project
	o.SoftwareRevenue = in.SoftwareRevenue
	o.LifeCycle = mergeLifeCycle(old.LifeCycle, in.LifeCycle, now)
	applyDefaults(o)

	var errs []api.ValidationExceptionError
	if in.Marketing == nil || in.Marketing.Source == nil {
		errs = append(errs, fieldError("marketing.source", api.ValidationExceptionErrorCodeRequiredFieldMissing,
			"Marketing.Source is required on every UpdateOpportunity: send Marketing Activity or None."))
	}
	errs = append(errs, lockedChanges(status, old, o)...)
	errs = append(errs, s.checkOpportunity(ctx, tx, scope, o, old, checkUpdate)...)
	if len(errs) > 0 {
		return nil, businessInvalid(errs...)
	}

	o.LastModifiedDate = api.NewDateTime(later(now, old.LastModifiedDate.Time))
	if status == api.ReviewStatusActionRequired && scope.Catalog == CatalogAWS {
		// The partner's fix sends the opportunity back to AWS's review.
		err = s.enterReview(ctx, tx, scope, o)
	} else {
		err = s.saveOpportunity(ctx, tx, scope, o, false)
	}
	if err != nil {
		return nil, err
	}
	return &api.UpdateOpportunityResponse{Id: o.Id, LastModifiedDate: o.LastModifiedDate}, nil
}

// simulateReview is the Sandbox catalog's stand-in for AWS's review: the
// partner sets LifeCycle.ReviewStatus to the outcome it wants to test. Only
// the review members of such an update are applied.
func (s *Service) simulateReview(ctx context.Context, tx store.Tx, scope store.Scope, old *opportunity, in *api.UpdateOpportunityRequest) (*api.UpdateOpportunityResponse, error) {
	id := deref(old.Id)
	from, to := old.reviewStatus(), deref(in.LifeCycle.ReviewStatus)
	field := "lifeCycle.reviewStatus"
	switch {
	case from == api.ReviewStatusApproved:
		return nil, businessInvalid(fieldError(field, api.ValidationExceptionErrorCodeActionNotPermitted,
			"reviewStatus is not editable if status is Approved"))
	case to == api.ReviewStatusSubmitted || to == api.ReviewStatusInReview || to == api.ReviewStatusPendingSubmission:
		return nil, businessInvalid(fieldError(field, api.ValidationExceptionErrorCodeActionNotPermitted,
			"LifeCycle.ReviewStatus can't be set to %s: the Sandbox simulates AWS's review outcomes only (Approved, Action Required, Rejected). Submit the opportunity with StartEngagementFromOpportunityTask or SubmitOpportunity.", to))
	case from == api.ReviewStatusPendingSubmission:
		return nil, businessInvalid(fieldError(field, api.ValidationExceptionErrorCodeInvalidResourceState,
			"Opportunity %s has not been submitted, so there is no review to simulate. Submit it first.", id))
	case from == api.ReviewStatusRejected:
		return nil, businessInvalid(fieldError(field, api.ValidationExceptionErrorCodeInvalidResourceState,
			"Opportunity %s was rejected; a rejected opportunity is read-only.", id))
	}
	o := *old
	lc := *old.LifeCycle
	lc.ReviewStatus = ptr(to)
	lc.ReviewComments = in.LifeCycle.ReviewComments
	lc.ReviewStatusReason = in.LifeCycle.ReviewStatusReason
	o.LifeCycle = &lc
	o.LastModifiedDate = api.NewDateTime(later(s.now(), old.LastModifiedDate.Time))
	if err := s.saveOpportunity(ctx, tx, scope, &o, false); err != nil {
		return nil, err
	}
	if err := s.followReview(ctx, tx, scope, &o); err != nil {
		return nil, err
	}
	return &api.UpdateOpportunityResponse{Id: o.Id, LastModifiedDate: o.LastModifiedDate}, nil
}

// editableIn refuses updates in the review statuses that freeze an opportunity.
func editableIn(status api.ReviewStatus, id string) error {
	var why string
	switch status {
	case api.ReviewStatusSubmitted, api.ReviewStatusInReview:
		why = "AWS is reviewing it; it becomes editable again when the review ends in Approved or Action Required"
	case api.ReviewStatusRejected:
		why = "AWS rejected it, and a rejected opportunity is read-only"
	default:
		return nil
	}
	return businessInvalid(fieldError("lifeCycle.reviewStatus", api.ValidationExceptionErrorCodeInvalidResourceState,
		"Opportunity %s can't be updated while its ReviewStatus is %s: %s.", id, status, why))
}

// mergeLifeCycle takes the partner's LifeCycle and keeps the members only
// the service writes, recording a NextSteps change in NextStepsHistory.
func mergeLifeCycle(old, in *api.LifeCycle, now time.Time) *api.LifeCycle {
	lc := &api.LifeCycle{}
	if in != nil {
		c := *in
		lc = &c
	}
	if old == nil {
		old = &api.LifeCycle{}
	}
	lc.ReviewStatus = old.ReviewStatus
	lc.ReviewComments = old.ReviewComments
	lc.ReviewStatusReason = old.ReviewStatusReason
	lc.NextStepsHistory = old.NextStepsHistory
	if next := deref(lc.NextSteps); next != "" && next != deref(old.NextSteps) {
		lc.NextStepsHistory = append(lc.NextStepsHistory, api.NextStepsHistory{Value: ptr(next), Time: api.NewDateTime(now)})
		if n := len(lc.NextStepsHistory); n > maxNextStepsHistory {
			lc.NextStepsHistory = lc.NextStepsHistory[n-maxNextStepsHistory:]
		}
	}
	return lc
}

// Editable members by review status (the service documents the lists).
var (
	// In Action Required only these may change.
	actionRequiredEditable = []string{
		"Customer.Account.Address.City",
		"Customer.Account.Address.CountryCode",
		"Customer.Account.Address.PostalCode",
		"Customer.Account.Address.StateOrRegion",
		"Customer.Account.Address.StreetAddress",
		"Customer.Account.WebsiteUrl",
		"LifeCycle.TargetCloseDate",
		"Project.ExpectedCustomerSpend",
		"Project.CustomerBusinessProblem",
		"PartnerOpportunityIdentifier",
	}
	// In Approved everything but these may change.
	approvedLocked = []string{
		"Customer.Account.Address.CountryCode",
		"Customer.Account.Address.PostalCode",
		"Customer.Account.Industry",
		"Customer.Account.WebsiteUrl",
		"Project.CustomerBusinessProblem",
		"PartnerOpportunityIdentifier",
		"Project.Title",
	}
)

// lockedChanges lists the members an update changes that the opportunity's
// review status does not let the partner change.
func lockedChanges(status api.ReviewStatus, old, updated *opportunity) []api.ValidationExceptionError {
	var allowed func(path string) bool
	switch status {
	case api.ReviewStatusActionRequired:
		allowed = func(p string) bool { return underAny(p, actionRequiredEditable) }
	case api.ReviewStatusApproved:
		allowed = func(p string) bool { return !underAny(p, approvedLocked) }
	default:
		return nil
	}
	var errs []api.ValidationExceptionError
	for _, p := range changedEditable(old, updated) {
		if !allowed(p) {
			errs = append(errs, fieldError(lowerCamelPath(p), api.ValidationExceptionErrorCodeActionNotPermitted,
				"%s can't be changed while the opportunity's ReviewStatus is %s.", p, status))
		}
	}
	return errs
}

// editableMember is one member of the part of an opportunity
// UpdateOpportunity writes.
type editableMember struct {
	name  string
	value any
}

// editableView is the part of an opportunity UpdateOpportunity writes, by
// member.
func editableView(o *opportunity) [9]editableMember {
	lc := api.LifeCycle{}
	if o.LifeCycle != nil {
		lc = *o.LifeCycle
	}
	lc.ReviewStatus, lc.ReviewComments, lc.ReviewStatusReason, lc.NextStepsHistory = nil, nil, nil, nil
	return [...]editableMember{
		{"Customer", o.Customer},
		{"LifeCycle", lc},
		{"Marketing", o.Marketing},
		{"NationalSecurity", o.NationalSecurity},
		{"OpportunityType", o.OpportunityType},
		{"PartnerOpportunityIdentifier", o.PartnerOpportunityIdentifier},
		{"PrimaryNeedsFromAws", o.PrimaryNeedsFromAws},
		{"Project", o.Project},
		{"SoftwareRevenue", o.SoftwareRevenue},
	}
}

// changedEditable lists the paths of the members UpdateOpportunity writes
// whose values differ between old and updated, sorted. A member whose
// encoding is the same on both sides has no such path, so only the
// members an update changes are compared member by member.
func changedEditable(old, updated *opportunity) []string {
	a, b := editableView(old), editableView(updated)
	var out []string
	for i := range a {
		ja, _ := json.Marshal(a[i].value)
		jb, _ := json.Marshal(b[i].value)
		if bytes.Equal(ja, jb) {
			continue
		}
		out = append(out, changedPaths(memberObject(a[i].name, ja), memberObject(b[i].name, jb))...)
	}
	sort.Strings(out)
	return out
}

// memberObject is the JSON object {name: the value encoded as enc}.
func memberObject(name string, enc []byte) map[string]any {
	var v any
	_ = json.Unmarshal(enc, &v)
	return map[string]any{name: v}
}

// changedPaths compares two JSON objects member by member; lists compare as
// whole values. Absent, null and empty are the same.
func changedPaths(a, b map[string]any) []string {
	fa, fb := map[string]string{}, map[string]string{}
	flatten("", a, fa)
	flatten("", b, fb)
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]string{fa, fb} {
		for p := range m {
			if !seen[p] && fa[p] != fb[p] {
				out = append(out, p)
			}
			seen[p] = true
		}
	}
	sort.Strings(out)
	return out
}

func flatten(prefix string, v any, out map[string]string) {
	switch t := v.(type) {
	case map[string]any:
		for k, c := range t {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			flatten(p, c, out)
		}
	case nil:
	case []any:
		if len(t) > 0 {
			b, _ := json.Marshal(t)
			out[prefix] = string(b)
		}
	case string:
		if t != "" {
			out[prefix] = t
		}
	default:
		b, _ := json.Marshal(t)
		out[prefix] = string(b)
	}
}

func underAny(path string, prefixes []string) bool {
	for _, p := range prefixes {
		if path == p || strings.HasPrefix(path, p+".") {
			return true
		}
	}
	return false
}

// lowerCamelPath turns "Customer.Account.WebsiteUrl" into the FieldName
// form "customer.account.websiteUrl".
func lowerCamelPath(p string) string {
	parts := strings.Split(p, ".")
	for i, s := range parts {
		if s == strings.ToUpper(s) {
			parts[i] = strings.ToLower(s)
		} else if s != "" {
			parts[i] = strings.ToLower(s[:1]) + s[1:]
		}
	}
	return strings.Join(parts, ".")
}
