"""The engagement-invitation operations pcs implements so far, through boto3: the listings
succeed and parse, unknown invitations map to ResourceNotFoundException, malformed input to
ValidationException. (Invitations come from the AWS side, so this suite creates none.)"""

import unittest

from support import CATALOG, Case

UNKNOWN = "engi-0a1b2c3d4e5f6"


class Invitations(Case):
    def test_list_engagement_invitations(self):
        for participant in ("RECEIVER", "SENDER"):
            out = self.pc.list_engagement_invitations(Catalog=CATALOG, ParticipantType=participant)
            self.assertOk(out)
            self.assertIsInstance(out["EngagementInvitationSummaries"], list)
            for s in out["EngagementInvitationSummaries"]:
                self.assertAwareDatetime(s.get("InvitationDate"), "InvitationDate")

    def test_list_engagement_invitations_bad_participant(self):
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.list_engagement_invitations(Catalog=CATALOG, ParticipantType="NOBODY")
        self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"participantType": "INVALID_ENUM_VALUE"})

    def test_list_engagement_by_accepting_invitation_tasks(self):
        out = self.pc.list_engagement_by_accepting_invitation_tasks(Catalog=CATALOG)
        self.assertOk(out)
        self.assertIsInstance(out["TaskSummaries"], list)
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.list_engagement_by_accepting_invitation_tasks(Catalog="Nowhere")
        self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"catalog": "INVALID_VALUE"})

    def test_get_engagement_invitation(self):
        with self.assertRaises(self.pc.exceptions.ResourceNotFoundException) as cm:
            self.pc.get_engagement_invitation(Catalog=CATALOG, Identifier=UNKNOWN)
        self.assertModeledError(cm.exception, "ResourceNotFoundException")
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.get_engagement_invitation(Catalog=CATALOG, Identifier="invitation-1")
        self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"identifier": "INVALID_STRING_FORMAT"})

    def test_reject_engagement_invitation(self):
        with self.assertRaises(self.pc.exceptions.ResourceNotFoundException) as cm:
            self.pc.reject_engagement_invitation(Catalog=CATALOG, Identifier=UNKNOWN, RejectionReason="Customer problem unclear")
        self.assertModeledError(cm.exception, "ResourceNotFoundException")

    def test_start_engagement_by_accepting_invitation_task(self):
        with self.assertRaises(self.pc.exceptions.ResourceNotFoundException) as cm:
            self.pc.start_engagement_by_accepting_invitation_task(Catalog=CATALOG, Identifier=UNKNOWN)
        self.assertModeledError(cm.exception, "ResourceNotFoundException")


if __name__ == "__main__":
    unittest.main()
