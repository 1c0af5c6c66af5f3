"""Dashboard pages about evidence: the article reader, the timeline and search."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.highlight import Entity, find_mentions
from articles.models import ArticleLink
from tests import factories
from tests.dashboard_data import build

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def queries_for(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **headers).status_code == 200
    return len(captured)


def add_articles(initiative, count: int, **kwargs) -> list:
    now = timezone.now()
    articles = []
    for n in range(count):
        article = factories.ArticleFactory(
            published_at=now - dt.timedelta(days=n + 1, hours=1), **kwargs
        )
        factories.ArticleLinkFactory(
            article=article,
            initiative=initiative,
            state=ArticleLink.State.CONFIRMED,
            decided_at=now,
        )
        articles.append(article)
    return articles


# --- Article reader ------------------------------------------------------------------------


def test_article_page_links_mentions_of_initiatives_people_and_places(client):
    data = build()

    html = client.get(data.article.get_absolute_url()).content.decode()

    assert 'class="mention mention-person" href="/people/masoud-pezeshkian/"' in html
    assert (
        'class="mention mention-initiative" href="/initiatives/basra-shalamcheh-railway/"' in html
    )
    assert 'class="mention mention-place" href="/places/basra/"' in html
    assert "In implementation" in html and "Link confirmed" in html
    assert 'id="statement-' in html and "The railway is our priority." in html


def test_persian_article_is_right_to_left_with_persian_mentions_highlighted(client):
    data = build()

    html = client.get(data.persian.get_absolute_url()).content.decode()

    assert 'lang="fa" dir="rtl"' in html
    assert '<a class="mention mention-person" href="/people/masoud-pezeshkian/"' in html
    assert "mention-initiative" in html  # the Persian alias "راه‌آهن شلمچه"


def test_article_page_lists_the_other_outlets_of_its_cluster(client):
    data = build()

    html = client.get(data.article.get_absolute_url()).content.decode()

    assert "Other outlets" in html
    assert data.duplicate.title in html and "Shafaq News" in html


def test_article_without_links_or_cluster_says_so(client):
    article = factories.ArticleFactory()

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Not linked to any initiative." in html
    assert "No other outlet carried this story." in html


def test_unknown_article_is_404(client):
    assert client.get("/articles/999999/").status_code == 404


def test_article_page_query_count_does_not_grow_with_links_and_statements(
    client, django_assert_num_queries
):
    data = build()
    url = data.article.get_absolute_url()
    baseline = queries_for(client, url)
    for _ in range(4):
        factories.ArticleLinkFactory(article=data.article)
        factories.StatementFactory(article=data.article)
        data.article.places.add(factories.PlaceFactory())
        factories.ArticleFactory(cluster=data.article.cluster)

    with django_assert_num_queries(baseline):
        client.get(url)


def test_mentions_match_arabic_spellings_of_persian_names():
    entity = Entity("place", "Karbala", "/places/karbala/", ("کربلا",))

    # Arabic kaf (ك) and a diacritic against the Persian spelling (ک); a longer word is no match.
    body = "زار كربَلا اليوم، لا كربلایی"
    mentions = find_mentions(body, [entity])

    assert [body[m.start : m.end] for m in mentions] == ["كربَلا"]


# --- Timeline ------------------------------------------------------------------------------


def test_timeline_shows_every_kind_grouped_by_month(client):
    data = build()

    html = client.get("/timeline/").content.decode()

    assert data.article.title in html
    assert "The railway is our priority." in html
    assert "First 10 km of track laid" in html
    assert "Status change" in html and "Agreed" in html
    assert 'class="timeline-month"' in html
    assert "Events per" in html  # the density chart


def test_timeline_filters_come_from_the_url_and_show_in_the_form(client):
    data = build()

    html = client.get("/timeline/?language=fa&kind=article").content.decode()

    assert data.persian.title in html
    assert data.article.title not in html
    assert '<option value="fa" selected>' in html
    assert 'name="kind" value="article" checked' in html
    assert 'name="kind" value="statement" checked' not in html


def test_timeline_with_no_matches_shows_an_empty_state(client):
    build()

    html = client.get("/timeline/?date_from=2001-01-01&date_to=2001-01-31").content.decode()

    assert "No events match these filters." in html


def test_timeline_with_a_bad_filter_explains_it_with_400(client):
    response = client.get("/timeline/?date_from=yesterday")

    assert response.status_code == 400
    assert "is not a date; use YYYY-MM-DD." in response.content.decode()


def test_timeline_with_a_broken_cursor_explains_it_with_400(client):
    response = client.get("/timeline/?cursor=garbage")

    assert response.status_code == 400
    assert "Invalid cursor" in response.content.decode()


def test_timeline_load_more_is_a_link_to_the_next_page_that_htmx_fetches_as_items(client):
    initiative = factories.InitiativeFactory(slug="rail")
    articles = add_articles(initiative, 45)

    first = client.get("/timeline/?initiative=rail&kind=article").content.decode()
    assert articles[39].title in first and articles[40].title not in first
    next_url = first.split('id="load-more"')[1].split('href="')[1].split('"')[0]
    assert next_url.startswith("/timeline/?initiative=rail&amp;kind=article&amp;cursor=")

    more = client.get(next_url.replace("&amp;", "&"), **HTMX).content.decode()
    assert "<html" not in more and 'id="timeline-filters"' not in more
    assert articles[40].title in more and articles[44].title in more
    assert articles[39].title not in more
    assert "End of the timeline" in more

    # Without JavaScript the same link is a whole page.
    page = client.get(next_url.replace("&amp;", "&")).content.decode()
    assert "<html" in page and articles[44].title in page


def test_timeline_htmx_filter_request_gets_the_results_region_only(client):
    build()

    response = client.get("/timeline/?language=fa", **HTMX)

    html = response.content.decode()
    assert html.startswith('<div id="timeline-app"')
    assert '<option value="fa" selected>' in html  # the form follows the new URL
    assert "HX-Request" in response["Vary"]
    full = client.get(
        "/timeline/?language=fa", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in full.content.decode()


def test_timeline_density_bars_link_to_their_date_range(client):
    build()

    html = client.get("/timeline/?sector=rail").content.decode()

    assert 'href="?sector=rail&amp;date_from=' in html
    assert "event" in html and 'aria-label="' in html


def test_timeline_query_count_does_not_grow_with_events(client, django_assert_num_queries):
    data = build()
    baseline = queries_for(client, "/timeline/")
    add_articles(data.initiative, 30)

    with django_assert_num_queries(baseline):
        client.get("/timeline/")


# --- Search --------------------------------------------------------------------------------


def test_search_highlights_matches_and_offers_facets(client):
    data = build()

    html = client.get("/search/?q=railway").content.decode()

    assert "<mark>railway</mark>" in html
    assert data.article.title in html
    assert "Initiative" in html and "Shafaq News" in html and "2026" in html or "20" in html
    assert "?q=railway&amp;source=irna" in html


def test_search_facet_link_narrows_the_results_and_can_be_removed(client):
    data = build()

    html = client.get("/search/?q=railway&source=shafaq").content.decode()

    assert data.duplicate.title in html
    assert data.article.title not in html.split("hits")[1]
    assert "source: shafaq" in html and 'href="?q=railway"' in html


def test_search_of_a_very_common_word_says_how_the_results_are_chosen(client, monkeypatch):
    from articles.selectors import search as selectors

    data = build()
    monkeypatch.setattr(selectors, "SEARCH_MATCH_CAP", 1)
    add_articles(data.initiative, 3, title="Another railway story")

    html = client.get("/search/?q=railway").content.decode()

    assert "More than 1 results for “railway”" in html
    assert "The best of the newest 1 matches of each kind are shown" in html
    add_articles(data.initiative, 1, title="A hovercraft to Basra")
    exact = client.get("/search/?q=hovercraft").content.decode()
    assert "1 result for “hovercraft”" in exact and "The best of the newest" not in exact


def test_search_without_query_invites_one_and_without_hits_says_so(client):
    build()

    assert "Search every article and quoted statement." in client.get("/search/").content.decode()
    assert "Nothing matches “zeppelin”" in client.get("/search/?q=zeppelin").content.decode()


def test_search_with_a_bad_filter_explains_it_with_400(client):
    response = client.get("/search/?q=rail&language=xx")

    assert response.status_code == 400
    assert "Unknown language" in response.content.decode()


def test_search_query_count_does_not_grow_with_hits(client, django_assert_num_queries):
    data = build()
    queries_for(client, "/search/?q=railway")  # builds the catalogue the expansion reads
    baseline = queries_for(client, "/search/?q=railway")
    add_articles(data.initiative, 25, title="Another railway story")

    with django_assert_num_queries(baseline):
        client.get("/search/?q=railway")
