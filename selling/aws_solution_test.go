package selling_test

import (
	"errors"
	"strings"
	"testing"

	"pcs/internal/apitest"
	"pcs/selling"
)

func TestPutSolutionMarketplaceARN(t *testing.T) {
	s := apitest.New(t)
	_, err := s.AWS.PutSolution(t.Context(), selling.SolutionSpec{Account: s.Account, Catalog: "AWS", Name: "Telemetry",
		Category: "Software Product", AwsMarketplaceSolutionArn: mpProductARN})
	var bad *selling.InvalidInputError
	if !errors.As(err, &bad) || len(bad.Problems) != 1 || !strings.HasPrefix(bad.Problems[0], "AwsMarketplaceSolutionArn must be an AWS Marketplace solution ARN") {
		t.Fatalf("a product ARN as the solution's: %v", err)
	}
}
