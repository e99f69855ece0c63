package selling_test

import (
	"fmt"
	"strings"
	"testing"

	"pcs/internal/apitest"
	"pcs/selling"
)

func associate(id, kind, entity string) map[string]any {
	return map[string]any{"Catalog": "Sandbox", "OpportunityIdentifier": id, "RelatedEntityType": kind, "RelatedEntityIdentifier": entity}
}

const offerARN = "arn:aws:aws-marketplace:us-east-1:111111111111:AWSMarketplace/Offer/offer-abc123"

// AWS Marketplace listings in the partner guide's ARN forms.
const (
	mpSolutionARN = "arn:aws:aws-marketplace:us-east-1:111111111111:AWSMarketplace/Solution/soln-ab1c2de3fgh4i"
	mpProductARN  = "arn:aws:aws-marketplace:us-east-1:111111111111:AWSMarketplace/AmiProduct/prod-ab1c2de3fgh4i"
)

func TestAssociateOpportunity(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, nil)
	before := getOpp(t, s, id)["LastModifiedDate"]
	s.Clock.Advance(1e9)
	for _, a := range [][2]string{
		{"Solutions", "S-1234567"},
		{"AwsProducts", "AmazonRedshift"},
		{"AwsMarketplaceOffers", offerARN},
	} {
		r := s.Call("AssociateOpportunity", associate(id, a[0], a[1]))
		if r.Status != 200 || len(r.Body) != 0 {
			t.Fatalf("associate %s: HTTP %d %q; want 200 with an empty body", a[1], r.Status, r.Body)
		}
	}
	got := getOpp(t, s, id)
	for path, want := range map[string]string{
		"RelatedEntityIdentifiers.Solutions":            "[S-1234567]",
		"RelatedEntityIdentifiers.AwsProducts":          "[AmazonRedshift]",
		"RelatedEntityIdentifiers.AwsMarketplaceOffers": "[" + offerARN + "]",
	} {
		if g := fmt.Sprint(get(got, path)); g != want {
			t.Errorf("%s = %s, want %s", path, g, want)
		}
	}
	if got["LastModifiedDate"] == before {
		t.Error("associating did not change LastModifiedDate")
	}

	s.OK("DisassociateOpportunity", associate(id, "AwsProducts", "AmazonRedshift"))
	if g := get(getOpp(t, s, id), "RelatedEntityIdentifiers.AwsProducts"); fmt.Sprint(g) != "[]" {
		t.Errorf("after disassociate AwsProducts = %v", g)
	}
}

func TestAssociateRefusals(t *testing.T) {
	offerSet := "arn:aws:aws-marketplace:us-east-1:111111111111:AWSMarketplace/OfferSet/offerset-1"
	tests := []struct {
		name    string
		prepare [][2]string // associations made first
		kind    string
		entity  string
		errType string
		want    string // FieldName:Code for ValidationExceptions
	}{
		{"unknown solution", nil, "Solutions", "S-7654321", "ResourceNotFoundException", ""},
		{"malformed solution id", nil, "Solutions", "solution-1", "ValidationException", "relatedEntityIdentifier:INVALID_STRING_FORMAT"},
		{"duplicate", [][2]string{{"AwsProducts", "AmazonS3"}}, "AwsProducts", "AmazonS3", "ValidationException", "relatedEntityIdentifier:DUPLICATE_KEY_VALUE"},
		{"one offer only", [][2]string{{"AwsMarketplaceOffers", offerARN}}, "AwsMarketplaceOffers", offerARN + "2", "ValidationException", "relatedEntityIdentifier:TOO_MANY_VALUES"},
		{"offer or offer set", [][2]string{{"AwsMarketplaceOffers", offerARN}}, "AwsMarketplaceOfferSets", offerSet, "ValidationException", "relatedEntityIdentifier:ACTION_NOT_PERMITTED"},
		{"offer of another seller", nil, "AwsMarketplaceOffers", "arn:aws:aws-marketplace:us-east-1:999999999999:AWSMarketplace/Offer/offer-x", "ValidationException", "relatedEntityIdentifier:INVALID_VALUE"},
		{"malformed offer", nil, "AwsMarketplaceOffers", "offer-x", "ValidationException", "relatedEntityIdentifier:INVALID_STRING_FORMAT"},
		{"unknown entity type", nil, "Widgets", "x", "ValidationException", "relatedEntityType:INVALID_ENUM_VALUE"},
		{"entity type in the wrong case", nil, "awsMarketplaceSolutions", mpSolutionARN, "ValidationException", "relatedEntityType:INVALID_ENUM_VALUE"},
		{"Marketplace solution not an ARN", nil, "AwsMarketplaceSolutions", "soln-ab1c2de3fgh4i", "ValidationException", "relatedEntityIdentifier:INVALID_STRING_FORMAT"},
		{"product ARN as a Marketplace solution", nil, "AwsMarketplaceSolutions", mpProductARN, "ValidationException", "relatedEntityIdentifier:INVALID_STRING_FORMAT"},
		{"partner solution id as a Marketplace solution", nil, "AwsMarketplaceSolutions", "S-1234567", "ValidationException", "relatedEntityIdentifier:INVALID_STRING_FORMAT"},
		{"Marketplace product not an ARN", nil, "AwsMarketplaceProducts", "prod-ab1c2de3fgh4i", "ValidationException", "relatedEntityIdentifier:INVALID_STRING_FORMAT"},
		{"offer ARN as a Marketplace product", nil, "AwsMarketplaceProducts", offerARN, "ValidationException", "relatedEntityIdentifier:INVALID_STRING_FORMAT"},
		{"identifier longer than the model allows", nil, "AwsMarketplaceProducts", mpProductARN + strings.Repeat("x", 256-len(mpProductARN)), "ValidationException", "relatedEntityIdentifier:INVALID_STRING_FORMAT"},
		{"duplicate Marketplace solution", [][2]string{{"AwsMarketplaceSolutions", mpSolutionARN}}, "AwsMarketplaceSolutions", mpSolutionARN, "ValidationException", "relatedEntityIdentifier:DUPLICATE_KEY_VALUE"},
		{"duplicate Marketplace product", [][2]string{{"AwsMarketplaceProducts", mpProductARN}}, "AwsMarketplaceProducts", mpProductARN, "ValidationException", "relatedEntityIdentifier:DUPLICATE_KEY_VALUE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apitest.New(t)
			id := createOpportunity(t, s, nil)
			for _, p := range tt.prepare {
				s.OK("AssociateOpportunity", associate(id, p[0], p[1]))
			}
			r := s.Fail("AssociateOpportunity", associate(id, tt.kind, tt.entity), tt.errType)
			if tt.want != "" && !contains(fieldErrors(r), tt.want) {
				t.Errorf("ErrorList = %v, want %s", fieldErrors(r), tt.want)
			}
		})
	}
}

func TestAssociationLimits(t *testing.T) {
	tests := []struct {
		kind   string
		limit  int
		entity func(i int) string
	}{
		{"AwsProducts", 20, func(i int) string { return fmt.Sprint("Product", i) }},
		{"AwsMarketplaceSolutions", 10, func(i int) string { return fmt.Sprint(mpSolutionARN, i) }},
		{"AwsMarketplaceProducts", 20, func(i int) string { return fmt.Sprint(mpProductARN, i) }},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			s := apitest.New(t)
			id := createOpportunity(t, s, nil)
			for i := range tt.limit {
				s.OK("AssociateOpportunity", associate(id, tt.kind, tt.entity(i)))
			}
			r := s.Fail("AssociateOpportunity", associate(id, tt.kind, tt.entity(tt.limit)), "ValidationException")
			if !contains(fieldErrors(r), "relatedEntityIdentifier:TOO_MANY_VALUES") {
				t.Errorf("one over the limit of %d: %v", tt.limit, fieldErrors(r))
			}
		})
	}
}

func TestAssociateMarketplaceSolutionsAndProducts(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, nil)
	for _, a := range [][2]string{{"AwsMarketplaceSolutions", mpSolutionARN}, {"AwsMarketplaceProducts", mpProductARN}} {
		if r := s.Call("AssociateOpportunity", associate(id, a[0], a[1])); r.Status != 200 || len(r.Body) != 0 {
			t.Fatalf("associate %s: HTTP %d %q; want 200 with an empty body", a[0], r.Status, r.Body)
		}
	}
	got := getOpp(t, s, id)
	for path, want := range map[string]string{
		"RelatedEntityIdentifiers.AwsMarketplaceSolutions": "[" + mpSolutionARN + "]",
		"RelatedEntityIdentifiers.AwsMarketplaceProducts":  "[" + mpProductARN + "]",
	} {
		if g := fmt.Sprint(get(got, path)); g != want {
			t.Errorf("%s = %s, want %s", path, g, want)
		}
	}
	// The shared view carries them too.
	engID := s.OK("CreateEngagement", map[string]any{"Catalog": "Sandbox", "ClientToken": "e", "Title": "T", "Description": "D"})["Id"].(string)
	snapReq := snapshotKey(engID, id)
	snapReq["ClientToken"] = "snap"
	s.OK("CreateResourceSnapshot", snapReq)
	snap := s.OK("GetResourceSnapshot", snapshotKey(engID, id))
	if g := fmt.Sprint(get(snap, "Payload.OpportunitySummary.RelatedEntityIdentifiers.AwsMarketplaceSolutions")); g != "["+mpSolutionARN+"]" {
		t.Errorf("shared view's AwsMarketplaceSolutions = %s", g)
	}

	s.OK("DisassociateOpportunity", associate(id, "AwsMarketplaceProducts", mpProductARN))
	if g := fmt.Sprint(get(getOpp(t, s, id), "RelatedEntityIdentifiers.AwsMarketplaceProducts")); g != "[]" {
		t.Errorf("after disassociate AwsMarketplaceProducts = %s", g)
	}
	s.Fail("DisassociateOpportunity", associate(id, "AwsMarketplaceProducts", mpProductARN), "ResourceNotFoundException")
	// An ARN is associated as the type it was associated as.
	s.Fail("DisassociateOpportunity", associate(id, "AwsMarketplaceProducts", mpSolutionARN), "ResourceNotFoundException")
}

func TestDisassociateUnknown(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, nil)
	s.Fail("DisassociateOpportunity", associate(id, "Solutions", "S-1234567"), "ResourceNotFoundException")
	s.Fail("AssociateOpportunity", associate("O1", "Solutions", "S-1234567"), "ResourceNotFoundException")
}

func TestAssociationsLockedInReview(t *testing.T) {
	s := apitest.New(t)
	id := submitted(t, s)
	for _, op := range []string{"AssociateOpportunity", "DisassociateOpportunity"} {
		r := s.Fail(op, associate(id, "AwsProducts", "AmazonS3"), "ValidationException")
		if !contains(fieldErrors(r), "opportunityIdentifier:INVALID_RESOURCE_STATE") {
			t.Errorf("%s while Submitted: %v", op, fieldErrors(r))
		}
	}
}

// TestAssociateRegisteredMarketplaceSolution: a Marketplace solution that a
// registered solution carries is associable only while that one is Active;
// one pcs does not know is taken as listed.
func TestAssociateRegisteredMarketplaceSolution(t *testing.T) {
	tests := []struct {
		status string
		want   string // FieldName:Code, "" when associated
	}{
		{"Active", ""},
		{"Draft", "relatedEntityIdentifier:INVALID_RESOURCE_STATE"},
		{"Inactive", "relatedEntityIdentifier:INVALID_RESOURCE_STATE"},
	}
	for _, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			s := apitest.New(t)
			putSolution(t, s, selling.SolutionSpec{Name: "Telemetry", Status: tt.status, AwsMarketplaceSolutionArn: mpSolutionARN})
			id := createOpportunity(t, s, nil)
			if tt.want == "" {
				s.OK("AssociateOpportunity", associate(id, "AwsMarketplaceSolutions", mpSolutionARN))
				return
			}
			r := s.Fail("AssociateOpportunity", associate(id, "AwsMarketplaceSolutions", mpSolutionARN), "ValidationException")
			if got := fieldErrors(r); !contains(got, tt.want) || get(r.JSON(), "Reason") != "BUSINESS_VALIDATION_FAILED" {
				t.Errorf("%s: ErrorList %v, want %s", r.Body, got, tt.want)
			}
			// Another seller account's listing is not in pcs's registry.
			other := strings.Replace(mpSolutionARN, "111111111111", "333333333333", 1)
			s.OK("AssociateOpportunity", associate(id, "AwsMarketplaceSolutions", other))
		})
	}
}
