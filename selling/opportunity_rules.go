package selling

import (
	"context"
	"math/big"
	"strings"
	"time"

	"pcs/api"
	"pcs/postal"
	"pcs/store"
)

// checkPhase says which operation a business-rule check runs for; some rules
// only bite at submission (docs/business-rules.md has the table).
type checkPhase int

const (
	checkCreate checkPhase = iota
	checkUpdate
	checkSubmit
)

// checkOpportunity applies the service's business rules to o (old is the
// stored version on update, nil on create) and returns every broken rule.
func (s *Service) checkOpportunity(ctx context.Context, tx store.Tx, scope store.Scope, o, old *opportunity, phase checkPhase) []api.ValidationExceptionError {
	var errs []api.ValidationExceptionError
	add := func(field string, code api.ValidationExceptionErrorCode, format string, args ...any) {
		errs = append(errs, fieldError(field, code, format, args...))
	}

	if phase == checkCreate && deref(o.Origin) == api.OpportunityOriginAwsReferral && scope.Catalog != CatalogSandbox {
		add("origin", api.ValidationExceptionErrorCodeInvalidValue,
			"Origin AWS Referral can only be used in the Sandbox catalog; in the AWS catalog opportunities are Partner Referral.")
	}

	natSec := deref(o.NationalSecurity) == api.NationalSecurityYes
	if acct := customerAccount(o); acct != nil {
		industry := deref(acct.Industry)
		// OtherIndustry with another Industry is taken: AWS's own collection
		// sends Financial Services with one (docs/business-rules.md).
		if industry == api.IndustryOther && deref(acct.OtherIndustry) == "" {
			add("customer.account.otherIndustry", api.ValidationExceptionErrorCodeRequiredFieldMissing,
				"Customer.Account.OtherIndustry is required when Customer.Account.Industry is Other.")
		}
		if natSec && industry != api.IndustryGovernment {
			add("nationalSecurity", api.ValidationExceptionErrorCodeInvalidValue,
				"NationalSecurity can be Yes only when Customer.Account.Industry is Government.")
		}
		if !natSec && deref(acct.WebsiteUrl) == "" {
			add("customer.account.websiteUrl", api.ValidationExceptionErrorCodeRequiredFieldMissing,
				"Customer.Account.WebsiteUrl is required unless NationalSecurity is Yes.")
		}
		errs = append(errs, checkAddress(acct.Address, natSec)...)
	} else if natSec {
		add("nationalSecurity", api.ValidationExceptionErrorCodeInvalidValue,
			"NationalSecurity can be Yes only when Customer.Account.Industry is Government.")
	}

	if lc := o.LifeCycle; lc != nil {
		stage := deref(lc.Stage)
		if stage == api.StageClosedLost {
			if lc.ClosedLostReason == nil {
				add("lifeCycle.closedLostReason", api.ValidationExceptionErrorCodeRequiredFieldMissing,
					"LifeCycle.ClosedLostReason is required when LifeCycle.Stage is Closed Lost.")
			}
			if phase != checkSubmit && (old == nil || old.reviewStatus() == api.ReviewStatusPendingSubmission) {
				add("lifeCycle.stage", api.ValidationExceptionErrorCodeActionNotPermitted,
					"An opportunity can't be Closed Lost before it is submitted to AWS.")
			}
		} else if lc.ClosedLostReason != nil {
			add("lifeCycle.closedLostReason", api.ValidationExceptionErrorCodeActionNotPermitted,
				"LifeCycle.ClosedLostReason is only allowed when LifeCycle.Stage is Closed Lost.")
		}
		if d := deref(lc.TargetCloseDate); d != "" {
			changed := old == nil || old.LifeCycle == nil || deref(old.LifeCycle.TargetCloseDate) != d
			if t, err := time.Parse(time.DateOnly, d); err != nil {
				add("lifeCycle.targetCloseDate", api.ValidationExceptionErrorCodeInvalidValue,
					"LifeCycle.TargetCloseDate %q is not a calendar date (YYYY-MM-DD).", d)
			} else if changed && t.Before(s.now().Truncate(24*time.Hour)) {
				add("lifeCycle.targetCloseDate", api.ValidationExceptionErrorCodeValueOutOfRange,
					"LifeCycle.TargetCloseDate %s is in the past; it must be today or later.", d)
			}
		}
	}

	errs = append(errs, checkMarketing(o.Marketing)...)
	errs = append(errs, s.checkProject(ctx, tx, scope, o)...)
	errs = append(errs, checkSoftwareRevenue(o.SoftwareRevenue)...)

	if phase == checkSubmit {
		errs = append(errs, submissionRequirements(o)...)
	}
	return errs
}

func customerAccount(o *opportunity) *api.Account {
	if o.Customer == nil {
		return nil
	}
	return o.Customer.Account
}

// usCountry is the one country whose addresses carry a StateOrRegion.
const usCountry = "US"

func checkAddress(a *api.Address, natSec bool) []api.ValidationExceptionError {
	if a == nil {
		return nil
	}
	var errs []api.ValidationExceptionError
	country := string(deref(a.CountryCode))
	state := deref(a.StateOrRegion)
	switch {
	case country == usCountry && state == "" && !natSec:
		errs = append(errs, fieldError("customer.account.address.stateOrRegion", api.ValidationExceptionErrorCodeRequiredFieldMissing,
			"Customer.Account.Address.StateOrRegion is required when CountryCode is US (use the full name, such as California or Dist. of Columbia)."))
	case country == usCountry && state != "" && !usStates[state]:
		errs = append(errs, fieldError("customer.account.address.stateOrRegion", api.ValidationExceptionErrorCodeInvalidValue,
			"Customer.Account.Address.StateOrRegion %q is not a US state or territory: use the full name, such as California or Dist. of Columbia.", state))
	}
	if country == "" {
		return errs
	}
	rule := postal.Lookup(country)
	code := deref(a.PostalCode)
	field := "customer.account.address.postalCode"
	switch {
	case rule.Forbidden && code != "":
		errs = append(errs, fieldError(field, api.ValidationExceptionErrorCodeActionNotPermitted,
			"%s has no postal codes; leave Customer.Account.Address.PostalCode out.", rule.Country))
	case rule.Forbidden:
	case code == "" && !natSec:
		errs = append(errs, fieldError(field, api.ValidationExceptionErrorCodeRequiredFieldMissing,
			"Customer.Account.Address.PostalCode is required for country %s.", country))
	case code != "" && !rule.Valid(code):
		errs = append(errs, fieldError(field, api.ValidationExceptionErrorCodeInvalidStringFormat, "%s", rule.InvalidMessage()))
	}
	return errs
}

func checkMarketing(m *api.Marketing) []api.ValidationExceptionError {
	if m == nil {
		return nil
	}
	var errs []api.ValidationExceptionError
	add := func(field string, code api.ValidationExceptionErrorCode, format string, args ...any) {
		errs = append(errs, fieldError(field, code, format, args...))
	}
	switch deref(m.Source) {
	case api.MarketingSourceNone:
		for _, c := range []struct {
			field, name string
			set         bool
		}{
			{"marketing.campaignName", "CampaignName", deref(m.CampaignName) != ""},
			{"marketing.channels", "Channels", len(m.Channels) > 0},
			{"marketing.useCases", "UseCases", len(m.UseCases) > 0},
			{"marketing.awsFundingUsed", "AwsFundingUsed", m.AwsFundingUsed != nil},
		} {
			if c.set {
				add(c.field, api.ValidationExceptionErrorCodeActionNotPermitted,
					"Marketing.%s must be empty when Marketing.Source is None.", c.name)
			}
		}
	case api.MarketingSourceMarketingActivity:
		if m.AwsFundingUsed == nil {
			add("marketing.awsFundingUsed", api.ValidationExceptionErrorCodeRequiredFieldMissing,
				"Marketing.AwsFundingUsed is required when Marketing.Source is Marketing Activity.")
		}
	}
	if deref(m.AwsFundingUsed) == api.AwsFundingUsedNo && len(m.UseCases) > 0 {
		add("marketing.useCases", api.ValidationExceptionErrorCodeActionNotPermitted,
			"Marketing.UseCases must be empty when Marketing.AwsFundingUsed is No.")
	}
	return errs
}

func (s *Service) checkProject(ctx context.Context, tx store.Tx, scope store.Scope, o *opportunity) []api.ValidationExceptionError {
	var errs []api.ValidationExceptionError
	add := func(field string, code api.ValidationExceptionErrorCode, format string, args ...any) {
		errs = append(errs, fieldError(field, code, format, args...))
	}
	p := o.Project
	if deref(o.OpportunityType) == api.OpportunityTypeFlatRenewal {
		rel := ""
		if p != nil {
			rel = deref(p.RelatedOpportunityIdentifier)
		}
		switch {
		case rel == "":
			add("project.relatedOpportunityIdentifier", api.ValidationExceptionErrorCodeRequiredFieldMissing,
				"Project.RelatedOpportunityIdentifier is required when OpportunityType is Flat Renewal.")
		case rel == deref(o.Id):
			add("project.relatedOpportunityIdentifier", api.ValidationExceptionErrorCodeInvalidValue,
				"Project.RelatedOpportunityIdentifier can't be the opportunity itself.")
		default:
			if _, err := loadOpportunity(ctx, tx, scope, rel); err != nil {
				add("project.relatedOpportunityIdentifier", api.ValidationExceptionErrorCodeInvalidValue,
					"Project.RelatedOpportunityIdentifier %s is not one of your opportunities in catalog %s.", rel, scope.Catalog)
			}
		}
	}
	if p == nil {
		return errs
	}
	if deref(p.CompetitorName) == api.CompetitorNameOther && deref(p.OtherCompetitorNames) == "" {
		add("project.otherCompetitorNames", api.ValidationExceptionErrorCodeRequiredFieldMissing,
			"Project.OtherCompetitorNames is required when Project.CompetitorName is *Other.")
	}
	if p.OtherCompetitorNames != nil && deref(p.CompetitorName) != api.CompetitorNameOther {
		add("project.otherCompetitorNames", api.ValidationExceptionErrorCodeActionNotPermitted,
			"Project.OtherCompetitorNames is only allowed when Project.CompetitorName is *Other.")
	}
	if uc := deref(p.CustomerUseCase); uc != "" && !isCustomerUseCase(uc) {
		add("project.customerUseCase", api.ValidationExceptionErrorCodeInvalidEnumValue,
			"Project.CustomerUseCase %q is not one of the service's use cases (for example: AI Machine Learning and Analytics, Database, Migration/Database Migration, Security & Compliance).", uc)
	}
	errs = append(errs, checkSpend(p)...)
	return errs
}

// checkSpend applies the expected-spend and deal-sizing rules.
func checkSpend(p *api.Project) []api.ValidationExceptionError {
	var errs []api.ValidationExceptionError
	add := func(field string, format string, args ...any) {
		errs = append(errs, fieldError(field, api.ValidationExceptionErrorCodeInvalidValue, format, args...))
	}
	selfEntries := 0
	currency := ""
	for _, e := range p.ExpectedCustomerSpend {
		if a := deref(e.Amount); a != "" {
			if v, ok := new(big.Rat).SetString(a); !ok || v.Sign() <= 0 {
				errs = append(errs, fieldError("project.expectedCustomerSpend.amount", api.ValidationExceptionErrorCodeValueOutOfRange,
					"Project.ExpectedCustomerSpend.Amount must be greater than 0."))
			}
		}
		c := string(deref(e.CurrencyCode))
		switch {
		case currency == "":
			currency = c
		case c != currency:
			add("project.expectedCustomerSpend.currencyCode", "CurrencyCode must match between entries")
		}
		if deref(p.AwsPartition) == api.AwsPartitionAwsEusc && c != "EUR" {
			add("project.expectedCustomerSpend.currencyCode",
				"Project.ExpectedCustomerSpend.CurrencyCode must be EUR when Project.AwsPartition is aws-eusc.")
		}
		if deref(e.TargetCompany) == targetCompanySelf {
			selfEntries++
			if deref(e.EstimationUrl) != "" {
				add("project.expectedCustomerSpend.estimationUrl", "Self entry and EstimationUrl cannot coexist")
			}
		}
	}
	switch {
	case selfEntries > 1:
		add("project.expectedCustomerSpend", "Only one Self entry is allowed")
	case selfEntries == 1 && p.ExpectedContractDuration == nil:
		add("project.expectedContractDuration", "ExpectedContractDuration is required when a Self entry is present")
	case selfEntries == 0 && p.ExpectedContractDuration != nil:
		add("project.expectedCustomerSpend", "A Self entry is required when ExpectedContractDuration is present")
	}
	return errs
}

func checkSoftwareRevenue(r *api.SoftwareRevenue) []api.ValidationExceptionError {
	if r == nil || r.EffectiveDate == nil || r.ExpirationDate == nil {
		return nil
	}
	if *r.ExpirationDate < *r.EffectiveDate {
		return []api.ValidationExceptionError{fieldError("softwareRevenue.expirationDate", api.ValidationExceptionErrorCodeInvalidValue,
			"SoftwareRevenue.ExpirationDate %s is before SoftwareRevenue.EffectiveDate %s.", *r.ExpirationDate, *r.EffectiveDate)}
	}
	return nil
}

// submissionRequirements are the members AWS needs to review an opportunity.
func submissionRequirements(o *opportunity) []api.ValidationExceptionError {
	var errs []api.ValidationExceptionError
	missing := func(field, name string) {
		errs = append(errs, fieldError(field, api.ValidationExceptionErrorCodeRequiredFieldMissing,
			"%s is required to submit the opportunity to AWS.", name))
	}
	acct := customerAccount(o)
	if acct == nil {
		missing("customer.account", "Customer.Account")
	} else {
		if deref(acct.CompanyName) == "" {
			missing("customer.account.companyName", "Customer.Account.CompanyName")
		}
		if acct.Industry == nil {
			missing("customer.account.industry", "Customer.Account.Industry")
		}
		if acct.Address == nil || acct.Address.CountryCode == nil {
			missing("customer.account.address.countryCode", "Customer.Account.Address.CountryCode")
		}
	}
	p := o.Project
	if p == nil {
		p = &api.Project{}
	}
	if deref(p.Title) == "" {
		missing("project.title", "Project.Title")
	}
	if deref(p.CustomerBusinessProblem) == "" {
		missing("project.customerBusinessProblem", "Project.CustomerBusinessProblem")
	}
	if len(p.DeliveryModels) == 0 {
		missing("project.deliveryModels", "Project.DeliveryModels")
	}
	if len(p.ExpectedCustomerSpend) == 0 {
		missing("project.expectedCustomerSpend", "Project.ExpectedCustomerSpend")
	}
	if o.LifeCycle == nil || deref(o.LifeCycle.TargetCloseDate) == "" {
		missing("lifeCycle.targetCloseDate", "LifeCycle.TargetCloseDate")
	}
	if !o.hasSolution() && deref(p.OtherSolutionDescription) == "" {
		errs = append(errs, fieldError("project.otherSolutionDescription", api.ValidationExceptionErrorCodeRequiredFieldMissing,
			"Associate a solution (AssociateOpportunity with RelatedEntityType AwsMarketplaceSolutions or Solutions) or describe it in Project.OtherSolutionDescription before submitting."))
	}
	if o.LifeCycle != nil && deref(o.LifeCycle.Stage) == api.StageClosedLost {
		errs = append(errs, fieldError("lifeCycle.stage", api.ValidationExceptionErrorCodeActionNotPermitted,
			"A Closed Lost opportunity can't be submitted."))
	}
	return errs
}

// customerUseCases are the values the service accepts for
// Project.CustomerUseCase. The model types the member as a plain string; the
// list is the one in the member's documentation, which the service enforces.
var customerUseCases = setOf(
	"AI Machine Learning and Analytics",
	"Archiving",
	"Big Data: Data Warehouse/Data Integration/ETL/Data Lake/BI",
	"Blockchain",
	"Business Applications: Mainframe Modernization",
	"Business Applications & Contact Center",
	"Business Applications & SAP Production",
	"Centralized Operations Management",
	"Cloud Management Tools",
	"Cloud Management Tools & DevOps with Continuous Integration & Continuous Delivery (CICD)",
	"Configuration, Compliance & Auditing",
	"Connected Services",
	"Containers & Serverless",
	"Content Delivery & Edge Services",
	"Database",
	"Edge Computing/End User Computing",
	"Energy",
	"Enterprise Governance & Controls",
	"Enterprise Resource Planning",
	"Financial Services",
	"Healthcare and Life Sciences",
	"High Performance Computing",
	"Hybrid Application Platform",
	"Industrial Software",
	"IOT",
	"Manufacturing, Supply Chain and Operations",
	"Media & High performance computing (HPC)",
	"Migration/Database Migration",
	"Monitoring, logging and performance",
	"Monitoring & Observability",
	"Networking",
	"Outpost",
	"SAP",
	"Security & Compliance",
	"Storage & Backup",
	"Training",
	"VMC",
	"VMWare",
	"Web development & DevOps",
)

// usStates are the values Customer.Account.Address.StateOrRegion takes for
// a US address (the member's documentation lists them; full names, not
// abbreviations).
var usStates = setOf(
	"Alabama", "Alaska", "American Samoa", "Arizona", "Arkansas", "California", "Colorado",
	"Connecticut", "Delaware", "Dist. of Columbia", "Federated States of Micronesia", "Florida",
	"Georgia", "Guam", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky",
	"Louisiana", "Maine", "Marshall Islands", "Maryland", "Massachusetts", "Michigan", "Minnesota",
	"Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey",
	"New Mexico", "New York", "North Carolina", "North Dakota", "Northern Mariana Islands", "Ohio",
	"Oklahoma", "Oregon", "Palau", "Pennsylvania", "Puerto Rico", "Rhode Island", "South Carolina",
	"South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Virgin Islands",
	"Washington", "West Virginia", "Wisconsin", "Wyoming", "APO/AE", "AFO/FPO", "FPO, AP",
)

// isCustomerUseCase accepts a documented use case, also with the spacing
// variant around "/" that the service accepts ("Migration / Database
// Migration").
func isCustomerUseCase(v string) bool {
	return customerUseCases[strings.ReplaceAll(v, " / ", "/")]
}
