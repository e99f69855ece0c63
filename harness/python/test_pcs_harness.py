"""Tests of pcs_harness against the real pcs binary ($PCS_BIN, else pcs on PATH).

    PCS_BIN=/path/to/pcs python3 -m unittest discover -s harness/python
"""

import datetime
import io
import json
import os
import stat
import sys
import tempfile
import textwrap
import unittest
import urllib.error
import urllib.request
from unittest import mock

import pcs_harness
from pcs_harness import PCS, PCSAdminError, PCSError, PCSTestCase

A = "111111111111"
B = "222222222222"

# A sample fixture of the repository: O5000001 (AWS) and O5000002 (Sandbox) of A, submittable.
WALKTHROUGH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures", "walkthrough.json")


def opportunity(catalog="AWS"):
    """A CreateOpportunity body complete enough to submit once a solution is associated."""
    close = (datetime.date.today() + datetime.timedelta(days=90)).isoformat()
    return dict(
        Catalog=catalog, PrimaryNeedsFromAws=["Co-Sell - Technical Consultation"],
        Customer={"Account": {"CompanyName": "AnyCompany", "Industry": "Retail", "WebsiteUrl": "https://anycompany.example.com",
                              "Address": {"CountryCode": "DE", "PostalCode": "20457"}}},
        LifeCycle={"TargetCloseDate": close},
        Project={"Title": "Harness", "CustomerBusinessProblem": "Capacity runs out next year.",
                 "DeliveryModels": ["SaaS or PaaS"], "SalesActivities": ["Initialized discussions with customer"],
                 "OtherSolutionDescription": "Analytics",
                 "ExpectedCustomerSpend": [{"Amount": "100", "CurrencyCode": "USD", "Frequency": "Monthly",
                                            "TargetCompany": "AWS"}]})


def submitted(pcs, account=A, catalog="AWS"):
    pc = pcs.client(account=account, catalog=catalog)
    oid = pc.create_opportunity(**opportunity(catalog))["Id"]
    pc.submit_opportunity(Identifier=oid, InvolvementType="Co-Sell")
    return pc, oid


def status(pc, oid):
    return pc.get_opportunity(Identifier=oid)["LifeCycle"]["ReviewStatus"]


FAKE_PCS = textwrap.dedent("""\
    #!{python}
    # Stands in for pcs: serves /_pcs/health, writes -addr-file, and ignores SIGTERM.
    import http.server, json, signal, sys
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps({{"status": "ok"}}).encode()
            self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
            self.wfile.write(body)
        def log_message(self, *args):
            pass
    srv = http.server.HTTPServer(("127.0.0.1", 0), Health)
    addr_file = sys.argv[sys.argv.index("-addr-file") + 1]
    with open(addr_file, "w") as f:
        f.write("http://127.0.0.1:%d\\n" % srv.server_address[1])
    print("fake pcs up", flush=True)
    srv.serve_forever()
""")


class Binary(unittest.TestCase):
    def test_bin_then_PCS_BIN_then_PATH(self):
        real = pcs_harness.find_binary()
        with mock.patch.dict(os.environ, {"PCS_BIN": real}):
            self.assertEqual(pcs_harness.find_binary(), real)
        with tempfile.TemporaryDirectory() as d:
            os.symlink(real, os.path.join(d, "pcs"))
            env = {k: v for k, v in os.environ.items() if k != "PCS_BIN"}
            env["PATH"] = d
            with mock.patch.dict(os.environ, env, clear=True):
                self.assertEqual(pcs_harness.find_binary(), os.path.join(d, "pcs"))
                self.assertEqual(pcs_harness.find_binary(real), real)

    def test_no_binary_says_where_to_get_one(self):
        env = {k: v for k, v in os.environ.items() if k != "PCS_BIN"}
        env["PATH"] = ""
        with mock.patch.dict(os.environ, env, clear=True):
            with self.assertRaisesRegex(PCSError, "PCS_BIN"):
                pcs_harness.find_binary()
        with self.assertRaisesRegex(PCSError, "not an executable"):
            PCS(bin="/nonexistent/pcs")


class Lifecycle(unittest.TestCase):
    def test_start_and_stop(self):
        pcs = PCS()
        self.assertRegex(pcs.url, r"^http://127\.0\.0\.1:\d+$")
        self.assertTrue(pcs.running)
        self.assertEqual(pcs.health()["status"], "ok")
        workdir = os.path.dirname(pcs._addr_file)
        self.assertTrue(os.path.exists(pcs._addr_file))
        self.assertEqual(pcs.stop(), 0)  # SIGTERM: pcs shuts down cleanly
        self.assertFalse(pcs.running)
        self.assertFalse(os.path.exists(workdir), "the harness's temporary directory stays")
        self.assertIn("listening on " + pcs.url, pcs.log())
        self.assertEqual(pcs.stop(), 0)  # again: nothing more
        with self.assertRaises(urllib.error.URLError):
            urllib.request.urlopen(pcs.url + "/_pcs/health", timeout=2)

    def test_context_manager(self):
        with PCS() as pcs:
            self.assertTrue(pcs.running)
        self.assertFalse(pcs.running)

    def test_a_pcs_that_cannot_start_says_why(self):
        with self.assertRaises(PCSError) as e:
            PCS(args=["-review-outcome", "sometimes"])
        self.assertIn("exited with status", str(e.exception))
        self.assertIn("sometimes", str(e.exception))  # pcs's own complaint

    def test_killed_when_it_ignores_SIGTERM(self):
        with tempfile.TemporaryDirectory() as d:
            fake = os.path.join(d, "pcs")
            with open(fake, "w") as f:
                f.write(FAKE_PCS.format(python=sys.executable))
            os.chmod(fake, os.stat(fake).st_mode | stat.S_IXUSR)
            pcs = PCS(bin=fake, stop_timeout=0.5)
            self.assertEqual(pcs.health(), {"status": "ok"})
            self.assertEqual(pcs.stop(), -9)
            self.assertIn("fake pcs up", pcs.log())

    def test_serve_flags_and_environment(self):
        # The developer's PCS_* settings stay out; env= and args= go in.
        with mock.patch.dict(os.environ, {"PCS_REVIEW_OUTCOME": "Rejected"}):
            with PCS() as pcs:
                pc, oid = submitted(pcs)
                pcs.advance("10m")
                self.assertEqual(status(pc, oid), "Approved")
        with PCS(env={"PCS_REVIEW_OUTCOME": "Rejected"}) as pcs:
            pc, oid = submitted(pcs)
            pcs.advance("10m")
            self.assertEqual(status(pc, oid), "Rejected")
        with PCS(args=["-review-outcome", "manual"]) as pcs:
            pc, oid = submitted(pcs)
            pcs.advance("1h")
            self.assertEqual(status(pc, oid), "In review")
            self.assertEqual(pcs.review(oid, "Approved")["ReviewStatus"], "Approved")

    def test_seed_at_start(self):
        with PCS(seed=WALKTHROUGH) as pcs:
            pc = pcs.client(account=A, catalog="AWS")
            got = [s["Id"] for s in pc.list_opportunities()["OpportunitySummaries"]]
            self.assertEqual(got, ["O5000001"])

    def test_admin_token(self):
        with PCS(admin_token="s3cret") as pcs:
            self.assertEqual(pcs.reset()["Deleted"]["Opportunities"], 0)
            with self.assertRaises(urllib.error.HTTPError) as e:
                urllib.request.urlopen(urllib.request.Request(pcs.url + "/_pcs/reset", data=b"{}"), timeout=5)
            self.assertEqual(e.exception.code, 401)


class AdminSide(PCSTestCase):
    """Every helper against one pcs, reset before each test (PCSTestCase)."""

    def test_reset_everything_or_one_account(self):
        _, oid_a = submitted(self.pcs, A)
        pc_b, oid_b = submitted(self.pcs, B, "Sandbox")
        got = self.pcs.reset(account=A)
        self.assertEqual((got["Account"], got["Deleted"]["Opportunities"]), (A, 1))
        self.assertEqual(status(pc_b, oid_b), "Submitted")
        self.assertEqual(self.pcs.reset(account=B, catalog="AWS")["Deleted"]["Opportunities"], 0)
        self.pcs.advance("1h")
        self.assertEqual(self.pcs.reset(clock=True)["Clock"]["AheadOfWallClock"], "0s")
        with self.assertRaises(PCSAdminError) as e:
            self.pcs.reset(account=A, clock=True)
        self.assertEqual(e.exception.status, 400)
        self.assertIn("clock", e.exception.message)

    def test_reset_between_tests_1(self):
        self.check_fresh_then_dirty()

    def test_reset_between_tests_2(self):
        self.check_fresh_then_dirty()

    def check_fresh_then_dirty(self):
        pc = self.pcs.client(account=A, catalog="AWS")
        self.assertEqual(pc.list_opportunities()["OpportunitySummaries"], [])
        self.assertEqual(self.pcs.clock()["AheadOfWallClock"], "0s")
        pc.create_opportunity(**opportunity())
        self.pcs.advance("1d")

    def test_advance_takes_text_timedelta_or_seconds(self):
        self.assertEqual(self.pcs.advance("90s")["AheadOfWallClock"], "1m30s")
        self.assertEqual(self.pcs.advance(datetime.timedelta(days=1))["AheadOfWallClock"], "24h1m30s")
        self.assertEqual(self.pcs.advance(0.5)["AheadOfWallClock"], "24h1m30.5s")
        ahead = self.pcs.now() - datetime.datetime.now(datetime.timezone.utc)
        self.assertAlmostEqual(ahead.total_seconds(), 86490.5, delta=5)
        with self.assertRaises(PCSAdminError):
            self.pcs.advance("-1m")
        with self.assertRaises(TypeError):
            self.pcs.advance([1])

    def test_review_and_jobs(self):
        pc, oid = submitted(self.pcs)
        self.assertEqual([j["State"] for j in self.pcs.jobs(state="pending")], ["pending"])
        self.pcs.advance("90s")
        self.assertEqual(status(pc, oid), "In review")
        got = self.pcs.review(oid, "Action Required", comments="Fix the website", reason=None)
        self.assertEqual(got, {"Identifier": oid, "ReviewStatus": "Action Required"})
        self.assertEqual(pc.get_opportunity(Identifier=oid)["LifeCycle"]["ReviewComments"], "Fix the website")
        self.assertEqual(self.pcs.run_jobs(), 0)
        with self.assertRaises(PCSAdminError) as e:
            self.pcs.review("O999", "Approved")
        self.assertIn("O999", e.exception.message)

    def test_referral_lead_and_expiry(self):
        pc = self.pcs.client(account=A, catalog="Sandbox")
        referral = self.pcs.send_referral({"Message": "A referral from AWS"}, account=A, catalog="Sandbox")
        self.assertEqual(referral["Status"], "PENDING")
        lead = self.pcs.send_lead(account=A, catalog="Sandbox")
        received = pc.list_engagement_invitations(ParticipantType="RECEIVER")["EngagementInvitationSummaries"]
        self.assertEqual({i["Id"] for i in received}, {referral["Id"], lead["Id"]})
        self.assertEqual(self.pcs.expire(referral["Id"], catalog="Sandbox")["Status"], "EXPIRED")
        self.assertEqual(pc.get_engagement_invitation(Identifier=referral["Id"])["Status"], "EXPIRED")
        with self.assertRaises(PCSAdminError) as e:
            self.pcs.expire("engi-0000000000000", catalog="Sandbox")
        self.assertEqual(e.exception.status, 404)

    def test_seed_a_path_text_or_dict(self):
        kinds = lambda answer: [(e["Kind"], e["Catalog"]) for e in answer["Loaded"]]
        want = [("solution", "AWS"), ("opportunity", "AWS"), ("opportunity", "Sandbox"), ("referral", "Sandbox")]
        self.assertEqual(kinds(self.pcs.seed(WALKTHROUGH)), want)
        with open(WALKTHROUGH, "rb") as f:
            raw = f.read()
        for fixture in (raw, raw.decode(), json.loads(raw)):
            self.pcs.reset()
            loaded = self.pcs.seed(fixture)
            self.assertEqual(kinds(loaded), want)
        # A reset hands no id out again: the opportunity's id is the answer's.
        oid = loaded["Loaded"][1]["Id"]
        pc = self.pcs.client(account=A, catalog="AWS")
        pc.submit_opportunity(Identifier=oid, InvolvementType="Co-Sell", Visibility="Full")
        self.pcs.advance("10m")
        self.assertEqual(status(pc, oid), "Approved")
        with self.assertRaises(TypeError):
            self.pcs.seed(42)

    def test_seed_refused(self):
        # No solution associated nor described: the submit is refused, what came before stays.
        unsubmittable = opportunity()
        del unsubmittable["Project"]["OtherSolutionDescription"]
        fixture = {"accounts": {A: {"solutions": [{"Catalog": "AWS", "Name": "X", "Category": "Software Product"}],
                                    "opportunities": [{**unsubmittable, "submit": {"InvolvementType": "Co-Sell"}}]}}}
        with self.assertRaises(PCSAdminError) as e:
            self.pcs.seed(fixture)
        self.assertEqual(e.exception.status, 400)
        self.assertIn("accounts.111111111111.opportunities[0].submit", e.exception.message)
        self.assertEqual([x["Kind"] for x in e.exception.answer["Loaded"]], ["solution"])
        with self.assertRaises(PCSAdminError) as e:
            self.pcs.seed('{"versio": 1}')
        self.assertEqual(e.exception.status, 400)

    def test_put_solution(self):
        got = self.pcs.put_solution("Telemetry Platform", account=B, id="S-7000001", status="Inactive")
        self.assertEqual((got["Id"], got["Status"], got["Category"]), ("S-7000001", "Inactive", "Software Product"))
        listed = self.pcs.client(account=B).list_solutions(Catalog="AWS")["SolutionSummaries"]
        self.assertEqual([s["Id"] for s in listed], ["S-7000001"])

    def test_client_default_catalog(self):
        sandbox = self.pcs.client(account=A, catalog="Sandbox")
        oid = sandbox.create_opportunity(**{k: v for k, v in opportunity().items() if k != "Catalog"})["Id"]
        self.assertEqual(sandbox.get_opportunity(Identifier=oid)["Catalog"], "Sandbox")
        # A call that names its catalog keeps it; tag operations have none to give.
        self.assertEqual(sandbox.list_opportunities(Catalog="AWS")["OpportunitySummaries"], [])
        arn = sandbox.get_opportunity(Identifier=oid)["Arn"]
        sandbox.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "crm"}])
        self.assertEqual(sandbox.list_tags_for_resource(ResourceArn=arn)["Tags"], [{"Key": "team", "Value": "crm"}])
        plain = self.pcs.client(account=A)
        with self.assertRaises(Exception):  # botocore's ParamValidationError: Catalog is required
            plain.list_opportunities()

    def test_events_and_requests(self):
        submitted(self.pcs, A, "Sandbox")
        events = self.pcs.events(account=A, wait="1s")
        self.assertTrue(events["Events"], "no event of a created opportunity")
        self.assertGreater(events["Next"], 0)
        self.assertEqual(self.pcs.events(account=A, after=events["Next"])["Events"], [])
        # The recorder is not state a reset deletes: the newest record is this test's.
        made = self.pcs.requests(operation="CreateOpportunity", account=A, limit=1)
        self.assertEqual((made[0]["Status"], made[0]["Request"]["Catalog"]), (200, "Sandbox"))

class TestCaseHelpers(unittest.TestCase):
    def run_case(self, case):
        out = io.StringIO()
        result = unittest.TextTestRunner(stream=out).run(unittest.defaultTestLoader.loadTestsFromTestCase(case))
        self.assertTrue(result.wasSuccessful(), out.getvalue())
        return result

    def test_a_class_starts_and_stops_its_own_pcs(self):
        seen = []

        class Case(PCSTestCase):
            pcs_args = ["-review-outcome", "Rejected"]

            def test_one(self):
                seen.append(self.pcs)
                pc, oid = submitted(self.pcs)
                self.pcs.advance("10m")
                self.assertEqual(status(pc, oid), "Rejected")

            def test_two(self):
                seen.append(self.pcs)
                self.assertEqual(self.pcs.client(account=A).list_opportunities(Catalog="AWS")["OpportunitySummaries"], [])

        self.assertEqual(self.run_case(Case).testsRun, 2)
        self.assertIs(seen[0], seen[1])
        self.assertFalse(seen[0].running)
        self.assertIsNone(Case.pcs)

    def test_a_module_server_serves_the_classes_given(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "test_shared_pcs.py"), "w") as f:
                f.write(SHARED_MODULE)
            suite = unittest.defaultTestLoader.discover(d, pattern="test_shared_pcs.py", top_level_dir=d)
            try:
                out = io.StringIO()
                result = unittest.TextTestRunner(stream=out).run(suite)
                self.assertEqual(result.testsRun, 2)
                self.assertTrue(result.wasSuccessful(), out.getvalue())
                module = sys.modules["test_shared_pcs"]
            finally:
                sys.path.remove(d)
        (server,) = module.servers
        self.assertFalse(server.running, "the module's server outlived the module")
        self.assertIsNone(module.One.pcs)


# A test module whose two classes share the pcs its setUpModule starts.
SHARED_MODULE = textwrap.dedent("""\
    import pcs_harness

    servers = []

    def setUpModule():
        servers.append(pcs_harness.start_module_server(One, Two, args=["-review-time", "1m"]))

    class One(pcs_harness.PCSTestCase):
        def test_it(self):
            self.assertIs(self.pcs, servers[0])

    class Two(pcs_harness.PCSTestCase):
        def test_it(self):  # after One's class teardown: the server is still up
            self.assertIs(self.pcs, servers[0])
            self.assertTrue(self.pcs.running)
""")


class GoDuration(unittest.TestCase):
    def test_forms(self):
        for given, want in [("15d", "15d"), (datetime.timedelta(minutes=2), "120000000us"), (90, "90000000us"),
                            (0.25, "250000us")]:
            with self.subTest(given=given):
                self.assertEqual(pcs_harness.go_duration(given), want)


if __name__ == "__main__":
    unittest.main()
