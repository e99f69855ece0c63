package selling

import (
	"context"
	"fmt"
	"time"

	"pcs/api"
	"pcs/store"
)

// Seeding preloads a store with many opportunities at once, for the
// benchmarks (pcs bench and this package's) and for demos. It is no API
// operation and no change a client could have made: it writes the
// documents CreateOpportunity would store straight into the store, without
// the service's checks, events or client tokens.

// SeedStages and SeedReviewStatuses are what seeded opportunities vary in,
// so that filters and sorts select a known share of them: the i-th is in
// SeedStages[i mod 5] and SeedReviewStatuses[i mod 2]. Benchmarks list by
// them; they are not to be changed.
var (
	SeedStages = []api.Stage{api.StageProspect, api.StageQualified, api.StageTechnicalValidation,
		api.StageBusinessValidation, api.StageCommitted}
	SeedReviewStatuses = []api.ReviewStatus{api.ReviewStatusPendingSubmission, api.ReviewStatusApproved}
)

// SeedCompanies is how many distinct customer companies seeded
// opportunities have: the i-th belongs to "Company <i mod SeedCompanies>".
const SeedCompanies = 1000

// seedBatch is how many opportunities one seeding transaction writes: large
// enough that the per-commit fsync does not dominate, small enough to keep
// the WAL short.
const seedBatch = 5000

// SeedOpportunities writes the opportunities numbered first to first+n-1
// for scope straight into db, in large transactions, and returns their ids
// in order. It is a preload for benchmarks and demos, far faster than
// CreateOpportunity calls: the documents are what CreateOpportunity stores
// for a typical CRM record (customer with address and contact, project,
// spend, next steps), the ids are the ones CreateOpportunity would hand out
// (so later creates do not collide with them), and no events are written,
// as a load is no change to report.
//
// Opportunity i (counting from 0 across calls, so that a caller can load
// in chunks) is created and last modified at start + i seconds, belongs to
// customer "Company <i mod SeedCompanies>", is in stage i mod 5 of
// Prospect, Qualified, Technical Validation, Business Validation,
// Committed, and is Pending Submission when i is even, Approved when odd:
// every one can be read and updated by its owner.
func SeedOpportunities(ctx context.Context, db store.Store, scope store.Scope, start time.Time, first, n int) ([]string, error) {
	ids := make([]string, 0, n)
	for i := first; i < first+n; i += seedBatch {
		end := min(i+seedBatch, first+n)
		var batch []string
		err := db.Update(ctx, func(tx store.Tx) error {
			batch = batch[:0]
			for j := i; j < end; j++ {
				seq, err := tx.NextSequence(ctx, "opportunity")
				if err != nil {
					return err
				}
				o := seedOpportunity(scope, opportunityID(seq), j, start.Add(time.Duration(j)*time.Second))
				rec, err := o.record(scope)
				if err != nil {
					return err
				}
				if err := tx.InsertOpportunity(ctx, rec); err != nil {
					return fmt.Errorf("seed opportunity %s: %w", rec.ID, err)
				}
				batch = append(batch, rec.ID)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		ids = append(ids, batch...)
	}
	return ids, nil
}

func seedOpportunity(scope store.Scope, id string, i int, at time.Time) *opportunity {
	o := &opportunity{}
	o.Id, o.Arn, o.Catalog = &id, ptr(opportunityARN(scope, id)), ptr(scope.Catalog)
	o.CreatedDate, o.LastModifiedDate = api.NewDateTime(at), api.NewDateTime(at)
	o.PartnerOpportunityIdentifier = ptr(fmt.Sprintf("CRM-OPP-%08d", i))
	o.PrimaryNeedsFromAws = []api.PrimaryNeedFromAws{api.PrimaryNeedFromAwsCoSellArchitecturalValidation}
	o.Customer = &api.Customer{
		Account: &api.Account{
			CompanyName: ptr(fmt.Sprintf("Company %d", i%SeedCompanies)),
			Industry:    ptr(api.IndustryRetail),
			WebsiteUrl:  ptr("https://www.example.com"),
			Address: &api.Address{City: ptr("Hamburg"), CountryCode: ptr(api.CountryCodeDe), PostalCode: ptr("20457"),
				StreetAddress: ptr("Hafenstrasse 118")},
		},
		Contacts: []api.Contact{{Email: ptr("j.becker@example.com"), FirstName: ptr("Julia"), LastName: ptr("Becker"),
			BusinessTitle: ptr("VP of Platform Engineering"), Phone: ptr("+494012345678")}},
	}
	o.LifeCycle = &api.LifeCycle{
		Stage:           ptr(SeedStages[i%len(SeedStages)]),
		ReviewStatus:    ptr(SeedReviewStatuses[i%len(SeedReviewStatuses)]),
		NextSteps:       ptr("Schedule architecture workshop"),
		TargetCloseDate: ptr(at.AddDate(0, 6, 0).Format(time.DateOnly)),
	}
	o.Project = &api.Project{
		Title:                   ptr("Fleet telemetry platform migration"),
		CustomerBusinessProblem: ptr("The customer's self-hosted telemetry stack cannot scale to peak season and misses its SLAs."),
		CustomerUseCase:         ptr("Migration / Database Migration"),
		DeliveryModels:          []api.DeliveryModel{api.DeliveryModelSaaSOrPaaS},
		ExpectedCustomerSpend: []api.ExpectedCustomerSpend{{Amount: ptr("42500.00"), CurrencyCode: ptr(api.CurrencyCodeUsd),
			Frequency: ptr(api.PaymentFrequencyMonthly), TargetCompany: ptr(targetCompanyAWS)}},
		SalesActivities: []api.SalesActivity{api.SalesActivityInitializedDiscussionsWithCustomer},
		CompetitorName:  ptr(api.CompetitorNameMicrosoftAzure),
	}
	o.RelatedEntityIdentifiers = relatedEntities(nil)
	applyDefaults(o)
	return o
}

// SampleCreateBody is a CreateOpportunity request as a CRM connector sends
// it, with the catalog, ClientToken, PartnerOpportunityIdentifier and
// target close date (YYYY-MM-DD) given: what `pcs bench` creates and the
// package's write benchmarks send.
func SampleCreateBody(catalog, clientToken, partnerID, targetClose string) []byte {
	return fmt.Appendf(nil, sampleCreateTemplate, catalog, clientToken, partnerID, targetClose)
}

const sampleCreateTemplate = `{
  "Catalog": %q,
  "ClientToken": %q,
  "PrimaryNeedsFromAws": ["Co-Sell - Architectural Validation", "Co-Sell - Technical Consultation"],
  "NationalSecurity": "No",
  "PartnerOpportunityIdentifier": %q,
  "Customer": {
    "Account": {
      "Industry": "Transportation and Logistics",
      "CompanyName": "Northwind Logistics GmbH",
      "WebsiteUrl": "https://www.northwind-logistics.example.com",
      "Address": {"City": "Hamburg", "PostalCode": "20457", "CountryCode": "DE", "StreetAddress": "Hafenstrasse 118"}
    },
    "Contacts": [{"Email": "j.becker@northwind-logistics.example.com", "FirstName": "Julia", "LastName": "Becker",
      "BusinessTitle": "VP of Platform Engineering", "Phone": "+494012345678"}]
  },
  "Project": {
    "DeliveryModels": ["SaaS or PaaS"],
    "ExpectedCustomerSpend": [{"Amount": "42500.00", "CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "AWS"}],
    "Title": "Fleet telemetry platform migration to AWS",
    "CustomerBusinessProblem": "The customer operates a self-hosted telemetry stack that cannot scale to 40k vehicles and misses SLAs during peak season.",
    "CustomerUseCase": "Migration / Database Migration",
    "SalesActivities": ["Initialized discussions with customer"]
  },
  "OpportunityType": "Net New Business",
  "Marketing": {"Source": "None"},
  "LifeCycle": {"Stage": "Prospect", "NextSteps": "Schedule architecture workshop", "TargetCloseDate": %q},
  "Origin": "Partner Referral"
}`
