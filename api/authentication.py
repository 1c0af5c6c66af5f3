"""API token authentication: `Authorization: Token <key>` or `Authorization: Bearer <key>`.

Failed attempts are counted per client address (settings.API_THROTTLE_RATES["token_failure"],
default 20/minute); over that, every token from the address gets 429 with Retry-After until
the window passes, so keys cannot be guessed at speed. Every wrong key gets the same answer;
a revoked or expired key is told so (401), and a read-only token is refused on any write
(403, whatever the view's own permissions).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.throttling import SimpleRateThrottle

from accounts.tokens import TokenRefused, authenticate_key, read_only_refusal
from api.throttling import ClientAddressIdent
from core.client_address import client_address

SCHEMES = ("token", "bearer")
INVALID_TOKEN = "Invalid or revoked token."  # noqa: S105 (a message)
DEFAULT_FAILURE_RATE = "20/minute"


class TokenFailureThrottle(ClientAddressIdent, SimpleRateThrottle):
    """Failed token authentications per client address (only failures are counted).

    The address is core.client_address's: a spoofed X-Forwarded-For does not reset it.
    """

    scope = "token_failure"

    def __init__(self) -> None:
        # The rate is read per request (tests and operators change settings at run time).
        pass

    def get_rate(self) -> str:
        rates = getattr(settings, "API_THROTTLE_RATES", {}) or {}
        return rates.get(self.scope) or DEFAULT_FAILURE_RATE

    def get_cache_key(self, request: Any, view: Any = None) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def _load(self, request: Any) -> None:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.get_cache_key(request)
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]

    def wait_seconds(self, request: Any) -> float | None:
        """Seconds this address must wait before trying a token again, or None."""
        # During a cache outage the history reads as empty (core/cache.py): nobody is
        # locked out, and failures are not counted until it is back.
        self._load(request)
        if len(self.history) < self.num_requests:
            return None
        return self.wait() or 1.0

    def record_failure(self, request: Any) -> None:
        """Count one failed attempt from this address."""
        self._load(request)
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Authenticate with a per-user key from accounts.tokens (stored hashed)."""

    keyword = "Token"

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in SCHEMES:
            return None  # not ours: let session authentication (or anonymity) apply
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Invalid Authorization header: use “Token <key>” or “Bearer <key>”."
            )
        throttle = TokenFailureThrottle()
        wait = throttle.wait_seconds(request)
        if wait is not None:
            raise exceptions.Throttled(
                wait, detail="Too many failed token attempts from this address."
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            key = ""
        try:
            token = authenticate_key(key, client_address(request)) if key else None
        except TokenRefused as refused:
            # A real key past its end: saying so (and when) tells its holder what to do.
            throttle.record_failure(request)
            raise exceptions.AuthenticationFailed(refused.message) from None
        # A disabled user's token answers like any wrong key: it reveals nothing.
        if token is None or not token.user.is_active:
            throttle.record_failure(request)
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        refusal = read_only_refusal(token, request.method)
        if refusal:
            raise exceptions.PermissionDenied(refusal)
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        # Makes unauthenticated requests get 401 (with WWW-Authenticate), not 403.
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes ApiTokenAuthentication in the OpenAPI schema."""

    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>` (or `Bearer <key>`); create keys at /api/v1/tokens/.",
        }
