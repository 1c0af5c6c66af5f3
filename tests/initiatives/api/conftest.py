"""API test helpers: clients per role (session or token) and generous throttle rates."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from initiatives.tokens import create_token
from tests import factories


@pytest.fixture(autouse=True)
def _generous_throttles(settings):
    # Tests make many requests from one address; the 429 test sets its own low rate.
    settings.API_THROTTLE_RATES = {"anon": "100000/minute", "user": "100000/minute"}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def client_for(db):
    """client_for("editor") → an APIClient sending that role's API token (None: anonymous)."""

    def make(role: str | None) -> APIClient:
        client = APIClient()
        if role is not None:
            user = factories.UserFactory(username=f"{role}-user", role=role)
            _, key = create_token(user, f"{role} token")
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
            client.user = user
        return client

    return make
