"""Fixtures for the fault tests: real processes and services, cleaned up whatever happens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.conf import settings

from tests.conftest import require_service
from tests.faults.feedserver import FeedServer
from tests.faults.services import PrivatePostgres, PrivateRedis, manage, product_env
from tests.private_redis import INSTALL_HINT, find_redis_server


@pytest.fixture
def shared_redis_url() -> str:
    """The Redis the test suite was given (REDIS_URL): required, as for the worker tests."""
    url = settings.REDIS_URL
    if not url:
        require_service(
            f"REDIS_URL is not set: the fault tests need a Redis broker; {INSTALL_HINT}"
        )
    try:
        redis.Redis.from_url(url, socket_timeout=2).ping()
    except redis.RedisError as exc:
        require_service(f"Redis not reachable at {url}: {exc}")
    return url


@pytest.fixture
def redis_server() -> Iterator[PrivateRedis]:
    """A private redis-server (no persistence) on a free loopback port."""
    if not find_redis_server():
        require_service(f"no redis-server on this machine: {INSTALL_HINT}")
    server = PrivateRedis().start()
    yield server
    server.destroy()


@pytest.fixture
def postgres_server(shared_redis_url) -> Iterator[tuple[PrivatePostgres, str]]:
    """A private PostgreSQL cluster with a migrated database; yields (cluster, its URL)."""
    cluster = PrivatePostgres()
    try:
        cluster.init().start()
        url = cluster.create_database("ct_faults")
        result = manage(product_env(url, shared_redis_url), "migrate", "--noinput")
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        yield cluster, url
    finally:
        cluster.destroy()


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """The outside world, on 127.0.0.1."""
    server = FeedServer().start()
    yield server
    server.stop()


@pytest.fixture
def stop_after() -> Iterator[list]:
    """Processes appended here are stopped when the test ends, passed or failed."""
    started: list = []
    yield started
    for process in reversed(started):
        process.stop()


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    """Where the processes of one test write their logs."""
    return tmp_path
