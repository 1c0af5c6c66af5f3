"""Input limits checked before any view runs, for the API and the pages alike.

- a body larger than settings.DATA_UPLOAD_MAX_MEMORY_SIZE (by its Content-Length; Django
  never reads past that length) → 413;
- a query string longer than settings.MAX_QUERY_STRING_BYTES → 414;
- a NUL character in the path, the query string, a form field or a JSON string (\\u0000)
  → 400 (PostgreSQL cannot store or compare text with NUL: it would otherwise surface as a
  500 deep in a query). Uploaded files may contain NUL; only form fields are checked.

Answers are JSON under /api/ and friendly pages elsewhere (config.errors).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError

from config.errors import error_response, too_big_message

NUL_MESSAGE = "The address contains a NUL character (%00), which is never valid here."
NUL_BODY_MESSAGE = "The request body contains a NUL character, which is never valid here."
# \u0000 in JSON text, not preceded by an escaped backslash (\\u0000 is the text "\u0000").
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)
_FORM = "application/x-www-form-urlencoded"


class InputLimitsMiddleware:
    """Refuse oversized bodies, huge query strings and NUL bytes with a clear 4xx."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.refusal(request)
        if refusal is not None:
            return refusal
        return self.get_response(request)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        """The 4xx answer for a request over a limit, or None when it is within them."""
        raw_length = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw_length)
        except ValueError:
            return error_response(request, 400, "Invalid Content-Length header.")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return error_response(request, 413, too_big_message())
        query = request.META.get("QUERY_STRING", "")
        query_limit = getattr(settings, "MAX_QUERY_STRING_BYTES", 8192)
        if len(query) > query_limit:
            return error_response(
                request,
                414,
                f"The query string is too long: at most {query_limit} characters.",
            )
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(query):
            return error_response(request, 400, NUL_MESSAGE)
        try:
            has_nul = bool(length) and self.body_has_nul(request)
        except MultiPartParserError:
            return error_response(request, 400, "The multipart body is malformed.")
        if has_nul:
            return error_response(request, 400, NUL_BODY_MESSAGE)
        return None

    @staticmethod
    def body_has_nul(request: HttpRequest) -> bool:
        """A NUL in a form or JSON body (bounded by the size limit above, read once)."""
        content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if content_type == _FORM:
            body = request.body
            return b"\x00" in body or b"\x00" in unquote_to_bytes(body.replace(b"+", b" "))
        if content_type == "application/json" or content_type.endswith("+json"):
            body = request.body
            return b"\x00" in body or _JSON_NUL.search(body) is not None
        if content_type == "multipart/form-data":
            fields = request.POST
            return any("\x00" in k or "\x00" in v for k, vs in fields.lists() for v in vs)
        return False
