"""CreateOpportunity, GetOpportunity, UpdateOpportunity through boto3."""

import concurrent.futures
import datetime
import unittest

from support import (ACCOUNT, CATALOG, OTHER_ACCOUNT, Case, client, opportunity_body, token,
                     update_request_from)


class CreateOpportunity(Case):
    def test_minimal_create_then_get(self):
        out = self.create()
        self.assertOk(out)
        self.assertRecent(out["LastModifiedDate"], "CreateOpportunity LastModifiedDate")

        got = self.get(out["Id"])
        self.assertOk(got)
        self.assertEqual(got["Id"], out["Id"])
        self.assertEqual(got["Catalog"], CATALOG)
        self.assertEqual(got["Arn"], f"arn:aws:partnercentral:us-east-1:{ACCOUNT}:catalog/{CATALOG}/opportunity/{out['Id']}")
        self.assertAwareDatetime(got["CreatedDate"], "CreatedDate")
        self.assertEqual(got["LastModifiedDate"], out["LastModifiedDate"])
        self.assertEqual(got["LifeCycle"]["ReviewStatus"], "Pending Submission")
        self.assertIsInstance(got["RelatedEntityIdentifiers"], dict)
        self.assertEqual(got["RelatedEntityIdentifiers"].get("Solutions"), [], "nothing associated: an empty list")

    def test_other_industry_with_another_industry(self):
        # As AWS's own Postman collection sends it: OtherIndustry beside an Industry other than Other.
        body = opportunity_body()
        body["Customer"]["Account"].update(Industry="Financial Services", OtherIndustry="Investment Banking")
        got = self.get(self.create(**body)["Id"])
        self.assertEqual(got["Customer"]["Account"]["Industry"], "Financial Services")
        self.assertEqual(got["Customer"]["Account"]["OtherIndustry"], "Investment Banking")

    def test_full_create_round_trips(self):
        body = opportunity_body()
        out = self.create(**body)
        self.assertEqual(out.get("PartnerOpportunityIdentifier"), body["PartnerOpportunityIdentifier"])
        got = self.get(out["Id"])
        for member in ("PrimaryNeedsFromAws", "NationalSecurity", "PartnerOpportunityIdentifier", "Customer",
                       "Project", "OpportunityType", "Marketing", "SoftwareRevenue"):
            self.assertEqual(got[member], body[member], member)
        for member in ("Stage", "NextSteps", "TargetCloseDate"):
            self.assertEqual(got["LifeCycle"][member], body["LifeCycle"][member], member)
        self.assertIsInstance(got["LifeCycle"]["TargetCloseDate"], str, "Date members are plain strings")
        for entry in body["OpportunityTeam"]:
            self.assertIn(entry, got["OpportunityTeam"])
        for h in got["LifeCycle"].get("NextStepsHistory", []):
            self.assertAwareDatetime(h["Time"], "NextStepsHistory.Time")

    def test_non_ascii_round_trips(self):
        body = opportunity_body()
        body["Customer"]["Contacts"][0].update(FirstName="Zoë", LastName="Müller-東京")
        got = self.get(self.create(**body)["Id"])
        self.assertEqual(got["Customer"]["Contacts"][0]["FirstName"], "Zoë")
        self.assertEqual(got["Customer"]["Contacts"][0]["LastName"], "Müller-東京")

    def test_invalid_enum_is_request_validation_error(self):
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.create_opportunity(Catalog=CATALOG, Origin="Bogus")
        resp = self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"origin": "INVALID_ENUM_VALUE"})
        self.assertIn("Bogus", resp["Error"]["Message"])
        self.assertEqual(resp.get("Message"), resp["Error"]["Message"])

    def test_business_rules_are_reported_together(self):
        body = opportunity_body()
        body["Marketing"] = {"Source": "None", "CampaignName": "Spring"}  # None forbids a campaign
        body["Customer"]["Account"]["Industry"] = "Other"  # Other needs OtherIndustry
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.create_opportunity(Catalog=CATALOG, **body)
        resp = self.assertValidation(cm.exception, "BUSINESS_VALIDATION_FAILED", {
            "marketing.campaignName": "ACTION_NOT_PERMITTED",
            "customer.account.otherIndustry": "REQUIRED_FIELD_MISSING",
        })
        self.assertEqual(len(resp["ErrorList"]), 2, resp["ErrorList"])

    def test_target_close_date_in_the_past(self):
        body = opportunity_body()
        body["LifeCycle"]["TargetCloseDate"] = "2020-01-01"
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.create_opportunity(Catalog=CATALOG, **body)
        self.assertValidation(cm.exception, "BUSINESS_VALIDATION_FAILED", {"lifeCycle.targetCloseDate": "VALUE_OUT_OF_RANGE"})

    def test_invalid_catalog(self):
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.create_opportunity(Catalog="Nowhere")
        self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"catalog": "INVALID_VALUE"})


class ClientTokenIdempotency(Case):
    def test_same_token_same_body_same_opportunity(self):
        tok = token()
        body = opportunity_body(PartnerOpportunityIdentifier="idem-" + tok[:8])
        first = self.create(ClientToken=tok, **body)
        second = self.create(ClientToken=tok, **body)
        self.assertEqual(second["Id"], first["Id"])
        self.assertEqual(second["LastModifiedDate"], first["LastModifiedDate"])
        listed = self.pc.list_opportunities(Catalog=CATALOG, Identifier=[first["Id"]])["OpportunitySummaries"]
        self.assertEqual([s["Id"] for s in listed], [first["Id"]])

    def test_same_token_other_body_conflicts(self):
        tok = token()
        self.create(ClientToken=tok, **opportunity_body())
        with self.assertRaises(self.pc.exceptions.ConflictException) as cm:
            self.pc.create_opportunity(Catalog=CATALOG, ClientToken=tok,
                                       **opportunity_body(PartnerOpportunityIdentifier="something-else"))
        resp = self.assertModeledError(cm.exception, "ConflictException")
        self.assertEqual(resp["Error"]["Message"], "Conflicting client token submitted for a new request body.")

    def test_tokens_are_per_account(self):
        tok = token()
        mine = self.create(ClientToken=tok)["Id"]
        theirs = client(OTHER_ACCOUNT).create_opportunity(Catalog=CATALOG, ClientToken=tok)["Id"]
        self.assertNotEqual(theirs, mine, "another account's ClientToken returned my opportunity")
        with self.assertRaises(self.pc.exceptions.ResourceNotFoundException):
            self.get(theirs)

    def test_botocore_fills_a_fresh_token(self):
        a, b = self.create(), self.create()
        self.assertNotEqual(a["Id"], b["Id"])


class GetOpportunity(Case):
    def test_unknown_id_is_not_found(self):
        with self.assertRaises(self.pc.exceptions.ResourceNotFoundException) as cm:
            self.pc.get_opportunity(Catalog=CATALOG, Identifier="O9999999999999")
        self.assertModeledError(cm.exception, "ResourceNotFoundException")

    def test_malformed_id_is_validation_error(self):
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.get_opportunity(Catalog=CATALOG, Identifier="opp-1")
        self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"identifier": "INVALID_STRING_FORMAT"})

    def test_other_account_does_not_see_it(self):
        oid = self.create()["Id"]
        other = client(OTHER_ACCOUNT)
        with self.assertRaises(other.exceptions.ResourceNotFoundException) as cm:
            other.get_opportunity(Catalog=CATALOG, Identifier=oid)
        self.assertModeledError(cm.exception, "ResourceNotFoundException")
        ids = [s["Id"] for s in other.list_opportunities(Catalog=CATALOG, Identifier=[oid])["OpportunitySummaries"]]
        self.assertEqual(ids, [])

    def test_catalogs_are_separate(self):
        oid = self.create()["Id"]
        with self.assertRaises(self.pc.exceptions.ResourceNotFoundException):
            self.pc.get_opportunity(Catalog="AWS", Identifier=oid)


class UpdateOpportunity(Case):
    def test_get_update_round_trip(self):
        oid = self.create(**opportunity_body())["Id"]
        before = self.get(oid)
        req = update_request_from(before)
        req["Project"]["Title"] = "Fleet telemetry platform, phase 2"
        req["LifeCycle"]["Stage"] = "Qualified"
        out = self.pc.update_opportunity(**req)
        self.assertOk(out)
        self.assertEqual(out["Id"], oid)
        self.assertAwareDatetime(out["LastModifiedDate"], "UpdateOpportunity LastModifiedDate")
        self.assertGreater(out["LastModifiedDate"], before["LastModifiedDate"])

        after = self.get(oid)
        self.assertEqual(after["Project"]["Title"], "Fleet telemetry platform, phase 2")
        self.assertEqual(after["LifeCycle"]["Stage"], "Qualified")
        self.assertEqual(after["LastModifiedDate"], out["LastModifiedDate"])
        self.assertEqual(after["CreatedDate"], before["CreatedDate"])
        # And again, from the state just read: the lock follows each write.
        again = self.pc.update_opportunity(**update_request_from(after))
        self.assertGreaterEqual(again["LastModifiedDate"], after["LastModifiedDate"])

    def test_stale_last_modified_date_conflicts(self):
        oid = self.create(**opportunity_body())["Id"]
        before = self.get(oid)
        self.pc.update_opportunity(**update_request_from(before))
        with self.assertRaises(self.pc.exceptions.ConflictException) as cm:
            self.pc.update_opportunity(**update_request_from(before))  # the old LastModifiedDate
        self.assertModeledError(cm.exception, "ConflictException")

    def test_concurrent_updates_from_one_read_exactly_one_wins(self):
        oid = self.create(**opportunity_body())["Id"]
        before = self.get(oid)
        clients = [client() for _ in range(4)]

        def update(i):
            req = update_request_from(before)
            req["Project"]["AdditionalComments"] = f"writer {i}"
            try:
                clients[i].update_opportunity(**req)
                return "ok"
            except clients[i].exceptions.ConflictException:
                return "conflict"

        with concurrent.futures.ThreadPoolExecutor(len(clients)) as pool:
            outcomes = sorted(pool.map(update, range(len(clients))))
        self.assertEqual(outcomes, ["conflict"] * (len(clients) - 1) + ["ok"])

    def test_last_modified_date_in_the_past_conflicts(self):
        oid = self.create()["Id"]
        with self.assertRaises(self.pc.exceptions.ConflictException) as cm:
            self.pc.update_opportunity(Catalog=CATALOG, Identifier=oid, Marketing={"Source": "None"},
                                       LastModifiedDate=datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc))
        self.assertModeledError(cm.exception, "ConflictException")

    def test_marketing_source_is_required(self):
        got = self.get(self.create()["Id"])
        req = update_request_from(got)
        req.pop("Marketing", None)
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.update_opportunity(**req)
        self.assertValidation(cm.exception, "BUSINESS_VALIDATION_FAILED", {"marketing.source": "REQUIRED_FIELD_MISSING"})

    def test_unknown_id_is_not_found(self):
        with self.assertRaises(self.pc.exceptions.ResourceNotFoundException) as cm:
            self.pc.update_opportunity(Catalog=CATALOG, Identifier="O9999999999999", Marketing={"Source": "None"},
                                       LastModifiedDate=datetime.datetime.now(datetime.timezone.utc))
        self.assertModeledError(cm.exception, "ResourceNotFoundException")


if __name__ == "__main__":
    unittest.main()
