"""The review queue's order (highest score, most uncertain, newest) and each row's reasons."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.urls import reverse

from editorial import selectors
from tests.factories import ArticleFactory, ArticleLinkFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def titles(page: str) -> list[str]:
    return re.findall(r'class="queue-title"[^>]*><a [^>]*>([^<]+)</a>', page)


def queue_of(scores: dict[str, float]) -> None:
    for title, score in scores.items():
        ArticleLinkFactory(score=score, article=ArticleFactory(title=title))


def test_uncertainty_is_one_at_the_middle_of_the_suggest_band_and_zero_at_its_edges(settings):
    settings.LINK_SUGGEST_THRESHOLD, settings.LINK_AUTOCONFIRM_THRESHOLD = 0.35, 0.9
    assert selectors.uncertainty(0.625) == 1.0
    assert selectors.uncertainty(0.35) == selectors.uncertainty(0.9) == 0.0
    assert selectors.uncertainty(0.5) == pytest.approx(selectors.uncertainty(0.75))
    assert selectors.uncertainty(1.0) == 0.0  # an editor's own link is not uncertain
    settings.LINK_SUGGEST_THRESHOLD, settings.LINK_AUTOCONFIRM_THRESHOLD = 0.5, 0.7
    assert selectors.uncertainty(0.6) == 1.0


def test_most_uncertain_first_lists_the_scores_closest_to_the_middle_first(editor_client):
    queue_of({"Edge low": 0.36, "Middle": 0.63, "Near above": 0.7, "Near below": 0.52})
    queue_of({"Edge high": 0.88})

    page = text(editor_client.get(reverse("review-queue"), {"order": "uncertain"}))

    assert titles(page) == ["Middle", "Near above", "Near below", "Edge high", "Edge low"]
    assert 'aria-current="true" class="current">Most uncertain first<' in page
    assert "uncertainty 0.98" in page  # 0.63 beside the middle, 0.625


def test_default_order_stays_highest_score_first(editor_client):
    queue_of({"Middle": 0.63, "High": 0.89, "Low": 0.36})
    page = text(editor_client.get(reverse("review-queue")))
    assert titles(page) == ["High", "Middle", "Low"]
    assert 'aria-current="true" class="current">Highest score first<' in page


def test_newest_first_lists_by_publication_time(editor_client):
    for title, day, score in (("Old", 1, 0.89), ("New", 9, 0.4), ("Mid", 5, 0.6)):
        ArticleLinkFactory(
            score=score,
            article=ArticleFactory(
                title=title, published_at=dt.datetime(2025, 3, day, tzinfo=dt.UTC)
            ),
        )
    page = text(editor_client.get(reverse("review-queue"), {"order": "newest"}))
    assert titles(page) == ["New", "Mid", "Old"]


def test_the_order_is_kept_in_the_url_by_filters_sort_links_and_decisions(editor_client):
    link = ArticleLinkFactory(article=ArticleFactory(language="fa"))

    page = text(
        editor_client.get(reverse("review-queue"), {"order": "uncertain", "language": "fa"})
    )

    assert '<input type="hidden" name="order" value="uncertain">' in page
    assert 'href="?language=fa&amp;order=newest"' in page  # the other orders keep the filter
    assert 'name="next" value="/review/?order=uncertain&amp;language=fa"' in page
    back = editor_client.post(
        reverse("review-decide", args=[link.pk]),
        {"decision": "accept", "next": "/review/?order=uncertain&language=fa"},
    )
    assert back["Location"] == "/review/?order=uncertain&language=fa"


def test_an_unknown_order_is_explained(editor_client):
    response = editor_client.get(reverse("review-queue"), {"order": "random"})
    assert response.status_code == 400
    assert "Select a valid choice. random is not one of the available choices." in text(response)


def test_each_row_shows_the_reasons_and_the_score_of_its_suggestion(editor_client):
    ArticleLinkFactory(
        score=0.58,
        model_version="20261201-140751-d5a6",
        reasons=[
            "“Shalamcheh railway” in title, lead",
            "both sides named: Iraq (Basra); Iran (Khorramshahr)",
        ],
    )
    page = text(editor_client.get(reverse("review-queue")))
    assert 'Why it was suggested <span class="muted">(linker 20261201-140751-d5a6)</span>' in page
    assert '<li dir="auto">“Shalamcheh railway” in title, lead</li>' in page
    assert "both sides named: Iraq (Basra); Iran (Khorramshahr)" in page
    assert "Score 0.58" in page


def test_the_uncertain_order_costs_the_same_queries_for_5_or_25_suggestions(
    editor_client, django_assert_max_num_queries
):
    for n in range(5):
        ArticleLinkFactory(score=0.36 + n / 10)
    with django_assert_max_num_queries(13) as few:
        editor_client.get(reverse("review-queue"), {"order": "uncertain"})
    for n in range(20):
        ArticleLinkFactory(score=0.36 + n / 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        editor_client.get(reverse("review-queue"), {"order": "uncertain"})


def _rows_scanned(plan: dict) -> int:
    """Rows read from articles_articlelink by every scan node of an EXPLAIN ANALYZE plan."""
    rows = 0
    if plan.get("Relation Name") == "articles_articlelink":
        rows += plan["Actual Rows"] * plan.get("Actual Loops", 1)
        rows += plan.get("Rows Removed by Filter", 0) * plan.get("Actual Loops", 1)
    return rows + sum(_rows_scanned(p) for p in plan.get("Plans", []))


@pytest.fixture
def big_queue(db) -> None:
    """60,000 suggestions, one per article, published a minute apart."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_source (slug, name, homepage, domain, language)"
            " VALUES ('bulk', 'Bulk', '', '', 'en') RETURNING id"
        )
        source = cursor.fetchone()[0]
        initiative = ArticleLinkFactory().initiative_id
        cursor.execute(
            """
            INSERT INTO articles_article (url, original_url, title, byline, published_at,
                date_estimated, language, body, content_hash, dates_mentioned, is_irrelevant,
                ingested_via, fetched_at, pipeline_version, created_at, source_id)
            SELECT '', '', 'Bulk ' || n, '', now() - n * interval '1 minute', false, 'en',
                'Body ' || n, md5(n::text) || md5('x' || n), '[]', false, 'api', now(), '',
                now(), %s
            FROM generate_series(1, 60000) AS n
            """,
            [source],
        )
        cursor.execute(
            """
            INSERT INTO articles_articlelink (article_id, initiative_id, state, origin, score,
                snippet, reasons, created_at)
            SELECT id, %s, 'suggested', 'machine', 0.35 + (id %% 5500) / 10000.0, '', '[]',
                now()
            FROM articles_article WHERE title LIKE 'Bulk %%'
            """,
            [initiative],
        )
        cursor.execute("ANALYZE articles_articlelink; ANALYZE articles_article")


def _page_and_rows_read(order: str) -> tuple[list, int]:
    """A queue page in this order, and how many link rows its queries read (EXPLAIN ANALYZE)."""
    queries = []
    with connection.execute_wrapper(
        lambda run, sql, params, many, ctx: (
            queries.append((sql, params)) or run(sql, params, many, ctx)
        )
    ):
        page = selectors.queue_page(selectors.QueueFilters(), order, 50)
    scanned = 0
    with connection.cursor() as cursor:
        for sql, params in queries:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
            plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
            scanned += _rows_scanned(plan)
    return page, scanned


def test_most_uncertain_first_reads_a_page_not_the_whole_queue_at_realistic_size(big_queue):
    """The two index walks read about a page each, not the 60,000 suggestions."""
    page, scanned = _page_and_rows_read("uncertain")

    assert len(page) == 50
    distances = [abs(link.score - 0.625) for link in page]
    assert distances == sorted(distances) and distances[-1] < 0.001
    assert scanned < 2_000, f"{scanned} link rows read for a page of 50"


def test_newest_first_reads_a_page_in_index_order_at_realistic_size(big_queue):
    page, scanned = _page_and_rows_read("newest")

    times = [link.published_at for link in page]
    assert len(page) == 50 and times == sorted(times, reverse=True)
    assert [link.article.title for link in page[1:3]] == ["Bulk 1", "Bulk 2"]  # after the factory's
    assert scanned < 2_000, f"{scanned} link rows read for a page of 50"
