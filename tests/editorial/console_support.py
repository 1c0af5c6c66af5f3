"""Shared by the ingestion console's tests: a real Celery worker that the console's tasks
reach through the real Redis broker, on a private queue (so no other test's worker takes them)."""

from __future__ import annotations

import re

import pytest
import redis
from django.conf import settings

from tests.articles.ingest.celery_worker import Worker
from tests.conftest import require_service
from tests.private_redis import INSTALL_HINT


def text(response) -> str:
    """A page's HTML with runs of whitespace squeezed to one space."""
    return re.sub(r"\s+", " ", response.content.decode())


def route_uploads_to(monkeypatch, queue: str, task_name: str = "import_upload") -> None:
    """The console's messages of a task (import_upload, poll_feed, fetch_url) go to `queue`,
    still through the real broker."""
    from articles import tasks

    task = getattr(tasks, task_name)
    send = task.apply_async
    monkeypatch.setattr(
        task,
        "apply_async",
        lambda args=None, kwargs=None, **options: send(args, kwargs, queue=queue, **options),
    )


def queued(queue: str) -> list[tuple[str, list]]:
    """The messages waiting in a queue no worker reads, as (task name, args); emptied."""
    import base64
    import json

    broker = redis.Redis.from_url(settings.REDIS_URL)
    keys = list(broker.scan_iter(match=f"{queue}*"))
    found = []
    for key in keys:
        for raw in broker.lrange(key, 0, -1):
            message = json.loads(raw)
            args = json.loads(base64.b64decode(message["body"]))[0]
            found.append((message["headers"]["task"], args))
    if keys:
        broker.delete(*keys)
    return found


def require_redis() -> None:
    if not settings.REDIS_URL:
        require_service(
            f"REDIS_URL is not set: the upload tests need a Redis broker; {INSTALL_HINT}"
        )
    try:
        redis.Redis.from_url(settings.REDIS_URL).ping()
    except redis.RedisError as exc:
        require_service(f"Redis not reachable at {settings.REDIS_URL}: {exc}")


@pytest.fixture(name="console_worker")
def console_worker_fixture(monkeypatch):
    """Start a worker; articles.tasks.import_upload is then sent to its queue."""
    require_redis()
    worker = Worker().start()
    for name in ("import_upload", "poll_feed", "fetch_url"):
        route_uploads_to(monkeypatch, worker.queue, name)
    yield worker
    worker.stop()
