"""Per-IP (anonymous) and per-user request rates, read from settings at request time.

settings.API_THROTTLE_RATES = {"anon": "120/minute", "user": "1200/minute"} (env
API_THROTTLE_ANON / API_THROTTLE_USER). Over the rate: 429 with Retry-After.

The request history lives in the shared cache (Redis). When Redis is down the API still
answers reads from PostgreSQL: the rate is not enforced for that moment (logged), rather
than every request failing with a 500.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

logger = logging.getLogger(__name__)


class _SettingsRate:
    scope: str

    def get_rate(self) -> str | None:
        return getattr(settings, "API_THROTTLE_RATES", {}).get(self.scope)

    def allow_request(self, request: Any, view: Any) -> bool:
        """The usual check; a cache outage lets the request through instead of failing it."""
        try:
            return super().allow_request(request, view)  # type: ignore[misc]
        except (RedisError, OSError) as exc:
            logger.warning("API throttle skipped, cache unavailable: %s", exc)
            return True


class AnonThrottle(_SettingsRate, AnonRateThrottle):
    scope = "anon"


class UserThrottle(_SettingsRate, UserRateThrottle):
    scope = "user"
