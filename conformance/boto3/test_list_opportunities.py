"""ListOpportunities through boto3: pages, the paginator, filters, and the seeds' sync recipe."""

import math
import unittest

from support import CATALOG, Case, opportunity_body, token, update_request_from

SEEDED = 25  # more than one default page of 20


class ListOpportunities(Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seeded, cls.tag = [], token()[:8]  # the run tag keeps reruns on a long-lived pcs apart
        for i in range(SEEDED):
            body = opportunity_body(PartnerOpportunityIdentifier=f"list-{i:02d}")
            body["Customer"]["Account"]["CompanyName"] = f"Paging Customer {cls.tag} {i:02d}"
            cls.seeded.append(cls.pc.create_opportunity(Catalog=CATALOG, **body)["Id"])

    def everything(self):
        """Every opportunity of the account, by hand with the largest page."""
        out, kw = [], {"Catalog": CATALOG, "MaxResults": 100}
        while True:
            page = self.pc.list_opportunities(**kw)
            out.extend(page["OpportunitySummaries"])
            if not page.get("NextToken"):
                return out
            kw["NextToken"] = page["NextToken"]

    def test_default_page_is_20_with_next_token(self):
        page = self.pc.list_opportunities(Catalog=CATALOG)
        self.assertOk(page)
        self.assertEqual(len(page["OpportunitySummaries"]), 20)
        self.assertIsInstance(page.get("NextToken"), str)
        self.assertTrue(page["NextToken"])
        for s in page["OpportunitySummaries"]:
            self.assertAwareDatetime(s["LastModifiedDate"], "summary LastModifiedDate")
            self.assertAwareDatetime(s["CreatedDate"], "summary CreatedDate")
            self.assertEqual(s["Catalog"], CATALOG)
        dates = [s["LastModifiedDate"] for s in page["OpportunitySummaries"]]
        self.assertEqual(dates, sorted(dates, reverse=True), "default order is LastModifiedDate, newest first")

    def test_paginator_with_page_size(self):
        sent = []
        def record(params, **_):
            sent.append(dict(params))
        self.pc.meta.events.register("provide-client-params.partnercentral-selling.ListOpportunities", record)
        try:
            pages = list(self.pc.get_paginator("list_opportunities").paginate(
                Catalog=CATALOG, PaginationConfig={"PageSize": 7}))
        finally:
            self.pc.meta.events.unregister("provide-client-params.partnercentral-selling.ListOpportunities", record)

        total = len(self.everything())
        self.assertGreater(total, 20)
        self.assertEqual(len(pages), math.ceil(total / 7))
        self.assertEqual(len(sent), len(pages))
        self.assertTrue(all(p.get("MaxResults") == 7 for p in sent), sent)
        self.assertNotIn("NextToken", sent[0])
        sizes = [len(p["OpportunitySummaries"]) for p in pages]
        self.assertTrue(all(n == 7 for n in sizes[:-1]), sizes)
        self.assertNotIn("NextToken", pages[-1])
        ids = [s["Id"] for p in pages for s in p["OpportunitySummaries"]]
        self.assertEqual(len(ids), len(set(ids)), "a record came back twice")
        self.assertEqual(len(ids), total)
        self.assertTrue(set(self.seeded) <= set(ids))

    def test_paginator_max_items_and_resume(self):
        paginator = self.pc.get_paginator("list_opportunities")
        first = paginator.paginate(Catalog=CATALOG, PaginationConfig={"MaxItems": 5, "PageSize": 3}).build_full_result()
        self.assertEqual(len(first["OpportunitySummaries"]), 5)
        self.assertIn("NextToken", first)
        rest = paginator.paginate(Catalog=CATALOG, PaginationConfig={"StartingToken": first["NextToken"], "PageSize": 3}
                                  ).build_full_result()
        self.assertNotIn("NextToken", rest)
        ids = [s["Id"] for s in first["OpportunitySummaries"] + rest["OpportunitySummaries"]]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(set(ids), {s["Id"] for s in self.everything()})

    def test_incremental_sync_recipe(self):
        """The seeds' recipe: keep the newest LastModifiedDate that came from AWS, list with
        LastModifiedDate.AfterLastModifiedDate set to it, follow NextToken over all pages."""
        # Initial load.
        local = {s["Id"]: s["LastModifiedDate"] for s in self.everything()}
        self.assertGreater(len(local), 20)
        watermark = max(local.values())

        # Meanwhile, on the service: three new opportunities and two updates.
        created = [self.pc.create_opportunity(Catalog=CATALOG, **opportunity_body(
            PartnerOpportunityIdentifier=f"sync-{i}"))["Id"] for i in range(3)]
        updated = self.seeded[:2]
        for oid in updated:
            cur = self.get(oid)
            req = update_request_from(cur)
            req["LifeCycle"]["NextSteps"] = "Follow up after sync"
            self.pc.update_opportunity(**req)

        # Incremental sync, following NextToken page by page.
        seen, kw, pages = [], {"Catalog": CATALOG, "MaxResults": 2,
                               "LastModifiedDate": {"AfterLastModifiedDate": watermark}}, 0
        while True:
            page = self.pc.list_opportunities(**kw)
            pages += 1
            for s in page["OpportunitySummaries"]:
                self.assertGreaterEqual(s["LastModifiedDate"], watermark, "the filter let an older record through")
                seen.append(s["Id"])
                local[s["Id"]] = s["LastModifiedDate"]
            if not page.get("NextToken"):
                break
            kw["NextToken"] = page["NextToken"]
        self.assertGreater(pages, 1, "the changes should span several pages of 2")
        self.assertEqual(len(seen), len(set(seen)))
        self.assertTrue(set(created + updated) <= set(seen), (created, updated, seen))
        at_watermark = {oid for oid, lmd in local.items() if lmd == watermark and oid not in created + updated}
        # The docs: "only returns opportunities created or updated on or after that date and time".
        self.assertTrue(at_watermark <= set(seen), "records modified exactly at AfterLastModifiedDate were left out")
        self.assertEqual(set(seen) - set(created + updated), at_watermark, "unchanged records came back")

        # The local copy is now the server's state.
        server = {s["Id"]: s["LastModifiedDate"] for s in self.everything()}
        self.assertEqual(local, server)

    def test_writes_between_pages_neither_skip_nor_repeat(self):
        """A CRM paging through the list while records change must still see every record once."""
        before = {s["Id"] for s in self.everything()}
        pages = iter(self.pc.get_paginator("list_opportunities").paginate(
            Catalog=CATALOG, PaginationConfig={"PageSize": 5}))
        first = next(pages)
        seen = [s["Id"] for s in first["OpportunitySummaries"]]
        # Move a record from a later page to the front (newest LastModifiedDate), and add one.
        later = next(oid for oid in reversed(self.seeded) if oid not in seen)
        req = update_request_from(self.get(later))
        req["LifeCycle"]["NextSteps"] = "Touched while a listing was in flight"
        self.pc.update_opportunity(**req)
        self.pc.create_opportunity(Catalog=CATALOG, PartnerOpportunityIdentifier="created-mid-listing")
        for page in pages:
            seen.extend(s["Id"] for s in page["OpportunitySummaries"])
        self.assertEqual(len(seen), len(set(seen)), "a record came back twice")
        self.assertTrue(before <= set(seen), f"skipped: {sorted(before - set(seen))}")

    def test_last_modified_window_and_ascending_sort(self):
        every = sorted(self.everything(), key=lambda s: s["LastModifiedDate"])
        lo, hi = every[len(every) // 4]["LastModifiedDate"], every[3 * len(every) // 4]["LastModifiedDate"]
        got = self.pc.get_paginator("list_opportunities").paginate(
            Catalog=CATALOG, LastModifiedDate={"AfterLastModifiedDate": lo, "BeforeLastModifiedDate": hi},
            Sort={"SortBy": "LastModifiedDate", "SortOrder": "ASCENDING"}).build_full_result()["OpportunitySummaries"]
        dates = [s["LastModifiedDate"] for s in got]
        self.assertEqual(dates, sorted(dates), "ASCENDING is oldest first")
        self.assertTrue(all(lo <= d <= hi for d in dates), "a record outside the window came back")
        inside = {s["Id"] for s in every if lo < s["LastModifiedDate"] < hi}
        self.assertTrue(inside <= {s["Id"] for s in got}, "a record inside the window was left out")

    def test_created_date_filter(self):
        every = self.everything()
        newest = max(s["CreatedDate"] for s in every)
        got = self.pc.list_opportunities(Catalog=CATALOG, MaxResults=100,
                                         CreatedDate={"AfterCreatedDate": newest})["OpportunitySummaries"]
        self.assertTrue(got)
        self.assertTrue(all(s["CreatedDate"] >= newest for s in got))

    def test_identifier_filter(self):
        want = self.seeded[3:6]
        got = self.pc.list_opportunities(Catalog=CATALOG, Identifier=want)["OpportunitySummaries"]
        self.assertEqual(sorted(s["Id"] for s in got), sorted(want))

    def test_customer_company_name_filter_and_sort(self):
        names = [f"Paging Customer {self.tag} 07", f"Paging Customer {self.tag} 03"]
        got = self.pc.list_opportunities(Catalog=CATALOG, CustomerCompanyName=names,
                                         Sort={"SortBy": "CustomerCompanyName", "SortOrder": "ASCENDING"})
        got = [s["Customer"]["Account"]["CompanyName"] for s in got["OpportunitySummaries"]]
        self.assertEqual(got, sorted(names))

    def test_sort_by_identifier_ascending(self):
        page = self.pc.list_opportunities(Catalog=CATALOG, Identifier=self.seeded[:10],
                                          Sort={"SortBy": "Identifier", "SortOrder": "ASCENDING"})
        ids = [s["Id"] for s in page["OpportunitySummaries"]]
        self.assertEqual(len(ids), 10)
        self.assertEqual(ids, sorted(ids, key=lambda i: int(i[1:])))

    def test_life_cycle_filter(self):
        got = self.pc.list_opportunities(Catalog=CATALOG, MaxResults=100, LifeCycleReviewStatus=["Pending Submission"],
                                         LifeCycleStage=["Prospect"])["OpportunitySummaries"]
        self.assertTrue(got)
        for s in got:
            self.assertEqual((s["LifeCycle"]["ReviewStatus"], s["LifeCycle"]["Stage"]), ("Pending Submission", "Prospect"))

    def test_max_results_above_100_is_refused(self):
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.list_opportunities(Catalog=CATALOG, MaxResults=101)
        self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"maxResults": "VALUE_OUT_OF_RANGE"})

    def test_too_many_identifiers_is_refused(self):
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.list_opportunities(Catalog=CATALOG, Identifier=[f"O{i}" for i in range(1, 22)])
        self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"identifier": "TOO_MANY_VALUES"})

    def test_garbage_next_token_is_refused(self):
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.list_opportunities(Catalog=CATALOG, NextToken="not-a-token")
        self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"nextToken": "INVALID_VALUE"})

    def test_next_token_is_bound_to_its_filters(self):
        tok = self.pc.list_opportunities(Catalog=CATALOG, MaxResults=5)["NextToken"]
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.list_opportunities(Catalog=CATALOG, MaxResults=5, NextToken=tok,
                                       LifeCycleStage=["Qualified"])
        self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"nextToken": "INVALID_VALUE"})


if __name__ == "__main__":
    unittest.main()
