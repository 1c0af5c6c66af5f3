"""PostgreSQL stopped for a few seconds mid-ingestion: 503s meanwhile, then all recovers.

A private cluster (the embedded PostgreSQL 16) serves a gunicorn web process and a Celery
worker. It is stopped with `pg_ctl stop -m fast` (connections cut) while a batch is being
stored, and started again: the task retries and completes exactly, and the same web process
answers again without a restart.
"""

from __future__ import annotations

import json
import time

import psycopg
import pytest

from tests.faults.feedserver import rss
from tests.faults.services import ProductWorker, WebServer, manage, product_env, wait_until

pytestmark = [pytest.mark.worker]

ITEMS, BATCH = 3000, 50
OUTAGE_SECONDS = 4
PAGES = ("/", "/timeline/", "/search/?q=Basra")
API = ("/api/v1/articles/", "/api/v1/initiatives/")

ENQUEUE = """
import json, sys
from articles.ingest import runs
from articles.models import IngestionRun
from articles.tasks import import_items
items = json.load(open(sys.argv[1]))
run = runs.start_run(IngestionRun.Kind.API, label="postgres outage", total=len(items))
import_items.apply_async((run.pk, items, int(sys.argv[3])), queue=sys.argv[2])
print(run.pk)
"""


POLL = """
from articles.models import Feed, Source
from articles.tasks import poll_feed
source, _ = Source.objects.get_or_create(slug="outage-wire", defaults={"name": "Outage Wire"})
feed = Feed.objects.create(url=URL, source=source)
poll_feed.apply_async((feed.pk,), queue=QUEUE)
print(feed.pk)
"""


def _query(url: str, sql: str, *params):
    with psycopg.connect(url, connect_timeout=3) as conn:
        return conn.execute(sql, params).fetchone()


def test_postgres_restart_mid_ingestion_gives_503s_then_everything_recovers(
    postgres_server, shared_redis_url, feed_server, stop_after, logs, tmp_path
):
    cluster, url = postgres_server
    env = product_env(url, shared_redis_url)
    web = WebServer(env, logs / "web.log")
    stop_after.append(web)
    web.start()
    worker = ProductWorker(env, log=logs / "worker.log")
    stop_after.append(worker)
    worker.start()
    pid = worker.process.pid
    for path in PAGES + API:  # warm: each web thread now holds a persistent connection
        status, _h, body = web.get(path)
        assert status == 200, (path, body[:300])

    items = tmp_path / "items.json"
    items.write_text(
        json.dumps(
            [
                {
                    "title": f"Customs talks round {i}",
                    "body": f"Customs officials met in Basra for round {i} of the talks on "
                    f"border trade; they reviewed case file {i * 7919} line by line.",
                    "label": f"item {i}",
                }
                for i in range(ITEMS)
            ]
        )
    )
    result = manage(
        env,
        "shell",
        "-c",
        ENQUEUE.replace("sys.argv[1]", repr(str(items)))
        .replace("sys.argv[2]", repr(worker.queue))
        .replace("sys.argv[3]", repr(str(BATCH))),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    run_id = int(result.stdout.strip().splitlines()[-1])

    count = "SELECT count(*) FROM articles_article"
    wait_until(
        lambda: _query(url, count)[0] >= ITEMS // 10, 120, "the first batches", worker.output
    )
    cluster.stop("fast")
    down_at = time.monotonic()

    # --- PostgreSQL is down ----------------------------------------------------------------
    for path in PAGES:
        status, headers, body = web.get(path, headers={"Accept": "text/html"})
        assert status == 503, (path, body[:500])
        assert headers["content-type"].startswith("text/html")
        assert int(headers["retry-after"]) > 0
        assert "Back in a moment" in body.decode() and "Traceback" not in body.decode()
    for path in API:
        status, headers, body = web.get(path, headers={"Accept": "application/json"})
        assert status == 503, (path, body[:500])
        assert headers["content-type"] == "application/json"
        assert int(headers["retry-after"]) > 0
        assert "database is unavailable" in json.loads(body)["detail"]
    status, _h, body = web.get("/healthz")
    assert status == 503 and json.loads(body)["checks"]["database"]["ok"] is False
    assert worker.alive() and worker.process.pid == pid, worker.output()[-3000:]
    time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - down_at)))

    # --- PostgreSQL is back: same processes ------------------------------------------------
    cluster.start()
    stored_during = _query(url, count)[0]
    assert stored_during < ITEMS, "the outage must interrupt the import"
    for path in PAGES + API:
        status, _h, body = web.get(path)
        assert status == 200, (path, body[:300])
    status, _h, _b = web.get("/healthz")
    assert status == 200

    state = "SELECT state, items_seen, created, duplicates, refused FROM articles_ingestionrun "
    state += "WHERE id = %s"
    wait_until(
        lambda: _query(url, state, run_id)[0] != "running",
        120,
        "the retried import to finish",
        worker.output,
    )
    assert _query(url, state, run_id) == ("succeeded", ITEMS, ITEMS, 0, 0)
    assert _query(url, count)[0] == ITEMS
    assert _query(url, "SELECT count(DISTINCT content_hash) FROM articles_article")[0] == ITEMS
    assert worker.alive() and worker.process.pid == pid

    # A feed poll cut by a second outage: the database's fault, not the feed's.
    slow = feed_server.route(
        "/slow.xml",
        rss(
            [
                {
                    "title": f"Slow {i}",
                    "link": feed_server.url(f"/slow/{i}"),
                    "description": f"Slow story {i}: the Shalamcheh crossing reopened lane {i}.",
                }
                for i in range(5)
            ]
        ),
        delay=2.0,
        headers={"Content-Type": "application/rss+xml"},
    )
    result = manage(
        env,
        "shell",
        "-c",
        POLL.replace("URL", repr(feed_server.url("/slow.xml"))).replace(
            "QUEUE", repr(worker.queue)
        ),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    feed_id = int(result.stdout.strip().splitlines()[-1])
    wait_until(lambda: slow.hits >= 1, 60, "the poll to start fetching", worker.output)
    cluster.stop("fast")  # the fetch is under way; storing its items will fail
    time.sleep(OUTAGE_SECONDS)
    cluster.start()
    feed_state = "SELECT last_success_at IS NOT NULL, consecutive_failures FROM articles_feed "
    wait_until(
        lambda: _query(url, feed_state + "WHERE id = %s", feed_id)[0],
        120,
        "the retried poll",
        worker.output,
    )
    assert _query(url, feed_state + "WHERE id = %s", feed_id) == (True, 0)
    runs_sql = "SELECT state, count(*) FROM articles_ingestionrun WHERE feed_id = %s "
    assert _query(url, runs_sql + "AND state = 'running' GROUP BY state", feed_id) is None
    assert _query(url, runs_sql + "AND state = 'succeeded' GROUP BY state", feed_id) == (
        "succeeded",
        1,
    )
    assert _query(url, "SELECT count(*) FROM articles_article WHERE feed_id = %s", feed_id) == (5,)
    assert worker.alive() and worker.process.pid == pid
