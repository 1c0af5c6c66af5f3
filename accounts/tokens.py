"""Per-user API tokens: created with a random key shown once, stored only as its SHA-256.

Used by the API (/api/v1/tokens/), the admin and the dashboard's token page.
"""

from __future__ import annotations

import hashlib
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


def hash_key(key: str) -> str:
    """The SHA-256 hex digest under which a key is stored."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_token(user: Any, name: str, *, by: Any = None) -> tuple[ApiToken, str]:
    """Create a token for `user` (by `by`, default the user); returns (token, key). The key is
    never retrievable again.

    Raises DomainError(field="name") for an empty name.
    """
    name = (name or "").strip()
    if not name:
        raise DomainError("Give the token a name, e.g. the script that will use it.", field="name")
    if len(name) > 100:
        raise DomainError("A token name has at most 100 characters.", field="name")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key)
        )
        record_audit(
            actor=by or user,
            action="token.create",
            obj=token,
            after={"name": name, "prefix": token.prefix},
            summary=f"API token “{name}” created for {user.get_username()}",
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


def authenticate_key(key: str) -> ApiToken | None:
    """The active token whose key this is (with its user), or None. Records last use."""
    if not key or not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if (
        token.last_used_at is None
        or (now - token.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_of(user: Any):
    """A user's tokens, newest first (active and revoked)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
