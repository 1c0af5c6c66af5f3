"""Dashboard aggregates are cached per data version: a committed write shows at once."""

from __future__ import annotations

import pytest
from django.db import transaction

from config import data_version
from initiatives.models import Status
from initiatives.services import change_status
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_cached_value_is_reused_until_a_write_commits():
    assert data_version.cached("probe", lambda: 1) == 1
    assert data_version.cached("probe", lambda: 2) == 1

    factories.InitiativeFactory()

    assert data_version.cached("probe", lambda: 3) == 3


def test_nothing_is_cached_inside_a_transaction_that_wrote():
    with transaction.atomic():
        factories.InitiativeFactory()
        assert data_version.cached("probe-tx", lambda: 1) == 1
        assert data_version.cached("probe-tx", lambda: 2) == 2


def test_fresh_skips_the_cache():
    assert data_version.cached("probe-fresh", lambda: 1) == 1
    assert data_version.cached("probe-fresh", lambda: 2, fresh=True) == 2


def test_overview_shows_a_status_change_to_the_next_reader(client):
    initiative = factories.InitiativeFactory(status=Status.PROPOSED)
    before = dict((code, n) for code, _, n in client.get("/").context["by_status"])

    change_status(initiative, Status.AGREED)

    after = dict((code, n) for code, _, n in client.get("/").context["by_status"])
    assert before[Status.PROPOSED] - 1 == after[Status.PROPOSED]
    assert before[Status.AGREED] + 1 == after[Status.AGREED]


def test_a_cache_outage_only_costs_the_computation(cache_down):

    assert data_version.cached("probe-down", lambda: 1) == 1
    assert data_version.cached("probe-down", lambda: 2) == 2
