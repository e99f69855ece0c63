package main

// Real clients against "pcs serve -auth strict": boto3 and the AWS CLI,
// with good keys and bad ones. Skipped, saying why, where they are not
// installed.

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

const boto3Script = `
import json, sys, urllib.request
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

url, admin = sys.argv[1], sys.argv[2]

def client(key, secret, token=None, region="us-east-1", retries=1):
    return boto3.client("partnercentral-selling", region_name=region, endpoint_url=url,
        aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
        config=Config(retries={"mode": "standard", "total_max_attempts": retries}))

def case(name, fn):
    try:
        out = fn()
        print(json.dumps({"case": name, "ok": True, "out": out}, default=str))
    except ClientError as e:
        print(json.dumps({"case": name, "ok": False, "code": e.response["Error"]["Code"],
            "message": e.response["Error"]["Message"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}))

owner = client("AKIAANYCOMPANY000001", "any-secret")
created = {}
def create():
    r = owner.create_opportunity(Catalog="Sandbox", ClientToken="boto3-1", PartnerOpportunityIdentifier="boto3-1")
    created["id"] = r["Id"]
    return r["Id"]
case("good key create", create)
case("good key get", lambda: owner.get_opportunity(Catalog="Sandbox", Identifier=created["id"])["Id"])
case("session token", lambda: len(client("ASIAANYCOMPANYTEMP01", "temp-secret", "session-token/+==").list_opportunities(Catalog="Sandbox")["OpportunitySummaries"]))
case("session token missing", lambda: client("ASIAANYCOMPANYTEMP01", "temp-secret").list_opportunities(Catalog="Sandbox"))
case("bad secret", lambda: client("AKIAANYCOMPANY000001", "wrong-secret").list_opportunities(Catalog="Sandbox"))
case("unknown key", lambda: client("AKIAUNKNOWN000000000", "x").list_opportunities(Catalog="Sandbox"))
case("wrong region", lambda: client("AKIAANYCOMPANY000001", "any-secret", region="eu-west-1").list_opportunities(Catalog="Sandbox"))
case("catalog denied", lambda: client("AKIAANYSANDBOXREADER", "reader-secret").list_opportunities(Catalog="AWS"))
case("operation denied", lambda: client("AKIAANYSANDBOXREADER", "reader-secret").create_opportunity(Catalog="Sandbox", ClientToken="x"))
case("other account", lambda: client("AKIAEXAMPLECORP00001", "example-secret").get_opportunity(Catalog="Sandbox", Identifier=created["id"]))

# Two injected throttles: boto3's default retries ride them out.
req = urllib.request.Request(admin + "/_pcs/faults", method="POST", data=json.dumps(
    {"action": "throttle", "operation": "ListSolutions", "count": 2}).encode(), headers={"Authorization": "Bearer tok"})
urllib.request.urlopen(req).read()
retrying = boto3.client("partnercentral-selling", region_name="us-east-1", endpoint_url=url,
    aws_access_key_id="AKIAANYCOMPANY000001", aws_secret_access_key="any-secret")
def retried():
    r = retrying.list_solutions(Catalog="Sandbox")
    return r["ResponseMetadata"]["RetryAttempts"]
case("throttled twice then retried", retried)
`

func TestBoto3AndCLI(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed: boto3 and AWS CLI checks skipped")
	}
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		t.Skip("boto3 is not installed (pip install boto3): boto3 and AWS CLI checks skipped")
	}
	url, stop := startServe(t, "-in-memory", "-auth", "strict", "-credentials", writeCredentials(t), "-admin-token", "tok")
	defer stop()
	home := t.TempDir() // no ~/.aws config or credentials of the machine's user
	var clientEnv []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(kv, "HOME=") {
			clientEnv = append(clientEnv, kv)
		}
	}
	clientEnv = append(clientEnv, "HOME="+home, "AWS_CONFIG_FILE="+filepath.Join(home, "config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(home, "credentials"), "AWS_EC2_METADATA_DISABLED=true")

	var wg sync.WaitGroup
	wg.Go(func() { testCLI(t, url, clientEnv) })
	defer wg.Wait()

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "python3", "-c", boto3Script, url, url)
	cmd.Env = clientEnv
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("boto3 script: %v\n%s", err, stderr.String())
	}
	type result struct {
		Case    string `json:"case"`
		OK      bool   `json:"ok"`
		Out     any    `json:"out"`
		Code    string `json:"code"`
		Message string `json:"message"`
		Status  int    `json:"status"`
	}
	got := map[string]result{}
	for line := range strings.Lines(string(out)) {
		var r result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("boto3 script printed %q", line)
		}
		got[r.Case] = r
	}
	for _, want := range []struct{ name, code, message string }{
		{"good key create", "", ""},
		{"good key get", "", ""},
		{"session token", "", ""},
		{"session token missing", "UnrecognizedClientException", "The security token included in the request is invalid."},
		{"bad secret", "InvalidSignatureException", "The request signature we calculated does not match the signature you provided."},
		{"unknown key", "UnrecognizedClientException", "The security token included in the request is invalid."},
		{"wrong region", "InvalidSignatureException", "Credential should be scoped to a valid region, not 'eu-west-1'."},
		{"catalog denied", "AccessDeniedException", "User: arn:aws:iam::111111111111:user/anycompany is not authorized to perform: partnercentral:ListOpportunities on resource: arn:aws:partnercentral:us-east-1:111111111111:catalog/AWS"},
		{"operation denied", "AccessDeniedException", "partnercentral:CreateOpportunity"},
		{"other account", "ResourceNotFoundException", ""},
		{"throttled twice then retried", "", ""},
	} {
		r, ok := got[want.name]
		switch {
		case !ok:
			t.Errorf("%s: no result", want.name)
		case want.code == "" && !r.OK:
			t.Errorf("%s: %s %s", want.name, r.Code, r.Message)
		case want.code != "" && (r.OK || r.Code != want.code || r.Status != 400 || !strings.Contains(r.Message, want.message)):
			t.Errorf("%s: got %+v, want %s %q", want.name, r, want.code, want.message)
		}
	}
	if r := got["throttled twice then retried"]; r.Out != float64(2) {
		t.Errorf("boto3 retried %v times, want 2", r.Out)
	}
}

// testCLI runs the AWS CLI (v1) with a good key, a wrong secret and an
// unknown key, in parallel.
func testCLI(t *testing.T, url string, clientEnv []string) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Log("the AWS CLI is not installed: CLI checks skipped")
		return
	}
	cases := []struct {
		name, key, secret string
		exit              int
		output            string
	}{
		{"good key", "AKIAANYCOMPANY000001", "any-secret", 0, `"OpportunitySummaries"`},
		{"wrong secret", "AKIAANYCOMPANY000001", "wrong-secret", 255,
			"An error occurred (InvalidSignatureException) when calling the ListOpportunities operation: The request signature we calculated does not match"},
		{"unknown key", "AKIAUNKNOWN000000000", "x", 255,
			"An error occurred (UnrecognizedClientException) when calling the ListOpportunities operation: The security token included in the request is invalid."},
	}
	var wg sync.WaitGroup
	for _, c := range cases {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, "aws", "partnercentral-selling", "list-opportunities", "--catalog", "Sandbox",
				"--endpoint-url", url, "--region", "us-east-1", "--output", "json")
			cmd.Env = slices.Concat(clientEnv, []string{"AWS_ACCESS_KEY_ID=" + c.key, "AWS_SECRET_ACCESS_KEY=" + c.secret})
			out, _ := cmd.CombinedOutput()
			if code := cmd.ProcessState.ExitCode(); code != c.exit || !strings.Contains(string(out), c.output) {
				t.Errorf("aws CLI, %s: exit %d, output:\n%s\nwant exit %d and %q", c.name, code, out, c.exit, c.output)
			}
		})
	}
	wg.Wait()
}
