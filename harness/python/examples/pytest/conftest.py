"""The pytest example's conftest: the pcs fixtures, and the serve flags of its pcs."""

import pytest

pytest_plugins = ["pcs_pytest"]


@pytest.fixture(scope="session")
def pcs_options():
    # AWS reviews in one minute here, not five.
    return {"args": ["-review-time", "1m"]}
