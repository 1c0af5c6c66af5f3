"""The sample articles (../shared/seeds) become articles with bylines and attributed quotes."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from articles.models import Article, IngestionRun, Statement

pytestmark = pytest.mark.django_db


def _import(paths) -> str:
    out = io.StringIO()
    call_command("import_articles", *map(str, paths), stdout=out)
    return out.getvalue()


def _quotes_by(article: Article) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for statement in article.statements.select_related("speaker"):
        key = statement.speaker.slug if statement.speaker else "?"
        found.setdefault(key, []).append(statement.text)
    return found


def test_both_seed_files_become_articles_with_the_reporters_byline(seed_paths, seed_people):
    output = _import(seed_paths)

    assert "imported 2, duplicates 0, refused 0" in output
    bylines = sorted(Article.objects.values_list("byline", flat=True))
    assert bylines == ["Mojtaba Darabi", "Zohre Khazaee"]
    for article in Article.objects.all():
        assert article.url == ""
        assert article.date_estimated is True
        assert article.language == "en"
        assert article.ingested_via == Article.Via.FILE
        assert not article.body.rstrip().endswith(("Darabi", "shirzadian"))
        assert 20 < len(article.title) <= 131


def test_seed_titles_are_the_news_sentences(seed_paths, seed_people):
    _import(seed_paths)

    titles = set(Article.objects.values_list("title", flat=True))
    assert (
        "Iran and Iraq maintain one of the region’s strongest political, cultural, "
        "and economic ties"
    ) in titles
    assert (
        "Iranian President Masoud Pezeshkian has called on Iraq to accelerate work on a joint "
        "rail link connecting the two countries"
    ) in titles


def test_speaker_lines_attribute_the_quotes_below_them(seed_paths, seed_people):
    _import(seed_paths)

    article = Article.objects.get(byline="Mojtaba Darabi")
    quotes = _quotes_by(article)
    assert set(quotes) == {"masoud-pezeshkian", "abdul-latif-rashid"}
    assert len(quotes["masoud-pezeshkian"]) == 4
    assert quotes["masoud-pezeshkian"][0].startswith("We feel a profound sense of kinship")
    assert len(quotes["abdul-latif-rashid"]) == 3
    assert quotes["abdul-latif-rashid"][0].startswith("Iran is our most important neighbor")
    speaker_names = set(article.statements.values_list("speaker_name", flat=True))
    assert speaker_names == {"President Masoud Pezeshkian", "Iraqi President Abdul Latif Rashid"}


def test_inline_quotes_are_attributed_to_who_said_them(seed_paths, seed_people):
    _import(seed_paths)

    article = Article.objects.get(byline="Zohre Khazaee")
    quotes = _quotes_by(article)
    assert any(q.startswith("Speeding up the implementation") for q in quotes["masoud-pezeshkian"])
    assert any(q.startswith("From a faith-based perspective") for q in quotes["masoud-pezeshkian"])
    araji = quotes["qassem-al-araji"]
    assert "The security of Iran and Iraq is inseparable." in araji
    assert any(q.startswith("must remain among the safest") for q in araji)
    # Two-word scare quotes are not statements.
    short = ["excellent level", "strategic move", "US and Zionist plots"]
    assert not Statement.objects.filter(text__in=short).exists()
    # Each quote points at its place in the body.
    for statement in article.statements.all():
        assert article.body[statement.position :].startswith(statement.text[:20])


def test_importing_the_seeds_twice_creates_nothing_new(seed_paths, seed_people):
    _import(seed_paths)
    counts = (Article.objects.count(), Statement.objects.count())

    output = _import(seed_paths)

    assert "imported 0, duplicates 2, refused 0" in output
    assert (Article.objects.count(), Statement.objects.count()) == counts == (2, counts[1])
    runs = IngestionRun.objects.filter(kind=IngestionRun.Kind.FILE)
    assert runs.count() == 4
    assert all(r.state == IngestionRun.State.SUCCEEDED for r in runs)
    assert sorted(r.created for r in runs) == [0, 0, 1, 1]


def test_seed_people_are_recorded_as_mentioned(seed_paths, seed_people):
    _import(seed_paths)

    article = Article.objects.get(byline="Zohre Khazaee")
    assert set(article.people.values_list("slug", flat=True)) == {
        "masoud-pezeshkian",
        "qassem-al-araji",
    }
