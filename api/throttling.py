"""Per-IP (anonymous) and per-user request rates, read from settings at request time.

settings.API_THROTTLE_RATES = {"anon": "120/minute", "user": "1200/minute"} (env
API_THROTTLE_ANON / API_THROTTLE_USER). Over the rate: 429 with Retry-After.

The request history lives in the shared cache (Redis). When Redis is down the cache reads
as empty and drops writes (core/cache.py), so the API still answers from PostgreSQL and
the rate is not enforced for that moment, rather than every request failing with a 500.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _SettingsRate:
    scope: str

    def get_rate(self) -> str | None:
        return getattr(settings, "API_THROTTLE_RATES", {}).get(self.scope)


class AnonThrottle(_SettingsRate, AnonRateThrottle):
    scope = "anon"


class UserThrottle(_SettingsRate, UserRateThrottle):
    scope = "user"
