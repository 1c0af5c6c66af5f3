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


def route_uploads_to(monkeypatch, queue: str) -> None:
    """articles.tasks.import_upload messages go to `queue` (still through the real broker)."""
    from articles.tasks import import_upload

    send = import_upload.apply_async
    monkeypatch.setattr(
        import_upload,
        "apply_async",
        lambda args=None, kwargs=None, **options: send(args, kwargs, queue=queue, **options),
    )


def require_redis() -> None:
    if not settings.REDIS_URL:
        require_service(
            f"REDIS_URL is not set: the upload tests need a Redis broker; {INSTALL_HINT}"
        )
    try:
        redis.Redis.from_url(settings.REDIS_URL).ping()
    except redis.RedisError as exc:
        require_service(f"Redis not reachable at {settings.REDIS_URL}: {exc}")


@pytest.fixture
def console_worker(monkeypatch):
    """Start a worker; articles.tasks.import_upload is then sent to its queue."""
    require_redis()
    worker = Worker().start()
    route_uploads_to(monkeypatch, worker.queue)
    yield worker
    worker.stop()
