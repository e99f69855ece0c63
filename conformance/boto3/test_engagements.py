"""The submission path the docs recommend, StartEngagementFromOpportunityTask, and what it creates:
ListEngagementFromOpportunityTasks, GetEngagement, ListEngagements, ListEngagementMembers (boto3)."""

import re
import unittest

from support import ACCOUNT, CATALOG, SANDBOX_SOLUTION, Case, opportunity_body, token

TASK_ID = re.compile(r"^task-[0-9a-z]{13}$")
ENGAGEMENT_ID = re.compile(r"^eng-[0-9a-z]{14}$")
INVITATION_ID = re.compile(r"^engi-[0-9a-z]{13}$")
JOB_ID = re.compile(r"^job-[0-9a-z]{13}$")
SUBMISSION = {"InvolvementType": "Co-Sell", "Visibility": "Full"}


class EngagementFromOpportunity(Case):
    def start(self, oid, **kw):
        return self.pc.start_engagement_from_opportunity_task(Catalog=CATALOG, Identifier=oid, AwsSubmission=SUBMISSION, **kw)

    def test_task_submits_and_creates_an_engagement(self):
        body = opportunity_body()
        oid = self.create(**body)["Id"]
        self.pc.associate_opportunity(Catalog=CATALOG, OpportunityIdentifier=oid, RelatedEntityType="Solutions",
                                      RelatedEntityIdentifier=SANDBOX_SOLUTION)
        tok = token()
        task = self.start(oid, ClientToken=tok)
        self.assertOk(task)
        self.assertEqual(task["TaskStatus"], "COMPLETE", task)
        self.assertRegex(task["TaskId"], TASK_ID)
        self.assertEqual(task["TaskArn"],
                         f"arn:aws:partnercentral:us-east-1::catalog/{CATALOG}/engagement-from-opportunity-task/{task['TaskId']}")
        self.assertRecent(task["StartTime"], "StartTime")
        self.assertEqual(task["OpportunityId"], oid)
        self.assertRegex(task["EngagementId"], ENGAGEMENT_ID)
        self.assertRegex(task["EngagementInvitationId"], INVITATION_ID)
        self.assertRegex(task["ResourceSnapshotJobId"], JOB_ID)
        self.assertEqual(self.get(oid)["LifeCycle"]["ReviewStatus"], "Submitted")

        # Same token, same request: the same task (how AWS's own samples poll it).
        again = self.start(oid, ClientToken=tok)
        self.assertEqual((again["TaskId"], again["TaskStatus"]), (task["TaskId"], "COMPLETE"))

        tasks = self.pc.list_engagement_from_opportunity_tasks(Catalog=CATALOG, OpportunityIdentifier=[oid])
        self.assertEqual([t["TaskId"] for t in tasks["TaskSummaries"]], [task["TaskId"]])
        self.assertAwareDatetime(tasks["TaskSummaries"][0]["StartTime"], "task summary StartTime")

        eng = self.pc.get_engagement(Catalog=CATALOG, Identifier=task["EngagementId"])
        self.assertOk(eng)
        self.assertEqual(eng["Id"], task["EngagementId"])
        self.assertEqual(eng["Arn"], f"arn:aws:partnercentral:us-east-1::catalog/{CATALOG}/engagement/{eng['Id']}")
        self.assertEqual(eng["Title"], body["Project"]["Title"][:40])
        self.assertRecent(eng["CreatedAt"], "engagement CreatedAt")
        self.assertEqual(eng["CreatedBy"], ACCOUNT)

        listed = self.pc.list_engagements(Catalog=CATALOG, EngagementIdentifier=[eng["Id"]])
        self.assertEqual([e["Id"] for e in listed["EngagementSummaryList"]], [eng["Id"]])
        self.assertAwareDatetime(listed["EngagementSummaryList"][0]["CreatedAt"], "engagement summary CreatedAt")

        members = self.pc.list_engagement_members(Catalog=CATALOG, Identifier=eng["Id"])["EngagementMemberList"]
        self.assertIn(ACCOUNT, [m.get("AccountId") for m in members])

    def test_same_token_other_request_conflicts(self):
        oid = self.create(**opportunity_body())["Id"]
        self.pc.associate_opportunity(Catalog=CATALOG, OpportunityIdentifier=oid, RelatedEntityType="Solutions",
                                      RelatedEntityIdentifier=SANDBOX_SOLUTION)
        tok = token()
        self.start(oid, ClientToken=tok)
        with self.assertRaises(self.pc.exceptions.ConflictException) as cm:
            self.pc.start_engagement_from_opportunity_task(Catalog=CATALOG, Identifier=oid, ClientToken=tok,
                                                           AwsSubmission=dict(SUBMISSION, Visibility="Limited"))
        self.assertModeledError(cm.exception, "ConflictException")

    def test_incomplete_opportunity_fails_the_task(self):
        oid = self.create()["Id"]
        task = self.start(oid)
        self.assertEqual(task["TaskStatus"], "FAILED")
        self.assertEqual(task["ReasonCode"], "OpportunityValidationFailed")
        self.assertTrue(task["Message"])
        self.assertEqual(self.get(oid)["LifeCycle"]["ReviewStatus"], "Pending Submission")

    def test_unknown_opportunity_is_not_found(self):
        with self.assertRaises(self.pc.exceptions.ResourceNotFoundException) as cm:
            self.start("O9999999999999")
        self.assertModeledError(cm.exception, "ResourceNotFoundException")

    def test_unknown_engagement_is_not_found(self):
        for call in (self.pc.get_engagement, self.pc.list_engagement_members):
            with self.subTest(call=call.__name__):
                with self.assertRaises(self.pc.exceptions.ResourceNotFoundException) as cm:
                    call(Catalog=CATALOG, Identifier="eng-0a1b2c3d4e5f67")
                self.assertModeledError(cm.exception, "ResourceNotFoundException")

    def test_list_validation_errors(self):
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.list_engagements(Catalog=CATALOG, MaxResults=101)
        self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"maxResults": "VALUE_OUT_OF_RANGE"})
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.list_engagement_from_opportunity_tasks(Catalog=CATALOG, OpportunityIdentifier=["opp-1"])
        self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"opportunityIdentifier": "INVALID_STRING_FORMAT"})


if __name__ == "__main__":
    unittest.main()
