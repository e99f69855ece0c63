package pcstest_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"pcs/pcstest"
)

func TestSeed(t *testing.T) {
	srv := pcstest.New(t)
	f, err := os.Open("../fixtures/walkthrough.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	loaded, err := srv.Seed(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded) != 4 || loaded[1].ID != "O5000001" || loaded[1].Catalog != "AWS" {
		t.Errorf("loaded %+v", loaded)
	}
}

// A test that starts from a fixture: it resets what the test before left,
// loads the repository's fixtures/walkthrough.json, submits the AWS
// catalog's opportunity and lets AWS review it. A reset hands no id out
// again, so the test takes the ids from what Seed made.
func ExampleServer_Seed() {
	srv, err := pcstest.Start(pcstest.Config{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	if _, err := srv.Reset(); err != nil {
		panic(err)
	}
	f, err := os.Open("../fixtures/walkthrough.json")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	loaded, err := srv.Seed(f)
	if err != nil {
		panic(err)
	}
	opp := loaded[1] // the first opportunity of the fixture, in the AWS catalog
	fmt.Println(opp.Entry, opp.Catalog, opp.ReviewStatus)

	if err := call(srv.URL, opp.Account, "SubmitOpportunity", map[string]any{"Catalog": opp.Catalog,
		"Identifier": opp.ID, "InvolvementType": "Co-Sell", "Visibility": "Full"}, nil); err != nil {
		panic(err)
	}
	// A minute in AWS's queue, five In review; then Approved, pcs's default.
	if err := srv.Clock.Advance(10 * time.Minute); err != nil {
		panic(err)
	}
	status, _ := crmSync{endpoint: srv.URL, account: opp.Account}.reviewStatus(opp.ID)
	fmt.Println(opp.ID, status)
	// Output:
	// accounts.111111111111.opportunities[0] AWS Pending Submission
	// O5000001 Approved
}
