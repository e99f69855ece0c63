package console_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"pcs/internal/apitest"
)

// createWithBoto3 is the script that sends the CreateOpportunity request
// on its standard input to the pcs at argv[1] with boto3, as an unmodified
// client would, and prints the new opportunity's id.
const createWithBoto3 = `import json, sys, boto3
client = boto3.client("partnercentral-selling", endpoint_url=sys.argv[1], region_name="us-east-1",
    aws_access_key_id=sys.argv[2], aws_secret_access_key="x")
print(client.create_opportunity(**json.load(sys.stdin))["Id"])`

// hasBoto3 tells whether python3 with boto3 is there to run it.
func hasBoto3() bool {
	py, err := exec.LookPath("python3")
	return err == nil && exec.Command(py, "-c", "import boto3").Run() == nil
}

// createOpportunityBy creates an opportunity as a CRM would: with boto3
// when python3 has it, else with a signed Go call. It logs which.
func createOpportunityBy(t *testing.T, s *apitest.Server, catalog, title string) string {
	t.Helper()
	if !hasBoto3() {
		t.Log("no python3 with boto3: the CRM's opportunity is created with a signed Go call")
		return createOpportunity(t, s, catalog, title)
	}
	in, err := json.Marshal(opportunityRequest(t, catalog, title))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), "python3", "-c", createWithBoto3, s.URL, s.Account)
	cmd.Stdin = strings.NewReader(string(in))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	id := strings.TrimSpace(string(out))
	if err != nil || id == "" {
		t.Fatalf("boto3 create_opportunity: %q, %v", out, err)
	}
	t.Log("the CRM's opportunity " + id + " is created with boto3")
	return id
}
