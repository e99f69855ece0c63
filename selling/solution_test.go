package selling_test

import (
	"fmt"
	"strings"
	"testing"

	"pcs/internal/apitest"
	"pcs/selling"
)

// putSolution registers a solution of s's account through the admin side.
func putSolution(t *testing.T, s *apitest.Server, spec selling.SolutionSpec) string {
	t.Helper()
	spec.Account = s.Account
	if spec.Catalog == "" {
		spec.Catalog = "Sandbox"
	}
	if spec.Category == "" {
		spec.Category = "Software Product"
	}
	sol, err := s.AWS.PutSolution(t.Context(), spec)
	if err != nil {
		t.Fatal(err)
	}
	return *sol.Id
}

// solutionIDs lists the ids of a ListSolutions answer.
func solutionIDs(out map[string]any) []string {
	ids := []string{}
	for _, sol := range out["SolutionSummaries"].([]any) {
		ids = append(ids, sol.(map[string]any)["Id"].(string))
	}
	return ids
}

func TestListSolutionsByMarketplaceARN(t *testing.T) {
	s := apitest.New(t)
	otherARN := strings.Replace(mpSolutionARN, "soln-ab1c2de3fgh4i", "soln-zz9y8x7w6v5u4", 1)
	first := putSolution(t, s, selling.SolutionSpec{Name: "Telemetry", AwsMarketplaceSolutionArn: mpSolutionARN})
	second := putSolution(t, s, selling.SolutionSpec{Name: "Telemetry Pro", AwsMarketplaceSolutionArn: otherARN})
	putSolution(t, s, selling.SolutionSpec{Name: "Unlisted"})

	all := s.OK("ListSolutions", map[string]any{"Catalog": "Sandbox", "Identifier": []string{first}})
	if got := get(all["SolutionSummaries"].([]any)[0].(map[string]any), "AwsMarketplaceSolutionArn"); got != mpSolutionARN {
		t.Errorf("AwsMarketplaceSolutionArn = %v, want %s", got, mpSolutionARN)
	}
	tests := []struct {
		name string
		arns []string
		want []string
	}{
		{"one", []string{mpSolutionARN}, []string{first}},
		{"any of several", []string{otherARN, mpSolutionARN}, []string{first, second}},
		{"none listed", []string{mpSolutionARN + "0"}, []string{}},
		{"empty filter lists all", []string{}, []string{first, second, "S-1000003", "S-1234567"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := s.OK("ListSolutions", map[string]any{"Catalog": "Sandbox", "AwsMarketplaceSolutionArn": tt.arns})
			if got := solutionIDs(out); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("ids = %v, want %v", got, tt.want)
			}
		})
	}

	// The filter pages like the others.
	page := s.OK("ListSolutions", map[string]any{"Catalog": "Sandbox", "AwsMarketplaceSolutionArn": []string{mpSolutionARN, otherARN}, "MaxResults": 1})
	next := s.OK("ListSolutions", map[string]any{"Catalog": "Sandbox", "AwsMarketplaceSolutionArn": []string{mpSolutionARN, otherARN},
		"MaxResults": 1, "NextToken": page["NextToken"]})
	if got := append(solutionIDs(page), solutionIDs(next)...); fmt.Sprint(got) != fmt.Sprint([]string{first, second}) || next["NextToken"] != nil {
		t.Errorf("pages = %v, then NextToken %v", got, next["NextToken"])
	}
}

func TestListSolutionsMarketplaceARNValidation(t *testing.T) {
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = fmt.Sprint(mpSolutionARN, i)
	}
	tests := []struct {
		name string
		arns []string
		want string
	}{
		{"not an ARN", []string{"soln-ab1c2de3fgh4i"}, "awsMarketplaceSolutionArn:INVALID_STRING_FORMAT"},
		{"too short", []string{"arn"}, "awsMarketplaceSolutionArn:INVALID_STRING_FORMAT"},
		{"more than ten", eleven, "awsMarketplaceSolutionArn:TOO_MANY_VALUES"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apitest.New(t)
			r := s.Fail("ListSolutions", map[string]any{"Catalog": "Sandbox", "AwsMarketplaceSolutionArn": tt.arns}, "ValidationException")
			if got := fieldErrors(r); !contains(got, tt.want) || get(r.JSON(), "Reason") != "REQUEST_VALIDATION_FAILED" {
				t.Errorf("%s: ErrorList %v, want %s", r.Body, got, tt.want)
			}
		})
	}
}

func TestListSolutions(t *testing.T) {
	s := apitest.New(t)
	out := s.OK("ListSolutions", map[string]any{"Catalog": "Sandbox"})
	sols, _ := out["SolutionSummaries"].([]any)
	if len(sols) != 1 {
		t.Fatalf("Sandbox solutions = %v, want the default one", sols)
	}
	sol := sols[0].(map[string]any)
	if sol["Id"] != "S-1234567" || sol["Status"] != "Active" || sol["Catalog"] != "Sandbox" ||
		sol["Arn"] != "arn:aws:partnercentral:us-east-1:111111111111:catalog/Sandbox/solution/S-1234567" {
		t.Errorf("default solution = %v", sol)
	}
	if out := s.OK("ListSolutions", map[string]any{"Catalog": "AWS"}); len(out["SolutionSummaries"].([]any)) != 0 {
		t.Errorf("AWS catalog solutions = %v, want none until added", out["SolutionSummaries"])
	}
	if out := s.OK("ListSolutions", map[string]any{"Catalog": "Sandbox", "Status": []string{"Inactive"}}); len(out["SolutionSummaries"].([]any)) != 0 {
		t.Errorf("Inactive filter = %v", out["SolutionSummaries"])
	}
}
