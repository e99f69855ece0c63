package pcstest_test

import (
	"fmt"

	"pcs/pcstest"
	"pcs/selling"
)

// One server for every test of a package, started in TestMain; each test
// resets the partner account it uses, so tests of other accounts run on.
//
//	var srv *pcstest.Server
//
//	func TestMain(m *testing.M) {
//		var err error
//		if srv, err = pcstest.Start(pcstest.Config{}); err != nil {
//			log.Fatal(err)
//		}
//		code := m.Run()
//		srv.Close()
//		os.Exit(code)
//	}
func ExampleStart() {
	srv, err := pcstest.Start(pcstest.Config{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	// A test of account 111111111111 leaves an opportunity behind...
	sync := crmSync{endpoint: srv.URL, account: "111111111111"}
	if _, err := sync.push(deal{ID: "deal-1", Company: "Example Corp", Website: "https://example.com",
		Country: "DE", PostalCode: "10115", CloseDate: "2026-06-30", MonthlySpend: "900"}); err != nil {
		panic(err)
	}
	// ...which the next test of that account starts without.
	res, err := srv.ResetAccount("111111111111", "")
	if err != nil {
		panic(err)
	}
	fmt.Println("opportunities deleted:", res.Deleted.Opportunities)
	var list struct{ OpportunitySummaries []any }
	if err := call(srv.URL, "111111111111", "ListOpportunities", map[string]any{"Catalog": "AWS"}, &list); err != nil {
		panic(err)
	}
	fmt.Println("opportunities left:", len(list.OpportunitySummaries))
	// Output:
	// opportunities deleted: 1
	// opportunities left: 0
}

// AWS refers an opportunity to a partner; the partner's CRM finds the
// invitation.
func ExampleServer_SendReferral() {
	srv, err := pcstest.Start(pcstest.Config{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	sent, err := srv.SendReferral(selling.ReferralSpec{Account: "222222222222", Catalog: "Sandbox"})
	if err != nil {
		panic(err)
	}
	var received struct {
		EngagementInvitationSummaries []struct{ Id, Status, SenderCompanyName string }
	}
	if err := call(srv.URL, "222222222222", "ListEngagementInvitations",
		map[string]any{"Catalog": "Sandbox", "ParticipantType": "RECEIVER"}, &received); err != nil {
		panic(err)
	}
	inv := received.EngagementInvitationSummaries[0]
	fmt.Println(inv.Id == *sent.Id, inv.Status, inv.SenderCompanyName)
	// Output: true PENDING AWS
}
