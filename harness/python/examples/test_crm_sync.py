"""A CRM sync's integration tests with unittest and pcs_harness.PCSTestCase.

    PCS_BIN=/path/to/pcs PYTHONPATH=harness/python python3 -m unittest discover -s harness/python/examples

The class starts one pcs for its tests; each test starts from an empty pcs, its clock on the
wall clock. Two partner accounts push deals; AWS's review runs when the test moves the clock.
One test starts from a fixture of the repository, fixtures/walkthrough.json.
"""

import pathlib
import unittest

from crm_sync import CRMSync, Deal
from pcs_harness import PCSTestCase

ACME = "111111111111"
GLOBEX = "222222222222"

# The repository's sample fixture: Acme's solution and an opportunity in each catalog, ready to
# submit, whose CRM deal ids are CRM-0001 (AWS) and CRM-0002 (Sandbox).
WALKTHROUGH = pathlib.Path(__file__).resolve().parents[3] / "fixtures" / "walkthrough.json"

NORTHWIND = Deal(id="deal-4711", company="Northwind Traders", website="https://northwind.example.com",
                 country="DE", postal_code="20457", monthly_spend="2500")
CONTOSO = Deal(id="deal-0815", company="Contoso", website="https://contoso.example.com",
               country="FR", postal_code="75001", monthly_spend="900")


class CRMSyncTest(PCSTestCase):
    def sync(self, account):
        solution = self.pcs.put_solution("Analytics Suite", account=account)
        return CRMSync(self.pcs.client(account=account), solution["Id"])

    def setUp(self):
        super().setUp()  # resets pcs
        self.acme, self.globex = self.sync(ACME), self.sync(GLOBEX)
        # What the reset promises: nothing from an earlier test, and no time moved.
        self.assertEqual(self.acme.pushed(), [])
        self.assertEqual(self.globex.pushed(), [])
        self.assertEqual(self.pcs.clock()["AheadOfWallClock"], "0s")

    def test_aws_approves_a_pushed_deal(self):
        oid = self.acme.push(NORTHWIND)
        self.assertEqual(self.acme.review(oid), ("Submitted", None))
        self.pcs.advance("2m")  # a minute in AWS's queue
        self.assertEqual(self.acme.review(oid)[0], "In review")
        self.pcs.advance("10m")  # five minutes of review
        self.assertEqual(self.acme.review(oid)[0], "Approved")

    def test_action_required_reaches_the_crm(self):
        oid = self.acme.push(NORTHWIND)
        self.pcs.advance("2m")
        self.pcs.review(oid, "Action Required", account=ACME, comments="The customer website does not resolve")
        self.assertEqual(self.acme.review(oid), ("Action Required", "The customer website does not resolve"))

    def test_a_push_retried_is_one_opportunity(self):
        first = self.acme.push(NORTHWIND)
        self.assertEqual(self.acme.push(NORTHWIND), first)
        self.assertEqual(self.acme.pushed(), [NORTHWIND.id])
        self.assertEqual(self.acme.review(first)[0], "Submitted")

    def test_each_partner_sees_its_own_deals(self):
        self.acme.push(NORTHWIND)
        self.globex.push(CONTOSO)
        self.assertEqual(self.acme.pushed(), [NORTHWIND.id])
        self.assertEqual(self.globex.pushed(), [CONTOSO.id])

    def test_a_deal_from_the_fixture_is_approved(self):
        loaded = self.pcs.seed(WALKTHROUGH)["Loaded"]
        # O5000001 on a fresh pcs; after resets, later ids: a reset hands none out again.
        oid = next(e["Id"] for e in loaded if e["Kind"] == "opportunity" and e["Catalog"] == "AWS")
        self.assertEqual(self.acme.pushed(), ["CRM-0001"])
        self.acme.pc.submit_opportunity(Catalog="AWS", Identifier=oid, InvolvementType="Co-Sell", Visibility="Full")
        self.pcs.advance("2m")
        self.assertEqual(self.acme.review(oid), ("In review", None))
        self.pcs.advance("10m")  # pcs's default review: Approved after five minutes
        self.assertEqual(self.acme.review(oid), ("Approved", None))

    def test_a_reset_of_one_account_leaves_the_other(self):
        self.acme.push(NORTHWIND)
        oid = self.globex.push(CONTOSO)
        self.pcs.reset(account=ACME)
        self.assertEqual(self.acme.pushed(), [])
        self.pcs.advance("15m")  # Globex's review goes on
        self.assertEqual(self.globex.review(oid)[0], "Approved")


if __name__ == "__main__":
    unittest.main()
