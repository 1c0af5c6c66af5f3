"""Dashboard aggregates are cached per data version: a committed write shows at once."""

from __future__ import annotations

import pytest
from django.db import transaction

from core import data_version
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


def test_the_api_initiative_detail_is_cached_yet_shows_every_committed_change(
    client, django_assert_num_queries
):
    """Read twice, the detail comes from the cache (one query: the data version); a change to
    anything it shows (status, alias, key figure, place, its country, organization, person,
    link) is in the next answer."""
    from articles.models import ArticleLink
    from initiatives.models import Country, KeyFigure, Place

    initiative = factories.InitiativeFactory(slug="rail")
    place = factories.PlaceFactory(name="Basra")
    url = "/api/v1/initiatives/rail/"
    first = client.get(url).json()
    with django_assert_num_queries(1):
        assert client.get(url).json() == first

    changes = [
        (
            lambda: factories.AliasFactory(initiative=initiative, text="Shalamcheh line"),
            lambda d: [a["text"] for a in d["aliases"]] == ["Shalamcheh line"],
        ),
        (
            lambda: KeyFigure.objects.create(initiative=initiative, label="Length", value=32),
            lambda d: d["key_figures"][0]["label"] == "Length",
        ),
        (lambda: initiative.places.add(place), lambda d: d["places"][0]["name"] == "Basra"),
        (
            lambda: Place.objects.filter(pk=place.pk).update(name="Al-Basra"),
            lambda d: d["places"][0]["name"] == "Al-Basra",
        ),
        (
            lambda: Country.objects.filter(pk=place.country_id).update(code="XQ"),
            lambda d: d["places"][0]["country"] == "XQ",
        ),
        (
            lambda: initiative.organizations.add(factories.OrganizationFactory(name="RAI")),
            lambda d: d["organizations"][0]["name"] == "RAI",
        ),
        (
            lambda: initiative.people.add(factories.PersonFactory(name="Ali")),
            lambda d: d["people"][0]["name"] == "Ali",
        ),
        (
            lambda: factories.confirmed_link(
                article=factories.ArticleFactory(), initiative=initiative
            ),
            lambda d: d["confirmed_articles"] == 1,
        ),
        (
            lambda: ArticleLink.objects.update(state=ArticleLink.State.REJECTED),
            lambda d: d["confirmed_articles"] == 0,
        ),
        (lambda: change_status(initiative, Status.AGREED), lambda d: d["status"] == "agreed"),
    ]
    for n, (change, shows) in enumerate(changes):
        client.get(url)  # cached again
        change()
        assert shows(client.get(url).json()), n


def test_a_renamed_editor_shows_at_once_but_signing_in_moves_nothing(client):
    from django.contrib.auth.models import update_last_login

    editor = factories.UserFactory(username="maryam", role="editor")
    initiative = factories.InitiativeFactory(slug="rail", status=Status.PROPOSED)
    change_status(initiative, Status.AGREED, by=editor)
    url = "/api/v1/initiatives/rail/"
    assert client.get(url).json()["status_history"][0]["changed_by"] == "maryam"

    version = data_version.cache_key("probe")
    update_last_login(None, editor)  # what every sign-in writes
    assert data_version.cache_key("probe") == version

    editor.username = "maryam.h"
    editor.save()
    assert client.get(url).json()["status_history"][0]["changed_by"] == "maryam.h"
