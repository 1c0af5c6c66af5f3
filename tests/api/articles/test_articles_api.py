"""GET/POST /api/v1/articles, links, statements, feeds, runs, timeline and search."""

import datetime as dt

import pytest

from articles.models import ArticleLink, Cluster, Feed, IngestionRun
from initiatives.models import AuditEvent
from tests.factories import (
    ArticleFactory,
    ArticleLinkFactory,
    InitiativeFactory,
    MilestoneFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
    StatementFactory,
    confirmed_link,
)

pytestmark = pytest.mark.django_db


def at(day: int) -> dt.datetime:
    return dt.datetime(2025, 3, day, 12, tzinfo=dt.UTC)


def test_articles_filter_by_initiative_means_confirmed_links(api, initiative):
    confirmed = ArticleFactory(published_at=at(2))
    confirmed_link(article=confirmed, initiative=initiative)
    suggested = ArticleFactory(published_at=at(3))
    ArticleLinkFactory(article=suggested, initiative=initiative)
    ArticleFactory()

    ids = [
        a["id"]
        for a in api.get(f"/api/v1/articles/?initiative={initiative.slug}").json()["results"]
    ]
    assert ids == [confirmed.pk]
    queue = api.get(f"/api/v1/articles/?initiative={initiative.slug}&link_state=suggested").json()
    assert [a["id"] for a in queue["results"]] == [suggested.pk]
    assert queue["results"][0]["links"][0]["state"] == "suggested"


def test_articles_filter_by_language_source_place_person_dates_and_text(api, db):
    source = SourceFactory(slug="irna")
    place = PlaceFactory(slug="basra")
    person = PersonFactory(slug="araghchi")
    hit = ArticleFactory(
        source=source, language="fa", published_at=at(10), body="راه آهن شلمچه بصره"
    )
    hit.places.add(place)
    hit.people.add(person)
    ArticleFactory(source=source, language="fa", published_at=at(1))
    query = (
        "language=fa&source=irna&place=basra&person=araghchi"
        "&published_after=2025-03-10&published_before=2025-03-10&search=شلمچه"
    )
    assert [a["id"] for a in api.get(f"/api/v1/articles/?{query}").json()["results"]] == [hit.pk]
    bad = api.get("/api/v1/articles/?published_after=soon")
    assert bad.status_code == 400 and "published_after" in bad.json()


def test_article_cursor_pagination_is_stable_with_equal_dates(api, db):
    articles = [ArticleFactory(published_at=at(5)) for _ in range(5)]
    seen, url = [], "/api/v1/articles/?page_size=2"
    while url:
        body = api.get(url).json()
        seen += [a["id"] for a in body["results"]]
        url = body["next"]
    assert seen == sorted((a.pk for a in articles), reverse=True)


def test_one_initiatives_articles_page_newest_first_through_ties_and_both_orders(api, initiative):
    # Read from the link's copy of the publication time: same order, same cursors.
    tied = [ArticleFactory(published_at=at(9)) for _ in range(3)]
    others = [ArticleFactory(published_at=at(day)) for day in (2, 5, 12)]
    for article in tied + others:
        confirmed_link(article=article, initiative=initiative)
    confirmed_link(article=ArticleFactory(published_at=at(20)))  # another initiative's
    newest_first = sorted(tied + others, key=lambda a: (a.published_at, a.pk), reverse=True)

    def walk(url: str) -> list[int]:
        seen = []
        while url:
            body = api.get(url).json()
            seen += [a["id"] for a in body["results"]]
            url = body["next"]
        return seen

    base = f"/api/v1/articles/?initiative={initiative.slug}&page_size=2"
    assert walk(base) == [a.pk for a in newest_first]
    oldest = walk(base + "&ordering=published_at")
    assert (oldest[0], oldest[-1]) == (others[0].pk, others[-1].pk)  # 2 March … 12 March
    assert sorted(oldest) == sorted(a.pk for a in newest_first) and len(set(oldest)) == 6
    window = walk(base + "&published_after=2025-03-05&published_before=2025-03-09")
    assert window == [a.pk for a in newest_first if 5 <= a.published_at.day <= 9]


def test_articles_of_an_initiative_follow_a_corrected_publication_time(api, initiative):
    first, second = ArticleFactory(published_at=at(3)), ArticleFactory(published_at=at(4))
    for article in (first, second):
        confirmed_link(article=article, initiative=initiative)
    first.published_at = at(25)  # an editor corrects the date
    first.save(update_fields=["published_at"])
    body = api.get(f"/api/v1/articles/?initiative={initiative.slug}").json()
    assert [a["id"] for a in body["results"]] == [first.pk, second.pk]


def test_article_detail_has_links_statements_places_and_cluster(api, initiative):
    cluster = Cluster.objects.create()
    article = ArticleFactory(cluster=cluster, title="Main")
    other = ArticleFactory(cluster=cluster, source=SourceFactory(name="Shafaq"))
    article.places.add(PlaceFactory(slug="basra"))
    reasons = ["“Shalamcheh railway” in title", "both sides named: Iraq (Basra); Iran (Iran)"]
    confirmed_link(
        article=article, initiative=initiative, score=0.9, reasons=reasons, model_version="rules"
    )
    statement = StatementFactory(article=article, text="We agree.")
    statement.initiatives.add(initiative)

    response = api.get(f"/api/v1/articles/{article.pk}/")
    body = response.json()
    assert body["links"][0] == {
        "id": article.links.get().pk,
        "initiative": initiative.slug,
        "initiative_name": initiative.name,
        "state": "confirmed",
        "origin": "machine",
        "score": 0.9,
        "reasons": reasons,
        "model_version": "rules",
        "demo": False,
    }
    assert body["statements"][0]["text"] == "We agree."
    assert body["statements"][0]["initiatives"] == [initiative.slug]
    assert body["places"] == [{"slug": "basra", "name": article.places.get().name}]
    assert [a["id"] for a in body["cluster"]["other_sources"]] == [other.pk]
    assert body["cluster"]["other_sources"][0]["source"]["name"] == "Shafaq"
    assert response.has_header("Last-Modified")
    assert (
        api.get(f"/api/v1/articles/{article.pk}/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        == 304
    )


def test_editor_confirms_and_a_second_decision_gets_409_naming_the_first_editor(client_for, db):
    link = ArticleLinkFactory()
    first, second = client_for("editor"), client_for("admin")
    ok = first.post(f"/api/v1/links/{link.pk}/confirm/", {}, format="json")
    assert ok.status_code == 200 and ok.json()["state"] == "confirmed"
    late = second.post(f"/api/v1/links/{link.pk}/reject/", {}, format="json")
    assert late.status_code == 409
    assert "already confirmed by editor-user" in late.json()["detail"]
    assert late.json()["decided_by"] == "editor-user"
    link.refresh_from_db()
    assert link.state == "confirmed"


def test_editor_adds_a_link_and_adding_it_again_is_harmless(client_for, initiative):
    article = ArticleFactory()
    editor = client_for("editor")
    url = f"/api/v1/articles/{article.pk}/links/"
    created = editor.post(url, {"initiative": initiative.slug}, format="json")
    assert created.status_code == 201
    assert created.json()["state"] == "confirmed" and created.json()["origin"] == "editor"
    assert editor.post(url, {"initiative": initiative.slug}, format="json").status_code == 200
    assert ArticleLink.objects.count() == 1
    unknown = editor.post(url, {"initiative": "nope"}, format="json")
    assert unknown.status_code == 400 and "initiative" in unknown.json()


def test_links_list_is_the_suggestion_queue_with_each_links_reasons(api, initiative):
    reasons = ["“border market” in lead", "third partner named: Pakistan (Pakistan); Iraq not"]
    ArticleLinkFactory(initiative=initiative, score=0.4, reasons=reasons)
    confirmed_link(initiative=initiative)
    body = api.get("/api/v1/links/?state=suggested").json()
    assert body["count"] == 1 and body["results"][0]["score"] == 0.4
    assert body["results"][0]["reasons"] == reasons
    listed = api.get(f"/api/v1/articles/?initiative={initiative.slug}&link_state=suggested")
    assert listed.json()["results"][0]["links"][0]["reasons"] == reasons


def test_statements_filter_by_speaker_and_initiative(api, initiative):
    speaker = PersonFactory(slug="araghchi", name="Abbas Araghchi")
    wanted = StatementFactory(speaker=speaker, text="The railway will open.")
    wanted.initiatives.add(initiative)
    StatementFactory(speaker=speaker)
    results = api.get(f"/api/v1/statements/?person=araghchi&initiative={initiative.slug}").json()[
        "results"
    ]
    assert [s["id"] for s in results] == [wanted.pk]
    assert results[0]["speaker"] == {"slug": "araghchi", "name": "Abbas Araghchi"}
    assert results[0]["initiatives"][0]["slug"] == initiative.slug


def test_editor_registers_a_feed_and_a_duplicate_is_refused(client_for, db):
    SourceFactory(slug="irna")
    editor = client_for("editor")
    payload = {"url": "https://en.irna.ir/rss", "source": "irna", "poll_interval_minutes": 15}
    created = editor.post("/api/v1/feeds/", payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["poll_interval_minutes"] == 15
    assert AuditEvent.objects.filter(action="feed.register").count() == 1
    twin = editor.post("/api/v1/feeds/", payload, format="json")
    assert twin.status_code == 400 and "already registered" in twin.json()["url"][0]
    bad = editor.post("/api/v1/feeds/", {"url": "ftp://x", "source": "nope"}, format="json")
    assert set(bad.json()) == {"url", "source"}
    assert Feed.objects.count() == 1


def test_editors_see_ingestion_runs(client_for, db):
    IngestionRun.objects.create(kind="feed", state="succeeded", created=3)
    body = client_for("editor").get("/api/v1/ingestion-runs/?state=succeeded").json()
    assert body["results"][0]["created"] == 3


def test_timeline_endpoint_walks_pages_with_the_selector_cursor(api, initiative):
    for day in (1, 2, 3):
        confirmed_link(article=ArticleFactory(published_at=at(day)), initiative=initiative)
    MilestoneFactory(initiative=initiative, date=dt.date(2025, 3, 2), title="Groundbreaking")
    first = api.get(f"/api/v1/timeline/?initiative={initiative.slug}&page_size=2").json()
    assert [e["kind"] for e in first["results"]] == ["article", "article"]
    second = api.get(first["next"]).json()
    assert [e["kind"] for e in second["results"]] == ["milestone", "article"]
    assert second["next"] is None
    only = api.get(f"/api/v1/timeline/?initiative={initiative.slug}&kind=milestone").json()
    assert [e["title"] for e in only["results"]] == ["Groundbreaking"]
    assert api.get("/api/v1/timeline/?kind=tweet").status_code == 400
    assert api.get("/api/v1/timeline/?cursor=garbage").status_code == 400
    density = api.get(f"/api/v1/timeline/density/?initiative={initiative.slug}").json()
    assert sum(d["count"] for d in density) == 4


def test_search_endpoint_highlights_and_counts(api, initiative):
    article = ArticleFactory(title="Rail", body="Work on the railways to Basra resumed.")
    confirmed_link(article=article, initiative=initiative)
    body = api.get("/api/v1/search/?q=railway").json()
    assert body["count"] == 1
    assert "<mark>railways</mark>" in body["results"][0]["snippet"]
    assert body["facets"]["initiative"][0]["value"] == initiative.slug
    missing = api.get("/api/v1/search/")
    assert missing.status_code == 400 and "q" in missing.json()


def test_search_answer_is_what_the_declared_fields_give(api, initiative):
    """The search answer is built as plain dicts for speed; it must stay what its schema says."""
    from rest_framework import serializers

    from api.articles.serializers import SearchPageSerializer
    from articles.selectors.search import search

    source = SourceFactory(name="IRNA")
    article = ArticleFactory(
        title="Railway to Basra", body="The railway to Basra opens.", source=source
    )
    confirmed_link(article=article, initiative=initiative)
    statement = StatementFactory(
        article=ArticleFactory(language="ar", body="railway"), text="The railway is a priority."
    )
    statement.initiatives.add(initiative)
    body = api.get("/api/v1/search/?q=railway&page_size=1").json()
    page = search("railway", page=1, page_size=1)
    page.next, page.previous = body["next"], body["previous"]
    declared = serializers.Serializer.to_representation(SearchPageSerializer(), page)
    assert body == declared
    assert body["count"] == 3 and body["num_pages"] == 3 and body["next"]
    assert {f["value"] for f in body["facets"]["language"]} == {"en", "ar"}
    assert body["results"][0]["initiatives"] == [{"slug": initiative.slug, "name": initiative.name}]


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/articles/?page_size={n}", 2),  # page, links with their initiatives
        ("/api/v1/statements/?page_size={n}", 2),  # page, initiatives
        ("/api/v1/timeline/?page_size={n}", 1),  # one merged query
    ],
)
def test_big_lists_cost_the_same_queries_at_1_and_50_items(
    api, url, queries, django_assert_num_queries
):
    initiatives = [InitiativeFactory() for _ in range(3)]
    for n in range(50):
        article = ArticleFactory(published_at=at(1 + n % 27))
        confirmed_link(article=article, initiative=initiatives[n % 3])
        StatementFactory(article=article).initiatives.add(*initiatives)
    for n in (1, 50):
        with django_assert_num_queries(queries):
            assert len(api.get(url.format(n=n)).json()["results"]) == n


def test_one_initiatives_articles_cost_the_same_queries_at_1_and_50_items(
    api, initiative, django_assert_num_queries
):
    for n in range(50):
        confirmed_link(article=ArticleFactory(published_at=at(1 + n % 27)), initiative=initiative)
    for n in (1, 50):
        with django_assert_num_queries(2):  # the page (from the link index), its links
            url = f"/api/v1/articles/?initiative={initiative.slug}&page_size={n}"
            assert len(api.get(url).json()["results"]) == n


def test_timeline_and_article_lists_export_every_matching_row_as_csv(api, initiative):
    for day in range(1, 8):
        confirmed_link(
            article=ArticleFactory(published_at=at(day), title=f"=cmd {day}"), initiative=initiative
        )
    response = api.get(f"/api/v1/timeline/?initiative={initiative.slug}&format=csv&page_size=2")
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")  # a byte-order mark: spreadsheets read fa/ar right
    lines = text[1:].splitlines()
    assert f'filename="timeline-initiative-{initiative.slug}-' in response["Content-Disposition"]
    assert lines[0].startswith("kind,id,date,title")
    assert len(lines) == 1 + 7  # every event, not one page
    assert ",'=cmd 7," in lines[1]  # formulas are defused for spreadsheets
    articles = api.get("/api/v1/articles/?format=csv&language=fa")
    assert b"".join(articles.streaming_content).decode().startswith("\ufeffid,title,url,")
    assert 'filename="article-language-fa-' in articles["Content-Disposition"]
