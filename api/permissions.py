"""Who may do what through the API: roles are the groups of accounts.roles.

- anonymous: read public resources when settings.API_ANONYMOUS_READ (default on);
- analyst (any role group): read everything public;
- editor: also write editorial data and read feeds / ingestion runs;
- admin: as editor, plus managing other users' tokens.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.roles import is_admin, is_analyst, is_editor


def can_read(user: Any) -> bool:
    """Public data: anyone when anonymous reading is on, otherwise members of a role."""
    if getattr(settings, "API_ANONYMOUS_READ", True):
        return True
    return is_analyst(user)


class ReadOrEditorWrite(BasePermission):
    """Reads as can_read(); writes for editors and admins."""

    message = "Only editors may change the editorial record."

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            if not can_read(request.user):
                self.message = "Sign in or send an API token to read this API."
                return False
            return True
        return is_editor(request.user)


class EditorsOnly(BasePermission):
    """Operational data (feeds, ingestion runs): editors and admins, read and write."""

    message = "Only editors may see feeds and ingestion runs."

    def has_permission(self, request: Any, view: Any) -> bool:
        return is_editor(request.user)


class SignedIn(BasePermission):
    """Any signed-in, active user (own API tokens)."""

    message = "Sign in to manage API tokens."

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(getattr(request.user, "is_authenticated", False) and request.user.is_active)

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return obj.user_id == request.user.pk or is_admin(request.user)
