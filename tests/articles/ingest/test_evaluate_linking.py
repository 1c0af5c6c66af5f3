"""evaluate_linking: the pipeline's linker measured on a labelled file, nothing stored."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.ingest import evaluation
from articles.models import Article, ArticleLink
from tests.factories import AliasFactory, ArticleFactory, InitiativeFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    rail = InitiativeFactory(slug="basra-shalamcheh-railway", name="Basra–Shalamcheh railway")
    AliasFactory(initiative=rail, text="Basra–Shalamcheh railway", language="en")
    AliasFactory(initiative=rail, text="سكة حديد الشلامجة البصرة", language="ar")
    markets = InitiativeFactory(slug="border-markets", name="Border markets")
    AliasFactory(initiative=markets, text="border markets", language="en", specificity=0.8)
    AliasFactory(initiative=markets, text="الأسواق الحدودية", language="ar")
    rail.places.add(PlaceFactory(slug="basra", name="Basra"))


def _line(title: str, body: str, labels: list[str], language: str = "en", **extra) -> str:
    record = {
        "url": f"https://wire.example/{abs(hash(title))}",
        "title": title,
        "published_at": "2024-05-02T10:00:00+03:00",
        "language": language,
        "body": body,
        "labels": labels,
        **extra,
    }
    return json.dumps(record, ensure_ascii=False)


# Five valid items with a known answer, and two broken lines (3 and 7).
LINES = [
    # right, and auto-confirmed: title + lead + body (and Basra, a place of the railway)
    _line(
        "Basra–Shalamcheh railway work begins",
        "Work on the Basra–Shalamcheh railway began on Thursday.\n"
        "Officials spoke at the border.\n"
        "The Basra–Shalamcheh railway is 32 km long.",
        ["basra-shalamcheh-railway"],
        kind="named",
    ),
    # right: the alias in the title
    _line("Border markets reopen", "Traders returned on Monday.", ["border-markets"]),
    "{this is not json",
    # wrong: a negative the name matcher links
    _line("Border markets seminar held", "Economists discussed trade.", [], kind="negative"),
    # missed: described, no alias
    _line(
        "Work on the 32 km line to the border continues",
        "Engineers laid track on the Iraqi side.",
        ["basra-shalamcheh-railway"],
        kind="described",
    ),
    # right (markets), and the railway in `also`: accepted, neither right nor wrong
    _line(
        "افتتاح الأسواق الحدودية",
        "وسيمر مشروع سكة حديد الشلامجة البصرة قرب المنطقة.",
        ["border-markets"],
        language="ar",
        also=["basra-shalamcheh-railway"],
    ),
    _line("No labels field", "A body.", []).replace('"labels": []', '"labels": "none"'),
]


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return path


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("evaluate_linking", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_report_gives_exact_precision_and_recall(catalogue, labelled):
    items, problems = evaluation.read_labelled(labelled)
    report = evaluation.evaluate(items)

    assert len(items) == 5 and len(problems) == 2
    overall = report.overall
    assert (overall.right, overall.wrong, overall.missed, overall.accepted) == (3, 1, 1, 1)
    assert overall.precision == 0.75
    assert overall.recall == 0.75
    en, ar = report.by_language["en"], report.by_language["ar"]
    assert (en.right, en.wrong, en.missed) == (2, 1, 1)
    assert en.precision == pytest.approx(2 / 3) and en.recall == pytest.approx(2 / 3)
    assert (ar.precision, ar.recall) == (1.0, 1.0)
    markets = report.by_initiative["border-markets"]
    assert (markets.items, markets.right, markets.wrong, markets.precision) == (2, 2, 1, 2 / 3)
    assert report.by_initiative["basra-shalamcheh-railway"].recall == 0.5
    assert (report.autoconfirmed.right, report.autoconfirmed.wrong) == (1, 0)
    assert (report.negatives, report.negatives_with_wrong_link) == (1, 1)


def test_wrong_and_missed_links_are_listed_with_scores_and_reasons(catalogue, labelled):
    report = evaluation.evaluate(evaluation.read_labelled(labelled)[0])

    [wrong] = report.wrong
    assert wrong.where == f"{labelled}:4"
    assert wrong.initiative == "border-markets"
    assert wrong.score == pytest.approx(1 - 2.718281828 ** (-1.2 * 0.8), abs=1e-3)
    assert wrong.reasons == ["“border markets” in title"]
    [missed] = report.missed
    assert (missed.where, missed.initiative, missed.score) == (
        f"{labelled}:5",
        "basra-shalamcheh-railway",
        0.0,
    )


def test_calibration_counts_every_scored_link_in_its_band(catalogue, labelled):
    report = evaluation.evaluate(evaluation.read_labelled(labelled)[0])

    assert sum(b.links for b in report.bands) == 5  # 3 right, 1 wrong, 1 accepted
    assert sum(b.right for b in report.bands) == 3
    top = report.bands[-1]
    assert (top.low, top.right, top.wrong) == (0.9, 1, 0)


def test_command_prints_the_figures_and_reports_malformed_lines(catalogue, labelled):
    out, err = _run(str(labelled))

    assert "5 labelled items" in out
    overall = next(line for line in out.splitlines() if line.startswith("overall"))
    assert overall.split()[1:] == ["5", "3", "1", "1", "1", "0.750", "0.750"]
    assert f"{labelled}:3: skipped, not valid JSON" in err
    assert f"{labelled}:7: skipped, field “labels” missing or not a list" in err


def test_command_stores_nothing(catalogue, labelled):
    ArticleFactory()
    articles, links = Article.objects.count(), ArticleLink.objects.count()

    _run(str(labelled))

    assert (Article.objects.count(), ArticleLink.objects.count()) == (articles, links)


def test_command_exits_non_zero_below_the_floors(catalogue, labelled):
    with pytest.raises(CommandError, match=r"precision 0\.750 is below the floor 0\.800"):
        _run(str(labelled), "--min-precision", "0.8", "--min-recall", "0.5")
    with pytest.raises(CommandError, match=r"recall 0\.750 is below the floor 0\.900"):
        _run(str(labelled), "--min-recall", "0.9")


def test_command_passes_at_or_above_the_floors(catalogue, labelled):
    out, _err = _run(str(labelled), "--min-precision", "0.75", "--min-recall", "0.75")

    assert "overall" in out


def test_json_report_holds_the_same_figures(catalogue, labelled):
    out, _err = _run(str(labelled), "--json")

    data = json.loads(out)
    assert data["overall"]["precision"] == 0.75
    assert data["by_language"]["ar"]["recall"] == 1.0
    assert [p["where"] for p in data["problems"]] == [f"{labelled}:3", f"{labelled}:7"]


def test_a_file_without_valid_lines_is_an_error(catalogue, tmp_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text("not json\n[]\n", encoding="utf-8")

    with pytest.raises(CommandError, match="no valid labelled lines in .*broken.jsonl"):
        _run(str(broken))
