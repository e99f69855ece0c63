"""Co-selling between two partners, through boto3 (README "Co-selling between partners").

Partner A (the suite's account) submits an opportunity with StartEngagementFromOpportunityTask
and invites partner B (OTHER_ACCOUNT) into the engagement with CreateEngagementInvitation;
B reads the invitation, accepts it with StartEngagementByAcceptingInvitationTask, becomes a
member, gets an opportunity of its own and reads A's shared snapshot as A changes its
opportunity. NON_MEMBER, an account no other suite uses, is never invited and must see none
of it. Every run makes its own opportunity, engagement and invitation (and tags the
invitation with a run tag), so the suite can be rerun against a long-lived pcs.
"""

import datetime
import os
import re
import unittest
import uuid

from botocore.exceptions import ClientError

from support import (ACCOUNT, CATALOG, OTHER_ACCOUNT, SANDBOX_SOLUTION, Case, client, opportunity_body, token,
                     update_request_from)

# A third partner, never invited: only to check that non-members see nothing of an engagement.
NON_MEMBER = os.environ.get("PCS_BOTO3_NON_MEMBER_ACCOUNT", "111111111113")

TASK_ID = re.compile(r"^task-[0-9a-z]{13}$")
ENGAGEMENT_ID = re.compile(r"^eng-[0-9a-z]{14}$")
INVITATION_ID = re.compile(r"^engi-[0-9a-z]{13}$")
JOB_ID = re.compile(r"^job-[0-9a-z]{13}$")
OPPORTUNITY_ID = re.compile(r"^O[0-9]{1,19}$")
SUBMISSION = {"InvolvementType": "Co-Sell", "Visibility": "Full"}
TEMPLATE = "OpportunitySummaryView"
AWS_TEMPLATE = "AwsOpportunitySummaryFullView"  # AWS's view, for the opportunity's owner only
INVITATION_TTL = datetime.timedelta(days=15)


def invitation(tag, receiver=OTHER_ACCOUNT):
    """An OpportunityInvitation whose values differ from A's opportunity (title, spend, close
    date), so that B's opportunity shows which of the two it was made from."""
    completion = (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=200)).isoformat()
    return {
        "Message": f"Let's co-sell the Northwind telemetry migration ({tag})",
        "Receiver": {"Account": {"Alias": "PartnerB", "AwsAccountId": receiver}},
        "Payload": {"OpportunityInvitation": {
            "ReceiverResponsibilities": ["Software Partner"],
            "SenderContacts": [{"Email": "maria.garcia@anycompany.example.com", "FirstName": "Maria",
                                "LastName": "Garcia", "BusinessTitle": "Alliance Lead", "Phone": "+12065550100"}],
            "Customer": {"Industry": "Transportation and Logistics", "CompanyName": "Northwind Logistics GmbH",
                         "WebsiteUrl": "https://www.northwind-logistics.example.com", "CountryCode": "DE"},
            "Project": {"BusinessProblem": "Self-hosted telemetry stack cannot scale to 40k vehicles.",
                        "Title": f"Telemetry co-sell {tag}", "TargetCompletionDate": completion,
                        "ExpectedCustomerSpend": [{"Amount": "12500.00", "CurrencyCode": "USD",
                                                   "Frequency": "Monthly", "TargetCompany": "AWS"}]},
        }},
    }


class CoSell(Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.b = client(OTHER_ACCOUNT)
        cls.c = client(NON_MEMBER)
        # A's snapshot jobs run as this role; without one they write no revisions.
        cls.pc.put_selling_system_settings(Catalog=CATALOG, ResourceSnapshotJobRoleIdentifier="PartnerCentralSnapshotJobRole")

    def setUp(self):
        self.tag = "cosell-" + uuid.uuid4().hex[:10]

    # --- steps -----------------------------------------------------------------------------

    def share(self):
        """A: a complete opportunity with the Sandbox solution, submitted through the task.
        Returns (body, opportunity id, task)."""
        body = opportunity_body()
        oid = self.create(**body)["Id"]
        self.pc.associate_opportunity(Catalog=CATALOG, OpportunityIdentifier=oid, RelatedEntityType="Solutions",
                                      RelatedEntityIdentifier=SANDBOX_SOLUTION)
        task = self.pc.start_engagement_from_opportunity_task(Catalog=CATALOG, ClientToken=token(), Identifier=oid,
                                                              AwsSubmission=SUBMISSION)
        self.assertEqual(task["TaskStatus"], "COMPLETE", task.get("Message"))
        return body, oid, task

    def invite(self, engagement_id, inv, tok=None, pc=None):
        return (pc or self.pc).create_engagement_invitation(Catalog=CATALOG, ClientToken=tok or token(),
                                                            EngagementIdentifier=engagement_id, Invitation=inv)

    def accept(self, invitation_id, tok=None):
        task = self.b.start_engagement_by_accepting_invitation_task(Catalog=CATALOG, ClientToken=tok or token(),
                                                                   Identifier=invitation_id)
        self.assertEqual(task["TaskStatus"], "COMPLETE", task.get("Message"))
        return task

    def received(self, invitation_id, pc=None, participant="RECEIVER"):
        """The summary of one invitation in a ListEngagementInvitations listing (all pages), or None."""
        pages = (pc or self.b).get_paginator("list_engagement_invitations").paginate(
            Catalog=CATALOG, ParticipantType=participant)
        found = [s for page in pages for s in page["EngagementInvitationSummaries"] if s["Id"] == invitation_id]
        self.assertLessEqual(len(found), 1, "an invitation listed twice")
        return found[0] if found else None

    def snapshot(self, pc, engagement_id, oid, **kw):
        return pc.get_resource_snapshot(Catalog=CATALOG, EngagementIdentifier=engagement_id, ResourceType="Opportunity",
                                        ResourceIdentifier=oid, ResourceSnapshotTemplateIdentifier=TEMPLATE, **kw)

    def revisions(self, pc, engagement_id, oid):
        """The revisions of A's shared view (template OpportunitySummaryView) of oid."""
        out = pc.list_resource_snapshots(Catalog=CATALOG, EngagementIdentifier=engagement_id, ResourceIdentifier=oid,
                                         ResourceSnapshotTemplateIdentifier=TEMPLATE)
        self.assertOk(out)
        for s in out["ResourceSnapshotSummaries"]:
            self.assertEqual((s["ResourceType"], s["ResourceId"], s["ResourceSnapshotTemplateName"], s["CreatedBy"]),
                             ("Opportunity", oid, TEMPLATE, ACCOUNT), s)
            self.assertEqual(s["Arn"], f"arn:aws:partnercentral:us-east-1::catalog/{CATALOG}/engagement/{engagement_id}"
                                       f"/resource/Opportunity/{oid}/template/{TEMPLATE}/snapshot/{s['Revision']}")
        return sorted(s["Revision"] for s in out["ResourceSnapshotSummaries"])

    def members(self, pc, engagement_id):
        out = pc.list_engagement_members(Catalog=CATALOG, Identifier=engagement_id)
        self.assertOk(out)
        return out["EngagementMemberList"]

    def assertNotFound(self, call, **kw):
        with self.assertRaises(ClientError) as cm:  # each client has its own exception classes
            call(Catalog=CATALOG, **kw)
        return self.assertModeledError(cm.exception, "ResourceNotFoundException")

    def assertConflict(self, call, **kw):
        with self.assertRaises(ClientError) as cm:
            call(Catalog=CATALOG, **kw)
        return self.assertModeledError(cm.exception, "ConflictException")

    # --- the flow ---------------------------------------------------------------------------

    def test_two_partners_co_sell(self):
        # A shares its opportunity: an engagement, revision 1 of the snapshot, a Running job.
        body, oid, task = self.share()
        self.assertRecent(task["StartTime"], "task StartTime")
        self.assertRegex(task["EngagementId"], ENGAGEMENT_ID)
        self.assertRegex(task["ResourceSnapshotJobId"], JOB_ID)
        eng_id = task["EngagementId"]
        self.assertEqual(self.revisions(self.pc, eng_id, oid), [1])
        job = self.pc.get_resource_snapshot_job(Catalog=CATALOG, ResourceSnapshotJobIdentifier=task["ResourceSnapshotJobId"])
        self.assertEqual((job["Id"], job["Status"], job["EngagementId"], job["ResourceType"], job["ResourceId"],
                          job["ResourceSnapshotTemplateName"]),
                         (task["ResourceSnapshotJobId"], "Running", eng_id, "Opportunity", oid, TEMPLATE))
        self.assertEqual(job["Arn"], f"arn:aws:partnercentral:us-east-1:{ACCOUNT}:catalog/{CATALOG}"
                                     f"/resource-snapshot-job/{job['Id']}")
        self.assertRecent(job["CreatedAt"], "job CreatedAt")
        engagement = self.pc.get_engagement(Catalog=CATALOG, Identifier=eng_id)
        self.assertEqual(engagement["MemberCount"], 1)
        members_a = self.members(self.pc, eng_id)
        self.assertEqual([m["AccountId"] for m in members_a], [ACCOUNT])
        a_company = members_a[0]["CompanyName"]
        self.assertTrue(a_company)

        # A invites B; the same ClientToken gives the same invitation.
        inv = invitation(self.tag)
        tok = token()
        sent = self.invite(eng_id, inv, tok)
        self.assertOk(sent)
        self.assertRegex(sent["Id"], INVITATION_ID)
        self.assertEqual(sent["Arn"], f"arn:aws:partnercentral:us-east-1::catalog/{CATALOG}/engagement-invitation/{sent['Id']}")
        again = self.invite(eng_id, inv, tok)
        self.assertEqual((again["Id"], again["Arn"]), (sent["Id"], sent["Arn"]))

        # B finds it among what it received, and reads it.
        summary = self.received(sent["Id"])
        self.assertIsNotNone(summary, "B does not list the invitation it received")
        self.assertEqual({k: summary.get(k) for k in ("Arn", "Catalog", "EngagementId", "EngagementTitle", "ParticipantType",
                                                      "PayloadType", "Receiver", "SenderAwsAccountId", "SenderCompanyName",
                                                      "Status")},
                         {"Arn": sent["Arn"], "Catalog": CATALOG, "EngagementId": eng_id, "EngagementTitle": engagement["Title"],
                          "ParticipantType": "RECEIVER", "PayloadType": "OpportunityInvitation", "Receiver": inv["Receiver"],
                          "SenderAwsAccountId": ACCOUNT, "SenderCompanyName": a_company, "Status": "PENDING"})
        self.assertRecent(summary["InvitationDate"], "InvitationDate")
        self.assertAwareDatetime(summary["ExpirationDate"], "ExpirationDate")
        self.assertEqual(summary["ExpirationDate"] - summary["InvitationDate"], INVITATION_TTL)
        self.assertIsNone(self.received(sent["Id"], pc=self.pc), "the sender lists its invitation as received")

        got = self.b.get_engagement_invitation(Catalog=CATALOG, Identifier=sent["Id"])
        self.assertOk(got)
        self.assertEqual({k: got.get(k) for k in ("Id", "Arn", "Catalog", "EngagementId", "EngagementTitle",
                                                  "EngagementDescription", "InvitationMessage", "Payload", "PayloadType",
                                                  "Receiver", "SenderAwsAccountId", "SenderCompanyName", "Status")},
                         {"Id": sent["Id"], "Arn": sent["Arn"], "Catalog": CATALOG, "EngagementId": eng_id,
                          "EngagementTitle": engagement["Title"], "EngagementDescription": engagement["Description"],
                          "InvitationMessage": inv["Message"], "Payload": inv["Payload"], "PayloadType": "OpportunityInvitation",
                          "Receiver": inv["Receiver"], "SenderAwsAccountId": ACCOUNT, "SenderCompanyName": a_company,
                          "Status": "PENDING"})
        # A partner's website the service does not know reads as the string "null".
        self.assertEqual(got["ExistingMembers"], [{"CompanyName": a_company, "WebsiteUrl": "null"}])
        self.assertEqual((got["InvitationDate"], got["ExpirationDate"]), (summary["InvitationDate"], summary["ExpirationDate"]))

        # Not a member yet: B sees neither the engagement nor its members nor its snapshots.
        self.assertNotFound(self.b.get_engagement, Identifier=eng_id)
        self.assertNotFound(self.b.list_engagement_members, Identifier=eng_id)
        self.assertNotFound(self.b.list_resource_snapshots, EngagementIdentifier=eng_id)

        # B accepts: COMPLETE at once, with an opportunity and a snapshot job of its own.
        accept_tok = token()
        accepted = self.accept(sent["Id"], accept_tok)
        self.assertOk(accepted)
        self.assertRegex(accepted["TaskId"], TASK_ID)
        self.assertEqual(accepted["TaskArn"], f"arn:aws:partnercentral:us-east-1::catalog/{CATALOG}"
                                              f"/engagement-by-accepting-invitation-task/{accepted['TaskId']}")
        self.assertRecent(accepted["StartTime"], "accept task StartTime")
        self.assertEqual(accepted["EngagementInvitationId"], sent["Id"])
        self.assertRegex(accepted["OpportunityId"], OPPORTUNITY_ID)
        self.assertNotEqual(accepted["OpportunityId"], oid)
        self.assertRegex(accepted["ResourceSnapshotJobId"], JOB_ID)
        self.assertNotEqual(accepted["ResourceSnapshotJobId"], task["ResourceSnapshotJobId"])
        b_oid = accepted["OpportunityId"]
        # Polling with the same token returns the same task.
        self.assertEqual(self.accept(sent["Id"], accept_tok)["TaskId"], accepted["TaskId"])
        tasks = self.b.list_engagement_by_accepting_invitation_tasks(Catalog=CATALOG, EngagementInvitationIdentifier=[sent["Id"]])
        self.assertEqual([(t["TaskId"], t["TaskStatus"], t["OpportunityId"]) for t in tasks["TaskSummaries"]],
                         [(accepted["TaskId"], "COMPLETE", b_oid)])
        self.assertAwareDatetime(tasks["TaskSummaries"][0]["StartTime"], "task summary StartTime")

        self.assertEqual(self.b.get_engagement_invitation(Catalog=CATALOG, Identifier=sent["Id"])["Status"], "ACCEPTED")
        self.assertEqual(self.received(sent["Id"], pc=self.pc, participant="SENDER")["Status"], "ACCEPTED")

        # B is a member: both see the same two members.
        joined = self.b.get_engagement(Catalog=CATALOG, Identifier=eng_id)
        self.assertOk(joined)
        self.assertEqual((joined["Id"], joined["Title"], joined["CreatedBy"], joined["MemberCount"]),
                         (eng_id, engagement["Title"], ACCOUNT, 2))
        self.assertEqual(joined["CreatedAt"], engagement["CreatedAt"])
        self.assertRecent(joined["ModifiedAt"], "engagement ModifiedAt")
        self.assertGreaterEqual(joined["ModifiedAt"], joined["CreatedAt"])
        self.assertEqual(joined["ModifiedBy"], OTHER_ACCOUNT)
        for who in (self.pc, self.b):
            self.assertEqual(sorted(m["AccountId"] for m in self.members(who, eng_id)), sorted([ACCOUNT, OTHER_ACCOUNT]))
        listed = self.b.list_engagements(Catalog=CATALOG, EngagementIdentifier=[eng_id])["EngagementSummaryList"]
        self.assertEqual([(e["Id"], e["MemberCount"]) for e in listed], [(eng_id, 2)])

        # Both read A's snapshot: revision 1, A's shared view.
        self.assertEqual(self.revisions(self.b, eng_id, oid), [1])
        first = self.snapshot(self.b, eng_id, oid)
        self.assertOk(first)
        self.assertEqual((first["Catalog"], first["EngagementId"], first["ResourceType"], first["ResourceId"],
                          first["ResourceSnapshotTemplateName"], first["Revision"], first["CreatedBy"]),
                         (CATALOG, eng_id, "Opportunity", oid, TEMPLATE, 1, ACCOUNT))
        self.assertRecent(first["CreatedAt"], "snapshot CreatedAt")
        view = first["Payload"]["OpportunitySummary"]
        self.assertEqual(view["Customer"]["Account"]["CompanyName"], body["Customer"]["Account"]["CompanyName"])
        self.assertEqual(view["Lifecycle"]["NextSteps"], body["LifeCycle"]["NextSteps"])
        self.assertEqual(view["Lifecycle"]["ReviewStatus"], "Submitted")
        self.assertEqual(view["Project"]["ExpectedCustomerSpend"], body["Project"]["ExpectedCustomerSpend"])
        self.assertEqual(view["RelatedEntityIdentifiers"].get("Solutions"), [SANDBOX_SOLUTION])
        mine = self.snapshot(self.pc, eng_id, oid)
        self.assertEqual((mine["Revision"], mine["Payload"], mine["CreatedAt"]), (1, first["Payload"], first["CreatedAt"]))
        # AWS's own view of A's opportunity (AwsOpportunitySummaryFullView) is A's alone.
        everything = self.b.list_resource_snapshots(Catalog=CATALOG, EngagementIdentifier=eng_id)["ResourceSnapshotSummaries"]
        self.assertNotIn(AWS_TEMPLATE, {s["ResourceSnapshotTemplateName"] for s in everything})
        self.assertNotFound(self.b.get_resource_snapshot, EngagementIdentifier=eng_id, ResourceType="Opportunity",
                            ResourceIdentifier=oid, ResourceSnapshotTemplateIdentifier=AWS_TEMPLATE)

        # B's own opportunity, made from the invitation, takes A's review status (Submitted).
        offer = inv["Payload"]["OpportunityInvitation"]
        opp_b = self.b.get_opportunity(Catalog=CATALOG, Identifier=b_oid)
        self.assertEqual(opp_b["Arn"], f"arn:aws:partnercentral:us-east-1:{OTHER_ACCOUNT}:catalog/{CATALOG}/opportunity/{b_oid}")
        self.assertEqual(opp_b["Customer"]["Account"], {
            "CompanyName": offer["Customer"]["CompanyName"], "Industry": offer["Customer"]["Industry"],
            "WebsiteUrl": offer["Customer"]["WebsiteUrl"], "Address": {"CountryCode": offer["Customer"]["CountryCode"]}})
        self.assertEqual(opp_b["Customer"].get("Contacts") or [], [])
        self.assertEqual(opp_b["Project"]["Title"], offer["Project"]["Title"])
        self.assertEqual(opp_b["Project"]["CustomerBusinessProblem"], offer["Project"]["BusinessProblem"])
        self.assertEqual(opp_b["Project"]["ExpectedCustomerSpend"], offer["Project"]["ExpectedCustomerSpend"])
        self.assertEqual(opp_b["LifeCycle"]["TargetCloseDate"], offer["Project"]["TargetCompletionDate"])
        self.assertEqual(opp_b["LifeCycle"]["Stage"], "Prospect")
        self.assertEqual(opp_b["PrimaryNeedsFromAws"], ["Do Not Need Support from AWS Sales Rep"])
        self.assertEqual(opp_b["LifeCycle"]["ReviewStatus"], "Submitted")
        self.assertEqual([m["BusinessTitle"] for m in opp_b["OpportunityTeam"]], ["OpportunityOwner"])
        self.assertRecent(opp_b["CreatedDate"], "B's CreatedDate")
        self.assertRecent(opp_b["LastModifiedDate"], "B's LastModifiedDate")
        job_b = self.b.get_resource_snapshot_job(Catalog=CATALOG, ResourceSnapshotJobIdentifier=accepted["ResourceSnapshotJobId"])
        self.assertEqual((job_b["Status"], job_b["EngagementId"], job_b["ResourceId"]), ("Running", eng_id, b_oid))
        self.assertRecent(job_b["CreatedAt"], "B's job CreatedAt")
        # Each partner's records stay its own.
        self.assertNotFound(self.pc.get_opportunity, Identifier=b_oid)
        self.assertNotFound(self.pc.get_resource_snapshot_job, ResourceSnapshotJobIdentifier=accepted["ResourceSnapshotJobId"])

        # A's opportunity is approved (the Sandbox's simulated review): B's follows.
        approve = update_request_from(self.get(oid))
        approve["LifeCycle"]["ReviewStatus"] = "Approved"
        self.pc.update_opportunity(**approve)
        self.assertEqual(self.b.get_opportunity(Catalog=CATALOG, Identifier=b_oid)["LifeCycle"]["ReviewStatus"], "Approved")
        approved = self.snapshot(self.b, eng_id, oid)
        self.assertEqual((approved["Revision"], approved["Payload"]["OpportunitySummary"]["Lifecycle"]["ReviewStatus"]),
                         (2, "Approved"))

        # A changes its shared view: the job writes the next revision, which B reads.
        current = self.get(oid)
        change = update_request_from(current)
        change["LifeCycle"]["NextSteps"] = f"Joint architecture workshop with partner B ({self.tag})"
        change["Project"]["ExpectedCustomerSpend"][0]["Amount"] = "47500.00"
        updated = self.pc.update_opportunity(**change)
        self.assertRecent(updated["LastModifiedDate"], "LastModifiedDate")
        self.assertGreater(updated["LastModifiedDate"], current["LastModifiedDate"])
        self.assertEqual(self.revisions(self.b, eng_id, oid), [1, 2, 3])
        latest = self.snapshot(self.b, eng_id, oid)
        self.assertEqual(latest["Revision"], 3)
        self.assertRecent(latest["CreatedAt"], "snapshot CreatedAt")
        self.assertGreaterEqual(latest["CreatedAt"], first["CreatedAt"])
        view = latest["Payload"]["OpportunitySummary"]
        self.assertEqual(view["Lifecycle"]["NextSteps"], change["LifeCycle"]["NextSteps"])
        self.assertEqual(view["Project"]["ExpectedCustomerSpend"][0]["Amount"], "47500.00")
        # Revisions are immutable: revision 1 still holds what was shared first.
        old = self.snapshot(self.b, eng_id, oid, Revision=1)
        self.assertEqual(old["Payload"], first["Payload"])

        # A's sent invitations show B's as ACCEPTED.
        self.assertEqual(self.received(sent["Id"], pc=self.pc, participant="SENDER")["Status"], "ACCEPTED")
        self.assertIsNone(self.received(sent["Id"], participant="SENDER"), "the receiver lists the invitation as sent")

    # --- the rules around it ------------------------------------------------------------------

    def test_one_pending_invitation_per_partner_and_token_conflicts(self):
        _, _, task = self.share()
        eng_id = task["EngagementId"]
        inv = invitation(self.tag)
        tok = token()
        sent = self.invite(eng_id, inv, tok)
        # Same token, another request: the token conflicts.
        other = dict(inv, Message=inv["Message"] + " (edited)")
        resp = self.assertConflict(self.pc.create_engagement_invitation, ClientToken=tok, EngagementIdentifier=eng_id,
                                   Invitation=other)
        self.assertEqual(resp["Error"]["Message"], "Conflicting client token submitted for a new request body.")
        # Another token while B's invitation is pending: one pending invitation per partner.
        self.assertConflict(self.pc.create_engagement_invitation, ClientToken=token(), EngagementIdentifier=eng_id,
                            Invitation=inv)
        self.assertEqual(self.pc.get_engagement_invitation(Catalog=CATALOG, Identifier=sent["Id"])["Status"], "PENDING")

    def test_member_cannot_be_invited_again_nor_accept_twice(self):
        _, _, task = self.share()
        eng_id = task["EngagementId"]
        sent = self.invite(eng_id, invitation(self.tag))
        self.accept(sent["Arn"])  # the ARN identifies it too
        self.assertConflict(self.pc.create_engagement_invitation, ClientToken=token(), EngagementIdentifier=eng_id,
                            Invitation=invitation(self.tag))
        self.assertConflict(self.b.start_engagement_by_accepting_invitation_task, ClientToken=token(), Identifier=sent["Id"])
        self.assertEqual(self.b.get_engagement(Catalog=CATALOG, Identifier=eng_id)["MemberCount"], 2)

    def test_non_member_sees_nothing(self):
        _, oid, task = self.share()
        eng_id = task["EngagementId"]
        sent = self.invite(eng_id, invitation(self.tag))
        self.accept(sent["Id"])
        c = self.c
        self.assertNotFound(c.get_engagement, Identifier=eng_id)
        self.assertNotFound(c.list_engagement_members, Identifier=eng_id)
        self.assertNotFound(c.list_resource_snapshots, EngagementIdentifier=eng_id)
        for revision in ({}, {"Revision": 1}):
            with self.subTest(revision=revision):
                with self.assertRaises(ClientError) as cm:
                    self.snapshot(c, eng_id, oid, **revision)
                self.assertModeledError(cm.exception, "ResourceNotFoundException")
        self.assertNotFound(c.get_engagement_invitation, Identifier=sent["Id"])
        self.assertNotFound(c.start_engagement_by_accepting_invitation_task, ClientToken=token(), Identifier=sent["Id"])
        self.assertNotFound(c.create_engagement_invitation, ClientToken=token(), EngagementIdentifier=eng_id,
                            Invitation=invitation(self.tag, receiver=NON_MEMBER))
        self.assertIsNone(self.received(sent["Id"], pc=c))
        self.assertEqual(c.list_engagements(Catalog=CATALOG, EngagementIdentifier=[eng_id])["EngagementSummaryList"], [])
        # The members still see it.
        self.assertEqual(self.revisions(self.b, eng_id, oid), [1])


if __name__ == "__main__":
    unittest.main()
