package admin_test

import (
	"net/http"
	"strings"
	"testing"
)

const marketplaceSolution = "arn:aws:aws-marketplace:us-east-1:111111111111:AWSMarketplace/Solution/soln-ab1c2de3fgh4i"

func TestPutSolutionWithMarketplaceARN(t *testing.T) {
	tests := []struct {
		name, body string
		status     int
		wantError  string // part of the answer's error
	}{
		{"listed in AWS Marketplace", `{"Account": "111111111111", "Catalog": "AWS", "Name": "Telemetry", "Category": "Software Product",
			"AwsMarketplaceSolutionArn": "` + marketplaceSolution + `"}`, 200, ""},
		{"not listed", `{"Account": "111111111111", "Catalog": "AWS", "Name": "Telemetry", "Category": "Software Product"}`, 200, ""},
		{"not a solution ARN", `{"Account": "111111111111", "Catalog": "AWS", "Name": "Telemetry", "Category": "Software Product",
			"AwsMarketplaceSolutionArn": "soln-ab1c2de3fgh4i"}`, 400, "AwsMarketplaceSolutionArn must be an AWS Marketplace solution ARN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := adminServer(t)
			status, got := api.Admin(http.MethodPost, "/_pcs/solutions", token, tt.body)
			if status != tt.status {
				t.Fatalf("HTTP %d, want %d: %v", status, tt.status, got)
			}
			if msg, _ := got["error"].(string); !strings.Contains(msg, tt.wantError) {
				t.Errorf("error %q lacks %q", msg, tt.wantError)
			}
			if status != 200 {
				return
			}
			listed := api.OK("ListSolutions", map[string]any{"Catalog": "AWS", "AwsMarketplaceSolutionArn": []string{marketplaceSolution}})
			sols := listed["SolutionSummaries"].([]any)
			arn := got["AwsMarketplaceSolutionArn"]
			if arn == nil {
				if len(sols) != 0 {
					t.Errorf("a solution without a listing is found by its ARN: %v", sols)
				}
				return
			}
			if arn != marketplaceSolution || len(sols) != 1 || sols[0].(map[string]any)["Id"] != got["Id"] {
				t.Errorf("added %v; ListSolutions by its ARN finds %v", got, sols)
			}
		})
	}
}
