"""AssociateOpportunity, DisassociateOpportunity, AssignOpportunity, SubmitOpportunity, the
Sandbox review simulation and GetAwsOpportunitySummary, through boto3."""

import unittest

from support import CATALOG, SANDBOX_SOLUTION, Case, opportunity_body, update_request_from

ASSIGNEE = {"Email": "sam.rivera@anycompany.example.com", "FirstName": "Sam", "LastName": "Rivera",
            "BusinessTitle": "OpportunityOwner", "Phone": "+12065550111"}


class Associations(Case):
    def associate(self, oid, entity=SANDBOX_SOLUTION, kind="Solutions"):
        return self.pc.associate_opportunity(Catalog=CATALOG, OpportunityIdentifier=oid,
                                             RelatedEntityType=kind, RelatedEntityIdentifier=entity)

    def test_associate_and_disassociate_solution(self):
        oid = self.create(**opportunity_body())["Id"]
        before = self.get(oid)
        self.assertEmptyBody(self.associate(oid))
        got = self.get(oid)
        self.assertEqual(got["RelatedEntityIdentifiers"].get("Solutions"), [SANDBOX_SOLUTION])
        self.assertGreaterEqual(got["LastModifiedDate"], before["LastModifiedDate"])

        self.assertEmptyBody(self.pc.disassociate_opportunity(
            Catalog=CATALOG, OpportunityIdentifier=oid, RelatedEntityType="Solutions", RelatedEntityIdentifier=SANDBOX_SOLUTION))
        self.assertFalse(self.get(oid)["RelatedEntityIdentifiers"].get("Solutions"))

    def test_associate_twice_is_duplicate(self):
        oid = self.create()["Id"]
        self.associate(oid)
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.associate(oid)
        self.assertValidation(cm.exception, "BUSINESS_VALIDATION_FAILED", {"relatedEntityIdentifier": "DUPLICATE_KEY_VALUE"})

    def test_associate_unknown_solution_is_not_found(self):
        oid = self.create()["Id"]
        with self.assertRaises(self.pc.exceptions.ResourceNotFoundException) as cm:
            self.associate(oid, entity="S-9999999")
        self.assertModeledError(cm.exception, "ResourceNotFoundException")

    def test_associate_unknown_opportunity_is_not_found(self):
        with self.assertRaises(self.pc.exceptions.ResourceNotFoundException) as cm:
            self.associate("O9999999999999")
        self.assertModeledError(cm.exception, "ResourceNotFoundException")

    def test_associate_bad_entity_type_is_validation_error(self):
        oid = self.create()["Id"]
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.associate(oid, kind="Gadgets")
        self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"relatedEntityType": "INVALID_ENUM_VALUE"})

    def test_disassociate_what_is_not_associated_is_not_found(self):
        oid = self.create()["Id"]
        with self.assertRaises(self.pc.exceptions.ResourceNotFoundException) as cm:
            self.pc.disassociate_opportunity(Catalog=CATALOG, OpportunityIdentifier=oid,
                                             RelatedEntityType="Solutions", RelatedEntityIdentifier=SANDBOX_SOLUTION)
        self.assertModeledError(cm.exception, "ResourceNotFoundException")


class Assign(Case):
    def test_assign_replaces_owner_keeps_account_managers(self):
        oid = self.create(**opportunity_body())["Id"]
        self.assertEmptyBody(self.pc.assign_opportunity(Catalog=CATALOG, Identifier=oid, Assignee=ASSIGNEE))
        team = self.get(oid)["OpportunityTeam"]
        owners = [m for m in team if m.get("BusinessTitle") == "OpportunityOwner"]
        self.assertEqual(owners, [ASSIGNEE])
        self.assertIn(opportunity_body()["OpportunityTeam"][0], team)

    def test_assign_malformed_email_is_validation_error(self):
        oid = self.create()["Id"]
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.assign_opportunity(Catalog=CATALOG, Identifier=oid, Assignee=dict(ASSIGNEE, Email="not-an-email"))
        self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"assignee.email": "INVALID_STRING_FORMAT"})

    def test_assign_unknown_opportunity_is_not_found(self):
        with self.assertRaises(self.pc.exceptions.ResourceNotFoundException) as cm:
            self.pc.assign_opportunity(Catalog=CATALOG, Identifier="O9999999999999", Assignee=ASSIGNEE)
        self.assertModeledError(cm.exception, "ResourceNotFoundException")


class SubmitAndReview(Case):
    def submittable(self):
        oid = self.create(**opportunity_body())["Id"]
        self.pc.associate_opportunity(Catalog=CATALOG, OpportunityIdentifier=oid, RelatedEntityType="Solutions",
                                      RelatedEntityIdentifier=SANDBOX_SOLUTION)
        return oid

    def submit(self, oid, involvement="Co-Sell"):
        return self.pc.submit_opportunity(Catalog=CATALOG, Identifier=oid, InvolvementType=involvement, Visibility="Full")

    def test_submit_then_sandbox_review(self):
        oid = self.submittable()
        before = self.get(oid)
        self.assertEmptyBody(self.submit(oid))
        submitted = self.get(oid)
        self.assertEqual(submitted["LifeCycle"]["ReviewStatus"], "Submitted")
        self.assertGreater(submitted["LastModifiedDate"], before["LastModifiedDate"])

        # No edits while AWS reviews it.
        req = update_request_from(submitted)
        req["Project"]["Title"] = "Changed during review"
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.update_opportunity(**req)
        self.assertValidation(cm.exception, "BUSINESS_VALIDATION_FAILED", {"lifeCycle.reviewStatus": "INVALID_RESOURCE_STATE"})

        # The Sandbox lets the partner play AWS's review.
        req = update_request_from(submitted)
        req["LifeCycle"]["ReviewStatus"] = "Approved"
        out = self.pc.update_opportunity(**req)
        approved = self.get(oid)
        self.assertEqual(approved["LifeCycle"]["ReviewStatus"], "Approved")
        self.assertEqual(approved["LastModifiedDate"], out["LastModifiedDate"])
        listed = self.pc.list_opportunities(Catalog=CATALOG, Identifier=[oid], LifeCycleReviewStatus=["Approved"])
        self.assertEqual([s["Id"] for s in listed["OpportunitySummaries"]], [oid])

        # Approved: the title is locked, the review is final, the stage moves on.
        req = update_request_from(approved)
        req["Project"]["Title"] = "Renamed after approval"
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.update_opportunity(**req)
        self.assertValidation(cm.exception, "BUSINESS_VALIDATION_FAILED", {"project.title": "ACTION_NOT_PERMITTED"})
        req = update_request_from(approved)
        req["LifeCycle"]["ReviewStatus"] = "Rejected"
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.update_opportunity(**req)
        resp = self.assertValidation(cm.exception, "BUSINESS_VALIDATION_FAILED")
        self.assertEqual(resp["Error"]["Message"], "reviewStatus is not editable if status is Approved")
        req = update_request_from(approved)
        req["LifeCycle"]["Stage"] = "Qualified"
        self.pc.update_opportunity(**req)
        self.assertEqual(self.get(oid)["LifeCycle"]["Stage"], "Qualified")

    def test_sandbox_review_of_a_for_visibility_only_submission(self):
        """The Sandbox guide's recipe: take the GetOpportunity payload, set LifeCycle.ReviewStatus, send it
        back with UpdateOpportunity. After a For Visibility Only submission the service stores
        PrimaryNeedsFromAws ["Do Not Need Support from AWS Sales Rep"]; echoing it must not fail."""
        oid = self.submittable()
        self.submit(oid, involvement="For Visibility Only")
        submitted = self.get(oid)
        self.assertEqual(submitted["PrimaryNeedsFromAws"], ["Do Not Need Support from AWS Sales Rep"])
        req = update_request_from(submitted)
        req["LifeCycle"]["ReviewStatus"] = "Approved"
        self.pc.update_opportunity(**req)
        self.assertEqual(self.get(oid)["LifeCycle"]["ReviewStatus"], "Approved")

    def test_submit_twice_is_invalid_state(self):
        oid = self.submittable()
        self.submit(oid)
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.submit(oid)
        self.assertValidation(cm.exception, "BUSINESS_VALIDATION_FAILED", {"identifier": "INVALID_RESOURCE_STATE"})

    def test_submit_without_solution_is_refused(self):
        oid = self.create(**opportunity_body())["Id"]
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.submit(oid)
        self.assertValidation(cm.exception, "BUSINESS_VALIDATION_FAILED",
                              {"project.otherSolutionDescription": "REQUIRED_FIELD_MISSING"})

    def test_submit_with_other_solution_description(self):
        body = opportunity_body()
        body["Project"]["OtherSolutionDescription"] = "In-house telemetry ingestion service"
        oid = self.create(**body)["Id"]
        self.submit(oid, involvement="For Visibility Only")
        got = self.get(oid)
        self.assertEqual(got["LifeCycle"]["ReviewStatus"], "Submitted")

    def test_co_sell_needs_primary_needs_and_sales_activities(self):
        body = opportunity_body()
        del body["PrimaryNeedsFromAws"]
        del body["Project"]["SalesActivities"]
        oid = self.create(**body)["Id"]
        self.pc.associate_opportunity(Catalog=CATALOG, OpportunityIdentifier=oid, RelatedEntityType="Solutions",
                                      RelatedEntityIdentifier=SANDBOX_SOLUTION)
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.submit(oid)
        self.assertValidation(cm.exception, "BUSINESS_VALIDATION_FAILED", {
            "primaryNeedsFromAws": "REQUIRED_FIELD_MISSING", "project.salesActivities": "REQUIRED_FIELD_MISSING"})

    def test_submit_unknown_opportunity_is_not_found(self):
        with self.assertRaises(self.pc.exceptions.ResourceNotFoundException) as cm:
            self.submit("O9999999999999")
        self.assertModeledError(cm.exception, "ResourceNotFoundException")

    def test_submit_bad_involvement_type_is_validation_error(self):
        oid = self.submittable()
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.submit(oid, involvement="Solo")
        self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"involvementType": "INVALID_ENUM_VALUE"})

    def test_aws_opportunity_summary(self):
        oid = self.submittable()
        with self.assertRaises(self.pc.exceptions.ResourceNotFoundException) as cm:
            self.pc.get_aws_opportunity_summary(Catalog=CATALOG, RelatedOpportunityIdentifier=oid)
        self.assertModeledError(cm.exception, "ResourceNotFoundException")
        self.submit(oid)
        out = self.pc.get_aws_opportunity_summary(Catalog=CATALOG, RelatedOpportunityIdentifier=oid)
        self.assertOk(out)
        self.assertEqual(out["RelatedOpportunityId"], oid)
        self.assertEqual(out["Catalog"], CATALOG)
        self.assertEqual(out["InvolvementType"], "Co-Sell")
        self.assertEqual(out["Visibility"], "Full")


if __name__ == "__main__":
    unittest.main()
