"""manage.py export_editorial / import_editorial: the editorial record as JSON Lines, read back
whole and idempotently; files of another schema version, cut short or damaged are refused and
change nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleLink
from articles.services import confirm_link, reject_link
from initiatives.models import AuditEvent, Initiative, Milestone, StatusChange

pytestmark = pytest.mark.django_db

TABLES = (Initiative, StatusChange, Milestone, ArticleLink, AuditEvent)


@pytest.fixture
def record(editor):
    """The demo, plus an editor's decisions (each audited)."""
    call_command("load_demo", stdout=io.StringIO())
    links = list(ArticleLink.objects.filter(state="suggested").order_by("pk")[:4])
    for link in links[:2]:
        confirm_link(link, by=editor)
    for link in links[2:]:
        reject_link(link, by=editor)
    return links


def export(path: Path) -> list[dict]:
    call_command("export_editorial", "--output", str(path), stderr=io.StringIO())
    return [json.loads(line) for line in path.read_text().splitlines()]


def run_import(path: Path) -> str:
    out = io.StringIO()
    call_command("import_editorial", str(path), stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


def test_the_record_comes_back_whole_after_it_is_lost(record, tmp_path):
    first = export(tmp_path / "record.jsonl")
    kinds = {r["type"] for r in first}
    assert {"initiative", "alias", "status_change", "milestone", "decision", "audit"} <= kinds
    decided = {r["article"]["content_hash"] for r in first if r["type"] == "decision"}
    assert len(decided) >= 4
    # The editorial record is lost; the articles (re-creatable from the news) are still there.
    AuditEvent.objects.all().delete()
    Initiative.objects.all().delete()
    assert ArticleLink.objects.count() == 0 and Article.objects.exists()

    out = run_import(tmp_path / "record.jsonl")
    assert "Imported" in out and "initiative" in out
    second = export(tmp_path / "again.jsonl")
    assert second[1:] == first[1:]  # every record equal (only the header's time differs)


def test_importing_the_same_file_twice_changes_nothing(record, tmp_path):
    export(tmp_path / "record.jsonl")
    before = counts()
    assert "nothing new (already up to date)" in run_import(tmp_path / "record.jsonl")
    assert counts() == before


def _rewrite(path: Path, lines: list[dict]) -> None:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            lambda lines: [{**lines[0], "schema_version": 2}, *lines[1:]],
            "This file is editorial export schema version 2; this code reads version 1.",
        ),
        (lambda lines: lines[: len(lines) // 2], "The file is incomplete"),
        (lambda lines: lines[:-1], "The file is incomplete"),
        (lambda lines: [lines[0], {"type": "secret"}, *lines[1:]], "unknown record type"),
        (lambda lines: [{"type": "header", "format": "other"}, *lines[1:]], "not an editorial"),
    ],
    ids=["newer schema", "cut in half", "no end line", "unknown type", "another format"],
)
def test_a_damaged_or_foreign_file_is_refused_and_nothing_changes(
    record, tmp_path, damage, message
):
    lines = export(tmp_path / "record.jsonl")
    AuditEvent.objects.filter(action="link.confirmed").delete()
    before = counts()
    damaged = tmp_path / "damaged.jsonl"
    _rewrite(damaged, damage(lines))
    with pytest.raises(CommandError, match="nothing was imported") as refused:
        run_import(damaged)
    assert message in str(refused.value)
    assert counts() == before


def test_a_line_that_is_not_json_is_named_by_its_number(record, tmp_path):
    path = tmp_path / "record.jsonl"
    export(path)
    text = path.read_text().splitlines()
    text[3] = text[3][:20]
    path.write_text("\n".join(text) + "\n")
    with pytest.raises(CommandError, match="Line 4 is not JSON; nothing was imported."):
        run_import(path)


def test_a_bad_value_rolls_the_whole_import_back(record, tmp_path):
    lines = export(tmp_path / "record.jsonl")
    Milestone.objects.all().delete()
    before = counts()
    bad = [r if r["type"] != "decision" else {**r, "state": "maybe"} for r in lines]
    _rewrite(tmp_path / "bad.jsonl", bad)
    with pytest.raises(CommandError, match=r"Line \d+ \(decision\) could not be imported"):
        run_import(tmp_path / "bad.jsonl")
    assert counts() == before  # the milestones earlier in the file were not kept either


def test_a_decision_whose_article_is_missing_is_skipped_and_counted(record, tmp_path):
    lines = export(tmp_path / "record.jsonl")
    hashes = [r["article"]["content_hash"] for r in lines if r["type"] == "decision"]
    unreferenced = Article.objects.filter(
        content_hash__in=hashes, milestones__isnull=True, status_changes__isnull=True
    ).first()
    unreferenced.delete()  # one decided article is gone (not yet re-ingested)
    out = run_import(tmp_path / "record.jsonl")
    assert "Skipped 1: decision whose article is not in this database." in out


def test_people_named_in_the_record_come_back_inactive_without_a_password(record, tmp_path):
    export(tmp_path / "record.jsonl")
    from django.contrib.auth import get_user_model

    AuditEvent.objects.all().delete()
    Initiative.objects.all().delete()
    get_user_model().objects.filter(username="editor").delete()
    run_import(tmp_path / "record.jsonl")
    editor = get_user_model().objects.get(username="editor")
    assert not editor.is_active and not editor.has_usable_password()
    assert AuditEvent.objects.filter(actor=editor, action="link.confirmed").count() == 2
