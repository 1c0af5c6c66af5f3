"""Template context shared by every page."""

from __future__ import annotations

import logging

from django.db import DatabaseError
from django.http import HttpRequest

from accounts.roles import is_editor
from core.data_version import cached
from demo.removal import demo_present

logger = logging.getLogger(__name__)


def roles(request: HttpRequest) -> dict[str, bool]:
    """Expose whether the current user may edit, so templates show or hide editing controls."""
    user = getattr(request, "user", None)
    return {"user_is_editor": bool(user and is_editor(user))}


def demo_data(request: HttpRequest) -> dict[str, bool]:
    """Whether any demo data is stored, for the site-wide banner: two index probes, cached
    per data version (any write to articles or sources moves it). A page that needs no
    database (the sign-in form) still renders when it cannot be read: without the banner."""
    try:
        return {"demo_data_present": cached("demo-present", demo_present)}
    except DatabaseError:
        logger.warning("demo banner: the database cannot be read", exc_info=True)
        return {"demo_data_present": False}
