"""The catalogue file: the shipped one is sound, a bad one is refused by name and stores nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from initiatives.catalogue_loader import (
    STARTER_CATALOGUE,
    CatalogueError,
    load_catalogue,
    read_catalogue,
    starter_catalogue,
    validate,
)
from initiatives.models import Alias, AuditEvent, Initiative, KeyFigure, Place, StatusChange


def _shipped() -> dict:
    return json.loads(STARTER_CATALOGUE.read_text(encoding="utf-8"))


def _write(tmp_path: Path, document: dict) -> Path:
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def _row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Place, Initiative, Alias, KeyFigure, StatusChange, AuditEvent)
    }


def _initiative(document: dict, slug: str) -> dict:
    return next(row for row in document["initiatives"] if row["slug"] == slug)


def _unknown_key(d):
    _initiative(d, "free-zones")["sektor"] = "free_zones"


def _missing_field(d):
    del d["places"][0]["latitude"]


def _wrong_type(d):
    _initiative(d, "border-markets")["places"] = "mehran-crossing"


def _wrong_date(d):
    _initiative(d, "free-zones")["history"][0]["date"] = "1 January 2023"


def _undefined_slug(d):
    _initiative(d, "free-zones")["people"].append("nobody-at-all")


def _duplicate_slug(d):
    d["places"].append(copy.deepcopy(d["places"][0]))


def _unknown_language(d):
    _initiative(d, "free-zones")["aliases"]["ku"] = [{"text": "zona", "specificity": 1.0}]


def _unknown_sector(d):
    _initiative(d, "free-zones")["sector"] = "space"


def _unknown_status(d):
    _initiative(d, "free-zones")["history"][0]["status"] = "dreamt_of"


BAD_FILES = [
    (_unknown_key, "initiative “free-zones”: unknown key “sektor”"),
    (_missing_field, "place “basra”: missing required field “latitude”"),
    (
        _wrong_type,
        "initiative “border-markets”: field “places” must be a list of texts, not the text "
        "“mehran-crossing”",
    ),
    (_wrong_date, "initiative “free-zones”: history[0]: field “date” must be a date"),
    (_undefined_slug, "initiative “free-zones”: unknown person “nobody-at-all”"),
    (_duplicate_slug, "places: slug “basra” appears twice"),
    (_unknown_language, "initiative “free-zones”: alias language “ku” is not one of en, fa, ar"),
    (_unknown_sector, "initiative “free-zones”: sector “space” is not one of"),
    (_unknown_status, "initiative “free-zones”: status “dreamt_of” is not one of"),
]


def test_the_shipped_file_reads_and_validates(db):
    data = starter_catalogue()
    validate(data)
    assert len(data.initiatives) == 10
    railway = next(row for row in data.initiatives if row["slug"] == "basra-shalamcheh-railway")
    date, status, _note = railway["history"][0]
    assert (date.isoformat(), status) == ("2021-12-26", "agreed")


def test_the_shipped_file_keeps_persian_and_arabic_readable():
    text = STARTER_CATALOGUE.read_text(encoding="utf-8")
    assert "\\u06" not in text  # no escaped Persian/Arabic
    assert '"name_fa": "ایران"' in text


@pytest.mark.parametrize(("spoil", "message"), BAD_FILES, ids=[f.__name__ for f, _ in BAD_FILES])
def test_a_bad_file_is_refused_naming_entry_and_field_and_nothing_changes(
    db, tmp_path, spoil, message
):
    load_catalogue()
    Initiative.objects.filter(slug="free-zones").update(summary="Edited by an editor.")
    before = _row_counts()
    document = _shipped()
    spoil(document)
    path = _write(tmp_path, document)

    with pytest.raises(CommandError) as error:
        call_command("load_catalogue", str(path), "--refresh")

    assert message in str(error.value)
    assert _row_counts() == before
    assert Initiative.objects.get(slug="free-zones").summary == "Edited by an editor."


def test_every_problem_of_a_file_is_listed_at_once(tmp_path):
    document = _shipped()
    _unknown_key(document)
    _missing_field(document)
    with pytest.raises(CatalogueError) as error:
        read_catalogue(_write(tmp_path, document))
    assert "unknown key “sektor”" in error.value.message
    assert "missing required field “latitude”" in error.value.message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"countries": [', "not valid JSON at line 1"),
        ("[]", "must hold a JSON object, not a list"),
        ('{"countries": []}', "missing list “places”"),
    ],
)
def test_a_file_that_is_not_a_catalogue_is_refused(tmp_path, content, message):
    path = tmp_path / "catalogue.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        read_catalogue(path)
    assert message in error.value.message


def test_a_missing_file_is_refused_by_the_command(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_catalogue", str(tmp_path / "nowhere.json"))


def test_loading_another_file_twice_changes_nothing_the_second_time(db, tmp_path, capsys):
    document = _shipped()
    _initiative(document, "free-zones")["aliases"]["en"].append(
        {"text": "joint economic zone", "specificity": 0.9}
    )
    path = _write(tmp_path, document)

    call_command("load_catalogue", str(path))
    before = _row_counts()
    call_command("load_catalogue", str(path))

    assert _row_counts() == before
    assert Alias.objects.filter(normalized="joint economic zone").exists()
    assert "already up to date" in capsys.readouterr().out


def test_help_names_the_optional_path():
    from initiatives.management.commands.load_catalogue import Command

    help_text = Command().create_parser("manage.py", "load_catalogue").format_help()
    assert "PATH" in help_text
    assert "initiatives/catalogue.json" in " ".join(help_text.split())
