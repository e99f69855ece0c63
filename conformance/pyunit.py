"""Run one Python conformance suite with unittest and write its counts for run.sh.

    python3 pyunit.py <suite-dir> <result-file>

The suites are plain unittest (`cd conformance/boto3 && python3 -m unittest` works as well);
this only adds the counts. A test counts as passed when it ran and succeeded; everything
else the suite holds counts as failed: failures, errors, tests that never ran because their
setUpClass/setUpModule failed, and skips (these suites must not skip).
"""

import sys
import unittest


class Result(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed, self.bad = set(), set()

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed.add(test.id())

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self.bad.add(test.id())


def main():
    suite_dir, result_file = sys.argv[1], sys.argv[2]
    sys.path.insert(0, suite_dir)
    suite = unittest.TestLoader().discover(suite_dir, pattern="test*.py", top_level_dir=suite_dir)
    total = suite.countTestCases()
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2, resultclass=Result).run(suite)
    passed = len(result.passed - result.bad)
    failed = max(total - passed, 0 if result.wasSuccessful() else 1)
    with open(result_file, "w") as f:
        f.write(f"{passed} {failed}\n")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
