"""Fixtures of the editorial tests: the console's worker (tests/editorial/console_support.py)
and a client signed in as an editor."""

import pytest

from tests.editorial.console_support import console_worker_fixture  # noqa: F401 - a fixture


@pytest.fixture
def editor_client(client, editor):
    """The test client, signed in as the editor."""
    client.force_login(editor)
    return client
