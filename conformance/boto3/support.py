"""Shared helpers of the boto3 conformance suite.

The suite talks to the pcs at $PCS_ENDPOINT (default http://127.0.0.1:7426, the address of
`pcs serve`) as account $PCS_BOTO3_ACCOUNT (default 111111111111): pcs takes the caller's
account from a 12-digit access key id, so this suite never sees the other suites' records.
"""

import copy
import datetime
import json
import os
import re
import unittest
import urllib.request
import uuid
from pathlib import Path

import boto3
from botocore.exceptions import ClientError

ENDPOINT = os.environ.get("PCS_ENDPOINT", "http://127.0.0.1:7426")
ACCOUNT = os.environ.get("PCS_BOTO3_ACCOUNT", "111111111111")
# A second partner, only to check that one account never sees another's records.
OTHER_ACCOUNT = os.environ.get("PCS_BOTO3_OTHER_ACCOUNT", "111111111112")
CATALOG = "Sandbox"
SANDBOX_SOLUTION = "S-1234567"

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

OPPORTUNITY_ID = re.compile(r"^O[0-9]{1,19}$")


def client(account=ACCOUNT):
    """A partnercentral-selling client as a partner would build it, pointed at pcs."""
    session = boto3.session.Session(
        aws_access_key_id=account,
        aws_secret_access_key="conformance-secret",
        region_name="us-east-1",
    )
    return session.client("partnercentral-selling", endpoint_url=ENDPOINT)


def register_solution(account, name, category="Software Product", status="Active"):
    """Partner solutions are registered in Partner Central, not through the Selling API: pcs takes
    them on its admin endpoint POST /_pcs/solutions (see README). Returns the assigned Id."""
    req = urllib.request.Request(
        ENDPOINT + "/_pcs/solutions", method="POST", headers={"Content-Type": "application/json"},
        data=json.dumps({"Account": account, "Catalog": CATALOG, "Name": name, "Category": category,
                         "Status": status}).encode())
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())["Id"]


def target_close_date():
    """A close date one year ahead: the service refuses dates in the past."""
    return (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=365)).isoformat()


def opportunity_body(**overrides):
    """The complete opportunity of fixtures/opportunity.json, ready for CreateOpportunity."""
    body = copy.deepcopy(json.loads((FIXTURES / "opportunity.json").read_text())["body"])
    body["LifeCycle"]["TargetCloseDate"] = target_close_date()
    body.update(overrides)
    return body


def operations_without_tests(kind):
    """From the one shared list (fixtures/operations_without_tests.json): operation name -> a
    request that passes validation, for kind "not_implemented" or "implemented_without_dedicated_tests"."""
    return json.loads((FIXTURES / "operations_without_tests.json").read_text())[kind]


def update_request_from(opportunity, **changes):
    """An UpdateOpportunity request built from a GetOpportunity result (a full replacement):
    everything the caller owns, with boto3's own datetime as LastModifiedDate."""
    keep = ("PrimaryNeedsFromAws", "NationalSecurity", "PartnerOpportunityIdentifier", "Customer",
            "Project", "OpportunityType", "Marketing", "SoftwareRevenue", "LifeCycle")
    req = {k: copy.deepcopy(opportunity[k]) for k in keep if k in opportunity}
    req["Catalog"] = opportunity["Catalog"]
    req["Identifier"] = opportunity["Id"]
    req["LastModifiedDate"] = opportunity["LastModifiedDate"]
    lc = req.get("LifeCycle")
    if lc:
        lc.pop("NextStepsHistory", None)  # read-only; the service keeps its own
    req.update(changes)
    return req


def token():
    return str(uuid.uuid4())


class Case(unittest.TestCase):
    """Base class with assertions on what boto3 hands back."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.pc = client()
        model = cls.pc.meta.service_model
        cls.error_codes = set(model.shape_for("ValidationExceptionErrorCode").enum)
        cls.reasons = set(model.shape_for("ValidationExceptionReason").enum)

    # --- data helpers -------------------------------------------------------------------

    def create(self, **body):
        body.setdefault("Catalog", CATALOG)
        out = self.pc.create_opportunity(**body)
        self.assertRegex(out["Id"], OPPORTUNITY_ID)
        return out

    def get(self, oid):
        return self.pc.get_opportunity(Catalog=CATALOG, Identifier=oid)

    # --- assertions -----------------------------------------------------------------------

    def assertAwareDatetime(self, value, what="timestamp"):
        self.assertIsInstance(value, datetime.datetime, f"{what} is not parsed into a datetime: {value!r}")
        self.assertIsNotNone(value.tzinfo, f"{what} is a naive datetime: {value!r}")

    def assertRecent(self, value, what="timestamp"):
        self.assertAwareDatetime(value, what)
        now = datetime.datetime.now(datetime.timezone.utc)
        self.assertLess(abs((now - value).total_seconds()), 300, f"{what} {value} is not near now {now}")

    def assertOk(self, out):
        meta = out["ResponseMetadata"]
        self.assertEqual(meta["HTTPStatusCode"], 200)
        self.assertTrue(meta.get("RequestId"), "boto3 found no x-amzn-RequestId")

    def assertEmptyBody(self, out):
        """Operations without output answer 200 with an empty body, as the service does."""
        self.assertOk(out)
        self.assertEqual(out["ResponseMetadata"]["HTTPHeaders"].get("content-length"), "0")
        self.assertEqual(set(out) - {"ResponseMetadata"}, set())

    def assertModeledError(self, err, code, status=400):
        """err is the exception boto3 raised: code, HTTP status, message, request id."""
        self.assertIsInstance(err, ClientError)
        resp = err.response
        self.assertEqual(resp["Error"]["Code"], code, resp)
        self.assertEqual(type(err).__name__, code, "boto3 did not map the error to its modeled class")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], status, resp)
        self.assertTrue(resp["Error"].get("Message"), f"no error message: {resp}")
        self.assertTrue(resp["ResponseMetadata"].get("RequestId"), "no x-amzn-RequestId on the error")
        self.assertEqual(resp["ResponseMetadata"].get("RetryAttempts"), 0, "boto3 retried a non-retryable error")
        return resp

    def assertValidation(self, err, reason, fields=None):
        """A ValidationException with Reason and an ErrorList of well-formed entries.

        fields: {FieldName: Code} that must all be in the ErrorList."""
        resp = self.assertModeledError(err, "ValidationException")
        self.assertIn(resp.get("Reason"), self.reasons, resp)
        self.assertEqual(resp["Reason"], reason, resp)
        errors = resp.get("ErrorList")
        self.assertIsInstance(errors, list, resp)
        self.assertTrue(errors, "empty ErrorList")
        for e in errors:
            self.assertEqual(set(e), {"FieldName", "Code", "Message"}, e)
            self.assertTrue(e["FieldName"] and e["Message"], e)
            self.assertIn(e["Code"], self.error_codes, e)
        got = {(e["FieldName"], e["Code"]) for e in errors}
        for field, code in (fields or {}).items():
            self.assertIn((field, code), got, f"ErrorList lacks {field}/{code}: {errors}")
        return resp
