"""Demo data: fresh dates, three languages, evidence for every initiative, idempotent loads."""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, ArticleLink, Cluster, Feed, IngestionRun, Statement
from core.text import normalize_for_matching
from demo.loader import load_demo
from initiatives.catalogue_loader import load_catalogue
from initiatives.models import AuditEvent, Initiative, Milestone, StatusChange
from initiatives.services import change_status


def _row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Article,
            ArticleLink,
            Statement,
            Cluster,
            Feed,
            IngestionRun,
            StatusChange,
            Milestone,
            AuditEvent,
        )
    }


@pytest.fixture
def demo(db):
    return load_demo()


def test_demo_loads_the_catalogue_first_when_it_is_missing(demo):
    assert demo.catalogue_loaded
    assert Initiative.objects.count() == 10


def test_demo_has_three_dozen_articles_spread_over_the_last_two_years(demo):
    articles = Article.objects.all()
    assert articles.count() >= 36
    dates = sorted(a.published_at for a in articles)
    now = timezone.now()
    assert dates[-1] <= now
    assert dates[0] >= now - dt.timedelta(days=731)
    assert (dates[-1] - dates[0]).days >= 700
    # Several articles in each of the last two years, so every timeline range has something.
    assert articles.filter(published_at__gte=now - dt.timedelta(days=365)).count() >= 10
    assert articles.filter(published_at__lt=now - dt.timedelta(days=365)).count() >= 10


def test_demo_articles_come_in_english_persian_and_arabic_from_several_outlets(demo):
    counts = {lang: Article.objects.filter(language=lang).count() for lang in ("en", "fa", "ar")}
    assert counts["en"] > counts["fa"] >= 4
    assert counts["ar"] >= 3
    assert Article.objects.values("source").distinct().count() >= 8


def test_demo_articles_carry_demo_provenance_and_never_point_at_real_sites(demo):
    run = IngestionRun.objects.get()
    assert run.kind == "demo" and run.state == "succeeded"
    assert run.created == Article.objects.count()
    for article in Article.objects.all():
        assert article.ingested_via == "demo"
        assert article.ingestion_run == run
        host = urlsplit(article.url).hostname
        assert host.startswith("demo.") and host.endswith(".example"), article.url
        expected = hashlib.sha256(normalize_for_matching(article.body).encode()).hexdigest()
        assert article.content_hash == expected
    for feed in Feed.objects.all():
        assert not feed.active
        assert urlsplit(feed.url).hostname == "127.0.0.1"
    assert Feed.objects.count() == 2


def test_every_initiative_has_confirmed_evidence(demo):
    for initiative in Initiative.objects.all():
        assert initiative.links.filter(state="confirmed", decided_at__isnull=False).exists(), (
            initiative.slug
        )


def test_the_review_queue_has_suggestions_and_some_links_were_rejected(demo):
    suggested = ArticleLink.objects.filter(state="suggested")
    assert suggested.count() >= 8
    assert all(0.4 <= link.score <= 0.85 for link in suggested)
    assert all(link.decided_at is None for link in suggested)
    assert ArticleLink.objects.filter(state="rejected").count() >= 2


def test_suggestions_quote_the_article_as_written_around_the_name_that_matched(demo):
    """Editors read the snippet to decide: it is the article's own words (case, letters)
    from the paragraph that names the initiative, with … where the paragraph was cut."""
    links = ArticleLink.objects.filter(matched_alias__isnull=False).select_related(
        "article", "matched_alias"
    )
    assert links.count() >= 10
    for link in links:
        words = link.snippet.strip("…")
        assert words in link.article.body, (link.pk, link.snippet)
        assert link.matched_alias.normalized in normalize_for_matching(words), link.snippet
        paragraph = next(p for p in link.article.body.split("\n\n") if words in p)
        assert link.snippet.startswith("…") == (not paragraph.startswith(words))
        assert link.snippet.endswith("…") == (not paragraph.endswith(words))


def test_one_story_from_three_outlets_shares_a_cluster(demo):
    cluster = Cluster.objects.get()
    articles = cluster.articles.all()
    assert articles.count() == 3
    assert len({a.source_id for a in articles}) == 3


def test_statement_positions_point_at_the_quote_in_the_body(demo):
    statements = Statement.objects.select_related("article", "speaker")
    assert statements.count() >= 30
    for statement in statements:
        body = statement.article.body
        assert body[statement.position : statement.position + len(statement.text)] == (
            statement.text
        )
        assert statement.speaker is not None
        assert statement.article.people.filter(pk=statement.speaker_id).exists()
    speakers = {s.speaker.slug for s in statements}
    assert {"masoud-pezeshkian", "abdul-latif-rashid", "qassem-al-araji"} <= speakers


def test_status_changes_and_milestones_cite_demo_articles_and_keep_history_consistent(demo):
    assert demo.status_changes >= 3 and demo.milestones >= 5
    evidenced = StatusChange.objects.filter(evidence__isnull=False)
    assert evidenced.count() == demo.status_changes
    assert Milestone.objects.filter(evidence__ingested_via="demo").count() == demo.milestones
    for initiative in Initiative.objects.all():
        latest = initiative.status_changes.order_by("-date", "-id").first()
        assert (latest.to_status, latest.date) == (initiative.status, initiative.status_since)
    security = Initiative.objects.get(slug="border-security-agreement")
    assert security.status == "operational"
    assert security.status_changes.get(to_status="operational").evidence.language == "en"


def test_loading_the_demo_again_creates_nothing(demo, capsys):
    before = _row_counts()
    call_command("load_demo")
    assert _row_counts() == before
    assert "0 new" in capsys.readouterr().out


def test_demo_skips_a_status_change_an_editor_made_impossible(db, editor):
    load_catalogue()
    free_zones = Initiative.objects.get(slug="free-zones")
    change_status(free_zones, "cancelled", date=dt.date(2023, 6, 1), by=editor)

    result = load_demo()

    free_zones.refresh_from_db()
    assert free_zones.status == "cancelled"
    assert any(reason.startswith("free-zones") for reason in result.skipped)
    assert Article.objects.count() >= 36


def test_with_users_creates_the_three_demo_accounts_in_their_groups(db, settings):
    settings.DEBUG = True
    call_command("load_demo", "--with-users")
    for username, group in (("analyst", "analyst"), ("editor", "editor"), ("admin", "admin")):
        user = authenticate(username=username, password=f"{username}-demo")
        assert user is not None, username
        assert user.groups.filter(name=group).exists()
    # Confirmed links are then decided by the demo editor.
    assert ArticleLink.objects.filter(state="confirmed", decided_by__username="editor").exists()


def test_with_users_is_refused_when_debug_is_off_but_the_demo_still_loads(db, settings, capsys):
    settings.DEBUG = False
    call_command("load_demo", "--with-users")
    assert "local demos only" in capsys.readouterr().err
    assert not get_user_model().objects.filter(username__in=["analyst", "editor", "admin"])
    assert Article.objects.count() >= 36


def test_help_says_demo_users_are_for_local_demos_only():
    from demo.management.commands.load_demo import Command

    help_text = Command().create_parser("manage.py", "load_demo").format_help()
    assert "LOCAL DEMOS ONLY" in " ".join(help_text.split())
