"""Dashboard pages on initiatives, people, places and the map: content, empties, 404s, queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import ArticleLink
from tests import factories
from tests.dashboard_data import build

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_confirmed_articles(initiative, count: int) -> None:
    now = timezone.now()
    for n in range(count):
        article = factories.ArticleFactory(published_at=now - dt.timedelta(days=n + 1))
        factories.ArticleLinkFactory(
            article=article,
            initiative=initiative,
            state=ArticleLink.State.CONFIRMED,
            decided_at=now,
        )
        factories.StatementFactory(article=article).initiatives.add(initiative)


def test_overview_shows_status_and_sector_counts_momentum_and_latest_changes(client):
    data = build()

    html = client.get("/").content.decode()

    assert "Initiatives by status" in html and "In implementation" in html
    assert 'href="/timeline/?sector=rail">Rail</a>' in html
    assert "▲" in html and "(gaining)" in html  # mentions in the last 30 days, none before
    assert "First 10 km of track laid" in html
    assert "The railway is our priority." in html
    assert data.initiative.get_absolute_url() in html
    assert "Activity as a table" in html


def test_overview_without_data_says_how_to_load_the_catalogue(client):
    html = client.get("/").content.decode()

    assert "load_catalogue" in html
    assert "No confirmed mentions in the last 12 months." in html


def test_overview_shows_feed_health_to_editors_only(client, editor, analyst):
    factories.FeedFactory(consecutive_failures=3, last_error="HTTP 503")
    client.force_login(analyst)
    assert "Feed health" not in client.get("/").content.decode()

    client.force_login(editor)
    html = client.get("/").content.decode()
    assert "Feed health" in html and "1 failing" in html and "HTTP 503" in html


def test_overview_query_count_does_not_grow_with_initiatives(client, django_assert_num_queries):
    build()
    baseline = queries_for(client, "/")
    for _ in range(5):
        add_confirmed_articles(factories.InitiativeFactory(), 2)

    with django_assert_num_queries(baseline):
        client.get("/")


def test_initiative_page_shows_history_milestones_places_people_and_exports(client):
    data = build()

    html = client.get(data.initiative.get_absolute_url()).content.decode()

    assert "Basra–Shalamcheh railway" in html and "راه‌آهن شلمچه–بصره" in html
    assert "Construction began." in html and f"/articles/{data.article.pk}/" in html
    assert "First 10 km of track laid" in html
    assert "/places/basra/" in html and "/people/masoud-pezeshkian/" in html
    assert "32" in html and "km" in html
    assert f"/initiatives/{data.initiative.slug}/feed.atom" in html
    assert "format=csv" in html
    assert "Mentions as a table" in html


def test_initiative_page_shows_clustered_duplicates_once_with_their_other_source(client):
    data = build()

    html = client.get(data.initiative.get_absolute_url()).content.decode()

    # The newer copy of the story is listed; the older one appears only as another source.
    assert html.count(f'href="/articles/{data.duplicate.pk}/"') == 1
    assert "Also reported by" in html
    assert f'<a href="/articles/{data.article.pk}/"><bdi>IRNA</bdi></a>' in html
    assert "Work resumes on the Shalamcheh railway</a>" not in html.split("Confirmed articles")[1]


def test_initiative_page_without_evidence_says_so(client):
    initiative = factories.InitiativeFactory()

    html = client.get(initiative.get_absolute_url()).content.decode()

    assert "No confirmed articles yet." in html
    assert "No recorded status changes." in html
    assert "No statements about this initiative yet." in html


def test_unknown_initiative_person_and_place_are_404(client):
    assert client.get("/initiatives/no-such-thing/").status_code == 404
    assert client.get("/people/nobody/").status_code == 404
    assert client.get("/places/nowhere/").status_code == 404


def test_initiative_page_query_count_does_not_grow_with_articles(client, django_assert_num_queries):
    data = build()
    url = data.initiative.get_absolute_url()
    baseline = queries_for(client, url)
    add_confirmed_articles(data.initiative, 8)
    data.initiative.places.add(factories.PlaceFactory())
    data.initiative.people.add(factories.PersonFactory())

    with django_assert_num_queries(baseline):
        client.get(url)


def test_person_page_shows_role_statements_by_month_and_initiatives(client):
    data = build()

    html = client.get(data.person.get_absolute_url()).content.decode()

    assert "President" in html and "Iran" in html
    assert "The railway is our priority." in html
    assert "Statements per month" in html
    assert "1 statement" in html
    assert data.initiative.get_absolute_url() in html


def test_person_statements_over_time_show_the_quiet_months_too(client):
    person = factories.PersonFactory()
    for year, month in ((2025, 8), (2025, 8), (2026, 3)):
        factories.StatementFactory(
            speaker=person,
            article=factories.ArticleFactory(
                published_at=dt.datetime(year, month, 10, tzinfo=dt.UTC)
            ),
        )

    response = client.get(person.get_absolute_url())

    rows = [(r["label"], r["count"]) for r in response.context["periods"]]
    assert rows[0] == ("Aug 2025", 2) and rows[-1] == ("Mar 2026", 1)
    assert len(rows) == 8 and ("Dec 2025", 0) in rows  # every month between, empty ones too
    assert 'aria-label="Statements per month"' in response.content.decode()


def test_person_statements_over_many_years_are_counted_per_year(client):
    person = factories.PersonFactory()
    for year in (2019, 2019, 2025):
        factories.StatementFactory(
            speaker=person,
            article=factories.ArticleFactory(published_at=dt.datetime(year, 5, 1, tzinfo=dt.UTC)),
        )

    response = client.get(person.get_absolute_url())

    rows = [(r["label"], r["count"]) for r in response.context["periods"]]
    assert rows == [
        ("2019", 2),
        ("2020", 0),
        ("2021", 0),
        ("2022", 0),
        ("2023", 0),
        ("2024", 0),
        ("2025", 1),
    ]
    assert 'aria-label="Statements per year"' in response.content.decode()


def test_person_without_statements_says_so(client):
    person = factories.PersonFactory()

    html = client.get(person.get_absolute_url()).content.decode()

    assert "No statements recorded." in html


def test_person_page_query_count_does_not_grow_with_statements(client, django_assert_num_queries):
    data = build()
    url = data.person.get_absolute_url()
    baseline = queries_for(client, url)
    for _ in range(6):
        factories.StatementFactory(speaker=data.person).initiatives.add(
            factories.InitiativeFactory()
        )

    with django_assert_num_queries(baseline):
        client.get(url)


def test_place_page_lists_initiatives_and_articles_mentioning_it(client):
    data = build()

    html = client.get("/places/basra/").content.decode()

    assert "Basra" in html and "البصرة" in html and "Iraq" in html
    assert data.initiative.name in html
    assert data.article.title in html


def test_map_lists_every_place_and_embeds_points_and_corridor_lines(client):
    data = build()

    html = client.get("/map/").content.decode()

    assert 'id="map-points"' in html and '"lon": 47.8' in html
    assert 'id="map-lines"' in html and data.initiative.name in html
    assert "/places/shalamcheh/" in html and "/places/basra/" in html
    assert "countries-50m.json" in html


def test_map_query_count_does_not_grow_with_places(client, django_assert_num_queries):
    build()
    baseline = queries_for(client, "/map/")
    for _ in range(5):
        factories.InitiativeFactory(sector="rail").places.add(
            factories.PlaceFactory(), factories.PlaceFactory()
        )

    with django_assert_num_queries(baseline):
        client.get("/map/")


def test_navigation_shows_review_link_to_editors_only(client, editor):
    assert 'href="/review/"' not in client.get("/map/").content.decode()
    client.force_login(editor)
    assert 'href="/review/"' in client.get("/map/").content.decode()
