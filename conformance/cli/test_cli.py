"""The AWS CLI (`aws partnercentral-selling ...`) against pcs.

Runs the `aws` on PATH (or $PCS_AWS_CLI) as a subprocess with `--endpoint-url $PCS_ENDPOINT
--output json`, as account $PCS_CLI_ACCOUNT (default 222222222222), with a configuration of
its own: empty config and credentials files, no pager, no profile. The 25 records the
pagination tests need are created with boto3 (same account), which is much faster than 25
CLI processes; everything under test goes through the CLI. Class CoSell also runs the CLI as
$PCS_CLI_OTHER_ACCOUNT (default 222222222223), the partner that ACCOUNT invites to co-sell.
Class Lead has AWS send ACCOUNT a lead through pcs's admin endpoint POST /_pcs/sim/lead (no
admin token: pcs listens on loopback without one, as run.sh starts it).
"""

import copy
import datetime
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import urllib.request
import uuid
from pathlib import Path

ENDPOINT = os.environ.get("PCS_ENDPOINT", "http://127.0.0.1:7426")
ACCOUNT = os.environ.get("PCS_CLI_ACCOUNT", "222222222222")
# The partner that ACCOUNT invites to co-sell (class CoSell); no other suite uses it.
OTHER_ACCOUNT = os.environ.get("PCS_CLI_OTHER_ACCOUNT", "222222222223")
AWS = os.environ.get("PCS_AWS_CLI") or shutil.which("aws")
CATALOG = "Sandbox"
SOLUTION = "S-1234567"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDED = 25

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$")
ERROR = "An error occurred ({code}) when calling the {op} operation: "

_tmp = tempfile.TemporaryDirectory(prefix="pcs-cli-conformance-")
for name in ("config", "credentials"):
    Path(_tmp.name, name).write_text("")


def env_for(account):
    """The CLI's environment: no AWS_* of the caller's, the account as access key id."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({
        "AWS_ACCESS_KEY_ID": account,
        "AWS_SECRET_ACCESS_KEY": "conformance-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(Path(_tmp.name, "config")),
        "AWS_SHARED_CREDENTIALS_FILE": str(Path(_tmp.name, "credentials")),
        "AWS_PAGER": "",
        "AWS_EC2_METADATA_DISABLED": "true",
    })
    return env


ENV = env_for(ACCOUNT)


def opportunity_body():
    body = copy.deepcopy(json.loads((FIXTURES / "opportunity.json").read_text())["body"])
    body["LifeCycle"]["TargetCloseDate"] = (datetime.date.today() + datetime.timedelta(days=365)).isoformat()
    return body


def aws(*args, account=ACCOUNT):
    """Run `aws partnercentral-selling <args>` as account and return the CompletedProcess."""
    if not AWS:
        raise AssertionError("the AWS CLI is not installed: pip install awscli boto3")
    cmd = [AWS, "partnercentral-selling", *args, "--endpoint-url", ENDPOINT, "--output", "json"]
    env = ENV if account == ACCOUNT else env_for(account)
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)


def input_file(obj):
    """A file:// argument for --cli-input-json."""
    f = tempfile.NamedTemporaryFile("w", suffix=".json", dir=_tmp.name, delete=False)
    json.dump(obj, f)
    f.close()
    return "file://" + f.name


def setUpModule():
    if not AWS:
        raise RuntimeError("the AWS CLI is not installed: pip install awscli boto3")
    import boto3  # seeding and the reference listing only
    global PC, SEEDED_IDS
    PC = boto3.session.Session(aws_access_key_id=ACCOUNT, aws_secret_access_key="x", region_name="us-east-1"
                               ).client("partnercentral-selling", endpoint_url=ENDPOINT)
    SEEDED_IDS = [PC.create_opportunity(Catalog=CATALOG, PartnerOpportunityIdentifier=f"cli-seed-{i:02d}")["Id"]
                  for i in range(SEEDED)]


def server_listing():
    """The account's opportunities in the default order, as the server has them now (via boto3)."""
    pages = PC.get_paginator("list_opportunities").paginate(Catalog=CATALOG, PaginationConfig={"PageSize": 100})
    return [s for page in pages for s in page["OpportunitySummaries"]]


class Case(unittest.TestCase):
    maxDiff = None

    def ok(self, *args, account=ACCOUNT):
        p = aws(*args, account=account)
        self.assertEqual(p.returncode, 0, f"aws {' '.join(args)} failed ({p.returncode}): {p.stderr}")
        return json.loads(p.stdout) if p.stdout.strip() else {}

    def fails(self, op, code, *args, account=ACCOUNT):
        p = aws(*args, account=account)
        self.assertEqual(p.returncode, 255, f"aws {' '.join(args)}: rc {p.returncode}, stdout {p.stdout!r}, stderr {p.stderr!r}")
        self.assertEqual(p.stdout.strip(), "")
        line = p.stderr.strip()
        self.assertTrue(line.startswith(ERROR.format(code=code, op=op)), f"stderr: {p.stderr!r}")
        self.assertGreater(len(line), len(ERROR.format(code=code, op=op)), "empty error message")
        return line[len(ERROR.format(code=code, op=op)):]

    def assertTimestamp(self, value):
        self.assertIsInstance(value, str)
        self.assertRegex(value, TIMESTAMP)

    def create_full(self):
        req = dict(opportunity_body(), Catalog=CATALOG)
        return self.ok("create-opportunity", "--cli-input-json", input_file(req))["Id"]

    def get(self, oid):
        return self.ok("get-opportunity", "--catalog", CATALOG, "--identifier", oid)

    def submit_through_task(self, oid):
        """Associates the Sandbox solution and submits with StartEngagementFromOpportunityTask."""
        self.ok("associate-opportunity", "--catalog", CATALOG, "--opportunity-identifier", oid,
                "--related-entity-type", "Solutions", "--related-entity-identifier", SOLUTION)
        return self.ok("start-engagement-from-opportunity-task", "--catalog", CATALOG, "--identifier", oid,
                       "--aws-submission", "InvolvementType=Co-Sell,Visibility=Full")


class Opportunities(Case):
    def test_create_with_cli_input_json_then_get(self):
        body = opportunity_body()
        out = self.ok("create-opportunity", "--cli-input-json", input_file(dict(body, Catalog=CATALOG)))
        self.assertRegex(out["Id"], r"^O[0-9]{1,19}$")
        self.assertTimestamp(out["LastModifiedDate"])
        self.assertEqual(out.get("PartnerOpportunityIdentifier"), body["PartnerOpportunityIdentifier"])

        got = self.get(out["Id"])
        self.assertEqual(got["Id"], out["Id"])
        self.assertEqual(got["LastModifiedDate"], out["LastModifiedDate"])
        self.assertTimestamp(got["CreatedDate"])
        self.assertEqual(got["Customer"], body["Customer"])
        self.assertEqual(got["Project"], body["Project"])
        self.assertEqual(got["LifeCycle"]["ReviewStatus"], "Pending Submission")
        self.assertEqual(got["LifeCycle"]["TargetCloseDate"], body["LifeCycle"]["TargetCloseDate"])

    def test_create_with_flags_and_client_token(self):
        tok = str(uuid.uuid4())
        args = ("create-opportunity", "--catalog", CATALOG, "--client-token", tok, "--origin", "Partner Referral",
                "--opportunity-type", "Net New Business", "--partner-opportunity-identifier", "cli-flags",
                "--customer", "Account={CompanyName=Flag Corp,Industry=Retail,WebsiteUrl=https://flag.example.com,"
                              "Address={CountryCode=DE,PostalCode=10115,City=Berlin}}")
        first, second = self.ok(*args), self.ok(*args)
        self.assertEqual(first["Id"], second["Id"])
        got = self.get(first["Id"])
        self.assertEqual(got["Customer"]["Account"]["CompanyName"], "Flag Corp")
        self.assertEqual(got["Customer"]["Account"]["Address"]["PostalCode"], "10115")

        msg = self.fails("CreateOpportunity", "ConflictException", "create-opportunity", "--catalog", CATALOG,
                         "--client-token", tok, "--partner-opportunity-identifier", "another-body")
        self.assertEqual(msg, "Conflicting client token submitted for a new request body.")

    def test_create_validation_error(self):
        msg = self.fails("CreateOpportunity", "ValidationException",
                         "create-opportunity", "--catalog", CATALOG, "--origin", "Bogus")
        self.assertIn("Bogus", msg)

    def test_get_unknown_is_not_found(self):
        self.fails("GetOpportunity", "ResourceNotFoundException",
                   "get-opportunity", "--catalog", CATALOG, "--identifier", "O9999999999999")

    def test_get_update_round_trip_and_stale_update(self):
        oid = self.create_full()
        got = self.get(oid)
        req = {k: got[k] for k in ("Catalog", "PrimaryNeedsFromAws", "NationalSecurity", "PartnerOpportunityIdentifier",
                                   "Customer", "Project", "OpportunityType", "Marketing", "SoftwareRevenue", "LifeCycle")}
        req["LifeCycle"] = {k: v for k, v in req["LifeCycle"].items() if k != "NextStepsHistory"}
        req["LifeCycle"]["Stage"] = "Qualified"
        req["Identifier"] = oid
        req["LastModifiedDate"] = got["LastModifiedDate"]  # the string the CLI printed
        out = self.ok("update-opportunity", "--cli-input-json", input_file(req))
        self.assertEqual(out["Id"], oid)
        self.assertTimestamp(out["LastModifiedDate"])
        self.assertGreater(out["LastModifiedDate"], got["LastModifiedDate"])
        after = self.get(oid)
        self.assertEqual(after["LifeCycle"]["Stage"], "Qualified")
        self.assertEqual(after["LastModifiedDate"], out["LastModifiedDate"])

        self.fails("UpdateOpportunity", "ConflictException", "update-opportunity", "--cli-input-json", input_file(req))

    def test_update_without_marketing_source(self):
        oid = self.ok("create-opportunity", "--catalog", CATALOG)["Id"]
        lmd = self.get(oid)["LastModifiedDate"]
        self.fails("UpdateOpportunity", "ValidationException", "update-opportunity", "--catalog", CATALOG,
                   "--identifier", oid, "--last-modified-date", lmd)

    def test_associate_assign_submit(self):
        oid = self.create_full()
        self.fails("AssociateOpportunity", "ResourceNotFoundException", "associate-opportunity", "--catalog", CATALOG,
                   "--opportunity-identifier", oid, "--related-entity-type", "Solutions",
                   "--related-entity-identifier", "S-9999999")
        assoc = ("--catalog", CATALOG, "--opportunity-identifier", oid, "--related-entity-type", "Solutions",
                 "--related-entity-identifier", SOLUTION)
        self.assertEqual(self.ok("associate-opportunity", *assoc), {})
        self.assertEqual(self.get(oid)["RelatedEntityIdentifiers"].get("Solutions"), [SOLUTION])
        self.assertEqual(self.ok("disassociate-opportunity", *assoc), {})
        self.assertFalse(self.get(oid)["RelatedEntityIdentifiers"].get("Solutions"))
        self.fails("DisassociateOpportunity", "ResourceNotFoundException", "disassociate-opportunity", *assoc)
        self.ok("associate-opportunity", *assoc)

        self.assertEqual(self.ok("assign-opportunity", "--catalog", CATALOG, "--identifier", oid, "--assignee",
                                 "Email=sam.rivera@anycompany.example.com,FirstName=Sam,LastName=Rivera,"
                                 "BusinessTitle=OpportunityOwner"), {})
        team = self.get(oid)["OpportunityTeam"]
        self.assertIn("sam.rivera@anycompany.example.com",
                      [m["Email"] for m in team if m["BusinessTitle"] == "OpportunityOwner"])
        self.fails("AssignOpportunity", "ValidationException", "assign-opportunity", "--catalog", CATALOG,
                   "--identifier", oid, "--assignee", "Email=nope,FirstName=A,LastName=B,BusinessTitle=OpportunityOwner")

        submit = ("submit-opportunity", "--catalog", CATALOG, "--identifier", oid, "--involvement-type", "Co-Sell",
                  "--visibility", "Full")
        self.assertEqual(self.ok(*submit), {})
        self.assertEqual(self.get(oid)["LifeCycle"]["ReviewStatus"], "Submitted")
        self.fails("SubmitOpportunity", "ValidationException", *submit)

    def test_start_engagement_from_opportunity_task(self):
        oid = self.create_full()
        task = self.submit_through_task(oid)
        self.assertEqual(task["TaskStatus"], "COMPLETE", task)
        self.assertEqual(task["OpportunityId"], oid)
        self.assertTimestamp(task["StartTime"])
        eng = self.ok("get-engagement", "--catalog", CATALOG, "--identifier", task["EngagementId"])
        self.assertEqual(eng["Id"], task["EngagementId"])
        self.assertTimestamp(eng["CreatedAt"])
        self.assertEqual(self.get(oid)["LifeCycle"]["ReviewStatus"], "Submitted")

    def test_submit_incomplete_is_refused(self):
        oid = self.ok("create-opportunity", "--catalog", CATALOG)["Id"]
        self.fails("SubmitOpportunity", "ValidationException", "submit-opportunity", "--catalog", CATALOG,
                   "--identifier", oid, "--involvement-type", "Co-Sell", "--visibility", "Full")


class ListOpportunities(Case):
    def setUp(self):
        self.all = [{"Id": s["Id"], "LastModifiedDate": s["LastModifiedDate"].strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"}
                    for s in server_listing()]
        self.assertGreater(len(self.all), 20)

    def ids(self, out):
        ids = [s["Id"] for s in out["OpportunitySummaries"]]
        self.assertEqual(len(ids), len(set(ids)), "a record came back twice")
        return ids

    def test_auto_pagination(self):
        out = self.ok("list-opportunities", "--catalog", CATALOG)
        self.assertNotIn("NextToken", out)
        ids = self.ids(out)
        self.assertEqual(set(ids), {s["Id"] for s in self.all})
        self.assertTrue(set(SEEDED_IDS) <= set(ids))
        for s in out["OpportunitySummaries"]:
            self.assertTimestamp(s["LastModifiedDate"])
            self.assertTimestamp(s["CreatedDate"])

    def test_page_size(self):
        out = self.ok("list-opportunities", "--catalog", CATALOG, "--page-size", "7")
        self.assertNotIn("NextToken", out)
        self.assertEqual(self.ids(out), [s["Id"] for s in self.all])

    def test_max_items_and_starting_token(self):
        first = self.ok("list-opportunities", "--catalog", CATALOG, "--max-items", "5")
        self.assertEqual(len(first["OpportunitySummaries"]), 5)
        self.assertIn("NextToken", first)
        rest = self.ok("list-opportunities", "--catalog", CATALOG, "--starting-token", first["NextToken"])
        self.assertNotIn("NextToken", rest)
        ids = self.ids(first) + self.ids(rest)
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(ids, [s["Id"] for s in self.all])

    def test_no_paginate_returns_the_server_token(self):
        first = self.ok("list-opportunities", "--catalog", CATALOG, "--no-paginate")
        self.assertEqual(len(first["OpportunitySummaries"]), 20)
        self.assertTrue(first.get("NextToken"))
        rest = self.ok("list-opportunities", "--catalog", CATALOG, "--starting-token", first["NextToken"])
        self.assertEqual(self.ids(first) + self.ids(rest), [s["Id"] for s in self.all])

    def test_incremental_sync_with_shorthand_filter(self):
        watermark = max(s["LastModifiedDate"] for s in self.all)
        new = self.ok("create-opportunity", "--catalog", CATALOG)["Id"]
        out = self.ok("list-opportunities", "--catalog", CATALOG, "--page-size", "1",
                      "--last-modified-date", f"AfterLastModifiedDate={watermark}")
        ids = self.ids(out)
        self.assertIn(new, ids)
        for s in out["OpportunitySummaries"]:
            self.assertGreaterEqual(s["LastModifiedDate"], watermark)
        at_watermark = {s["Id"] for s in self.all if s["LastModifiedDate"] == watermark}
        self.assertTrue(at_watermark <= set(ids), "on or after: records at the watermark must be listed")

    def test_filters_and_sort(self):
        out = self.ok("list-opportunities", "--catalog", CATALOG, "--identifier", *SEEDED_IDS[:4],
                      "--sort", "SortBy=Identifier,SortOrder=ASCENDING")
        self.assertEqual(self.ids(out), sorted(SEEDED_IDS[:4], key=lambda i: int(i[1:])))

    def test_page_size_above_100_is_refused(self):
        self.fails("ListOpportunities", "ValidationException", "list-opportunities", "--catalog", CATALOG,
                   "--page-size", "101")


class Solutions(Case):
    def test_list_solutions(self):
        out = self.ok("list-solutions", "--catalog", CATALOG)
        self.assertNotIn("NextToken", out)
        sol = {s["Id"]: s for s in out["SolutionSummaries"]}[SOLUTION]
        self.assertEqual(sol["Status"], "Active")
        self.assertTimestamp(sol["CreatedDate"])

    def test_list_solutions_bad_catalog(self):
        self.fails("ListSolutions", "ValidationException", "list-solutions", "--catalog", "Nowhere")


class Invitations(Case):
    def test_list_and_get_engagement_invitations(self):
        out = self.ok("list-engagement-invitations", "--catalog", CATALOG, "--participant-type", "RECEIVER")
        self.assertIsInstance(out["EngagementInvitationSummaries"], list)
        self.fails("GetEngagementInvitation", "ResourceNotFoundException", "get-engagement-invitation",
                   "--catalog", CATALOG, "--identifier", "engi-0a1b2c3d4e5f6")


class CoSell(Case):
    """Two partners co-sell through the CLI: ACCOUNT shares an opportunity and invites
    OTHER_ACCOUNT, which accepts and then reads ACCOUNT's snapshot as it changes."""

    def invitation(self, tag):
        completion = (datetime.date.today() + datetime.timedelta(days=200)).isoformat()
        return {
            "Message": f"Let's co-sell the Northwind telemetry migration ({tag})",
            "Receiver": {"Account": {"AwsAccountId": OTHER_ACCOUNT}},
            "Payload": {"OpportunityInvitation": {
                "ReceiverResponsibilities": ["Software Partner"],
                "SenderContacts": [{"Email": "maria.garcia@anycompany.example.com", "FirstName": "Maria",
                                    "LastName": "Garcia", "BusinessTitle": "Alliance Lead"}],
                "Customer": {"Industry": "Transportation and Logistics", "CompanyName": "Northwind Logistics GmbH",
                             "WebsiteUrl": "https://www.northwind-logistics.example.com", "CountryCode": "DE"},
                "Project": {"BusinessProblem": "Self-hosted telemetry stack cannot scale to 40k vehicles.",
                            "Title": f"Telemetry co-sell {tag}", "TargetCompletionDate": completion,
                            "ExpectedCustomerSpend": [{"Amount": "12500.00", "CurrencyCode": "USD",
                                                       "Frequency": "Monthly", "TargetCompany": "AWS"}]},
            }},
        }

    def update_request(self, oid):
        """An UpdateOpportunity request (a full replacement) from the current record."""
        got = self.get(oid)
        req = {k: got[k] for k in ("Catalog", "PrimaryNeedsFromAws", "NationalSecurity", "PartnerOpportunityIdentifier",
                                   "Customer", "Project", "OpportunityType", "Marketing", "SoftwareRevenue", "LifeCycle")}
        req["LifeCycle"] = {k: v for k, v in req["LifeCycle"].items() if k != "NextStepsHistory"}
        req["Identifier"], req["LastModifiedDate"] = oid, got["LastModifiedDate"]
        return req

    def update(self, req):
        """UpdateOpportunity; req then carries the new LastModifiedDate for the next one."""
        out = self.ok("update-opportunity", "--cli-input-json", input_file(req))
        self.assertTimestamp(out["LastModifiedDate"])
        self.assertGreater(out["LastModifiedDate"], req["LastModifiedDate"])
        req["LastModifiedDate"] = out["LastModifiedDate"]

    def snapshot(self, eng, oid, account=OTHER_ACCOUNT):
        return self.ok("get-resource-snapshot", "--catalog", CATALOG, "--engagement-identifier", eng,
                       "--resource-type", "Opportunity", "--resource-identifier", oid,
                       "--resource-snapshot-template-identifier", "OpportunitySummaryView", account=account)

    def test_two_partners_co_sell(self):
        b = OTHER_ACCOUNT
        tag = "cli-cosell-" + uuid.uuid4().hex[:10]
        # The snapshot job runs as this role; without one it writes no revisions.
        self.ok("put-selling-system-settings", "--catalog", CATALOG,
                "--resource-snapshot-job-role-identifier", "PartnerCentralSnapshotJobRole")
        body = opportunity_body()
        oid = self.create_full()
        task = self.submit_through_task(oid)
        self.assertEqual(task["TaskStatus"], "COMPLETE", task)
        eng = task["EngagementId"]

        # A invites B; the same ClientToken gives the same invitation.
        inv = self.invitation(tag)
        req = {"Catalog": CATALOG, "ClientToken": str(uuid.uuid4()), "EngagementIdentifier": eng, "Invitation": inv}
        sent = self.ok("create-engagement-invitation", "--cli-input-json", input_file(req))
        self.assertRegex(sent["Id"], r"^engi-[0-9a-z]{13}$")
        self.assertEqual(self.ok("create-engagement-invitation", "--cli-input-json", input_file(req))["Id"], sent["Id"])

        # B lists and reads it, and cannot see the engagement yet.
        listed = self.ok("list-engagement-invitations", "--catalog", CATALOG, "--participant-type", "RECEIVER",
                         "--engagement-identifier", eng, account=b)["EngagementInvitationSummaries"]
        self.assertEqual([(s["Id"], s["Status"], s["ParticipantType"], s["SenderAwsAccountId"]) for s in listed],
                         [(sent["Id"], "PENDING", "RECEIVER", ACCOUNT)])
        self.assertTimestamp(listed[0]["InvitationDate"])
        self.assertTimestamp(listed[0]["ExpirationDate"])
        self.assertGreater(listed[0]["ExpirationDate"], listed[0]["InvitationDate"])
        got = self.ok("get-engagement-invitation", "--catalog", CATALOG, "--identifier", sent["Id"], account=b)
        self.assertEqual(got["Payload"], inv["Payload"])
        self.assertEqual((got["InvitationMessage"], got["SenderAwsAccountId"], got["EngagementId"], got["Status"]),
                         (inv["Message"], ACCOUNT, eng, "PENDING"))
        self.assertTrue(got["SenderCompanyName"])
        self.assertEqual([m.get("CompanyName") for m in got["ExistingMembers"]], [got["SenderCompanyName"]])
        self.assertEqual(got["InvitationDate"], listed[0]["InvitationDate"])
        self.fails("GetEngagement", "ResourceNotFoundException", "get-engagement", "--catalog", CATALOG,
                   "--identifier", eng, account=b)

        # B accepts: a member now, with an opportunity of its own.
        accepted = self.ok("start-engagement-by-accepting-invitation-task", "--catalog", CATALOG,
                           "--identifier", sent["Id"], account=b)
        self.assertEqual(accepted["TaskStatus"], "COMPLETE", accepted)
        self.assertEqual(accepted["EngagementInvitationId"], sent["Id"])
        self.assertRegex(accepted["OpportunityId"], r"^O[0-9]{1,19}$")
        self.assertNotEqual(accepted["OpportunityId"], oid)
        self.assertRegex(accepted["ResourceSnapshotJobId"], r"^job-[0-9a-z]{13}$")
        self.assertTimestamp(accepted["StartTime"])
        joined = self.ok("get-engagement", "--catalog", CATALOG, "--identifier", eng, account=b)
        self.assertEqual((joined["MemberCount"], joined["CreatedBy"], joined["ModifiedBy"]), (2, ACCOUNT, b))
        self.assertTimestamp(joined["ModifiedAt"])
        self.assertGreaterEqual(joined["ModifiedAt"], joined["CreatedAt"])
        members = self.ok("list-engagement-members", "--catalog", CATALOG, "--identifier", eng, account=b)
        self.assertEqual(sorted(m["AccountId"] for m in members["EngagementMemberList"]), sorted([ACCOUNT, b]))

        # B reads A's snapshot: revision 1.
        snaps = self.ok("list-resource-snapshots", "--catalog", CATALOG, "--engagement-identifier", eng,
                        "--resource-identifier", oid, account=b)["ResourceSnapshotSummaries"]
        self.assertEqual([(s["Revision"], s["ResourceId"], s["CreatedBy"]) for s in snaps], [(1, oid, ACCOUNT)])
        first = self.snapshot(eng, oid)
        self.assertEqual((first["Revision"], first["CreatedBy"]), (1, ACCOUNT))
        self.assertTimestamp(first["CreatedAt"])
        self.assertEqual(first["Payload"]["OpportunitySummary"]["Lifecycle"]["NextSteps"], body["LifeCycle"]["NextSteps"])
        self.assertEqual(first["Payload"]["OpportunitySummary"]["Lifecycle"]["ReviewStatus"], "Submitted")

        # B's opportunity: the invitation's values, A's review status.
        offer = inv["Payload"]["OpportunityInvitation"]
        opp_b = self.ok("get-opportunity", "--catalog", CATALOG, "--identifier", accepted["OpportunityId"], account=b)
        self.assertEqual(opp_b["Customer"]["Account"]["CompanyName"], offer["Customer"]["CompanyName"])
        self.assertEqual(opp_b["Project"]["Title"], offer["Project"]["Title"])
        self.assertEqual(opp_b["Project"]["ExpectedCustomerSpend"], offer["Project"]["ExpectedCustomerSpend"])
        self.assertEqual(opp_b["LifeCycle"]["TargetCloseDate"], offer["Project"]["TargetCompletionDate"])
        self.assertEqual(opp_b["LifeCycle"]["ReviewStatus"], "Submitted")
        self.assertTimestamp(opp_b["CreatedDate"])
        self.assertTimestamp(opp_b["LastModifiedDate"])
        job_b = self.ok("get-resource-snapshot-job", "--catalog", CATALOG, "--resource-snapshot-job-identifier",
                        accepted["ResourceSnapshotJobId"], account=b)
        self.assertEqual((job_b["Id"], job_b["Status"], job_b["EngagementId"], job_b["ResourceType"], job_b["ResourceId"],
                          job_b["ResourceSnapshotTemplateName"]),
                         (accepted["ResourceSnapshotJobId"], "Running", eng, "Opportunity", accepted["OpportunityId"],
                          "OpportunitySummaryView"))
        self.assertTimestamp(job_b["CreatedAt"])

        # A's opportunity is approved (the Sandbox's simulated review), then A changes its next steps:
        # B's opportunity follows the approval and B reads the new revision.
        req_a = self.update_request(oid)
        req_a["LifeCycle"]["ReviewStatus"] = "Approved"
        self.update(req_a)
        next_steps = f"Joint architecture workshop with partner B ({tag})"
        req_a["LifeCycle"]["NextSteps"] = next_steps
        self.update(req_a)
        latest = self.snapshot(eng, oid)
        self.assertEqual(latest["Revision"], 3)
        self.assertEqual(latest["Payload"]["OpportunitySummary"]["Lifecycle"]["NextSteps"], next_steps)
        self.assertEqual(latest["Payload"]["OpportunitySummary"]["Lifecycle"]["ReviewStatus"], "Approved")
        self.assertTimestamp(latest["CreatedAt"])
        self.assertGreaterEqual(latest["CreatedAt"], first["CreatedAt"])
        opp_b = self.ok("get-opportunity", "--catalog", CATALOG, "--identifier", accepted["OpportunityId"], account=b)
        self.assertEqual(opp_b["LifeCycle"]["ReviewStatus"], "Approved")

        # B is a member: inviting it again conflicts. A's sent invitations show it ACCEPTED.
        req["ClientToken"] = str(uuid.uuid4())
        self.fails("CreateEngagementInvitation", "ConflictException", "create-engagement-invitation",
                   "--cli-input-json", input_file(req))
        sent_list = self.ok("list-engagement-invitations", "--catalog", CATALOG, "--participant-type", "SENDER",
                            "--engagement-identifier", eng)["EngagementInvitationSummaries"]
        self.assertEqual([(s["Status"], s["Receiver"]) for s in sent_list if s["Id"] == sent["Id"]],
                         [("ACCEPTED", inv["Receiver"])])


def send_lead(lead):
    """AWS sends ACCOUNT a lead in the Sandbox (POST /_pcs/sim/lead): the invitation's Id and EngagementId."""
    req = urllib.request.Request(ENDPOINT + "/_pcs/sim/lead", method="POST", headers={"Content-Type": "application/json"},
                                 data=json.dumps({"Account": ACCOUNT, "Catalog": CATALOG, "Lead": lead}).encode())
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


class Lead(Case):
    """An AWS lead through the CLI: AcceptEngagementInvitation, the lead in GetEngagement,
    UpdateEngagementContext (qualified, with --engagement-last-modified-at; a stale one
    conflicts) and StartOpportunityFromEngagementTask. The AWS-side suite has the rest."""

    def test_accept_qualify_convert(self):
        tag = uuid.uuid4().hex[:10]
        contact = {"BusinessTitle": "Head of Data", "FirstName": "Ines", "LastName": "Alvarado",
                   "Email": f"ines.alvarado.{tag}@contoso-pharmacies.example.com", "Phone": "+15125550142"}
        customer = {"CompanyName": f"Contoso Pharmacies {tag}", "Industry": "Healthcare",
                    "WebsiteUrl": "https://www.contoso-pharmacies.example.com", "MarketSegment": "Large",
                    "AwsMaturity": "Intermediate",
                    "Address": {"City": "Austin", "StateOrRegion": "Texas", "PostalCode": "78701", "CountryCode": "US"}}
        interaction = {"SourceType": "Webinar", "SourceId": "webinar-2026-health-data", "SourceName": "Healthcare data on AWS",
                       "Usecase": "Analytics", "InteractionDate": "2026-02-03T16:00:00Z",
                       "CustomerAction": "Downloaded the reference architecture",
                       "BusinessProblem": "Prescription data sits in 40 store databases nobody can query together.",
                       "Contact": contact}
        inv = send_lead({"Customer": customer, "Interactions": [interaction]})
        self.assertRegex(inv["Id"], r"^engi-[0-9a-z]{13}$")
        eng_id = inv["EngagementId"]

        # Accepted: the partner is a member and sees the whole lead, contacts included, Unqualified.
        self.assertEqual(self.ok("accept-engagement-invitation", "--catalog", CATALOG, "--identifier", inv["Id"]), {})
        eng = self.ok("get-engagement", "--catalog", CATALOG, "--identifier", eng_id)
        self.assertEqual((eng["Id"], eng["CreatedBy"], eng["ModifiedBy"], eng["MemberCount"], eng["Title"]),
                         (eng_id, "aws", ACCOUNT, 2, customer["CompanyName"]))
        self.assertTimestamp(eng["CreatedAt"])
        self.assertTimestamp(eng["ModifiedAt"])
        self.assertEqual([c["Type"] for c in eng["Contexts"]], ["Lead"])
        ctx = eng["Contexts"][0]
        got = ctx["Payload"]["Lead"]
        self.assertEqual(got["QualificationStatus"], "Unqualified")
        self.assertEqual(got["Customer"], customer)
        self.assertEqual(len(got["Interactions"]), 1)
        self.assertTimestamp(got["Interactions"][0]["InteractionDate"])
        self.assertEqual({k: v for k, v in got["Interactions"][0].items() if k != "InteractionDate"},
                         {k: v for k, v in interaction.items() if k != "InteractionDate"})
        self.assertEqual(got["Interactions"][0]["Contact"], contact)

        # Qualified, with the ModifiedAt the CLI printed; the same request again is stale.
        call = {"SourceType": "Partner Outreach", "SourceId": f"discovery-call-{tag}", "SourceName": "Discovery call",
                "CustomerAction": "Agreed to an architecture workshop", "Contact": contact}
        update = ("update-engagement-context", "--catalog", CATALOG, "--engagement-identifier", eng_id,
                  "--context-identifier", ctx["Id"], "--type", "Lead", "--engagement-last-modified-at", eng["ModifiedAt"],
                  "--payload", json.dumps({"Lead": {"QualificationStatus": "Qualified", "Customer": customer,
                                                    "Interaction": call}}))
        updated = self.ok(*update)
        self.assertEqual((updated["EngagementId"], updated["ContextId"]), (eng_id, ctx["Id"]))
        self.assertEqual(updated["EngagementArn"], eng["Arn"])
        self.assertTimestamp(updated["EngagementLastModifiedAt"])
        self.assertGreater(updated["EngagementLastModifiedAt"], eng["ModifiedAt"])
        self.fails("UpdateEngagementContext", "ConflictException", *update)

        # Converted: COMPLETE, an opportunity of the lead's customer and a CustomerProject context.
        conv = self.ok("start-opportunity-from-engagement-task", "--catalog", CATALOG, "--identifier", eng_id,
                       "--context-identifier", ctx["Id"])
        self.assertEqual(conv["TaskStatus"], "COMPLETE", conv)
        self.assertRegex(conv["TaskId"], r"^task-[0-9a-z]{13}$")
        self.assertTimestamp(conv["StartTime"])
        self.assertEqual(conv["EngagementId"], eng_id)
        self.assertRegex(conv["OpportunityId"], r"^O[0-9]{1,19}$")
        self.assertRegex(conv["ResourceSnapshotJobId"], r"^job-[0-9a-z]{13}$")
        self.assertTrue(conv["ContextId"])
        self.assertNotEqual(conv["ContextId"], ctx["Id"])
        eng = self.ok("get-engagement", "--catalog", CATALOG, "--identifier", eng_id)
        self.assertGreaterEqual(eng["ModifiedAt"], updated["EngagementLastModifiedAt"])
        self.assertEqual([(c["Id"], c["Type"]) for c in eng["Contexts"]],
                         [(ctx["Id"], "Lead"), (conv["ContextId"], "CustomerProject")])
        got = eng["Contexts"][0]["Payload"]["Lead"]
        self.assertEqual(got["QualificationStatus"], "Qualified")
        self.assertEqual(got["Interactions"][-1], call)
        self.assertEqual(eng["Contexts"][1]["Payload"]["CustomerProject"]["Customer"]["CompanyName"], customer["CompanyName"])
        opp = self.get(conv["OpportunityId"])
        self.assertEqual((opp["LifeCycle"]["ReviewStatus"], opp["LifeCycle"]["Stage"]), ("Pending Submission", "Prospect"))
        self.assertEqual(opp["Customer"]["Account"]["CompanyName"], customer["CompanyName"])
        self.assertEqual(opp["Customer"]["Account"]["Address"], customer["Address"])
        self.assertEqual(opp["Project"]["CustomerBusinessProblem"], interaction["BusinessProblem"])


class WithoutDedicatedTests(Case):
    """A sample of the shared list's operations that have no CLI test of their own: the CLI
    must answer with JSON (rc 0) or with one of the operation's modeled errors (rc 255)."""

    SAMPLE = ("ListResourceSnapshotJobs", "ListOpportunityFromEngagementTasks", "ListEngagementResourceAssociations",
              "PutSellingSystemSettings")
    MODELED = ("ValidationException", "ResourceNotFoundException", "ConflictException", "AccessDeniedException",
               "ServiceQuotaExceededException")

    def test_sample_parses(self):
        ops = json.loads((FIXTURES / "operations_without_tests.json").read_text())["implemented_without_dedicated_tests"]
        sample = [op for op in self.SAMPLE if op in ops]
        self.assertTrue(sample, "the sample names no operation of the shared list")
        for op in sample:
            with self.subTest(op=op):
                cmd = re.sub(r"(?<!^)(?=[A-Z])", "-", op).lower()
                p = aws(cmd, "--cli-input-json", input_file(ops[op]))
                if p.returncode == 0:
                    json.loads(p.stdout or "{}")
                    continue
                self.assertEqual(p.returncode, 255, f"{op}: rc {p.returncode}, stderr {p.stderr!r}")
                self.assertTrue(any(p.stderr.strip().startswith(ERROR.format(code=c, op=op)) for c in self.MODELED),
                                f"{op}: {p.stderr!r}")


if __name__ == "__main__":
    unittest.main()
