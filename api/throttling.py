"""Per-address (anonymous) and per-user request rates, read from settings at request time.

settings.API_THROTTLE_RATES = {"anon": "120/minute", "user": "1200/minute"} (env
API_THROTTLE_ANON / API_THROTTLE_USER). Over the rate: 429 with Retry-After.

An anonymous client is counted by core.client_address (REMOTE_ADDR, or X-Forwarded-For
read only through settings.TRUSTED_PROXIES), never by DRF's own reading of the header, which
believes any X-Forwarded-For a client sends.

The request history lives in the shared cache (Redis). When Redis is down the cache reads
as empty and drops writes (core/cache.py), so the API still answers from PostgreSQL and
the rate is not enforced for that moment, rather than every request failing with a 500.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, BaseThrottle, UserRateThrottle

from core.client_address import client_address


class ClientAddressIdent(BaseThrottle):
    """Identifies an anonymous client by its trusted address (core/client_address.py)."""

    def get_ident(self, request: Any) -> str:
        return client_address(request)


class _SettingsRate:
    scope: str

    def get_rate(self) -> str | None:
        return getattr(settings, "API_THROTTLE_RATES", {}).get(self.scope)


class AnonThrottle(_SettingsRate, ClientAddressIdent, AnonRateThrottle):
    scope = "anon"


class UserThrottle(_SettingsRate, ClientAddressIdent, UserRateThrottle):
    scope = "user"
