"""Shared fixtures. Services are real: PostgreSQL always; Redis when REDIS_URL is set.

Under CI=true a missing service fails the test that needs it instead of skipping it.
"""

from __future__ import annotations

import os

import pytest

from tests import factories
from tests.browser.support import browser, page  # noqa: F401 - one Chromium for every test dir

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(reason: str) -> None:
    """Skip locally, fail on CI: a service a test needs is not available."""
    if IN_CI:
        pytest.fail(f"required service missing on CI: {reason}")
    pytest.skip(reason)


# Set by the browser tests (Playwright runs an event loop in the test thread); a process the
# tests start as production would run must not inherit it: `check --deploy` refuses it.
TEST_ONLY_ENV = ("DJANGO_ALLOW_ASYNC_UNSAFE",)


def child_env(**overrides: str) -> dict[str, str]:
    """The environment for a subprocess that runs the product as it runs outside the tests."""
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_ENV}
    env.update(overrides)
    return env


@pytest.fixture
def editor(db):
    return factories.UserFactory(username="editor", role="editor")


@pytest.fixture
def analyst(db):
    return factories.UserFactory(username="analyst", role="analyst")


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="boss", role="admin")


@pytest.fixture
def initiative(db):
    return factories.InitiativeFactory(
        slug="basra-shalamcheh-railway", name="Basra–Shalamcheh railway"
    )


@pytest.fixture
def cache_down(settings) -> None:
    """Redis unreachable: the production cache backend, pointed at a loopback port nothing
    listens on (so no connection can succeed, and none leaves the machine)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def local_server(settings):
    """The outside world, on 127.0.0.1: loopback fetches allowed, no host delay."""
    from tests.articles.ingest.httpserver import LocalServer

    settings.INGEST_ALLOW_LOOPBACK = True
    settings.INGEST_HOST_DELAY_SECONDS = 0
    settings.INGEST_TIMEOUT_SECONDS = 3
    server = LocalServer().start()
    yield server
    server.stop()
