"""Error answers: JSON under /api/, friendly pages elsewhere (handler400/403/404/500).

The pages are rendered without context processors for 400 and 500 (no database needed);
templates/500.html extends nothing, so it renders even when everything else is failing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

API_PREFIX = "/api/"

MESSAGES = {
    400: "The request could not be understood. Check the address and what was sent.",
    403: "You do not have permission to do this.",
    404: "Nothing was found at this address.",
    413: "The request is too large.",
    414: "The address (query string) is too long.",
    500: "Something went wrong on our side. It has been logged; please try again later.",
}


def is_api(request: HttpRequest) -> bool:
    """Whether the request is for the JSON API (errors answered as JSON)."""
    return request.path.startswith(API_PREFIX)


def error_response(
    request: HttpRequest,
    status: int,
    message: str | None = None,
    *,
    use_request: bool = True,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A JSON {"detail": …, **extra} for the API, else the {status}.html page (400.html for
    413/414) with `message`, `status` and `extra` in its context."""
    message = message or MESSAGES.get(status, MESSAGES[400])
    if is_api(request):
        return JsonResponse({"detail": message, **(extra or {})}, status=status)
    template = loader.select_template([f"{status}.html", "400.html"])
    context = {"message": message, "status": status, **(extra or {})}
    body = template.render(context, request if use_request else None)
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: SuspiciousOperation (too many fields, bad host…); an oversized body is 413."""
    if isinstance(exception, RequestDataTooBig):
        return error_response(request, 413, too_big_message(), use_request=False)
    return error_response(request, 400, use_request=False)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403."""
    return error_response(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404."""
    return error_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: no database, no context processors."""
    return error_response(request, 500, use_request=False)


def too_big_message() -> str:
    """What a client sending an oversized body is told (with the limit)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return f"The request body is too large: at most {_size(limit)}."


def _size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KB"
    return f"{n} bytes"
