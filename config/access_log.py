"""One access-log line per request, with the client address every rate limit uses.

Logged on "config.access" at INFO: `203.0.113.7 "GET /api/v1/initiatives/ HTTP/1.1" 200
1532 12.4ms`. The address is core.client_address's, so behind a trusted proxy it is the
client's, and a spoofed X-Forwarded-For cannot put words in the log. (gunicorn's own access
log would show the proxy, or believe nothing; it is not turned on.)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from core.client_address import client_address

logger = logging.getLogger("config.access")


def _printable(text: str, limit: int = 500) -> str:
    # A request line is the client's text: no control characters in our log.
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


class AccessLogMiddleware:
    """Log method, path, status, size and time of every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        size = "-" if response.streaming else str(len(response.content))
        logger.info(
            '%s "%s %s %s" %s %s %.1fms',
            client_address(request) or "-",
            request.method,
            _printable(request.get_full_path()),
            request.META.get("SERVER_PROTOCOL", "-"),
            response.status_code,
            size,
            (time.perf_counter() - started) * 1000,
        )
        return response
