"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.roles import is_editor


def roles(request: HttpRequest) -> dict[str, bool]:
    """Expose whether the current user may edit, so templates show or hide editing controls."""
    user = getattr(request, "user", None)
    return {"user_is_editor": bool(user and is_editor(user))}
