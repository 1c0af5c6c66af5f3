"""API test helpers (tests/api_support.py): clients per role and generous throttle rates."""

from tests.api_support import _generous_throttles, api, client_for  # noqa: F401 (fixtures)
