"""The bilateral context: both sides named raise a link, a third partner lowers it."""

from __future__ import annotations

import pytest

from articles.ingest import link, pipeline
from articles.ingest.context import Context
from articles.ingest.items import RawItem
from articles.models import Article, ArticleLink
from tests.factories import (
    AliasFactory,
    CountryFactory,
    InitiativeFactory,
    PersonFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db
SIDES = frozenset({"IR", "IQ"})


@pytest.fixture
def catalogue():
    iran, iraq = CountryFactory(code="IR"), CountryFactory(code="IQ")
    markets = InitiativeFactory(slug="border-markets", name="Border markets")
    AliasFactory(initiative=markets, text="border market", language="en", specificity=0.8)
    AliasFactory(initiative=markets, text="بازارچه مرزی", language="fa", specificity=0.8)
    PlaceFactory(slug="baghdad", name="Baghdad", country=iraq)
    PlaceFactory(slug="ilam", name="Ilam", name_fa="ایلام", country=iran)
    PlaceFactory(slug="mehran", name="Mehran crossing", other_names=["Mehran"], kind="crossing")
    PersonFactory(slug="araji", name="Qassem al-Araji", other_names=["al-Araji"], country=iraq)


def _link(title: str, body: str) -> ArticleLink | None:
    outcome = pipeline.ingest_item(RawItem(title=title, body=body), via=Article.Via.API)
    return ArticleLink.objects.filter(article_id=outcome.article_id).first()


def test_both_sides_named_raise_the_score_and_the_reason_is_stored(catalogue):
    found = _link(
        "New border market opens",
        "Officials from Iran and Iraq opened the border market on Monday.\n\n"
        "Qassem al-Araji attended the ceremony.",
    )

    one_sided = 0.8 * (1.2 + 0.7)
    assert found.score == pytest.approx(1 - 2.718281828 ** -(one_sided * 1.3), abs=1e-3)
    assert found.reasons == [
        "“border market” in title, lead",
        "both sides named: Iraq (Iraq, Qassem al-Araji); Iran (Iran)",
    ]


def test_a_third_partner_where_a_side_is_missing_drops_the_link(catalogue):
    found = _link(
        "Iran and Pakistan open first border market",
        "The presidents of Iran and Pakistan opened the border market at Mirjaveh.",
    )

    assert found is None  # 1 − e^(−0.8 × 1.9 × 0.25) = 0.32: below the suggest threshold


def test_the_third_partner_reason_names_the_partner_and_the_missing_side(catalogue):
    context = Context(named={"IR": ["Iran"], "PK": ["Pakistan", "Pakistani"]})

    raw, reason = link.bilateral_adjustment(1.52, SIDES, context)

    assert raw == pytest.approx(1.52 * link.THIRD_PARTNER_FACTOR)
    assert reason == "third partner named: Pakistan (Pakistan, Pakistani); Iraq not"


def test_one_side_and_a_border_crossing_count_as_bilateral_context(catalogue):
    found = _link(
        "Border market at Mehran reopens",
        "Traders from Ilam returned to the border market near Mehran.",
    )

    assert found.reasons[-1] == "Iran (Ilam) and a border crossing (Mehran crossing)"
    assert found.score == pytest.approx(
        1 - 2.718281828 ** -(0.8 * 1.9 * link.CROSSING_FACTOR), abs=1e-3
    )


def test_an_article_naming_one_side_only_is_lowered(catalogue):
    found = _link("Border market statistics", "The border market in Ilam saw more trade.")

    assert found.reasons[-1] == "one side only: Iran (Ilam)"
    assert found.score == pytest.approx(
        1 - 2.718281828 ** -(0.8 * 1.9 * link.ONE_SIDED_FACTOR), abs=1e-3
    )


def test_an_iranian_province_is_not_the_republic_it_is_named_after(catalogue):
    # "آذربایجان غربی" is West Azerbaijan, a province of Iran, not Azerbaijan.
    found = _link(
        "بازارچه مرزی در آذربایجان غربی",
        "بازارچه مرزی ایران و عراق در آذربایجان غربی بازگشایی شد.",
    )

    assert found.reasons[-1] == "both sides named: Iraq (عراق); Iran (آذربایجان غربی, ایران)"


def test_relink_refreshes_the_reasons_of_a_machine_suggestion(catalogue):
    from articles.ingest import jobs, runs
    from articles.models import IngestionRun

    found = _link("Border market statistics", "The border market in Ilam saw more trade.")
    ArticleLink.objects.filter(pk=found.pk).update(reasons=[])

    jobs.relink(runs.start_run(IngestionRun.Kind.RELINK, label="relink", total=1).pk)

    found.refresh_from_db()
    assert found.reasons[-1] == "one side only: Iran (Ilam)"


def test_two_partners_of_a_several_country_initiative_are_both_sides():
    # A corridor listing Turkey among its countries: Iraq and Turkey named is bilateral.
    context = Context(named={"IQ": ["Iraq"], "TR": ["Turkey"]})

    raw, reason = link.bilateral_adjustment(1.0, frozenset({"IR", "IQ", "TR"}), context)

    assert raw == pytest.approx(link.BILATERAL_FACTOR)
    assert reason == "both sides named: Iraq (Iraq); Turkey (Turkey)"


def test_a_specific_name_is_not_lowered_for_naming_one_side():
    context = Context(named={"IR": ["Iran"]})

    assert link.bilateral_adjustment(2.0, SIDES, context, specific=True) == (2.0, None)
    assert link.bilateral_adjustment(2.0, SIDES, context)[0] == pytest.approx(1.4)
