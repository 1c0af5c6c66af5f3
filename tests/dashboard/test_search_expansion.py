"""Cross-lingual search: a query naming a catalogue entry finds its coverage in the other
languages, says which names it added, and can be kept to the query's own language."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from articles.selectors.search import expansions, search
from initiatives.catalogue_loader import load_catalogue
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coverage():
    load_catalogue()
    ArticleFactory(
        title="Shalamcheh crossing reopens", body="Traffic resumed at Shalamcheh.", language="en"
    )
    ArticleFactory(
        title="بازگشایی مرز شلمچه", body="تردد در مرز شلمچه از سر گرفته شد.", language="fa"
    )
    ArticleFactory(
        title="إعادة فتح منفذ الشلامجة", body="استؤنفت الحركة في منفذ الشلامجة.", language="ar"
    )
    ArticleFactory(title="Football in Basra", body="A match was played in Basra.", language="en")


def test_a_place_named_in_english_finds_its_persian_and_arabic_coverage(coverage):
    page = search("Shalamcheh")

    assert page.total == 3
    assert {hit.language for hit in page.items} == {"en", "fa", "ar"}
    (found,) = [e for e in page.expansions if e.kind == "place"]
    assert found.name.startswith("Shalamcheh") and any("شلمچه" in t for t in found.terms)


@pytest.mark.parametrize("typed", ["شلمچه", "الشلامجة", "Shalamcha"])
def test_any_name_or_transliteration_finds_every_language(coverage, typed):
    assert search(typed).total == 3, typed


def test_original_only_keeps_the_query_language_and_expands_nothing(coverage):
    page = search("Shalamcheh", original_only=True)
    assert page.total == 1 and page.items[0].language == "en"
    assert page.expansions == []


def test_a_query_with_more_than_names_is_not_expanded(coverage):
    assert expansions("Shalamcheh football") == []
    assert expansions('"Shalamcheh"') == []  # an exact phrase is taken as typed


def test_the_search_page_says_what_it_added_and_offers_the_original_language(client, coverage):
    page = re.sub(r"\s+", " ", client.get(reverse("search"), {"q": "Shalamcheh"}).content.decode())
    assert "3 results" in page
    assert "Also searched in every language, by the catalogue's names: <bdi" in page
    assert "شلمچه" in page and "original=1" in page

    only = re.sub(
        r"\s+",
        " ",
        client.get(reverse("search"), {"q": "Shalamcheh", "original": "1"}).content.decode(),
    )
    assert "1 result" in only and "Only English coverage" in only and "Every language" in only


def test_the_api_says_which_expansions_it_applied(client, coverage):
    data = client.get("/api/v1/search/", {"q": "Shalamcheh"}).json()
    assert data["count"] == 3 and data["original_only"] is False
    assert any(e["kind"] == "place" for e in data["expansions"])

    only = client.get("/api/v1/search/", {"q": "Shalamcheh", "original": "true"}).json()
    assert only["count"] == 1 and only["expansions"] == [] and only["original_only"] is True
    bad = client.get("/api/v1/search/", {"q": "Shalamcheh", "original": "maybe"})
    assert bad.status_code == 400 and "original" in bad.json()
