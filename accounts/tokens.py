"""Per-user API tokens: created with a random key shown once, stored only as its SHA-256.

Limits are chosen at creation: an optional expiry (at most MAX_LIFETIME_DAYS ahead) and a
scope, `read` (refused on every write) or `write`. Each use records the time and the client
address (core/client_address.py). A revoked or expired key is refused with a message saying
which, and when; an unknown key gets the one answer every wrong key gets.

Used by the API (/api/v1/tokens/), the admin and the dashboard's token page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.exceptions import DomainError
from initiatives.models import ApiToken
from initiatives.services import record_audit

# "ct_" marks our keys in logs and secret scanners; 32 random bytes ≈ 43 url-safe chars.
KEY_PREFIX = "ct_"
PREFIX_LENGTH = 10  # stored in clear (ApiToken.prefix) so users can tell their tokens apart
# last_used_at is written at most this often per token, so reads do not all become writes.
LAST_USED_RESOLUTION_SECONDS = 60
MAX_LIFETIME_DAYS = 366
SCOPES = tuple(ApiToken.Scope.values)
READ, WRITE = ApiToken.Scope.READ, ApiToken.Scope.WRITE
WHERE_TO_RENEW = "create a new one at /api/v1/tokens/ or on your tokens page (/account/tokens/)"


class TokenRefused(DomainError):
    """A real key that may not be used any more (revoked or expired); the message says why."""


def hash_key(key: str) -> str:
    """The SHA-256 hex digest under which a key is stored."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def check_expiry(
    expires_at: dt.datetime | None, now: dt.datetime | None = None
) -> dt.datetime | None:
    """The expiry if it is allowed (None: never); raises DomainError(field="expires_at")."""
    now = now or timezone.now()
    if expires_at is None:
        return None
    if timezone.is_naive(expires_at):
        raise DomainError(
            "Give the expiry with its time zone, e.g. 2027-01-31T00:00:00Z.", field="expires_at"
        )
    if expires_at <= now:
        raise DomainError("The expiry must be in the future.", field="expires_at")
    if expires_at > now + dt.timedelta(days=MAX_LIFETIME_DAYS):
        raise DomainError(
            f"A token lives at most {MAX_LIFETIME_DAYS} days; choose an earlier expiry.",
            field="expires_at",
        )
    return expires_at


def create_token(
    user: Any,
    name: str,
    *,
    by: Any = None,
    scope: str = WRITE,
    expires_at: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a token for `user` (by `by`, default the user); returns (token, key). The key is
    never retrievable again.

    Raises DomainError (with its field) for an empty name, an unknown scope, or an expiry
    that is not in the future or is more than MAX_LIFETIME_DAYS ahead.
    """
    name = (name or "").strip()
    if not name:
        raise DomainError("Give the token a name, e.g. the script that will use it.", field="name")
    if len(name) > 100:
        raise DomainError("A token name has at most 100 characters.", field="name")
    if scope not in SCOPES:
        raise DomainError(f"“{scope}” is not a scope: use {' or '.join(SCOPES)}.", field="scope")
    now = timezone.now()
    expires_at = check_expiry(expires_at, now)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=key[:PREFIX_LENGTH],
            key_hash=hash_key(key),
            scope=scope,
            created_at=now,
            expires_at=expires_at,
        )
        record_audit(
            actor=by or user,
            action="token.create",
            obj=token,
            after={
                "name": name,
                "prefix": token.prefix,
                "scope": scope,
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
            summary=f"API token “{name}” ({scope}) created for {user.get_username()}",
        )
    return token, key


def revoke_token(token: ApiToken, by: Any) -> ApiToken:
    """Revoke a token (idempotent): it stops authenticating at once; the row stays for audit."""
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        token.refresh_from_db()
        if updated:
            record_audit(
                actor=by,
                action="token.revoke",
                obj=token,
                before={"revoked": False},
                after={"revoked": True},
                summary=f"API token “{token.name}” of {token.user.get_username()} revoked",
            )
    return token


def authenticate_key(key: str, address: str | None = None) -> ApiToken | None:
    """The token whose key this is (with its user), or None for a key that is no key of ours.

    Raises TokenRefused for a revoked or expired token. Records the time and the client
    address of the use (at most every LAST_USED_RESOLUTION_SECONDS, or when the address
    changes).
    """
    if not key or not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRefused(
            f"This token was revoked on {_when(token.revoked_at)}; {WHERE_TO_RENEW}."
        )
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenRefused(f"This token expired on {_when(token.expires_at)}; {WHERE_TO_RENEW}.")
    address = _storable(address)
    if (
        token.last_used_at is None
        or (now - token.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS
        or token.last_used_from != address
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_from=address)
        token.last_used_at, token.last_used_from = now, address
    return token


def _storable(address: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(address or ""))
    except ValueError:
        return None  # no address (a test client, a unix socket): not recorded


def read_only_refusal(token: ApiToken, method: str) -> str | None:
    """Why this token may not make a request with this method, or None if it may."""
    if token.scope == READ and method.upper() not in ("GET", "HEAD", "OPTIONS"):
        return (
            f"This token is read-only: it cannot be used for {method.upper()} requests. "
            "Use a token with the write scope."
        )
    return None


def tokens_of(user: Any):
    """A user's tokens, newest first (active and revoked)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
