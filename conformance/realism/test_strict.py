"""boto3 against `pcs serve -realism strict` (docs/realism.md): the real service's sharp edges.

The suite talks to the strict pcs at $PCS_ENDPOINT as account $PCS_REALISM_ACCOUNT (default
555555555555), with the boto3 suite's helpers. It moves the pcs clock of that pcs past the
read-after-create lag instead of sleeping; run.sh starts a pcs of its own for it.
"""

import copy
import json
import os
import sys
import unittest
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "boto3"))

from support import CATALOG, ENDPOINT, Case, client, opportunity_body, update_request_from  # noqa: E402

ACCOUNT = os.environ.get("PCS_REALISM_ACCOUNT", "555555555555")
SPEND_TYPE = "com.amazon.partnerintegrationapi.common#ExpectedCustomerSpend"


def advance_clock(by):
    req = urllib.request.Request(ENDPOINT + "/_pcs/clock/advance", method="POST",
                                 headers={"Content-Type": "application/json"},
                                 data=json.dumps({"By": by}).encode())
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def decode(s):
    """What an integration does to the encoded members before echoing them."""
    return s.replace("&amp;colon;", ":").replace("&amp;", "&")


class Strict(Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pc = client(ACCOUNT)
        cls.raw = {}  # the last raw GetOpportunity body boto3 parsed
        cls.pc.meta.events.register("after-call.partnercentral-selling.GetOpportunity", cls._keep_raw)

    @classmethod
    def _keep_raw(cls, http_response, **_):
        cls.raw = json.loads(http_response.content or b"{}")

    def create_and_wait(self, body):
        oid = self.create(**body)["Id"]
        advance_clock("3s")  # past the read-after-create lag, on the pcs clock
        return oid

    def test_read_after_create_lag(self):
        oid = self.create(**opportunity_body())["Id"]
        with self.assertRaises(self.pc.exceptions.ResourceNotFoundException) as cm:
            self.get(oid)
        self.assertModeledError(cm.exception, "ResourceNotFoundException")
        # Listings see it at once; only GetOpportunity lags.
        ids = [s["Id"] for s in self.pc.list_opportunities(Catalog=CATALOG)["OpportunitySummaries"]]
        self.assertIn(oid, ids)
        advance_clock("3s")
        self.assertEqual(self.get(oid)["Id"], oid)

    def test_echo_is_refused_as_in_production_and_passes_decoded(self):
        body = opportunity_body()
        body["Customer"]["Account"]["CompanyName"] = "Northwind & Sons: Logistics"
        body["Project"]["CustomerUseCase"] = "Business Applications & Contact Center"
        oid = self.create_and_wait(body)

        got = self.get(oid)
        self.assertEqual(got["Customer"]["Account"]["CompanyName"], "Northwind &amp; Sons&amp;colon; Logistics")
        self.assertEqual(got["Project"]["CustomerUseCase"], "Business Applications &amp; Contact Center")
        self.assertEqual(got["Project"]["Title"], body["Project"]["Title"])

        # boto3 skips the __type member the raw answer carries in every spend item.
        raw_items = self.raw["Project"]["ExpectedCustomerSpend"]
        self.assertTrue(raw_items)
        self.assertTrue(all(i.get("__type") == SPEND_TYPE for i in raw_items), raw_items)
        for item in got["Project"]["ExpectedCustomerSpend"]:
            self.assertNotIn("__type", item)
            self.assertEqual(item["Amount"], "42500.00")

        echo = update_request_from(got)
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.update_opportunity(**copy.deepcopy(echo))
        self.assertValidation(cm.exception, "BUSINESS_VALIDATION_FAILED",
                              {"project.customerUseCase": "INVALID_ENUM_VALUE"})

        for member in (echo["Customer"]["Account"], "CompanyName"), (echo["Project"], "CustomerUseCase"), \
                      (echo["Project"], "CustomerBusinessProblem"), (echo["LifeCycle"], "NextSteps"):
            obj, key = member
            obj[key] = decode(obj[key])
        self.assertOk(self.pc.update_opportunity(**echo))
        again = self.get(oid)
        self.assertEqual(again["Customer"]["Account"]["CompanyName"], "Northwind &amp; Sons&amp;colon; Logistics",
                         "decoded before the echo, the value stays as it was")

    def test_encoded_marketing_use_case_is_refused(self):
        body = opportunity_body()
        body["Marketing"].update(AwsFundingUsed="Yes", UseCases=["VR &amp; AR"])
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.create(**body)
        self.assertValidation(cm.exception, "BUSINESS_VALIDATION_FAILED", {"marketing.useCases": "INVALID_ENUM_VALUE"})
        body["Marketing"]["UseCases"] = ["VR & AR"]
        oid = self.create_and_wait(body)
        self.assertEqual(self.get(oid)["Marketing"]["UseCases"], ["VR &amp; AR"])


if __name__ == "__main__":
    unittest.main()
