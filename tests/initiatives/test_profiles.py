"""Initiative profiles: which terms are accepted, and how the catalogue loads them."""

from __future__ import annotations

import json

import pytest

from core.exceptions import DomainError
from initiatives.catalogue_loader import (
    STARTER_CATALOGUE,
    CatalogueError,
    load_catalogue,
    read_catalogue,
)
from initiatives.models import Initiative, ProfileTerm
from initiatives.profiles import check_term


@pytest.mark.parametrize(
    ("text", "language", "weight", "says"),
    [
        ("", "en", 0.5, "needs some text"),
        ("   ", "fa", 0.5, "needs some text"),
        ("ab", "en", 0.5, "fewer than 3 letters"),
        ("12 34", "en", 0.5, "fewer than 3 letters"),
        ("Iran", "en", 0.5, "almost every article"),
        ("the Iraqi government", "en", 0.5, "almost every article"),
        ("العراق", "ar", 0.5, "almost every article"),
        ("همکاری دو کشور", "fa", 0.5, "almost every article"),
        ("one two three four five six seven eight nine", "en", 0.5, "at most 8"),
        ("x" * 130, "en", 0.5, "too long"),
        ("بازارچه", "en", 0.5, "not written in English letters"),
        ("border market", "fa", 0.5, "not in Persian"),
        ("scholarships", "en", 0, "more than 0 and at most 1"),
        ("scholarships", "en", 1.5, "more than 0 and at most 1"),
        ("scholarships", "en", "much", "not a number"),
    ],
)
def test_an_empty_or_absurd_term_is_refused_saying_why(text, language, weight, says):
    with pytest.raises(DomainError, match=says):
        check_term(text, language, weight)


@pytest.mark.parametrize(
    ("text", "language"),
    [("scholarships for Iraqi students", "en"), ("بورسیه", "fa"), ("المنح الدراسية", "ar")],
)
def test_a_descriptive_term_is_accepted_and_normalised(text, language):
    kept, normalized = check_term(f"  {text} ", language, 0.8)
    assert kept == text
    assert normalized


@pytest.mark.django_db
def test_the_starter_catalogue_gives_every_initiative_terms_in_three_languages():
    result = load_catalogue()

    assert result.created["profile_terms"] == ProfileTerm.objects.count() > 300
    for initiative in Initiative.objects.all():
        terms = initiative.profile_terms.filter(kind="describes")
        assert set(terms.values_list("language", flat=True)) == {"en", "fa", "ar"}, initiative
        excludes = initiative.profile_terms.filter(kind="excludes")
        assert excludes.filter(normalized="football").exists(), initiative
    again = load_catalogue()
    assert again.created["profile_terms"] == 0
    assert "profile terms: 0 new, 0 updated" in again.summary()


@pytest.mark.django_db
def test_a_term_an_editor_removed_stays_removed_after_a_reload():
    load_catalogue()
    term = ProfileTerm.objects.get(initiative__slug="border-markets", text="lorries")
    ProfileTerm.objects.filter(pk=term.pk).update(is_active=False)

    load_catalogue(refresh=True)

    term.refresh_from_db()
    assert term.is_active is False
    assert (
        ProfileTerm.objects.filter(initiative__slug="border-markets", text="lorries").count() == 1
    )


@pytest.mark.django_db
def test_a_catalogue_with_a_bad_term_is_refused_naming_it_and_nothing_is_stored(tmp_path):
    data = json.loads(STARTER_CATALOGUE.read_text(encoding="utf-8"))
    railway = data["initiatives"][0]
    railway["profile_terms"]["en"].append({"text": "Iraq", "weight": 0.5})
    railway["profile_exclusions"]["fa"].append({"text": "فوتبال", "weight": 3})
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(CatalogueError) as refused:
        load_catalogue(read_catalogue(path))

    message = str(refused.value)
    assert "basra-shalamcheh-railway" in message
    assert "profile term “Iraq” (en)" in message and "almost every article" in message
    assert "exclusion “فوتبال” (fa)" in message and "at most 1" in message
    assert not Initiative.objects.exists() and not ProfileTerm.objects.exists()
