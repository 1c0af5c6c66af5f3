"""A real Celery worker (against the real Redis broker) runs the ingestion tasks."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings

from articles.ingest import runs
from articles.models import Article, ArticleLink, IngestionRun, Statement
from articles.tasks import import_items, import_text
from tests.articles.ingest.celery_worker import Worker, wait_for
from tests.conftest import require_service
from tests.factories import AliasFactory, InitiativeFactory
from tests.private_redis import INSTALL_HINT

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    if not settings.REDIS_URL:
        require_service(
            f"REDIS_URL is not set: the worker tests need a Redis broker; {INSTALL_HINT}"
        )
    try:
        redis.Redis.from_url(settings.REDIS_URL).ping()
    except redis.RedisError as exc:
        require_service(f"Redis not reachable at {settings.REDIS_URL}: {exc}")
    started: list[Worker] = []

    def start(queue: str | None = None, **kwargs) -> Worker:
        w = Worker(queue).start(**kwargs)
        started.append(w)
        return w

    yield start
    for w in started:
        w.stop()


def _finished(run: IngestionRun):
    run.refresh_from_db()
    return run if run.state != IngestionRun.State.RUNNING else None


def test_worker_imports_the_seed_files(worker, seed_paths, seed_people):
    w = worker()
    queued = []
    for path in seed_paths:
        run = runs.start_run(IngestionRun.Kind.FILE, label=str(path))
        import_text.apply_async((run.pk, Path(path).name, Path(path).read_text()), queue=w.queue)
        queued.append(run)

    for run in queued:
        wait_for(lambda run=run: _finished(run), 60, "the import task", w)
        assert run.state == IngestionRun.State.SUCCEEDED, run.errors
        assert run.created == 1

    assert sorted(Article.objects.values_list("byline", flat=True)) == [
        "Mojtaba Darabi",
        "Zohre Khazaee",
    ]
    assert Statement.objects.filter(speaker=seed_people["araji"]).count() == 3
    assert Statement.objects.filter(speaker=seed_people["rashid"]).count() == 3


def _batch(n: int) -> list[dict]:
    return [
        {
            "title": f"Rail talks, round {i}",
            "body": (
                f"Officials met for round {i} of talks on the Shalamcheh railway.\n"
                f"Masoud Pezeshkian said, “Round {i} shows that our cooperation keeps growing.”\n"
                f"Negotiators reviewed {i} pending files line by line."
            ),
            "label": f"item {i}",
        }
        for i in range(n)
    ]


def test_worker_killed_mid_batch_loses_and_duplicates_nothing(worker, seed_people):
    rail = InitiativeFactory(slug="basra-shalamcheh-railway")
    AliasFactory(initiative=rail, text="Shalamcheh railway", language="en")
    n = 400
    run = runs.start_run(IngestionRun.Kind.API, label="batch", total=n)
    first = worker()
    import_items.apply_async((run.pk, _batch(n), 5), queue=first.queue)

    stored_at_kill = wait_for(
        lambda: (
            Article.objects.filter(ingestion_run=run).count() >= 20
            and Article.objects.filter(ingestion_run=run).count()
        ),
        60,
        "the first articles",
        first,
    )
    first.kill()
    stored_at_kill = Article.objects.filter(ingestion_run=run).count()
    assert 0 < stored_at_kill < n, "the worker must die mid-batch"

    # A new worker on the same queue gets the unacknowledged message again.
    second = worker(first.queue, visibility_timeout=1)
    wait_for(lambda: _finished(run), 90, "the redelivered batch", second)

    assert run.state == IngestionRun.State.SUCCEEDED, run.errors
    assert Article.objects.count() == n
    assert Statement.objects.filter(speaker=seed_people["pezeshkian"]).count() == n
    assert ArticleLink.objects.filter(initiative=rail).count() == n
    assert (run.created, run.duplicates, run.refused) == (n, 0, 0)


def _queue_keys(broker: redis.Redis, queue: str) -> list[bytes]:
    """The Redis lists holding a queue's waiting messages (one per priority step)."""
    return list(broker.scan_iter(match=f"{queue}*"))


def test_a_run_whose_queued_task_was_lost_is_closed_saying_to_run_it_again(worker):
    """Redis restarted empty: the message of a queued import is gone, its run must not stay
    "running" for ever. A run still waiting for a short while is left alone."""
    from django.db.models import F
    from django.utils import timezone

    from articles.tasks import close_lost_runs

    broker = redis.Redis.from_url(settings.REDIS_URL)
    nobody = f"unconsumed-{uuid.uuid4().hex[:8]}"  # a queue no worker reads yet
    lost = runs.start_run(IngestionRun.Kind.FILE, label="lost.jsonl")
    waiting = runs.start_run(IngestionRun.Kind.FILE, label="waiting.jsonl")
    for run in (lost, waiting):
        import_items.apply_async((run.pk, _batch(3)), queue=nobody)
    keys = _queue_keys(broker, nobody)
    assert sum(broker.llen(k) for k in keys) == 2
    broker.delete(*keys)  # what a Redis restarted without its data holds: nothing
    IngestionRun.objects.filter(pk=lost.pk).update(started_at=F("started_at") - timedelta(hours=2))

    w = worker()
    close_lost_runs.apply_async(queue=w.queue)

    wait_for(lambda: _finished(lost), 30, "the lost run to be closed", w)
    assert lost.state == IngestionRun.State.FAILED and lost.finished_at <= timezone.now()
    assert "lost: no progress for 60 minutes" in lost.errors[-1]
    assert "Run it again" in lost.errors[-1]
    waiting.refresh_from_db()
    assert waiting.state == IngestionRun.State.RUNNING and not waiting.errors


def test_a_run_closed_as_lost_reopens_when_its_task_arrives_after_all(worker):
    from django.db.models import F

    from articles.ingest.runs import close_lost_runs

    nobody = f"late-{uuid.uuid4().hex[:8]}"
    run = runs.start_run(IngestionRun.Kind.FILE, label="late.jsonl")
    import_items.apply_async((run.pk, _batch(4)), queue=nobody)
    IngestionRun.objects.filter(pk=run.pk).update(started_at=F("started_at") - timedelta(hours=2))
    assert close_lost_runs(after=timedelta(minutes=60)) == [run.pk]
    assert _finished(run).state == IngestionRun.State.FAILED

    w = worker(queue=nobody)  # the queue was only slow: its worker comes back

    wait_for(
        lambda: IngestionRun.objects.filter(pk=run.pk, state="succeeded").first(),
        60,
        "the late task to reopen and finish its run",
        w,
    )
    run.refresh_from_db()
    assert (run.created, run.errors) == (4, [])
    assert Article.objects.filter(ingestion_run=run).count() == 4


def test_embedded_broker_carries_a_file_import_from_the_command_line_to_a_worker(
    tmp_path, seed_paths, seed_people
):
    """With no REDIS_URL (a fresh machine), `import_articles --async` and the worker meet in
    the file-system broker under the data directory, as `bootstrap.py run` uses them."""
    from tests.articles.ingest.celery_worker import ROOT
    from tests.conftest import child_env
    from tests.db_support import database_url
    from tests.faults.services import ProductWorker, manage

    env = child_env(
        DATABASE_URL=database_url(),
        CT_DATA_DIR=str(tmp_path / "data"),
        DB_CONN_MAX_AGE="0",
    )
    env.pop("REDIS_URL", None)
    worker = ProductWorker(env, queue="celery", log=tmp_path / "worker.log").start()
    try:
        queued = manage(env, "import_articles", "--async", str(seed_paths[0]))
        assert queued.returncode == 0, queued.stdout + queued.stderr
        assert "queued as ingestion run" in queued.stdout
        run = IngestionRun.objects.get()
        wait_for(lambda: _finished(run), 90, "the import on the embedded broker", worker)
    finally:
        worker.stop()
    assert run.state == IngestionRun.State.SUCCEEDED, run.errors
    assert run.created == 1
    assert Article.objects.filter(ingestion_run=run).count() == 1
    assert (tmp_path / "data" / "broker" / "control").is_dir(), "the broker lives in the data dir"
    assert not (ROOT / "control").exists(), "nothing of the broker outside the data dir"
