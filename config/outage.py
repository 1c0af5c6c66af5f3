"""A database outage answers 503 with Retry-After, not a 500 with a stack trace.

PostgreSQL restarting, failing over or refusing connections raises OperationalError or
InterfaceError from whatever view touched it. Pages get templates/503.html (rendered without
the request, so no context processor touches the database again); /api/ paths get JSON.
Connections are health-checked per request (CONN_HEALTH_CHECKS), so the same processes
recover by themselves once the database is back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from config.errors import error_response

logger = logging.getLogger("config.outage")

RETRY_AFTER_SECONDS = 30
MESSAGE = "The database is unavailable for a moment. Please try again shortly."


def outage_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer for a request that hit a database outage: JSON for the API, else HTML."""
    try:
        response = error_response(
            request,
            503,
            MESSAGE,
            use_request=False,
            extra={"retry_after": RETRY_AFTER_SECONDS},
        )
    except Exception:  # noqa: BLE001 - the outage page must never fail itself
        logger.exception("templates/503.html could not be rendered")
        response = HttpResponse(
            f"<!doctype html><title>Unavailable</title><p>{MESSAGE}</p>",
            status=503,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Turn database connection errors raised by views into a 503 with Retry-After."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Answer 503 for OperationalError/InterfaceError; let anything else propagate."""
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning(
            "database unavailable during %s %s: %s: %s",
            request.method,
            request.path,
            type(exception).__name__,
            str(exception).strip()[:300],
        )
        return outage_response(request)
