"""Every task has a soft and a hard time limit; a hung fetch frees its worker and says why."""

from __future__ import annotations

import pytest
from django.conf import settings

from articles.ingest import runs
from articles.models import Article, Feed, IngestionRun
from articles.tasks import import_items, poll_feed
from config.celery import app
from tests.articles.ingest.celery_worker import Worker, wait_for
from tests.conftest import require_service
from tests.factories import SourceFactory
from tests.private_redis import INSTALL_HINT

PROJECT_TASKS = ("articles.", "initiatives.")


def test_every_project_task_has_a_soft_and_a_hard_time_limit():
    app.loader.import_default_modules()
    names = sorted(name for name in app.tasks if name.startswith(PROJECT_TASKS))
    assert names, "no project tasks registered"
    for name in names:
        soft, hard = settings.TASK_TIME_LIMITS[name]
        assert 0 < soft < hard, name
        assert app.tasks[name].soft_time_limit == soft
        assert app.tasks[name].time_limit == hard


def test_redis_redelivers_only_after_the_longest_task_could_have_finished():
    if not settings.REDIS_URL:
        pytest.skip("the file-system broker has no visibility timeout")
    longest = max(hard for _soft, hard in settings.TASK_TIME_LIMITS.values())
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > longest


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_hung_feed_fetch_frees_its_worker_and_the_run_says_why(local_server, worker_started):
    # The feed's server takes the connection and never answers; the fetch's own timeout is
    # longer than the poll's time limit, so only the limit can end it.
    local_server.route("/hung.xml", hang=60)
    feed = Feed.objects.create(url=local_server.url("/hung.xml"), source=SourceFactory())
    worker = worker_started(
        pool="prefork", INGEST_TIMEOUT_SECONDS="60", INGEST_HOST_DELAY_SECONDS="0"
    )
    # The limits travel with the message (the sender's TASK_TIME_LIMITS); shortened here.
    poll_feed.apply_async((feed.pk,), queue=worker.queue, soft_time_limit=2, time_limit=6)

    run = wait_for(
        lambda: IngestionRun.objects.filter(feed=feed).exclude(state="running").first(),
        45,
        "the hung poll to be stopped",
        worker,
    )
    assert run.state == IngestionRun.State.FAILED
    assert runs.OUT_OF_TIME in run.errors
    feed.refresh_from_db()
    assert "time limit" in feed.last_error
    assert feed.consecutive_failures == 1

    # The same single worker process takes the next task at once.
    batch = runs.start_run(IngestionRun.Kind.API, label="after the hang", total=1)
    item = {"title": "Border market hours extended", "body": "Traders at Mehran said so.\n" * 3}
    import_items.apply_async((batch.pk, [item]), queue=worker.queue)
    wait_for(lambda: Article.objects.filter(ingestion_run=batch).exists(), 30, "next", worker)
    assert worker.process.poll() is None


@pytest.fixture
def worker_started():
    started: list[Worker] = []

    def start(**kwargs) -> Worker:
        if not settings.REDIS_URL:
            require_service(f"REDIS_URL is not set: this test needs Redis; {INSTALL_HINT}")
        w = Worker().start(**kwargs)
        started.append(w)
        return w

    yield start
    for w in started:
        w.stop()
