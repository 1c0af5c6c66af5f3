"""Per-IP (anonymous) and per-user request rates, read from settings at request time.

settings.API_THROTTLE_RATES = {"anon": "120/minute", "user": "1200/minute"} (env
API_THROTTLE_ANON / API_THROTTLE_USER). Over the rate: 429 with Retry-After.
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
