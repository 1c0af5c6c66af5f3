"""Redis stopped for 30 s during feed ingestion: reads go on, nothing is lost, work resumes.

A private redis-server (no persistence, so it comes back empty: every queued message is
gone) is the broker and cache of a gunicorn web process, a Celery worker and celery beat.
PostgreSQL holds the durable state; beat re-claims the feeds whose poll messages were lost.
"""

from __future__ import annotations

import json
import time

import pytest

from accounts.tokens import create_token
from articles.models import Article, Feed, IngestionRun
from tests.db_support import database_url
from tests.factories import SourceFactory, UserFactory
from tests.faults.feedserver import rss
from tests.faults.services import (
    Beat,
    ProductWorker,
    WebServer,
    manage,
    product_env,
    wait_until,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

OUTAGE_SECONDS = 30
FEEDS, ITEMS = 6, 10
LEASE_SECONDS = 8  # a claimed poll whose message was lost is claimed again after this
ARTICLE_PAGE = """<!doctype html><html><head><title>Border market reopens</title></head>
<body><article><h1>Border market reopens at Mehran</h1>
<p>The border market at Mehran reopened on Monday after repairs, officials said.</p>
<p>Traders from both sides returned to the stalls, and customs officers processed the
first trucks of the season within hours, according to the provincial governor.</p>
<p>The governor said the market would stay open every day of the week.</p>
</article></body></html>"""


def _feed_body(server, feed: int) -> str:
    return rss(
        [
            {
                "title": f"Feed {feed} story {i}",
                "link": server.url(f"/news/{feed}/{i}"),
                "description": f"Story {i} of feed {feed}: trade talks continued in Basra, "
                f"with delegations reviewing customs file number {feed * 100 + i}.",
                "pubDate": "Mon, 03 Mar 2025 10:00:00 GMT",
            }
            for i in range(ITEMS)
        ],
        title=f"Feed {feed}",
    )


def _polled(feed_ids: list[int]) -> int:
    return Feed.objects.filter(pk__in=feed_ids, last_success_at__isnull=False).count()


def test_redis_down_for_30_seconds_loses_nothing_and_ingestion_resumes(
    redis_server, feed_server, stop_after, logs, tmp_path
):
    source = SourceFactory(slug="faults-wire", name="Faults Wire")
    editor = UserFactory(username="redis-editor", role="editor")
    _token, key = create_token(editor, "faults")
    auth = {"Authorization": f"Token {key}"}
    env = product_env(
        database_url(), redis_server.url, INGEST_POLL_LEASE_SECONDS=str(LEASE_SECONDS)
    )
    web = WebServer(env, logs / "web.log")
    stop_after.append(web)
    web.start()
    worker = ProductWorker(env, queue="celery", log=logs / "worker.log")
    stop_after.append(worker)
    worker.start()
    beat = Beat(env, tmp_path, every=1.0)
    stop_after.append(beat)
    beat.start()
    worker_pid, beat_pid = worker.process.pid, beat.process.pid

    # Slow feeds (1.5 s each): while one is polled the others wait in Redis.
    feed_ids = []
    for n in range(FEEDS):
        feed_server.route(
            f"/feed-{n}.xml",
            _feed_body(feed_server, n),
            delay=1.5,
            headers={"Content-Type": "application/rss+xml"},
        )
        feed_ids.append(
            Feed.objects.create(
                url=feed_server.url(f"/feed-{n}.xml"), source=source, poll_interval="00:01:00"
            ).pk
        )
    wait_until(lambda: _polled(feed_ids) >= 1, 60, "the first poll", worker.output)
    redis_server.stop()
    down_at = time.monotonic()
    polled_before = _polled(feed_ids)
    assert polled_before <= FEEDS - 2, "the outage must catch polls still queued"

    # --- Redis is down -------------------------------------------------------------------
    health_status, _h, health_body = web.get("/healthz")
    assert health_status == 503
    checks = json.loads(health_body)["checks"]
    assert checks["broker"]["ok"] is False and checks["database"]["ok"] is True

    stored = sorted(Article.objects.values_list("pk", flat=True))
    assert 0 < len(stored) < 100
    for path in ("/", "/timeline/", "/search/?q=Basra", "/map/"):
        status, _h, body = web.get(path)
        assert status == 200, (path, body[:500])
    status, _h, body = web.get(
        "/api/v1/articles/?page_size=100", headers={"Accept": "application/json"}
    )
    assert status == 200, body[:500]
    assert sorted(a["id"] for a in json.loads(body)["results"]) == stored

    # Work submitted now is kept: a new feed is stored (beat polls it later) ...
    feed_server.route(
        "/feed-late.xml",
        _feed_body(feed_server, 99),
        headers={"Content-Type": "application/rss+xml"},
    )
    late_url = feed_server.url("/feed-late.xml")
    status, _h, body = web.request(
        "POST",
        "/api/v1/feeds/",
        {"url": late_url, "source": source.slug, "poll_interval_minutes": 1},
        headers=auth,
    )
    assert status == 201, body[:500]
    feed_ids.append(Feed.objects.get(url=late_url).pk)
    # ... a submitted URL is fetched and stored at once (it needs no queue) ...
    feed_server.route("/page.html", ARTICLE_PAGE, headers={"Content-Type": "text/html"})
    status, _h, body = web.request(
        "POST",
        "/api/v1/articles/submit-url/",
        {"url": feed_server.url("/page.html")},
        headers=auth,
    )
    assert status == 201, body[:500]
    # ... and a queued file import is refused clearly, its run closed, not left "running".
    jsonl = tmp_path / "late.jsonl"
    jsonl.write_text(json.dumps({"title": "Late", "body": "A late file about Basra."}) + "\n")
    result = manage(env, "import_articles", "--async", str(jsonl), timeout=60)
    assert result.returncode != 0
    assert "ingestion queue unavailable, try again" in result.stderr
    refused_run = IngestionRun.objects.get(label=str(jsonl))
    assert refused_run.state == IngestionRun.State.FAILED
    assert "ingestion queue unavailable" in " ".join(refused_run.errors)

    assert worker.alive() and worker.process.pid == worker_pid, worker.output()[-3000:]
    assert beat.process.poll() is None, beat.output()[-3000:]
    time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - down_at)))
    assert worker.alive(), "the worker must wait for Redis, not exit"

    # --- Redis is back, empty --------------------------------------------------------------
    redis_server.start()
    wait_until(
        lambda: (
            _polled(feed_ids) == len(feed_ids)
            and not IngestionRun.objects.filter(state=IngestionRun.State.RUNNING).exists()
        ),
        90,
        "every feed to be polled after the outage",
        lambda: worker.output() + beat.output(),
    )
    status, _h, _b = web.get("/healthz")
    assert status == 200

    assert worker.process.pid == worker_pid and beat.process.pid == beat_pid
    feed_articles = Article.objects.filter(feed_id__in=feed_ids)
    assert feed_articles.count() == len(feed_ids) * ITEMS
    assert feed_articles.values("url").distinct().count() == len(feed_ids) * ITEMS
    assert Article.objects.filter(ingested_via=Article.Via.URL).count() == 1
    for feed in Feed.objects.filter(pk__in=feed_ids):
        assert feed.consecutive_failures == 0, feed.last_error
        polls = IngestionRun.objects.filter(feed=feed, state=IngestionRun.State.SUCCEEDED)
        assert sum(r.created for r in polls) == ITEMS


def test_the_cache_reads_as_a_miss_while_redis_is_down_but_locks_still_say_so(redis_server):
    from redis.exceptions import ConnectionError as RedisConnectionError

    from core.cache import FailSoftRedisCache

    cache = FailSoftRedisCache(redis_server.url, {"OPTIONS": {"socket_connect_timeout": 1}})
    cache.set("figure", 42)
    assert cache.get("figure") == 42
    redis_server.stop()

    assert cache.get("figure", "miss") == "miss"
    assert cache.get_many(["figure"]) == {}
    cache.set("figure", 43)  # dropped, no error
    assert cache.delete("figure") is False
    with pytest.raises(RedisConnectionError):
        cache.add("lock", "me")  # a lock cannot pretend: the caller decides

    redis_server.start()  # empty again: no persistence
    cache.set("figure", 44)
    assert cache.get("figure") == 44
