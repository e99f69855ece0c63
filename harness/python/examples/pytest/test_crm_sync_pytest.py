"""A CRM sync's integration tests with pytest and the pcs fixtures (pcs_pytest).

    PCS_BIN=/path/to/pcs PYTHONPATH=harness/python:harness/python/examples python3 -m pytest harness/python/examples/pytest

One pcs serves the session (conftest.py gives its flags); the `pcs` fixture resets it before
each test. Two partner accounts push deals; AWS's review runs when the test moves the clock.
One test starts from a fixture of the repository, fixtures/walkthrough.json.
"""

import pathlib

import pytest

from crm_sync import CRMSync, Deal

ACME = "111111111111"
GLOBEX = "222222222222"

# The repository's sample fixture: Acme's solution and an opportunity in each catalog, ready to
# submit, whose CRM deal ids are CRM-0001 (AWS) and CRM-0002 (Sandbox).
WALKTHROUGH = pathlib.Path(__file__).resolve().parents[4] / "fixtures" / "walkthrough.json"

NORTHWIND = Deal(id="deal-4711", company="Northwind Traders", website="https://northwind.example.com",
                 country="DE", postal_code="20457", monthly_spend="2500")
CONTOSO = Deal(id="deal-0815", company="Contoso", website="https://contoso.example.com",
               country="FR", postal_code="75001", monthly_spend="900")


def sync_of(pcs, account):
    solution = pcs.put_solution("Analytics Suite", account=account)
    return CRMSync(pcs.client(account=account), solution["Id"])


@pytest.fixture
def acme(pcs):
    return sync_of(pcs, ACME)


@pytest.fixture
def globex(pcs):
    return sync_of(pcs, GLOBEX)


def test_aws_approves_a_pushed_deal(pcs, acme):
    oid = acme.push(NORTHWIND)
    assert acme.review(oid) == ("Submitted", None)
    pcs.advance("90s")  # a minute in AWS's queue
    assert acme.review(oid)[0] == "In review"
    pcs.advance("1m")  # -review-time 1m, from conftest.py
    assert acme.review(oid)[0] == "Approved"


def test_action_required_reaches_the_crm(pcs, acme):
    oid = acme.push(NORTHWIND)
    pcs.advance("90s")
    pcs.review(oid, "Action Required", account=ACME, comments="The customer website does not resolve")
    assert acme.review(oid) == ("Action Required", "The customer website does not resolve")


def test_every_test_starts_from_nothing(pcs, acme, globex):
    # The tests before this one pushed Northwind as Acme and moved the clock.
    assert acme.pushed() == []
    assert globex.pushed() == []
    assert pcs.clock()["AheadOfWallClock"] == "0s"


def test_each_partner_sees_its_own_deals(acme, globex):
    acme.push(NORTHWIND)
    globex.push(CONTOSO)
    assert acme.pushed() == [NORTHWIND.id]
    assert globex.pushed() == [CONTOSO.id]


def test_a_deal_from_the_fixture_is_approved(pcs, acme):
    loaded = pcs.seed(WALKTHROUGH)["Loaded"]
    # O5000001 on a fresh pcs; after resets, later ids: a reset hands none out again.
    oid = next(e["Id"] for e in loaded if e["Kind"] == "opportunity" and e["Catalog"] == "AWS")
    assert acme.pushed() == ["CRM-0001"]
    acme.pc.submit_opportunity(Catalog="AWS", Identifier=oid, InvolvementType="Co-Sell", Visibility="Full")
    pcs.advance("90s")
    assert acme.review(oid) == ("In review", None)
    pcs.advance("1m")  # -review-time 1m, from conftest.py
    assert acme.review(oid) == ("Approved", None)


def test_a_reset_of_one_account_leaves_the_other(pcs, acme, globex):
    acme.push(NORTHWIND)
    oid = globex.push(CONTOSO)
    pcs.reset(account=ACME)
    assert acme.pushed() == []
    pcs.advance("5m")
    assert globex.review(oid)[0] == "Approved"
