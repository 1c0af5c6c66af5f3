"""The timeline density's per-day counts (articles migration 0009) always equal a count over
the tables: after every kind of write an editor, the pipeline or an admin can make."""

import datetime as dt
import threading

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from articles.models import Article, ArticleLink, EventCount, StaleEventDay, Statement
from articles.selectors.filters import TimelineFilters
from articles.selectors.timeline import _density, refresh_event_counts, timeline_density
from articles.tasks import refresh_event_counts as refresh_task
from initiatives.models import Initiative, Sector
from tests import db_support
from tests.factories import (
    ArticleFactory,
    InitiativeFactory,
    MilestoneFactory,
    PlaceFactory,
    SourceFactory,
    StatementFactory,
    confirmed_link,
)

UTC = dt.UTC


def at(month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, tzinfo=UTC)


FILTERS = [
    {},
    {"language": "fa"},
    {"source": "irna"},
    {"source": "irna", "language": "en"},
    {"initiative": "railway"},
    {"initiative": "railway", "language": "fa"},
    {"sector": "rail"},
    {"sector": "energy", "language": "ar"},
    {"published_after": "2025-03-03", "published_before": "2025-03-20"},
    {"sector": "rail", "published_after": "2025-03-10"},
    {"kind": "statement"},
    {"kind": ["article", "milestone"], "initiative": "railway"},
    {"initiative": "railway", "source": "irna"},  # two dimensions: from the tables
    {"place": "basra"},  # from the tables
    {"source": "nobody"},  # no such source: nothing
]


def assert_counts_match_the_tables() -> None:
    for query in FILTERS:
        filters = TimelineFilters.from_query(query)
        for buckets in ("week", "month"):
            counted = _density(filters, buckets)
            assert counted == _density(filters, buckets, use_counts=False), (query, buckets)


@pytest.fixture
def world(db):
    """Two sources, three languages, two sectors, every kind of link and an irrelevant article."""
    irna, rudaw = SourceFactory(slug="irna"), SourceFactory(slug="rudaw")
    railway = InitiativeFactory(slug="railway", sector=Sector.RAIL)
    corridor = InitiativeFactory(slug="corridor", sector=Sector.RAIL)
    pipeline = InitiativeFactory(slug="pipeline", sector=Sector.ENERGY)
    basra = PlaceFactory(slug="basra")
    articles = []
    for n in range(24):
        article = ArticleFactory(
            published_at=at(3, 1 + n, hour=n % 24),
            language=("en", "fa", "ar")[n % 3],
            source=(irna, rudaw)[n % 2],
            is_irrelevant=n == 7,
        )
        articles.append(article)
        if n % 2 == 0:
            confirmed_link(article=article, initiative=railway)
        if n % 3 == 0:
            confirmed_link(article=article, initiative=corridor)  # same sector: counted once
        if n % 5 == 0 and n % 4 != 1:
            ArticleLink.objects.create(article=article, initiative=pipeline, score=0.4)
        if n % 4 == 1:
            confirmed_link(article=article, initiative=pipeline)
        if n % 6 == 0:
            article.places.add(basra)
        if n % 2 == 1:
            statement = StatementFactory(article=article)
            statement.initiatives.add(*([railway, corridor] if n % 3 else [pipeline]))
    MilestoneFactory(initiative=railway, date=dt.date(2025, 3, 9))
    # An imported file's article has no source: counted, under no source.
    sourceless = ArticleFactory(published_at=at(3, 4), language="fa", source=None)
    confirmed_link(article=sourceless, initiative=railway)
    StatementFactory(article=sourceless).initiatives.add(railway)
    return {"articles": articles, "railway": railway, "pipeline": pipeline, "rudaw": rudaw}


def test_counts_equal_the_tables_for_every_filter_the_timeline_offers(world):
    assert_counts_match_the_tables()
    everything = _density(TimelineFilters(), "month")
    # 23 relevant articles and the sourceless one, their 12 statements, one milestone
    assert everything == [(dt.date(2025, 3, 1), 24 + 12 + 1)]


def test_counts_follow_every_kind_of_write(world):
    articles, railway, pipeline = world["articles"], world["railway"], world["pipeline"]
    writes = [
        lambda: Article.objects.filter(pk=articles[0].pk).update(published_at=at(4, 2)),
        lambda: Article.objects.filter(pk=articles[1].pk).update(language="en"),
        lambda: Article.objects.filter(pk=articles[2].pk).update(source=world["rudaw"]),
        lambda: Article.objects.filter(pk=articles[3].pk).update(is_irrelevant=True),
        lambda: Article.objects.filter(pk=articles[7].pk).update(is_irrelevant=False),
        lambda: ArticleLink.objects.filter(article=articles[4], initiative=railway).update(
            state="rejected"
        ),
        lambda: ArticleLink.objects.filter(article=articles[10], initiative=pipeline).update(
            state="confirmed", decided_at=at(5, 1)
        ),
        lambda: confirmed_link(article=articles[8], initiative=pipeline),
        lambda: ArticleLink.objects.filter(article=articles[6]).delete(),
        lambda: Statement.objects.filter(article=articles[9]).first().initiatives.clear(),
        lambda: Statement.objects.filter(article=articles[11]).update(article=articles[20]),
        # a statement about no initiative, re-attributed to an article of another day
        lambda: Statement.objects.filter(article=articles[9]).update(article=articles[22]),
        lambda: Initiative.objects.filter(pk=pipeline.pk).update(sector=Sector.RAIL),
        lambda: Article.objects.filter(pk=articles[13].pk).delete(),
        lambda: ArticleFactory(published_at=at(2, 27), language="ar"),
    ]
    for number, write in enumerate(writes):
        write()
        assert StaleEventDay.objects.exists(), number  # the write marked its days
        assert_counts_match_the_tables()
        assert not StaleEventDay.objects.exists()  # the read refreshed them


def test_a_write_that_changes_nothing_counted_marks_nothing(world):
    refresh_event_counts()
    article = world["articles"][0]
    Article.objects.filter(pk=article.pk).update(title="Corrected headline")
    ArticleLink.objects.filter(article=article).update(score=0.99)
    assert not StaleEventDay.objects.exists()


def test_truncating_a_table_rebuilds_every_day(world):
    refresh_event_counts()
    with connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own pending triggers first
        cur.execute("TRUNCATE articles_statement, articles_statement_initiatives")
    assert StaleEventDay.objects.filter(day__isnull=True).exists()
    assert_counts_match_the_tables()
    assert not EventCount.objects.filter(kind="statement").exists()


def test_the_beat_task_refreshes_the_marked_days_and_is_scheduled(world):
    refresh_event_counts()
    ArticleFactory(published_at=at(3, 30), language="fa")
    ArticleFactory(published_at=at(3, 31), language="fa")
    assert refresh_task() == 2  # days recomputed
    assert refresh_task() == 0
    assert EventCount.objects.get(dimension="all", kind="article", day=dt.date(2025, 3, 31)).n == 1
    schedule = settings.CELERY_BEAT_SCHEDULE["refresh-event-counts"]
    assert schedule["task"] == "articles.tasks.refresh_event_counts"


def test_density_through_the_cache_still_sees_a_new_article(world, settings):
    settings.DATA_CACHE_SECONDS = 60
    before = timeline_density(TimelineFilters(language="fa"), buckets="month")
    ArticleFactory(published_at=at(3, 30), language="fa")
    after = timeline_density(TimelineFilters(language="fa"), buckets="month")
    assert after[0][1] == before[0][1] + 1


def _connect() -> psycopg.Connection:
    return db_support.connect()


@pytest.mark.django_db(transaction=True)
def test_a_write_committed_while_a_refresh_runs_is_not_lost():
    """The refresh deletes exactly the marks it read: a writer's mark that became visible
    while it ran (an older id, committed late) stays for the next refresh."""
    first = ArticleFactory(published_at=at(3, 3), language="en")
    second = ArticleFactory(published_at=at(3, 20), language="en")
    refresh_event_counts()
    writer, locker = _connect(), _connect()
    try:
        with writer.cursor() as cur:  # open transaction: its mark has the older id
            cur.execute("UPDATE articles_article SET language = 'fa' WHERE id = %s", [second.pk])
        Article.objects.filter(pk=first.pk).update(language="ar")  # committed mark
        with locker.cursor() as cur:  # the refresh will wait on its first write
            cur.execute("LOCK TABLE articles_eventcount IN EXCLUSIVE MODE")
        result: list[int] = []

        def refresh() -> None:
            try:
                result.append(refresh_event_counts())
            except Exception as exc:
                result.append(exc)
            finally:
                connection.close()

        thread = threading.Thread(target=refresh)
        thread.start()
        with locker.cursor() as cur:  # wait until the refresh has read its marks and waits
            for _ in range(200):
                cur.execute(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted"
                    " AND relation = 'articles_eventcount'::regclass"
                )
                if cur.fetchone()[0]:
                    break
                threading.Event().wait(0.05)
            else:
                thread.join(10)
                pytest.fail(f"the refresh never reached the lock: {result}")
        writer.commit()  # its mark is visible now, while the refresh is under way
        locker.commit()
        thread.join(10)
    finally:
        writer.close()
        locker.close()
    assert result == [1]  # it recomputed the one day it had seen
    assert list(StaleEventDay.objects.values_list("day", flat=True)) == [dt.date(2025, 3, 20)]
    assert refresh_event_counts() == 1
    fa = EventCount.objects.get(dimension="all", kind="article", day=dt.date(2025, 3, 20))
    assert (fa.language, fa.n) == ("fa", 1)
