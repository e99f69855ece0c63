package pcstest_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"pcs/pcstest"
)

// call sends one Partner Central Selling request to endpoint, signed with
// SigV4 as the AWS SDKs sign it, and decodes the answer into out. A local
// pcs takes any secret; the 12-digit access key id is the partner account.
func call(endpoint, account, operation string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequest(http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+operation)
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: account, SecretAccessKey: "test"}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]),
		"partnercentral-selling", "us-east-1", time.Now()); err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Type    string `json:"__type"`
			Message string
		}
		_ = json.NewDecoder(resp.Body).Decode(&e)
		return fmt.Errorf("%s: HTTP %d %s: %s", operation, resp.StatusCode, e.Type, e.Message)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// deal is a record of the CRM the sync under test reads.
type deal struct {
	ID, Company, Website, Country, PostalCode, CloseDate, MonthlySpend string
}

// crmSync is the code under test: it pushes CRM deals to Partner Central
// as opportunities of one partner account and submits them to AWS.
type crmSync struct {
	endpoint, account string
}

// push creates the deal's opportunity (the deal id is the client token, so
// a push retried is one opportunity) and submits it; it returns its id.
func (s crmSync) push(d deal) (string, error) {
	var created struct{ Id string }
	err := call(s.endpoint, s.account, "CreateOpportunity", map[string]any{
		"Catalog": "AWS", "ClientToken": d.ID,
		"Customer": map[string]any{"Account": map[string]any{"CompanyName": d.Company, "Industry": "Retail",
			"WebsiteUrl": d.Website, "Address": map[string]any{"CountryCode": d.Country, "PostalCode": d.PostalCode}}},
		"LifeCycle": map[string]any{"TargetCloseDate": d.CloseDate},
		"Project": map[string]any{"Title": "Migration of " + d.Company, "CustomerBusinessProblem": "On-premises capacity runs out next year.",
			"DeliveryModels": []string{"SaaS or PaaS"}, "OtherSolutionDescription": "Our analytics suite",
			"ExpectedCustomerSpend": []any{map[string]any{"Amount": d.MonthlySpend, "CurrencyCode": "USD",
				"Frequency": "Monthly", "TargetCompany": "AWS"}}},
	}, &created)
	if err != nil {
		return "", err
	}
	return created.Id, call(s.endpoint, s.account, "SubmitOpportunity", map[string]any{"Catalog": "AWS",
		"Identifier": created.Id, "InvolvementType": "For Visibility Only"}, nil)
}

// reviewStatus is what the sync reads back into the CRM.
func (s crmSync) reviewStatus(id string) (string, error) {
	var got struct{ LifeCycle struct{ ReviewStatus string } }
	err := call(s.endpoint, s.account, "GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": id}, &got)
	return got.LifeCycle.ReviewStatus, err
}

// A test of a CRM sync against pcs: the sync pushes a deal, and once AWS
// has reviewed it (the test moves the clock past the review), reads the
// outcome back. In a test, pcstest.New(t) starts the server and closes it
// when the test ends; Start and Close do the same outside a test.
func Example() {
	srv, err := pcstest.Start(pcstest.Config{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	sync := crmSync{endpoint: srv.URL, account: "111111111111"}

	id, err := sync.push(deal{ID: "deal-4711", Company: "Northwind Traders", Website: "https://northwind.example.com",
		Country: "DE", PostalCode: "20457", CloseDate: "2026-09-30", MonthlySpend: "2500"})
	if err != nil {
		panic(err)
	}
	status, _ := sync.reviewStatus(id)
	fmt.Println(id, status)

	// AWS reviews in the AWS catalog: a minute in the queue, five In review.
	if err := srv.Clock.Advance(10 * time.Minute); err != nil {
		panic(err)
	}
	status, _ = sync.reviewStatus(id)
	fmt.Println(id, status)
	// Output:
	// O5000001 Submitted
	// O5000001 Approved
}
