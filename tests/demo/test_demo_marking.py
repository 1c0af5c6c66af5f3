"""Demo data is marked: every row load_demo makes is flagged, badged on the pages, flagged in
the API, and a banner says so while any of it is stored."""

from __future__ import annotations

import re

import pytest
from django.apps import apps as django_apps
from django.test import Client

from articles.models import Article, ArticleLink, Feed, Source, Statement
from demo.loader import load_demo
from initiatives.models import Initiative, Milestone, StatusChange
from tests.factories import ArticleFactory, SourceFactory, UserFactory, confirmed_link

pytestmark = pytest.mark.django_db

BADGE = 'class="demo-badge"'
BANNER = 'class="demo-banner"'


@pytest.fixture
def demo(db):
    return load_demo()


def test_every_row_the_demo_creates_is_flagged(demo):
    for model in (Source, Feed, Article, Statement, ArticleLink, StatusChange, Milestone):
        demo_rows = model.objects.filter(is_demo=True).count()
        assert demo_rows, model
        # What the catalogue loaded (its status history) is not demo; everything else is.
        if model not in (StatusChange,):
            assert demo_rows == model.objects.count(), model
    assert StatusChange.objects.filter(is_demo=True).count() == demo.status_changes
    assert Milestone.objects.filter(is_demo=True).count() == demo.milestones


def test_demo_outlets_are_named_as_demo_outlets_on_demo_hosts(demo):
    names = set(Source.objects.values_list("name", flat=True))
    assert "Shafaq News (demo)" in names and "IRNA (English) (demo)" in names
    assert all(name.endswith(" (demo)") for name in names)
    # A real article submitted from en.irna.ir must not land under the demo outlet.
    assert all(d.endswith(".example") for d in Source.objects.values_list("domain", flat=True))


def test_loading_again_renames_demo_outlets_loaded_before_they_were_marked(demo):
    Source.objects.filter(slug="shafaq-en").update(name="Shafaq News")
    load_demo()
    assert Source.objects.get(slug="shafaq-en").name == "Shafaq News (demo)"


def test_every_page_badges_demo_items_and_shows_the_banner(demo, client, editor):
    article = Article.objects.filter(language="en", statements__isnull=False).first()
    initiative = Initiative.objects.filter(status_changes__is_demo=True).first()
    pages = {
        "overview": "/",
        "timeline": "/timeline/",
        "search": "/search/?q=railway",
        "article": article.get_absolute_url(),
        "initiative": initiative.get_absolute_url(),
        "person": article.statements.exclude(speaker=None).first().speaker.get_absolute_url(),
    }
    for name, url in pages.items():
        html = client.get(url).content.decode()
        assert BANNER in html, name
        assert html.count(BADGE) >= 2, name  # the banner's sample badge and the items'
    article_html = client.get(article.get_absolute_url()).content.decode()
    assert "invented for the demo" in article_html and "Original at" not in article_html

    client.force_login(editor)
    for name, url in {
        "review queue": "/review/",
        "editorial article": f"/editorial/articles/{article.pk}/",
    }.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response.content.decode().count(BADGE) >= 2, name


def test_a_real_article_beside_the_demo_has_no_badge(demo, client):
    real = ArticleFactory(title="A real report", source=SourceFactory(name="Real Outlet"))
    html = client.get(real.get_absolute_url()).content.decode()
    article_part = html.split('<article class="reader"', 1)[1].split("</article>", 1)[0]
    assert BADGE not in article_part
    hits = client.get("/search/?q=real+report").content.decode()
    hit = re.search(r'<li class="hit">.*?</li>', hits, re.S).group(0)
    assert "A real report" in hit and BADGE not in hit


def test_the_banner_is_absent_without_demo_data(db, client):
    ArticleFactory()
    assert BANNER not in client.get("/").content.decode()


def test_the_api_says_which_rows_are_demo(demo, client):
    real = ArticleFactory(title="Real")
    confirmed_link(article=real, initiative=Initiative.objects.first())
    articles = client.get("/api/v1/articles/?page_size=100").json()["results"]
    by_id = {a["id"]: a for a in articles}
    assert by_id[real.pk]["demo"] is False and by_id[real.pk]["links"][0]["demo"] is False
    demo_article = next(a for a in articles if a["id"] != real.pk)
    assert demo_article["demo"] is True and demo_article["source"]["demo"] is True
    assert all(link["demo"] for link in demo_article["links"])

    detail = client.get(f"/api/v1/articles/{demo_article['id']}/").json()
    assert detail["demo"] is True and all(s["demo"] for s in detail["statements"])
    statements = client.get("/api/v1/statements/").json()["results"]
    assert statements and all(s["demo"] for s in statements)
    sources = client.get("/api/v1/sources/").json()["results"]
    assert {s["slug"]: s["demo"] for s in sources} == dict(
        Source.objects.values_list("slug", "is_demo")
    )
    assert {s["demo"] for s in sources} == {True, False}
    events = client.get("/api/v1/timeline/?page_size=100").json()["results"]
    assert {e["demo"] for e in events} == {True, False}
    assert next(e for e in events if e["id"] == real.pk and e["kind"] == "article")["demo"] is False
    hits = client.get("/api/v1/search/?q=railway").json()["results"]
    assert hits and all(h["demo"] for h in hits)

    initiative = Initiative.objects.filter(status_changes__is_demo=True).first()
    body = client.get(f"/api/v1/initiatives/{initiative.slug}/").json()
    flags = {c["id"]: c["demo"] for c in body["status_history"]}
    assert flags == dict(initiative.status_changes.values_list("id", "is_demo"))
    demo_change = next(c for c in body["status_history"] if c["demo"])
    assert demo_change["evidence"]["demo"] is True


def test_the_banner_check_is_cached_per_data_version(demo, client, django_assert_max_num_queries):
    from config.context_processors import demo_data

    request = Client().get("/").wsgi_request
    with django_assert_max_num_queries(3):
        assert demo_data(request) == {"demo_data_present": True}


def test_the_migration_marks_rows_an_earlier_load_demo_made(demo):
    """articles 0015 recognises the demo of a database loaded before the flags existed."""
    import importlib

    migration = importlib.import_module("articles.migrations.0016_demo_flags")
    editor_source = SourceFactory(name="Editor's outlet")
    ArticleFactory(source=editor_source)
    counts = {
        model: model.objects.filter(is_demo=True).count()
        for model in (Source, Feed, Article, Statement, ArticleLink, StatusChange, Milestone)
    }
    for model in counts:
        model.objects.update(is_demo=False)
    for source in Source.objects.all():
        source.name = source.slug
        source.save(update_fields=["name"])

    migration.mark_existing_demo_rows(django_apps, None)

    for model, n in counts.items():
        assert model.objects.filter(is_demo=True).count() == n, model
    editor_source.refresh_from_db()
    assert not editor_source.is_demo and editor_source.name == editor_source.slug
    assert Source.objects.get(slug="shafaq-en").name == "shafaq-en (demo)"
    migration.restore_source_names(django_apps, None)
    assert Source.objects.get(slug="shafaq-en").name == "shafaq-en"


def test_the_demo_editor_account_is_not_what_marks_rows(demo):
    """A status change an editor (even the demo editor) makes later is not demo."""
    from initiatives.models import ALLOWED_TRANSITIONS
    from initiatives.services import change_status

    initiative = Initiative.objects.first()
    to_status = sorted(ALLOWED_TRANSITIONS[initiative.status])[0]
    change = change_status(initiative, to_status, by=UserFactory(username="editor"))
    assert change.is_demo is False
