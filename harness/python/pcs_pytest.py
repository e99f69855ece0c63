"""pytest fixtures for pcs: one pcs binary per test session, reset before each test.

Load it from a conftest.py (pcs_harness.py and this file on sys.path):

    pytest_plugins = ["pcs_pytest"]

    def test_push(pcs):                       # a clean pcs: nothing in it, clock on the wall clock
        pc = pcs.client(account="111111111111", catalog="AWS")

Fixtures:
    pcs_server   (session) the running pcs_harness.PCS, started once, stopped at the end
    pcs          (function) the same server, reset (everything, and the clock) before the test
    pcs_options  (session) the PCS(...) arguments of pcs_server; override it in a conftest.py
                 to give serve flags: return {"args": ["-review-outcome", "manual"]}

Options: --pcs-bin PATH (else $PCS_BIN, else pcs on PATH).
"""

import pytest

from pcs_harness import PCS


def pytest_addoption(parser):
    parser.addoption("--pcs-bin", default=None, help="the pcs binary the pcs fixtures start (default: $PCS_BIN, then pcs on PATH)")


@pytest.fixture(scope="session")
def pcs_options():
    """The PCS arguments of pcs_server: args (serve flags), env, admin_token, timeouts."""
    return {}


@pytest.fixture(scope="session")
def pcs_server(request, pcs_options):
    options = dict(pcs_options)
    options.setdefault("bin", request.config.getoption("--pcs-bin"))
    server = PCS(**options)
    yield server
    server.stop()


@pytest.fixture
def pcs(pcs_server):
    pcs_server.reset(clock=True)
    return pcs_server
