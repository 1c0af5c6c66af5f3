"""Requests the outside fuzzer found answered with a 500: each now gets a clear 4xx or its
normal answer, and nothing is changed."""

from __future__ import annotations

import pytest

from initiatives.models import ApiToken
from tests.api_support import _generous_throttles, token_client  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles/null,null/links/",
        "/api/v1/links/null,null/confirm/",
        "/api/v1/links/null,null/reject/",
        "/api/v1/articles/abc/links/",
        "/api/v1/links/-1/confirm/",
    ],
)
def test_a_non_integer_id_is_a_404_not_a_server_error(path):
    client = token_client("editor")
    response = client.post(path, {}, format="json")
    assert response.status_code == 404, (path, response.status_code)


def test_revoking_a_token_with_format_csv_answers_204_and_revokes_it():
    client = token_client("editor")
    response = client.delete(f"/api/v1/tokens/{client.token.pk}/?format=csv")
    assert response.status_code == 204 and response.content == b""
    assert ApiToken.objects.get(pk=client.token.pk).revoked_at is not None
