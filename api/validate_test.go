package api

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

func ptr[T any](v T) *T { return &v }

// load decodes a captured request body into a fresh T.
func load[T any](t *testing.T, path string) *T {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v := new(T)
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
	return v
}

// problem is the part of a ValidationExceptionError a test compares.
type problem struct {
	code, field string
}

func problems(errs []ValidationExceptionError) []problem {
	var out []problem
	for _, e := range errs {
		out = append(out, problem{string(*e.Code), *e.FieldName})
	}
	return out
}

func checkErrs(t *testing.T, errs []ValidationExceptionError, want []problem, msgs []string) {
	t.Helper()
	for _, e := range errs {
		if e.Code == nil || e.FieldName == nil || e.Message == nil {
			t.Fatalf("incomplete error %+v", e)
		}
		if !e.Code.IsKnown() {
			t.Errorf("code %q is not a ValidationExceptionErrorCode", *e.Code)
		}
	}
	if got := problems(errs); !slices.Equal(got, want) {
		t.Errorf("errors:\n got %v\nwant %v", got, want)
	}
	for _, m := range msgs {
		if !slices.ContainsFunc(errs, func(e ValidationExceptionError) bool { return *e.Message == m }) {
			var got []string
			for _, e := range errs {
				got = append(got, *e.Message)
			}
			t.Errorf("no message %q in %q", m, got)
		}
	}
}

func TestValidateCreateOpportunity(t *testing.T) {
	const base = "testdata/wire/boto3/CreateOpportunity.json"
	for _, tc := range []struct {
		name   string
		mutate func(r *CreateOpportunityRequest)
		want   []problem
		msgs   []string
	}{
		{name: "valid", mutate: func(r *CreateOpportunityRequest) {}},
		{
			name:   "required top level",
			mutate: func(r *CreateOpportunityRequest) { r.ClientToken = nil },
			want:   []problem{{"REQUIRED_FIELD_MISSING", "clientToken"}},
			msgs:   []string{"ClientToken is required."},
		},
		{
			name:   "required nested",
			mutate: func(r *CreateOpportunityRequest) { r.Customer.Account.CompanyName = nil },
			want:   []problem{{"REQUIRED_FIELD_MISSING", "customer.account.companyName"}},
			msgs:   []string{"Customer.Account.CompanyName is required."},
		},
		{
			name:   "enum",
			mutate: func(r *CreateOpportunityRequest) { r.LifeCycle.Stage = ptr(Stage("Foo")) },
			want:   []problem{{"INVALID_ENUM_VALUE", "lifeCycle.stage"}},
			msgs: []string{`Value "Foo" is not valid for LifeCycle.Stage. Valid values: Prospect, Qualified, ` +
				`Technical Validation, Business Validation, Committed, Launched, Closed Lost.`},
		},
		{
			name:   "enum list element",
			mutate: func(r *CreateOpportunityRequest) { r.PrimaryNeedsFromAws[1] = "Co-Sell - Lunch" },
			want:   []problem{{"INVALID_ENUM_VALUE", "primaryNeedsFromAws"}},
		},
		{
			name:   "sensitive enum hides the value",
			mutate: func(r *CreateOpportunityRequest) { r.Customer.Account.Address.CountryCode = ptr(CountryCode("XX")) },
			want:   []problem{{"INVALID_ENUM_VALUE", "customer.account.address.countryCode"}},
		},
		{
			name: "length from (?s).{0,20}, sensitive",
			mutate: func(r *CreateOpportunityRequest) {
				r.Customer.Account.Address.PostalCode = ptr(strings.Repeat("1", 21))
			},
			want: []problem{{"INVALID_STRING_FORMAT", "customer.account.address.postalCode"}},
			msgs: []string{"Value at Customer.Account.Address.PostalCode must be at most 20 characters, but it has 21."},
		},
		{
			name:   "length counts runes",
			mutate: func(r *CreateOpportunityRequest) { r.Project.Title = ptr(strings.Repeat("é", 255)) },
		},
		{
			name:   "length too long",
			mutate: func(r *CreateOpportunityRequest) { r.Project.Title = ptr(strings.Repeat("é", 256)) },
			want:   []problem{{"INVALID_STRING_FORMAT", "project.title"}},
			msgs:   []string{"Value at Project.Title must be at most 255 characters, but it has 256."},
		},
		{
			name:   "length with minimum",
			mutate: func(r *CreateOpportunityRequest) { r.Project.CustomerBusinessProblem = ptr("too short") },
			want:   []problem{{"INVALID_STRING_FORMAT", "project.customerBusinessProblem"}},
			msgs:   []string{"Value at Project.CustomerBusinessProblem must be 20 to 2000 characters, but it has 9."},
		},
		{
			name:   "pattern",
			mutate: func(r *CreateOpportunityRequest) { r.Project.RelatedOpportunityIdentifier = ptr("X123") },
			want:   []problem{{"INVALID_STRING_FORMAT", "project.relatedOpportunityIdentifier"}},
			msgs:   []string{`Value "X123" at Project.RelatedOpportunityIdentifier must match the pattern ^O[0-9]{1,19}$.`},
		},
		{
			name:   "pattern is a full match",
			mutate: func(r *CreateOpportunityRequest) { r.Project.RelatedOpportunityIdentifier = ptr("O123x") },
			want:   []problem{{"INVALID_STRING_FORMAT", "project.relatedOpportunityIdentifier"}},
		},
		{
			name:   "sensitive pattern hides the value",
			mutate: func(r *CreateOpportunityRequest) { r.Customer.Account.Duns = ptr("12345") },
			want:   []problem{{"INVALID_STRING_FORMAT", "customer.account.duns"}},
			msgs:   []string{"Value at Customer.Account.Duns must match the pattern ^[0-9]{9}$."},
		},
		{
			name: "list element path has no index",
			mutate: func(r *CreateOpportunityRequest) {
				r.Project.ExpectedCustomerSpend[0].CurrencyCode = nil
				r.Project.ExpectedCustomerSpend[0].EstimationUrl = ptr("http://calculator.aws/#/estimate?id=1")
			},
			want: []problem{
				{"REQUIRED_FIELD_MISSING", "project.expectedCustomerSpend.currencyCode"},
				{"INVALID_STRING_FORMAT", "project.expectedCustomerSpend.estimationUrl"},
			},
			msgs: []string{"Project.ExpectedCustomerSpend.CurrencyCode is required."},
		},
		{
			name: "look-ahead length and remaining pattern",
			mutate: func(r *CreateOpportunityRequest) {
				r.Customer.Contacts[0].Email = ptr(strings.Repeat("a", 75) + "@x.com") // 81 characters
				r.OpportunityTeam[0].Email = ptr("Maria@Example.com")                  // upper case
			},
			want: []problem{
				{"INVALID_STRING_FORMAT", "customer.contacts.email"},
				{"INVALID_STRING_FORMAT", "opportunityTeam.email"},
			},
			msgs: []string{"Value at Customer.Contacts.Email must be at most 80 characters, but it has 81."},
		},
		{
			name: "list too long",
			mutate: func(r *CreateOpportunityRequest) {
				for len(r.OpportunityTeam) < 11 {
					r.OpportunityTeam = append(r.OpportunityTeam, r.OpportunityTeam[0])
				}
			},
			want: []problem{{"TOO_MANY_VALUES", "opportunityTeam"}},
			msgs: []string{"OpportunityTeam must contain at most 10 items, but it contains 11."},
		},
		{
			name:   "list too short",
			mutate: func(r *CreateOpportunityRequest) { r.Tags = []Tag{} },
			want:   []problem{{"NOT_ENOUGH_VALUES", "tags"}},
			msgs:   []string{"Tags must contain 1 to 200 items, but it contains 0."},
		},
		{
			name: "tag key: look-ahead length, then pattern",
			mutate: func(r *CreateOpportunityRequest) {
				r.Tags[0].Key = ptr(strings.Repeat("k", 129))
				r.Tags[1].Key = ptr("bad!key")
				r.Tags = append(r.Tags, Tag{Key: ptr(""), Value: ptr("")})
			},
			want: []problem{
				{"INVALID_STRING_FORMAT", "tags.key"},
				{"INVALID_STRING_FORMAT", "tags.key"},
				{"INVALID_STRING_FORMAT", "tags.key"},
			},
			msgs: []string{
				"Value at Tags.Key must be 1 to 128 characters, but it has 129.",
				`Value "bad!key" at Tags.Key must match the pattern ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$.`,
				"Value at Tags.Key must be 1 to 128 characters, but it has 0.",
			},
		},
		{
			name: "every problem is reported",
			mutate: func(r *CreateOpportunityRequest) {
				r.Catalog = nil
				r.Customer.Account.CompanyName = nil
				r.Project.ExpectedContractDuration.Term = ptr(ExpectedContractDurationTerm("Years"))
				r.LifeCycle.TargetCloseDate = ptr("2025-13-01")
			},
			want: []problem{
				{"REQUIRED_FIELD_MISSING", "catalog"},
				{"REQUIRED_FIELD_MISSING", "customer.account.companyName"},
				{"INVALID_STRING_FORMAT", "lifeCycle.targetCloseDate"},
				{"INVALID_ENUM_VALUE", "project.expectedContractDuration.term"},
			},
		},
		{
			name:   "client token must not be empty",
			mutate: func(r *CreateOpportunityRequest) { r.ClientToken = ptr("") },
			want:   []problem{{"INVALID_STRING_FORMAT", "clientToken"}},
		},
		{
			name:   "client token has no line breaks",
			mutate: func(r *CreateOpportunityRequest) { r.ClientToken = ptr("a\nb") },
			want:   []problem{{"INVALID_STRING_FORMAT", "clientToken"}},
			msgs:   []string{"Value at ClientToken must not contain line breaks."},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := load[CreateOpportunityRequest](t, base)
			tc.mutate(r)
			checkErrs(t, r.Validate(), tc.want, tc.msgs)
		})
	}
}

func TestValidateSensitiveValuesStayOut(t *testing.T) {
	r := load[CreateOpportunityRequest](t, "testdata/wire/boto3/CreateOpportunity.json")
	const secret = "SECRETVALUE"
	r.Customer.Account.Duns = ptr(secret)
	r.Customer.Account.Address.CountryCode = ptr(CountryCode(secret))
	r.Customer.Contacts[0].Phone = ptr(secret)
	r.Customer.Contacts[0].Email = ptr(secret)
	r.Project.ExpectedCustomerSpend[0].Amount = ptr(secret)
	r.Project.ExpectedCustomerSpend[0].CurrencyCode = ptr(CurrencyCode(secret))
	errs := r.Validate()
	if len(errs) != 6 {
		t.Fatalf("got %d errors, want 6: %v", len(errs), problems(errs))
	}
	for _, e := range errs {
		if strings.Contains(*e.Message, secret) {
			t.Errorf("message leaks a sensitive value: %s", *e.Message)
		}
	}
}

func TestValidateOtherRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   Input
		want []problem
		msgs []string
	}{
		{
			name: "nil input is valid",
			in:   (*CreateOpportunityRequest)(nil),
		},
		{
			name: "zero input reports its required members",
			in:   &GetOpportunityRequest{},
			want: []problem{{"REQUIRED_FIELD_MISSING", "catalog"}, {"REQUIRED_FIELD_MISSING", "identifier"}},
		},
		{
			name: `\u class accepts BMP text`,
			in:   &RejectEngagementInvitationRequest{Catalog: ptr("AWS"), Identifier: ptr("engi-0123456789abc"), RejectionReason: ptr("Kein Bedarf – später ✓")},
		},
		{
			name: `\u class rejects control characters`,
			in:   &RejectEngagementInvitationRequest{Catalog: ptr("AWS"), Identifier: ptr("engi-0123456789abc"), RejectionReason: ptr("tab\there")},
			want: []problem{{"INVALID_STRING_FORMAT", "rejectionReason"}},
		},
		{
			name: `\u class rejects characters outside the BMP`,
			in:   &RejectEngagementInvitationRequest{Catalog: ptr("AWS"), Identifier: ptr("engi-0123456789abc"), RejectionReason: ptr("no 😀")},
			want: []problem{{"INVALID_STRING_FORMAT", "rejectionReason"}},
		},
		{
			name: "integer below minimum",
			in:   &ListOpportunitiesRequest{Catalog: ptr("AWS"), MaxResults: ptr(int32(0))},
			want: []problem{{"VALUE_OUT_OF_RANGE", "maxResults"}},
			msgs: []string{"Value 0 at MaxResults must be between 1 and 100."},
		},
		{
			name: "integer above maximum",
			in:   &ListEngagementMembersRequest{Catalog: ptr("AWS"), Identifier: ptr("eng-0123456789abcd"), MaxResults: ptr(int32(11))},
			want: []problem{{"VALUE_OUT_OF_RANGE", "maxResults"}},
		},
		{
			name: "integer bounds are inclusive",
			in:   &ListOpportunitiesRequest{Catalog: ptr("AWS"), MaxResults: ptr(int32(100))},
		},
		{
			name: "integer with only a minimum",
			in: &GetResourceSnapshotRequest{Catalog: ptr("AWS"), EngagementIdentifier: ptr("eng-0123456789abcd"),
				ResourceType: ptr(ResourceTypeOpportunity), ResourceIdentifier: ptr("O1"),
				ResourceSnapshotTemplateIdentifier: ptr("Template1"), Revision: ptr(int32(0))},
			want: []problem{{"VALUE_OUT_OF_RANGE", "revision"}},
			msgs: []string{"Value 0 at Revision must be at least 1."},
		},
		{
			name: "list of enums too long",
			in: &ListOpportunitiesRequest{Catalog: ptr("AWS"), LifeCycleStage: []Stage{
				"Prospect", "Prospect", "Prospect", "Prospect", "Prospect", "Prospect",
				"Prospect", "Prospect", "Prospect", "Prospect", "Nope"}},
			want: []problem{{"TOO_MANY_VALUES", "lifeCycleStage"}, {"INVALID_ENUM_VALUE", "lifeCycleStage"}},
		},
		{
			name: "list of strings too short",
			in:   &UntagResourceRequest{ResourceArn: ptr("arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/opportunity/O1"), TagKeys: []string{}},
			want: []problem{{"NOT_ENOUGH_VALUES", "tagKeys"}},
			msgs: []string{"TagKeys must contain 1 to 50 items, but it contains 0."},
		},
		{
			name: "absent optional list is not checked for length",
			in:   &ListOpportunitiesRequest{Catalog: ptr("AWS")},
		},
		{
			name: "required union missing",
			in: &CreateEngagementContextRequest{Catalog: ptr("AWS"), ClientToken: ptr("t"),
				EngagementIdentifier: ptr("eng-0123456789abcd"), Type: ptr(EngagementContextTypeLead)},
			want: []problem{{"REQUIRED_FIELD_MISSING", "payload"}},
			msgs: []string{"Payload is required."},
		},
		{
			name: "union with no member",
			in: &CreateEngagementContextRequest{Catalog: ptr("AWS"), ClientToken: ptr("t"),
				EngagementIdentifier: ptr("eng-0123456789abcd"), Type: ptr(EngagementContextTypeLead),
				Payload: &EngagementContextPayload{}},
			want: []problem{{"REQUIRED_FIELD_MISSING", "payload"}},
			msgs: []string{"Payload must have exactly one member set: CustomerProject, Lead, ProspectingResult."},
		},
		{
			name: "union with two members, whose contents are validated too",
			in: &CreateEngagementContextRequest{Catalog: ptr("AWS"), ClientToken: ptr("t"),
				EngagementIdentifier: ptr("eng-0123456789abcd"), Type: ptr(EngagementContextTypeLead),
				Payload: &EngagementContextPayload{CustomerProject: &CustomerProjectsContext{}, Lead: &LeadContext{
					Customer:     &LeadCustomer{CompanyName: ptr("Example"), Address: &LeadAddress{}},
					Interactions: []LeadInteraction{{SourceType: ptr("Event"), SourceId: ptr("1"), SourceName: ptr("x"), CustomerAction: ptr("y")}},
				}}},
			want: []problem{{"INVALID_VALUE", "payload"}, {"REQUIRED_FIELD_MISSING", "payload.lead.interactions.contact"}},
			msgs: []string{"Payload must have exactly one member set, but CustomerProject and Lead are set."},
		},
		{
			name: "a lead needs no address, its industry is free text, and its address has the documented lengths",
			in: &LeadContext{
				Customer: &LeadCustomer{CompanyName: ptr("Example"), Industry: ptr("Fintech"), MarketSegment: ptr("Mid-market"),
					Address: &LeadAddress{City: ptr("Springfield"), CountryCode: ptr("UNITED STATES")}},
				Interactions: []LeadInteraction{{Contact: &LeadContact{BusinessTitle: ptr("CTO"), Email: ptr("a@example.com"),
					FirstName: ptr("A"), LastName: ptr("B")}}},
			},
			want: []problem{{"INVALID_STRING_FORMAT", "customer.address.countryCode"}},
		},
		{
			name: "all-caps member and map values",
			in: &AwsProductsSpendInsightsBySource{AWS: &AwsProductInsights{
				CurrencyCode:          ptr(CurrencyCodeUsd),
				Frequency:             ptr(PaymentFrequencyMonthly),
				AwsProducts:           []AwsProductDetails{},
				TotalAmountByCategory: map[string]string{"b": "1.00", "a": "1.005", "c": "-1"},
			}},
			want: []problem{{"INVALID_STRING_FORMAT", "aws.totalAmountByCategory"}, {"INVALID_STRING_FORMAT", "aws.totalAmountByCategory"}},
			msgs: []string{"Value at AWS.TotalAmountByCategory must match the pattern ^(0|([1-9][0-9]{0,30}))(\\.[0-9]{0,2})?$."},
		},
		{
			name: "AWS Marketplace solution ARNs: pattern, length and count",
			in: &ListSolutionsRequest{Catalog: ptr("AWS"), AwsMarketplaceSolutionArn: []string{
				"arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-1", "soln-1", "arn"}},
			want: []problem{{"INVALID_STRING_FORMAT", "awsMarketplaceSolutionArn"},
				{"INVALID_STRING_FORMAT", "awsMarketplaceSolutionArn"}, {"INVALID_STRING_FORMAT", "awsMarketplaceSolutionArn"}},
			msgs: []string{`Value "soln-1" at AwsMarketplaceSolutionArn must match the pattern ^arn:.*$.`,
				"Value at AwsMarketplaceSolutionArn must be 4 to 2048 characters, but it has 3."},
		},
		{
			name: "at most 10 AWS Marketplace solution ARNs",
			in: &ListSolutionsRequest{Catalog: ptr("AWS"), AwsMarketplaceSolutionArn: []string{
				"arn:1", "arn:2", "arn:3", "arn:4", "arn:5", "arn:6", "arn:7", "arn:8", "arn:9", "arn:10", "arn:11"}},
			want: []problem{{"TOO_MANY_VALUES", "awsMarketplaceSolutionArn"}},
		},
		{
			name: "AWS Marketplace entity types",
			in: &AssociateOpportunityRequest{Catalog: ptr("AWS"), OpportunityIdentifier: ptr("O1"),
				RelatedEntityType: ptr(RelatedEntityTypeAwsMarketplaceProducts), RelatedEntityIdentifier: ptr("arn:aws:aws-marketplace:x")},
		},
		{
			name: "opportunity quality score and recommendations",
			in: &AwsOpportunityInsights{OpportunityQuality: &OpportunityQuality{Score: ptr(int32(101))},
				Recommendations: []Recommendation{{Details: ptr("d")}}},
			want: []problem{{"VALUE_OUT_OF_RANGE", "opportunityQuality.score"}, {"REQUIRED_FIELD_MISSING", "recommendations.type"}},
			msgs: []string{"Value 101 at OpportunityQuality.Score must be between 0 and 100."},
		},
		{
			name: "at most 25 recommendation attributes",
			in: &AwsOpportunityInsights{Recommendations: []Recommendation{{Type: ptr("OpportunityQuality"), Details: ptr("d"),
				Attributes: func() map[string]string {
					m := map[string]string{}
					for i := range 26 {
						m[fmt.Sprint("k", i)] = "v"
					}
					return m
				}()}}},
			want: []problem{{"TOO_MANY_VALUES", "recommendations.attributes"}},
		},
		{
			name: "required map and list",
			in:   &AwsProductInsights{CurrencyCode: ptr(CurrencyCodeEur), Frequency: ptr(PaymentFrequencyMonthly)},
			want: []problem{{"REQUIRED_FIELD_MISSING", "awsProducts"}, {"REQUIRED_FIELD_MISSING", "totalAmountByCategory"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkErrs(t, tc.in.Validate(), tc.want, tc.msgs)
		})
	}
}

func TestValidateReturnsNilWhenValid(t *testing.T) {
	in := &GetOpportunityRequest{Catalog: ptr("AWS"), Identifier: ptr("O123")}
	if errs := in.Validate(); errs != nil {
		t.Fatalf("Validate() = %#v, want nil", errs)
	}
}
