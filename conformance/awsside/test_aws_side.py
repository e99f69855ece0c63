"""The AWS side with boto3: every lifecycle flow of the service, end to end.

pcs plays AWS (reviews, referrals, expiries) on a clock the suite moves through pcs's admin
endpoints. This suite runs last, as account 444444444444, because moving the clock moves it
for every suite that shares the server.
"""

import json
import os
import sys
import unittest
import urllib.request
from pathlib import Path

from botocore.exceptions import ClientError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "boto3"))
import support  # noqa: E402

ACCOUNT = os.environ.get("PCS_AWSSIDE_ACCOUNT", "444444444444")


def admin(path, body=None):
    req = urllib.request.Request(support.ENDPOINT + path, method="POST" if body is not None else "GET",
                                 headers={"Content-Type": "application/json"},
                                 data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def advance(by):
    """Move the pcs clock; pcs runs the AWS-side work that falls due."""
    return admin("/_pcs/clock/advance", {"By": by})


class AWSSide(support.Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pc = support.client(ACCOUNT)

    def submitted(self, catalog="AWS", involvement="Co-Sell"):
        """A complete opportunity, submitted through StartEngagementFromOpportunityTask."""
        body = support.opportunity_body(Catalog=catalog, ClientToken=support.token())
        body["Project"]["OtherSolutionDescription"] = "Telemetry platform on Amazon Timestream"
        oid = self.pc.create_opportunity(**body)["Id"]
        task = self.pc.start_engagement_from_opportunity_task(
            Catalog=catalog, ClientToken=support.token(), Identifier=oid,
            AwsSubmission={"InvolvementType": involvement, "Visibility": "Full"})
        self.assertEqual(task["TaskStatus"], "COMPLETE", task.get("Message"))
        return oid, task

    def status(self, oid, catalog="AWS"):
        return self.pc.get_opportunity(Catalog=catalog, Identifier=oid)["LifeCycle"]["ReviewStatus"]

    def review(self, oid, outcome, catalog="AWS", **extra):
        admin("/_pcs/sim/review", {"Account": ACCOUNT, "Catalog": catalog, "Identifier": oid, "Outcome": outcome, **extra})

    def invitation_status(self, inv_id, catalog="AWS"):
        return self.pc.get_engagement_invitation(Catalog=catalog, Identifier=inv_id)["Status"]

    # --- partner-originated: submit and AWS's review -------------------------------------

    def test_submit_then_approve(self):
        oid, task = self.submitted()
        self.assertEqual(self.status(oid), "Submitted")
        advance("90s")
        self.assertEqual(self.status(oid), "In review")
        advance("10m")
        self.assertEqual(self.status(oid), "Approved")
        self.assertEqual(self.invitation_status(task["EngagementInvitationId"]), "ACCEPTED")
        summary = self.pc.get_aws_opportunity_summary(Catalog="AWS", RelatedOpportunityIdentifier=oid)
        self.assertEqual(summary["InvolvementType"], "Co-Sell")
        self.assertTrue(summary["OpportunityTeam"], "no AWS seller on an approved opportunity")
        members = self.pc.list_engagement_members(Catalog="AWS", Identifier=task["EngagementId"])
        self.assertIn("AWS", [m.get("CompanyName") for m in members["EngagementMemberList"]])

    def test_submit_action_required_fix_approve(self):
        oid, _ = self.submitted()
        advance("90s")
        self.review(oid, "Action Required", ReviewComments="The customer website does not resolve")
        opp = self.pc.get_opportunity(Catalog="AWS", Identifier=oid)
        self.assertEqual(opp["LifeCycle"]["ReviewStatus"], "Action Required")
        self.assertEqual(opp["LifeCycle"]["ReviewComments"], "The customer website does not resolve")
        # Only the listed members may change now; the website is one of them.
        fix = support.update_request_from(opp)
        fix["Customer"]["Account"]["WebsiteUrl"] = "https://www.example.com"
        self.pc.update_opportunity(**fix)
        self.assertEqual(self.status(oid), "Submitted")
        advance("90s")
        self.assertEqual(self.status(oid), "In review")
        advance("10m")
        self.assertEqual(self.status(oid), "Approved")

    def test_submit_then_reject(self):
        oid, task = self.submitted()
        advance("90s")
        self.review(oid, "Rejected", ReviewStatusReason="Duplicate")
        self.assertEqual(self.status(oid), "Rejected")
        self.assertEqual(self.invitation_status(task["EngagementInvitationId"]), "REJECTED")
        opp = self.pc.get_opportunity(Catalog="AWS", Identifier=oid)
        with self.assertRaises(ClientError) as e:
            self.pc.update_opportunity(**support.update_request_from(opp))
        self.assertValidation(e.exception, "BUSINESS_VALIDATION_FAILED")

    def test_sandbox_simulated_review(self):
        oid, _ = self.submitted(catalog="Sandbox")
        advance("1h")
        self.assertEqual(self.status(oid, "Sandbox"), "Submitted", "the Sandbox reviewed on its own")
        opp = self.pc.get_opportunity(Catalog="Sandbox", Identifier=oid)
        req = support.update_request_from(opp)
        req["LifeCycle"]["ReviewStatus"] = "Approved"
        self.pc.update_opportunity(**req)
        self.assertEqual(self.status(oid, "Sandbox"), "Approved")

    def test_duplicate_task_requests_with_one_token(self):
        body = support.opportunity_body(Catalog="AWS", ClientToken=support.token())
        body["Project"]["OtherSolutionDescription"] = "Telemetry platform on Amazon Timestream"
        oid = self.pc.create_opportunity(**body)["Id"]
        req = dict(Catalog="AWS", ClientToken=support.token(), Identifier=oid,
                   AwsSubmission={"InvolvementType": "Co-Sell"})
        first = self.pc.start_engagement_from_opportunity_task(**req)
        again = self.pc.start_engagement_from_opportunity_task(**req)
        self.assertEqual(first["TaskId"], again["TaskId"])
        tasks = self.pc.list_engagement_from_opportunity_tasks(Catalog="AWS", OpportunityIdentifier=[oid])
        self.assertEqual(len(tasks["TaskSummaries"]), 1)

    # --- AWS-originated: referrals -------------------------------------------------------

    def referral(self):
        """A Sandbox AWS referral: invisible until AWS sends its invitation, seconds later."""
        body = support.opportunity_body(Catalog="Sandbox", ClientToken=support.token(), Origin="AWS Referral")
        oid = self.pc.create_opportunity(**body)["Id"]
        with self.assertRaises(ClientError) as e:
            self.pc.get_opportunity(Catalog="Sandbox", Identifier=oid)
        self.assertModeledError(e.exception, "ResourceNotFoundException")
        advance("10s")
        invs = self.pc.list_engagement_invitations(Catalog="Sandbox", ParticipantType="RECEIVER",
                                                   Status=["PENDING"])["EngagementInvitationSummaries"]
        mine = [i for i in invs if i["EngagementTitle"] == body["Project"]["Title"]]
        self.assertTrue(mine, "no invitation for the referral")
        return oid, mine[0]["Id"]

    def test_referral_accept(self):
        oid, inv = self.referral()
        req = dict(Catalog="Sandbox", ClientToken=support.token(), Identifier=inv)
        task = self.pc.start_engagement_by_accepting_invitation_task(**req)
        self.assertEqual(task["TaskStatus"], "COMPLETE")
        self.assertEqual(task["OpportunityId"], oid)
        self.assertEqual(self.pc.start_engagement_by_accepting_invitation_task(**req)["TaskId"], task["TaskId"])
        self.assertEqual(self.status(oid, "Sandbox"), "Approved")

    def test_referral_reject(self):
        _, inv = self.referral()
        self.pc.reject_engagement_invitation(Catalog="Sandbox", Identifier=inv, RejectionReason="Unable to support")
        got = self.pc.get_engagement_invitation(Catalog="Sandbox", Identifier=inv)
        self.assertEqual(got["Status"], "REJECTED")
        self.assertEqual(got["RejectionReason"], "Unable to support")
        with self.assertRaises(ClientError) as e:
            self.pc.start_engagement_by_accepting_invitation_task(Catalog="Sandbox", ClientToken=support.token(), Identifier=inv)
        self.assertModeledError(e.exception, "ConflictException")

    def test_referral_expires(self):
        _, inv = self.referral()
        advance("15d")
        self.assertEqual(self.invitation_status(inv, "Sandbox"), "EXPIRED")
        with self.assertRaises(ClientError) as e:
            self.pc.reject_engagement_invitation(Catalog="Sandbox", Identifier=inv)
        self.assertModeledError(e.exception, "ConflictException")


if __name__ == "__main__":
    unittest.main()
