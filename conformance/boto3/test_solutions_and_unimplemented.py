"""ListSolutions, and the operations of the shared list (fixtures/operations_without_tests.json), through boto3."""

import unittest

from botocore import xform_name
from botocore.exceptions import ClientError

from support import ACCOUNT, CATALOG, SANDBOX_SOLUTION, Case, operations_without_tests, register_solution


class ListSolutions(Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.active = [register_solution(ACCOUNT, f"Telemetry Platform {i}") for i in range(2)]
        cls.inactive = register_solution(ACCOUNT, "Retired Appliance", category="Hardware Product", status="Inactive")

    def test_pages_over_registered_solutions(self):
        pages = list(self.pc.get_paginator("list_solutions").paginate(
            Catalog=CATALOG, PaginationConfig={"PageSize": 2}))
        self.assertGreater(len(pages), 1)
        self.assertTrue(all(len(p["SolutionSummaries"]) <= 2 for p in pages))
        ids = [s["Id"] for p in pages for s in p["SolutionSummaries"]]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertTrue({SANDBOX_SOLUTION, self.inactive, *self.active} <= set(ids))

    def test_status_filter_and_sort(self):
        out = self.pc.list_solutions(Catalog=CATALOG, Status=["Inactive"])["SolutionSummaries"]
        self.assertIn(self.inactive, [s["Id"] for s in out])
        self.assertTrue(all(s["Status"] == "Inactive" for s in out))
        out = self.pc.list_solutions(Catalog=CATALOG, MaxResults=100,
                                     Sort={"SortBy": "Identifier", "SortOrder": "ASCENDING"})["SolutionSummaries"]
        ids = [s["Id"] for s in out]
        self.assertEqual(ids, sorted(ids, key=lambda i: int(i[2:])))

    def test_associating_an_inactive_solution_is_refused(self):
        oid = self.pc.create_opportunity(Catalog=CATALOG)["Id"]
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.associate_opportunity(Catalog=CATALOG, OpportunityIdentifier=oid, RelatedEntityType="Solutions",
                                          RelatedEntityIdentifier=self.inactive)
        self.assertValidation(cm.exception, "BUSINESS_VALIDATION_FAILED", {"relatedEntityIdentifier": "INVALID_RESOURCE_STATE"})

    def test_sandbox_solution_is_listed(self):
        out = self.pc.list_solutions(Catalog=CATALOG)
        self.assertOk(out)
        by_id = {s["Id"]: s for s in out["SolutionSummaries"]}
        self.assertIn(SANDBOX_SOLUTION, by_id)
        s = by_id[SANDBOX_SOLUTION]
        self.assertEqual(s["Status"], "Active")
        self.assertEqual(s["Catalog"], CATALOG)
        self.assertEqual(s["Arn"], f"arn:aws:partnercentral:us-east-1:{ACCOUNT}:catalog/{CATALOG}/solution/{SANDBOX_SOLUTION}")
        self.assertTrue(s["Name"] and s["Category"])
        self.assertAwareDatetime(s["CreatedDate"], "solution CreatedDate")

    def test_filters_and_paginator(self):
        out = self.pc.list_solutions(Catalog=CATALOG, Identifier=[SANDBOX_SOLUTION], Status=["Active"])
        self.assertEqual([s["Id"] for s in out["SolutionSummaries"]], [SANDBOX_SOLUTION])
        out = self.pc.list_solutions(Catalog=CATALOG, Status=["Inactive"])
        self.assertNotIn(SANDBOX_SOLUTION, [s["Id"] for s in out["SolutionSummaries"]])
        full = self.pc.get_paginator("list_solutions").paginate(
            Catalog=CATALOG, PaginationConfig={"PageSize": 1}).build_full_result()
        self.assertIn(SANDBOX_SOLUTION, [s["Id"] for s in full["SolutionSummaries"]])

    def test_malformed_identifier_is_validation_error(self):
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.list_solutions(Catalog=CATALOG, Identifier=["solution-1"])
        self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"identifier": "INVALID_STRING_FORMAT"})

    def test_max_results_above_100_is_refused(self):
        with self.assertRaises(self.pc.exceptions.ValidationException) as cm:
            self.pc.list_solutions(Catalog=CATALOG, MaxResults=101)
        self.assertValidation(cm.exception, "REQUEST_VALIDATION_FAILED", {"maxResults": "VALUE_OUT_OF_RANGE"})


class NotImplemented(Case):
    """One test per operation of the shared list's "not_implemented" (generated below)."""

    def check(self, operation, request):
        call = getattr(self.pc, xform_name(operation))
        try:
            call(**request)
        except ClientError as e:
            resp = e.response
            self.assertEqual(resp["Error"]["Code"], "NotImplementedException",
                             f"{operation}: {resp['Error']} (is it implemented now? then update the shared list)")
            self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 501)
            self.assertIn(operation, resp["Error"]["Message"])
            self.assertEqual(resp["ResponseMetadata"]["RetryAttempts"], 0, "boto3 retried the 501")
        else:
            self.fail(f"{operation} succeeded: it is implemented now; move it in "
                      "conformance/fixtures/operations_without_tests.json")


class ImplementedWithoutDedicatedTests(Case):
    """The shared list's "implemented_without_dedicated_tests": boto3 must parse whatever comes back."""

    def check(self, operation, request):
        op_model = self.pc.meta.service_model.operation_model(operation)
        try:
            out = getattr(self.pc, xform_name(operation))(**request)
        except ClientError as e:
            code = e.response["Error"]["Code"]
            modeled = {s.name for s in op_model.error_shapes}
            self.assertIn(code, modeled, f"{operation} answered {code}, which it does not model: {e.response['Error']}")
            self.assertModeledError(e, code, 500 if code == "InternalServerException" else 400)
        else:
            self.assertOk(out)
            if op_model.output_shape is not None:
                for member in op_model.output_shape.required_members:
                    self.assertIn(member, out, f"{operation}: required output member {member} missing")


def _generate(cls, kind):
    for operation, request in operations_without_tests(kind).items():
        def test(self, operation=operation, request=request):
            self.check(operation, request)
        test.__doc__ = f"{operation} ({kind})"
        setattr(cls, f"test_{xform_name(operation)}", test)


_generate(NotImplemented, "not_implemented")
_generate(ImplementedWithoutDedicatedTests, "implemented_without_dedicated_tests")


if __name__ == "__main__":
    unittest.main()
