"""The pipeline links through folded word forms: proclitics, suffixes, transliterations."""

from __future__ import annotations

import math

import pytest

from articles.ingest import pipeline
from articles.ingest.items import RawItem
from articles.models import Article, ArticleLink
from tests.factories import AliasFactory, InitiativeFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    rail = InitiativeFactory(slug="basra-shalamcheh-railway", name="Basra–Shalamcheh railway")
    AliasFactory(initiative=rail, text="Shalamcheh railway", language="en")
    AliasFactory(initiative=rail, text="خط آهن شلمچه–بصره", language="fa")
    AliasFactory(initiative=rail, text="سكة الشلامجة", language="ar")
    markets = InitiativeFactory(slug="border-markets", name="Border markets")
    AliasFactory(initiative=markets, text="الأسواق الحدودية", language="ar", specificity=0.8)
    AliasFactory(initiative=markets, text="بازارچه مرزی", language="fa", specificity=0.8)
    AliasFactory(initiative=markets, text="بازارچه‌های مرزی", language="fa", specificity=0.8)
    rail.places.add(PlaceFactory(slug="shalamcheh", name="Shalamcheh", other_names=["الشلامجة"]))


def _links(**fields) -> dict[str, ArticleLink]:
    outcome = pipeline.ingest_item(RawItem(**fields), via=Article.Via.API)
    return {
        link.initiative.slug: link
        for link in ArticleLink.objects.filter(article_id=outcome.article_id)
    }


def test_arabic_proclitics_do_not_hide_an_alias(catalogue):
    links = _links(
        title="بدء التسوية بسكة الشلامجة",
        body="قال مصدر إن العمل بسكة الشلامجة يصل للشلامجة الحدودية نهاية العام.",
    )

    assert set(links) == {"basra-shalamcheh-railway"}
    assert "بسكة الشلامجة" in links["basra-shalamcheh-railway"].snippet


def test_an_arabic_alias_is_found_without_its_article(catalogue):
    links = _links(
        title="اتفاق على فتح أسواق حدودية جديدة",
        body="اتفق البلدان على فتح أسواق حدودية جديدة في واسط وديالى.",
    )

    assert set(links) == {"border-markets"}


def test_persian_ezafe_and_missing_zwnj_do_not_hide_an_alias(catalogue):
    links = _links(
        title="ریل‌گذاریِ خط‌آهنِ شلمچه‌ـبصره آغاز می‌شود",
        body="عملیات ریل‌گذاری خطآهن شلمچه بصره تا پایان سال آغاز می‌شود.",
    )

    assert set(links) == {"basra-shalamcheh-railway"}


def test_two_aliases_that_fold_alike_count_once(catalogue):
    # "بازارچه مرزی" and "بازارچه‌های مرزی" are one name: one mention, not two.
    links = _links(title="رونق بازارچه‌های مرزی", body="بازارچه‌های مرزی استان فعال شدند.")

    once = 1 - math.exp(-0.8 * (1.2 + 0.7))  # title and lead, once each
    assert links["border-markets"].score == pytest.approx(once, abs=1e-4)


def test_a_transliteration_variant_links_and_the_snippet_shows_it(catalogue):
    links = _links(
        title="Work on Shalamja railway begins",
        body="Engineers began earthworks on the Shalamja railway on Monday.",
    )

    assert set(links) == {"basra-shalamcheh-railway"}
    assert "Shalamja railway" in links["basra-shalamcheh-railway"].snippet
