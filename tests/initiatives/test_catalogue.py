"""The starter catalogue: complete, factual in shape, idempotent, and never undoing editors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from core.text import normalize_for_matching
from initiatives.catalogue_loader import (
    CatalogueData,
    CatalogueError,
    load_catalogue,
    starter_catalogue,
)
from initiatives.models import (
    Alias,
    AuditEvent,
    Country,
    Initiative,
    KeyFigure,
    Organization,
    Person,
    Place,
    StatusChange,
)
from initiatives.services import change_status

SLUGS = {
    "basra-shalamcheh-railway",
    "border-markets",
    "free-zones",
    "energy-gas-electricity",
    "border-security-agreement",
    "arbaeen-pilgrimage",
    "transport-corridors",
    "trade-banking",
    "science-academic-exchange",
    "cultural-cooperation",
}


def _row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Country,
            Place,
            Organization,
            Person,
            Initiative,
            Alias,
            KeyFigure,
            StatusChange,
            AuditEvent,
        )
    }


@pytest.fixture
def loaded(db):
    return load_catalogue()


def test_all_ten_initiatives_exist_with_both_countries_and_aliases_in_three_languages(loaded):
    assert set(Initiative.objects.values_list("slug", flat=True)) == SLUGS
    for initiative in Initiative.objects.prefetch_related("aliases", "countries"):
        languages = {a.language for a in initiative.aliases.all()}
        assert languages == {"en", "fa", "ar"}, initiative.slug
        partners = {"TR", "QA", "AE"} if initiative.slug == "transport-corridors" else set()
        # The corridor initiative covers Iraq's Development Road with Turkey, Qatar and the UAE.
        assert {c.code for c in initiative.countries.all()} == {"IR", "IQ"} | partners
        assert initiative.name_fa and initiative.name_ar and initiative.summary
        assert initiative.places.exists(), initiative.slug


def test_every_initiative_has_a_status_history_ending_in_its_current_status(loaded):
    for initiative in Initiative.objects.all():
        latest = initiative.status_changes.order_by("-date", "-id").first()
        assert latest is not None, initiative.slug
        assert latest.to_status == initiative.status
        assert latest.date == initiative.status_since


def test_railway_history_follows_public_facts(loaded):
    railway = Initiative.objects.get(slug="basra-shalamcheh-railway")
    history = list(railway.status_changes.order_by("date").values_list("to_status", "date"))
    assert history == [
        ("agreed", dt.date(2021, 12, 26)),
        ("in_implementation", dt.date(2023, 9, 2)),
    ]
    length = railway.key_figures.get(label="Length")
    assert (length.value, length.unit) == (32, "km")


def test_places_have_coordinates_in_the_region_and_names_in_persian_and_arabic(loaded):
    assert Place.objects.count() >= 19
    for place in Place.objects.all():
        # Iran and Iraq lie within roughly 25–40 °N and 38–64 °E.
        assert 25 <= place.latitude <= 40, place.slug
        assert 38 <= place.longitude <= 64, place.slug
        assert place.name_fa and place.name_ar, place.slug
    kinds = set(Place.objects.values_list("kind", flat=True))
    assert {"city", "crossing", "province", "port"} <= kinds
    assert Place.objects.get(slug="shalamcheh-crossing").kind == "crossing"


def test_people_named_in_the_seed_articles_are_present_with_roles(loaded):
    pezeshkian = Person.objects.get(slug="masoud-pezeshkian")
    assert pezeshkian.role == "President of Iran"
    assert {"Pezeshkian", "President Pezeshkian"} <= set(pezeshkian.other_names)
    rashid = Person.objects.get(slug="abdul-latif-rashid")
    assert rashid.role == "President of Iraq"
    assert "Rashid" in rashid.other_names
    araji = Person.objects.get(slug="qassem-al-araji")
    assert "National Security Adviser" in araji.role
    assert {"al-Araji", "Al-Araji", "Qasim al-Araji"} <= set(araji.other_names)
    for person in Person.objects.all():
        assert person.name_fa and person.name_ar and person.role and person.country_id


@pytest.mark.parametrize(
    ("phrase", "slug"),
    [
        ("railway project", "basra-shalamcheh-railway"),
        ("Basra–Shalamcheh railway", "basra-shalamcheh-railway"),
        ("joint free zones", "free-zones"),
        ("border markets", "border-markets"),
        ("security treaty", "border-security-agreement"),
        ("transport corridor", "transport-corridors"),
        ("academic exchanges", "science-academic-exchange"),
        ("energy cooperation", "energy-gas-electricity"),
        ("راه‌آهن شلمچه–بصره", "basra-shalamcheh-railway"),
        ("زيارة الأربعين", "arbaeen-pilgrimage"),
    ],
)
def test_generic_phrases_of_the_seed_articles_point_to_exactly_one_initiative(loaded, phrase, slug):
    matches = Alias.objects.filter(normalized=normalize_for_matching(phrase))
    assert {a.initiative.slug for a in matches} == {slug}


def test_generic_aliases_weigh_less_than_specific_names(loaded):
    generic = Alias.objects.get(normalized="rail link")
    specific = Alias.objects.get(normalized=normalize_for_matching("Basra–Shalamcheh railway"))
    assert generic.specificity < 1 == specific.specificity


def test_loading_twice_creates_and_changes_nothing(loaded):
    before = _row_counts()
    second = load_catalogue()
    assert not second.changed_anything
    assert _row_counts() == before


def test_loading_again_keeps_an_editors_status_change(loaded, editor):
    railway = Initiative.objects.get(slug="basra-shalamcheh-railway")
    change_status(railway, "stalled", date=dt.date(2025, 1, 10), note="Works halted", by=editor)
    history = railway.status_changes.count()

    result = load_catalogue(refresh=True)

    railway.refresh_from_db()
    assert railway.status == "stalled"
    assert railway.status_since == dt.date(2025, 1, 10)
    assert railway.status_changes.count() == history
    assert result.kept_status == ["basra-shalamcheh-railway"]


def test_loading_again_keeps_an_editors_summary_unless_refresh_is_asked(loaded):
    Initiative.objects.filter(slug="free-zones").update(summary="Edited by an editor.")
    load_catalogue()
    assert Initiative.objects.get(slug="free-zones").summary == "Edited by an editor."

    load_catalogue(refresh=True)
    initiative = Initiative.objects.get(slug="free-zones")
    assert initiative.summary.startswith("Proposals for free-trade")
    assert AuditEvent.objects.filter(action="catalogue.update", initiative=initiative).exists()


def test_a_deactivated_alias_stays_deactivated_after_reload(loaded):
    alias = Alias.objects.get(normalized="rail link")
    alias.is_active = False
    alias.save()
    load_catalogue(refresh=True)
    alias.refresh_from_db()
    assert alias.is_active is False


def test_an_initiative_created_by_hand_gets_the_catalogue_history(db):
    Initiative.objects.create(slug="trade-banking", name="Banking", sector="trade_finance")
    load_catalogue()
    initiative = Initiative.objects.get(slug="trade-banking")
    assert initiative.name == "Banking"  # not overwritten without refresh
    assert initiative.status == "in_implementation"
    assert initiative.status_changes.count() == 1
    assert initiative.aliases.filter(language="fa").exists()


def test_inconsistent_data_is_refused_with_every_problem_and_nothing_is_stored(loaded):
    before = _row_counts()
    bad_initiative = {
        **starter_catalogue().initiatives[0],
        "slug": "new-one",
        "sector": "space",
        "places": ["atlantis"],
        "history": [
            (dt.date(2024, 1, 1), "proposed", ""),
            (dt.date(2024, 2, 1), "operational", ""),
        ],
    }
    bad_place = {**starter_catalogue().places[0], "slug": "nowhere", "latitude": "123"}
    data = CatalogueData.default()
    data = CatalogueData(
        countries=data.countries,
        places=[*data.places, bad_place],
        organizations=data.organizations,
        people=data.people,
        initiatives=[*data.initiatives, bad_initiative],
    )
    with pytest.raises(CatalogueError) as error:
        load_catalogue(data)
    message = error.value.message
    assert "sector “space”" in message
    assert "unknown place “atlantis”" in message
    assert "proposed → operational" in message
    assert "latitude “123”" in message
    assert _row_counts() == before


def test_catalogue_aliases_are_distinct_after_normalisation():
    # Guard for people extending the catalogue: duplicates would break the unique constraint.
    data = CatalogueData.default()
    for row in data.initiatives:
        for language, aliases in row["aliases"].items():
            forms = [normalize_for_matching(text) for text, _ in aliases]
            assert len(forms) == len(set(forms)), (row["slug"], language)


def test_load_catalogue_command_reports_nothing_new_on_a_second_run(db, capsys):
    call_command("load_catalogue")
    call_command("load_catalogue")
    out = capsys.readouterr().out
    assert "initiatives: 0 new, 0 updated" in out
    assert "already up to date" in out
