"""Shared fixtures. Services are real: PostgreSQL always; Redis when REDIS_URL is set.

Under CI=true a missing service fails the test that needs it instead of skipping it.
"""

from __future__ import annotations

import os

import pytest

from tests import factories

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(reason: str) -> None:
    """Skip locally, fail on CI: a service a test needs is not available."""
    if IN_CI:
        pytest.fail(f"required service missing on CI: {reason}")
    pytest.skip(reason)


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
