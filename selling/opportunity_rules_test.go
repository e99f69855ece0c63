package selling_test

import (
	"testing"

	"pcs/internal/apitest"
)

// TestCreateBusinessRules runs each business rule that bites at
// CreateOpportunity: the request is the valid testdata opportunity with one
// change, and the answer must be a BUSINESS_VALIDATION_FAILED listing the
// broken rule.
func TestCreateBusinessRules(t *testing.T) {
	tests := []struct {
		name string
		edit func(m map[string]any)
		want string // FieldName:Code expected in the ErrorList
	}{
		{"OtherIndustry required for Industry Other", func(m map[string]any) {
			set(m, "Customer.Account.Industry", "Other")
		}, "customer.account.otherIndustry:REQUIRED_FIELD_MISSING"},
		{"national security only for Government", func(m map[string]any) {
			set(m, "NationalSecurity", "Yes")
		}, "nationalSecurity:INVALID_VALUE"},
		{"WebsiteUrl required unless national security", func(m map[string]any) {
			set(m, "Customer.Account.WebsiteUrl", deleted)
		}, "customer.account.websiteUrl:REQUIRED_FIELD_MISSING"},
		{"StateOrRegion required for US", func(m map[string]any) {
			set(m, "Customer.Account.Address.CountryCode", "US")
			set(m, "Customer.Account.Address.PostalCode", "98101")
			set(m, "Customer.Account.Address.StateOrRegion", deleted)
		}, "customer.account.address.stateOrRegion:REQUIRED_FIELD_MISSING"},
		{"StateOrRegion must be a US state name", func(m map[string]any) {
			set(m, "Customer.Account.Address.CountryCode", "US")
			set(m, "Customer.Account.Address.PostalCode", "98101")
			set(m, "Customer.Account.Address.StateOrRegion", "WA")
		}, "customer.account.address.stateOrRegion:INVALID_VALUE"},
		{"postal code required", func(m map[string]any) {
			set(m, "Customer.Account.Address.PostalCode", deleted)
		}, "customer.account.address.postalCode:REQUIRED_FIELD_MISSING"},
		{"postal code format per country", func(m map[string]any) {
			set(m, "Customer.Account.Address.PostalCode", "2045")
		}, "customer.account.address.postalCode:INVALID_STRING_FORMAT"},
		{"no postal code where the country has none", func(m map[string]any) {
			set(m, "Customer.Account.Address.CountryCode", "AE")
		}, "customer.account.address.postalCode:ACTION_NOT_PERMITTED"},
		{"Closed Lost needs a reason", func(m map[string]any) {
			set(m, "LifeCycle.Stage", "Closed Lost")
		}, "lifeCycle.closedLostReason:REQUIRED_FIELD_MISSING"},
		{"Closed Lost not before submission", func(m map[string]any) {
			set(m, "LifeCycle.Stage", "Closed Lost")
			set(m, "LifeCycle.ClosedLostReason", "Price")
		}, "lifeCycle.stage:ACTION_NOT_PERMITTED"},
		{"target close date not in the past", func(m map[string]any) {
			set(m, "LifeCycle.TargetCloseDate", "2026-01-04")
		}, "lifeCycle.targetCloseDate:VALUE_OUT_OF_RANGE"},
		{"target close date is a calendar date", func(m map[string]any) {
			set(m, "LifeCycle.TargetCloseDate", "2026-02-30")
		}, "lifeCycle.targetCloseDate:INVALID_VALUE"},
		{"marketing companions empty when Source is None", func(m map[string]any) {
			set(m, "Marketing.Source", "None")
		}, "marketing.campaignName:ACTION_NOT_PERMITTED"},
		{"AwsFundingUsed required for Marketing Activity", func(m map[string]any) {
			set(m, "Marketing.AwsFundingUsed", deleted)
		}, "marketing.awsFundingUsed:REQUIRED_FIELD_MISSING"},
		{"UseCases empty without AWS funding", func(m map[string]any) {
			set(m, "Marketing.AwsFundingUsed", "No")
		}, "marketing.useCases:ACTION_NOT_PERMITTED"},
		{"*Other competitor needs names", func(m map[string]any) {
			set(m, "Project.CompetitorName", "*Other")
		}, "project.otherCompetitorNames:REQUIRED_FIELD_MISSING"},
		{"Flat Renewal needs a related opportunity", func(m map[string]any) {
			set(m, "OpportunityType", "Flat Renewal")
		}, "project.relatedOpportunityIdentifier:REQUIRED_FIELD_MISSING"},
		{"Flat Renewal related opportunity must be the partner's", func(m map[string]any) {
			set(m, "OpportunityType", "Flat Renewal")
			set(m, "Project.RelatedOpportunityIdentifier", "O999999999")
		}, "project.relatedOpportunityIdentifier:INVALID_VALUE"},
		{"spend amount above zero", func(m map[string]any) {
			set(m, "Project.ExpectedCustomerSpend", []any{map[string]any{
				"Amount": "0", "CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "AWS"}})
		}, "project.expectedCustomerSpend.amount:VALUE_OUT_OF_RANGE"},
		{"spend currencies match", func(m map[string]any) {
			set(m, "Project.ExpectedCustomerSpend", []any{
				map[string]any{"Amount": "10", "CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "AWS"},
				map[string]any{"Amount": "10", "CurrencyCode": "EUR", "Frequency": "Monthly", "TargetCompany": "AWS"}})
		}, "project.expectedCustomerSpend.currencyCode:INVALID_VALUE"},
		{"contract duration needs a Self entry", func(m map[string]any) {
			set(m, "Project.ExpectedContractDuration", map[string]any{"Term": "Months", "Value": "36"})
		}, "project.expectedCustomerSpend:INVALID_VALUE"},
		{"Self entry needs a contract duration", func(m map[string]any) {
			set(m, "Project.ExpectedCustomerSpend", []any{map[string]any{
				"Amount": "100000", "CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "Self"}})
		}, "project.expectedContractDuration:INVALID_VALUE"},
		{"customer use case from the service's list", func(m map[string]any) {
			set(m, "Project.CustomerUseCase", "Business Applications &amp; Contact Center")
		}, "project.customerUseCase:INVALID_ENUM_VALUE"},
		{"EUR in the European Sovereign Cloud", func(m map[string]any) {
			set(m, "Project.AwsPartition", "aws-eusc")
		}, "project.expectedCustomerSpend.currencyCode:INVALID_VALUE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apitest.New(t)
			m := payload(t, "create_opportunity.json")
			tt.edit(m)
			r := s.Fail("CreateOpportunity", m, "ValidationException")
			if reason := r.JSON()["Reason"]; reason != "BUSINESS_VALIDATION_FAILED" {
				t.Errorf("Reason = %v, want BUSINESS_VALIDATION_FAILED", reason)
			}
			if errs := fieldErrors(r); !contains(errs, tt.want) {
				t.Errorf("ErrorList = %v, want an entry %s", errs, tt.want)
			}
		})
	}
}

// TestCreateReportsEveryBrokenRule checks that one request with several
// problems gets them all, not just the first.
func TestCreateReportsEveryBrokenRule(t *testing.T) {
	s := apitest.New(t)
	m := payload(t, "create_opportunity.json")
	set(m, "Customer.Account.Industry", "Other")
	set(m, "Project.CompetitorName", "*Other")
	set(m, "LifeCycle.TargetCloseDate", "2020-01-01")
	r := s.Fail("CreateOpportunity", m, "ValidationException")
	if errs := fieldErrors(r); len(errs) != 3 {
		t.Errorf("ErrorList = %v, want 3 entries", errs)
	}
}

func TestCreateAcceptsValidVariants(t *testing.T) {
	tests := []struct {
		name string
		edit func(m map[string]any)
	}{
		{"US address", func(m map[string]any) {
			set(m, "Customer.Account.Address.CountryCode", "US")
			set(m, "Customer.Account.Address.StateOrRegion", "Dist. of Columbia")
			set(m, "Customer.Account.Address.PostalCode", "20001-1234")
		}},
		{"national security government", func(m map[string]any) {
			set(m, "NationalSecurity", "Yes")
			set(m, "Customer.Account.Industry", "Government")
			set(m, "Customer.Account.WebsiteUrl", deleted)
		}},
		{"country without postal codes", func(m map[string]any) {
			set(m, "Customer.Account.Address.CountryCode", "AE")
			set(m, "Customer.Account.Address.PostalCode", deleted)
		}},
		{"total contract value sizing", func(m map[string]any) {
			set(m, "Project.ExpectedCustomerSpend", []any{map[string]any{
				"Amount": "360000", "CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "Self"}})
			set(m, "Project.ExpectedContractDuration", map[string]any{"Term": "Months", "Value": "36"})
		}},
		{"documented use case spelling", func(m map[string]any) {
			set(m, "Project.CustomerUseCase", "Migration/Database Migration")
		}},
		{"sparse", func(m map[string]any) {
			for k := range m {
				if k != "Catalog" && k != "ClientToken" {
					delete(m, k)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apitest.New(t)
			m := payload(t, "create_opportunity.json")
			tt.edit(m)
			s.OK("CreateOpportunity", m)
		})
	}
}

// TestOtherIndustryWithAnyIndustry sends OtherIndustry with an Industry other
// than Other, as AWS's own Postman collection does in its CreateOpportunity:
// the service takes it, on create and on update, and answers it back.
func TestOtherIndustryWithAnyIndustry(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, func(m map[string]any) {
		set(m, "Customer.Account.Industry", "Financial Services")
		set(m, "Customer.Account.OtherIndustry", "Investment Banking")
	})
	got := getOpp(t, s, id)
	if v := get(got, "Customer.Account.OtherIndustry"); v != "Investment Banking" {
		t.Errorf("OtherIndustry = %v, want Investment Banking", v)
	}

	m := updateBody(t, id, got["LastModifiedDate"])
	set(m, "Customer.Account.Industry", "Retail")
	set(m, "Customer.Account.OtherIndustry", "Grocery")
	s.OK("UpdateOpportunity", m)
	if v := get(getOpp(t, s, id), "Customer.Account.OtherIndustry"); v != "Grocery" {
		t.Errorf("OtherIndustry after update = %v, want Grocery", v)
	}
}

func TestAWSReferralOnlyInSandbox(t *testing.T) {
	s := apitest.New(t)
	r := s.Fail("CreateOpportunity", map[string]any{"Catalog": "AWS", "ClientToken": "a", "Origin": "AWS Referral"}, "ValidationException")
	if errs := fieldErrors(r); !contains(errs, "origin:INVALID_VALUE") {
		t.Errorf("ErrorList = %v", errs)
	}
	out := s.OK("CreateOpportunity", map[string]any{"Catalog": "Sandbox", "ClientToken": "b", "Origin": "AWS Referral"})
	// It stays on AWS's side until the partner accepts the referral's invitation.
	s.Fail("GetOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": out["Id"]}, "ResourceNotFoundException")
}
