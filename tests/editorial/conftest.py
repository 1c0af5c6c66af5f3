"""Fixtures of the editorial tests: the console's worker (tests/editorial/console_support.py)."""

from tests.editorial.console_support import console_worker_fixture  # noqa: F401 - a fixture
