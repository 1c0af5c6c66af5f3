"""API test helpers shared by the API and security tests: clients per role (API token) and
throttle rates lifted for tests that make many requests from one address.

Import the fixtures into a conftest or a test module to use them there; the throttle one is
autouse wherever it is imported (a test that checks 429s sets its own low rate).
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.tokens import create_token
from tests import factories

GENEROUS_RATES = {"anon": "100000/minute", "user": "100000/minute"}


def token_client(role: str | None) -> APIClient:
    """An APIClient sending the API token of a new user in `role` (None: anonymous);
    `.user` and `.token` are that user and token (None when anonymous)."""
    client = APIClient()
    client.user = None
    client.token = None
    if role is not None:
        user = factories.UserFactory(username=f"{role}-user", role=role)
        client.token, key = create_token(user, f"{role} token")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        client.user = user
    return client


@pytest.fixture(autouse=True)
def _generous_throttles(settings):
    settings.API_THROTTLE_RATES = dict(GENEROUS_RATES)


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def client_for(db):
    """client_for("editor") → an APIClient sending that role's API token (None: anonymous)."""
    return token_client
