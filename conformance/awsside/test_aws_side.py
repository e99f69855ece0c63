"""The AWS side with boto3: every lifecycle flow of the service, end to end.

pcs plays AWS (reviews, referrals, expiries) on a clock the suite moves through pcs's admin
endpoints. This suite runs last, as account 444444444444, because moving the clock moves it
for every suite that shares the server.
"""

import copy
import datetime
import json
import os
import sys
import unittest
import urllib.request
import uuid
from pathlib import Path

from botocore import xform_name
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


def pcs_now():
    """The pcs clock: wall time plus however far this suite has moved it (on a long-lived pcs,
    in earlier runs too)."""
    return datetime.datetime.fromisoformat(admin("/_pcs/clock")["Now"][:26].rstrip("Z") + "+00:00")


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

    def test_action_required_always_says_what(self):
        oid, _ = self.submitted()
        advance("90s")
        self.review(oid, "Action Required")  # no comments given
        lc = self.pc.get_opportunity(Catalog="AWS", Identifier=oid)["LifeCycle"]
        self.assertEqual(lc["ReviewStatus"], "Action Required")
        self.assertTrue(lc.get("ReviewComments"), "Action Required without ReviewComments")

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
        # The project title, cut to the 40 characters an engagement title has.
        mine = [i for i in invs if i["EngagementTitle"] == body["Project"]["Title"][:40]]
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
        # The referral is AWS's opportunity: AWS's summary of it exists from acceptance.
        summary = self.pc.get_aws_opportunity_summary(Catalog="Sandbox", RelatedOpportunityIdentifier=oid)
        self.assertEqual(summary["Origin"], "AWS Referral")
        self.assertEqual(summary["InvolvementType"], "Co-Sell")
        self.assertTrue(summary["OpportunityTeam"], "no AWS team on an accepted referral")

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


    # --- AWS-originated: leads ------------------------------------------------------------

    def lead(self):
        """A full LeadContext as AWS holds it: two interactions, each with its contact (names,
        email, phone), none of which the partner may see before it accepts. The company name is
        unique, so that a rerun against a long-lived pcs finds its own lead."""
        tag = uuid.uuid4().hex[:10]
        return {
            "Customer": {
                "CompanyName": f"Contoso Pharmacies {tag}",
                "Industry": "Healthcare",
                "WebsiteUrl": "https://www.contoso-pharmacies.example.com",
                "MarketSegment": "Large",
                "AwsMaturity": "Intermediate",
                "Address": {"City": "Austin", "StateOrRegion": "Texas", "PostalCode": "78701", "CountryCode": "US"},
            },
            "Interactions": [
                {
                    "SourceType": "Webinar",
                    "SourceId": "webinar-2026-health-data",
                    "SourceName": "Healthcare data on AWS",
                    "Usecase": "Analytics",
                    "InteractionDate": "2026-02-03T16:00:00Z",
                    "CustomerAction": "Downloaded the reference architecture",
                    "BusinessProblem": "Prescription data sits in 40 store databases nobody can query together.",
                    "Contact": {"BusinessTitle": "Head of Data", "FirstName": "Ines", "LastName": "Alvarado",
                                "Email": f"ines.alvarado.{tag}@contoso-pharmacies.example.com", "Phone": "+15125550142"},
                },
                {
                    "SourceType": "Event",
                    "SourceId": "summit-2026-dfw",
                    "SourceName": "AWS Summit Dallas",
                    "Usecase": "Data Warehouse Modernization",
                    "CustomerAction": "Asked for a partner at the analytics booth",
                    "BusinessProblem": "Nightly inventory reports take eight hours on the on-premises warehouse.",
                    "Contact": {"BusinessTitle": "Chief Pharmacy Officer", "FirstName": "Desmond", "LastName": "Okonkwo",
                                "Email": f"desmond.okonkwo.{tag}@contoso-pharmacies.example.com", "Phone": "+15125550199"},
                },
            ],
        }

    @staticmethod
    def hidden_details(lead):
        """What a lead invitation must not show: the contacts' names, emails and phones."""
        return [v for i in lead["Interactions"] for k, v in i["Contact"].items() if k != "BusinessTitle"]

    def send_lead(self, lead):
        """AWS sends the lead to ACCOUNT in the Sandbox (POST /_pcs/sim/lead): the invitation."""
        inv = admin("/_pcs/sim/lead", {"Account": ACCOUNT, "Catalog": "Sandbox", "Lead": lead})
        self.assertRegex(inv["Id"], r"^engi-[0-9a-z]{13}$")
        self.assertRegex(inv["EngagementId"], r"^eng-[0-9a-z]{14}$")
        return inv

    def raw_call(self, operation, **request):
        """Call an operation, returning boto3's answer and the raw HTTP body it parsed."""
        bodies = []

        def keep(http_response, **_):
            bodies.append(http_response.content.decode())

        event = f"after-call.partnercentral-selling.{operation}"
        self.pc.meta.events.register(event, keep)
        try:
            out = getattr(self.pc, xform_name(operation))(**request)
        finally:
            self.pc.meta.events.unregister(event, keep)
        return out, bodies[-1]

    def lead_invitations(self, engagement_id):
        return self.pc.list_engagement_invitations(
            Catalog="Sandbox", ParticipantType="RECEIVER", PayloadType=["LeadInvitation"],
            EngagementIdentifier=[engagement_id])["EngagementInvitationSummaries"]

    def assertNow(self, value, what):
        """value is a timestamp of the last few seconds on the pcs clock."""
        self.assertAwareDatetime(value, what)
        self.assertLess(abs((pcs_now() - value).total_seconds()), 30, f"{what} {value} is not now on the pcs clock")

    def assertNoEngagement(self, engagement_id):
        with self.assertRaises(ClientError) as e:
            self.pc.get_engagement(Catalog="Sandbox", Identifier=engagement_id)
        self.assertModeledError(e.exception, "ResourceNotFoundException")

    def test_aws_lead_accepted_qualified_converted_submitted(self):
        lead = self.lead()
        customer, latest = lead["Customer"], lead["Interactions"][-1]
        inv = self.send_lead(lead)
        inv_id, eng_id = inv["Id"], inv["EngagementId"]

        # The partner lists and reads the invitation: the customer and the latest interaction's
        # source and contact title, no contact's name, email or phone.
        listed = self.lead_invitations(eng_id)
        self.assertEqual([(s["Id"], s["PayloadType"], s["Status"], s["ParticipantType"], s["SenderCompanyName"])
                          for s in listed], [(inv_id, "LeadInvitation", "PENDING", "RECEIVER", "AWS")])
        self.assertEqual(listed[0]["EngagementTitle"], customer["CompanyName"])
        self.assertAwareDatetime(listed[0]["InvitationDate"], "InvitationDate")
        got, raw = self.raw_call("GetEngagementInvitation", Catalog="Sandbox", Identifier=inv_id)
        self.assertOk(got)
        self.assertEqual((got["Id"], got["EngagementId"], got["PayloadType"], got["Status"]),
                         (inv_id, eng_id, "LeadInvitation", "PENDING"))
        self.assertEqual(got["Receiver"]["Account"]["AwsAccountId"], ACCOUNT)
        self.assertEqual(got["EngagementTitle"], customer["CompanyName"])
        self.assertEqual(got["EngagementDescription"], latest["BusinessProblem"])
        self.assertNow(got["InvitationDate"], "InvitationDate")
        self.assertEqual(got["ExpirationDate"] - got["InvitationDate"], datetime.timedelta(days=15))
        shown = got["Payload"]["LeadInvitation"]
        self.assertEqual(shown["Customer"], {
            "CompanyName": customer["CompanyName"], "Industry": customer["Industry"],
            "CountryCode": customer["Address"]["CountryCode"], "WebsiteUrl": customer["WebsiteUrl"],
            "MarketSegment": customer["MarketSegment"], "AwsMaturity": customer["AwsMaturity"]})
        self.assertEqual(shown["Interaction"], {
            "SourceType": latest["SourceType"], "SourceId": latest["SourceId"], "SourceName": latest["SourceName"],
            "Usecase": latest["Usecase"], "ContactBusinessTitle": latest["Contact"]["BusinessTitle"]})
        for hidden in self.hidden_details(lead) + [customer["Address"]["PostalCode"], customer["Address"]["City"]]:
            self.assertNotIn(hidden, raw, f"the invitation shows {hidden!r} before it is accepted")

        # Not a member before accepting.
        self.assertNoEngagement(eng_id)

        out = self.pc.accept_engagement_invitation(Catalog="Sandbox", Identifier=inv_id)
        self.assertEmptyBody(out)
        self.assertEqual(self.invitation_status(inv_id, "Sandbox"), "ACCEPTED")

        # A member now: the whole lead, contacts included, Unqualified.
        eng = self.pc.get_engagement(Catalog="Sandbox", Identifier=eng_id)
        self.assertEqual((eng["Id"], eng["CreatedBy"], eng["ModifiedBy"], eng["MemberCount"]), (eng_id, "aws", ACCOUNT, 2))
        self.assertEqual(eng["Title"], customer["CompanyName"])
        self.assertAwareDatetime(eng["ModifiedAt"], "ModifiedAt")
        self.assertEqual([c["Type"] for c in eng["Contexts"]], ["Lead"])
        ctx = eng["Contexts"][0]
        got_lead = ctx["Payload"]["Lead"]
        self.assertEqual(got_lead["QualificationStatus"], "Unqualified")
        self.assertEqual(got_lead["Customer"], customer)
        self.assertEqual(len(got_lead["Interactions"]), 2)
        for sent, kept in zip(lead["Interactions"], got_lead["Interactions"]):
            want = dict(sent)
            if "InteractionDate" in want:
                want["InteractionDate"] = datetime.datetime.fromisoformat(want["InteractionDate"].replace("Z", "+00:00"))
                self.assertAwareDatetime(kept["InteractionDate"], "InteractionDate")
            self.assertEqual(kept, want)
        members = self.pc.list_engagement_members(Catalog="Sandbox", Identifier=eng_id)["EngagementMemberList"]
        self.assertIn(ACCOUNT, [m.get("AccountId") for m in members])
        leads = self.pc.list_engagements(Catalog="Sandbox", ContextTypes=["Lead"], EngagementIdentifier=[eng_id])
        self.assertEqual([(e["Id"], e["CreatedBy"]) for e in leads["EngagementSummaryList"]], [(eng_id, "aws")])
        projects = self.pc.list_engagements(Catalog="Sandbox", ContextTypes=["CustomerProject"], EngagementIdentifier=[eng_id])
        self.assertEqual(projects["EngagementSummaryList"], [])

        # The partner qualifies the lead and logs its own call (appended to the interactions);
        # an update based on a stale ModifiedAt is a conflict.
        call = {"SourceType": "Partner Outreach", "SourceId": "discovery-call-1", "SourceName": "Discovery call",
                "CustomerAction": "Agreed to an architecture workshop",
                "Contact": dict(latest["Contact"])}
        update = dict(Catalog="Sandbox", EngagementIdentifier=eng_id, ContextIdentifier=ctx["Id"], Type="Lead",
                      EngagementLastModifiedAt=eng["ModifiedAt"],
                      Payload={"Lead": {"QualificationStatus": "Qualified", "Customer": copy.deepcopy(customer),
                                        "Interaction": call}})
        updated = self.pc.update_engagement_context(**update)
        self.assertOk(updated)
        self.assertEqual((updated["EngagementId"], updated["ContextId"]), (eng_id, ctx["Id"]))
        self.assertAwareDatetime(updated["EngagementLastModifiedAt"], "EngagementLastModifiedAt")
        self.assertGreater(updated["EngagementLastModifiedAt"], eng["ModifiedAt"])
        with self.assertRaises(ClientError) as e:
            self.pc.update_engagement_context(**update)
        self.assertModeledError(e.exception, "ConflictException")
        eng = self.pc.get_engagement(Catalog="Sandbox", Identifier=eng_id)
        self.assertEqual(eng["ModifiedAt"], updated["EngagementLastModifiedAt"])
        got_lead = eng["Contexts"][0]["Payload"]["Lead"]
        self.assertEqual(got_lead["QualificationStatus"], "Qualified")
        self.assertEqual(len(got_lead["Interactions"]), 3)
        self.assertEqual(got_lead["Interactions"][-1], call)

        # Conversion: an opportunity of the lead's customer, and a CustomerProject context.
        conv = self.pc.start_opportunity_from_engagement_task(
            Catalog="Sandbox", ClientToken=support.token(), Identifier=eng_id, ContextIdentifier=ctx["Id"])
        self.assertOk(conv)
        self.assertEqual(conv["TaskStatus"], "COMPLETE", conv.get("Message"))
        self.assertEqual(conv["EngagementId"], eng_id)
        self.assertRegex(conv["TaskId"], r"^task-[0-9a-z]{13}$")
        self.assertNow(conv["StartTime"], "StartTime")
        self.assertRegex(conv["OpportunityId"], support.OPPORTUNITY_ID)
        self.assertRegex(conv["ResourceSnapshotJobId"], r"^job-[0-9a-z]{13}$")
        self.assertNotEqual(conv["ContextId"], ctx["Id"])
        oid = conv["OpportunityId"]
        eng = self.pc.get_engagement(Catalog="Sandbox", Identifier=eng_id)
        self.assertEqual([(c["Id"], c["Type"]) for c in eng["Contexts"]],
                         [(ctx["Id"], "Lead"), (conv["ContextId"], "CustomerProject")])
        project = eng["Contexts"][1]["Payload"]["CustomerProject"]
        self.assertEqual(project["Customer"]["CompanyName"], customer["CompanyName"])
        self.assertEqual(project["Project"]["BusinessProblem"], latest["BusinessProblem"])

        opp = self.pc.get_opportunity(Catalog="Sandbox", Identifier=oid)
        self.assertEqual(opp["LifeCycle"]["ReviewStatus"], "Pending Submission")
        self.assertEqual(opp["LifeCycle"]["Stage"], "Prospect")
        account = opp["Customer"]["Account"]
        self.assertEqual((account["CompanyName"], account["Industry"], account["WebsiteUrl"]),
                         (customer["CompanyName"], customer["Industry"], customer["WebsiteUrl"]))
        self.assertEqual(account["Address"], customer["Address"])
        self.assertEqual(opp["Project"]["CustomerBusinessProblem"], latest["BusinessProblem"])

        # As converted, it lacks what a Co-Sell submission needs: the task says what.
        submission = {"InvolvementType": "Co-Sell", "Visibility": "Full"}
        failed = self.pc.start_engagement_from_opportunity_task(
            Catalog="Sandbox", ClientToken=support.token(), Identifier=oid, AwsSubmission=submission)
        self.assertEqual((failed["TaskStatus"], failed["ReasonCode"]), ("FAILED", "OpportunityValidationFailed"))
        for missing in ("DeliveryModels", "ExpectedCustomerSpend", "AssociateOpportunity", "PrimaryNeedsFromAws", "SalesActivities"):
            self.assertIn(missing, failed["Message"])
        self.assertEqual(self.status(oid, "Sandbox"), "Pending Submission")

        # Complete it, associate the Sandbox solution, submit into the lead's engagement.
        fix = support.update_request_from(opp)
        fixture = support.opportunity_body()
        for k in ("DeliveryModels", "ExpectedCustomerSpend", "SalesActivities", "CustomerUseCase"):
            fix["Project"][k] = fixture["Project"][k]
        fix["Project"]["Title"] = f"Pharmacy analytics for {customer['CompanyName']}"
        fix["PrimaryNeedsFromAws"] = fixture["PrimaryNeedsFromAws"]
        self.assertOk(self.pc.update_opportunity(**fix))
        self.assertOk(self.pc.associate_opportunity(
            Catalog="Sandbox", OpportunityIdentifier=oid, RelatedEntityType="Solutions",
            RelatedEntityIdentifier=support.SANDBOX_SOLUTION))
        sub = self.pc.start_engagement_from_opportunity_task(
            Catalog="Sandbox", ClientToken=support.token(), Identifier=oid, AwsSubmission=submission)
        self.assertEqual(sub["TaskStatus"], "COMPLETE", sub.get("Message"))
        self.assertEqual((sub["OpportunityId"], sub["EngagementId"]), (oid, eng_id))
        self.assertRegex(sub["EngagementInvitationId"], r"^engi-[0-9a-z]{13}$")
        submitted = self.pc.get_opportunity(Catalog="Sandbox", Identifier=oid)
        self.assertEqual(submitted["LifeCycle"]["ReviewStatus"], "Submitted")
        self.assertEqual(submitted["RelatedEntityIdentifiers"]["Solutions"], [support.SANDBOX_SOLUTION])
        summary = self.pc.get_aws_opportunity_summary(Catalog="Sandbox", RelatedOpportunityIdentifier=oid)
        self.assertEqual(summary["InvolvementType"], "Co-Sell")
        sent = self.pc.list_engagement_invitations(Catalog="Sandbox", ParticipantType="SENDER",
                                                   EngagementIdentifier=[eng_id])["EngagementInvitationSummaries"]
        self.assertEqual([(s["Id"], s["PayloadType"]) for s in sent], [(sub["EngagementInvitationId"], "OpportunityInvitation")])

    def test_aws_lead_rejected(self):
        lead = self.lead()
        inv = self.send_lead(lead)
        inv_id, eng_id = inv["Id"], inv["EngagementId"]
        out = self.pc.reject_engagement_invitation(Catalog="Sandbox", Identifier=inv_id, RejectionReason="Unable to support")
        self.assertEmptyBody(out)
        self.assertEqual([(s["Id"], s["Status"], s["PayloadType"]) for s in self.lead_invitations(eng_id)],
                         [(inv_id, "REJECTED", "LeadInvitation")])
        got, raw = self.raw_call("GetEngagementInvitation", Catalog="Sandbox", Identifier=inv_id)
        self.assertEqual((got["Status"], got["RejectionReason"]), ("REJECTED", "Unable to support"))
        self.assertNotIn("Payload", got, "a rejected invitation still shows its payload")
        for hidden in self.hidden_details(lead):
            self.assertNotIn(hidden, raw)
        self.assertNoEngagement(eng_id)
        leads = self.pc.list_engagements(Catalog="Sandbox", ContextTypes=["Lead"], EngagementIdentifier=[eng_id])
        self.assertEqual(leads["EngagementSummaryList"], [])
        with self.assertRaises(ClientError) as e:
            self.pc.accept_engagement_invitation(Catalog="Sandbox", Identifier=inv_id)
        self.assertModeledError(e.exception, "ConflictException")

    def test_aws_lead_accepting_task_fails(self):
        """StartEngagementByAcceptingInvitationTask makes opportunities from OpportunityInvitations;
        on a lead it is FAILED and the invitation stays PENDING for AcceptEngagementInvitation."""
        inv = self.send_lead(self.lead())
        req = dict(Catalog="Sandbox", ClientToken=support.token(), Identifier=inv["Id"])
        task = self.pc.start_engagement_by_accepting_invitation_task(**req)
        self.assertOk(task)
        self.assertEqual((task["TaskStatus"], task["ReasonCode"]), ("FAILED", "InvitationValidationFailed"))
        self.assertIn("AcceptEngagementInvitation", task["Message"])
        self.assertNotIn("OpportunityId", task)
        self.assertNotIn("EngagementInvitationId", task)
        self.assertNow(task["StartTime"], "StartTime")
        self.assertEqual(self.pc.start_engagement_by_accepting_invitation_task(**req)["TaskId"], task["TaskId"])
        self.assertEqual(self.invitation_status(inv["Id"], "Sandbox"), "PENDING")
        self.assertNoEngagement(inv["EngagementId"])
        self.pc.accept_engagement_invitation(Catalog="Sandbox", Identifier=inv["Id"])
        self.assertEqual(self.pc.get_engagement(Catalog="Sandbox", Identifier=inv["EngagementId"])["Id"], inv["EngagementId"])

if __name__ == "__main__":
    unittest.main()
