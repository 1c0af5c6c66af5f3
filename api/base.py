"""What every API view shares: error mapping, conditional GET, pagination, CSV and GeoJSON."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import itertools
import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from core.exceptions import AlreadyDecided, DomainError, StaleEdit

# --------------------------------------------------------------------------- pagination


INVALID_CURSOR = "Invalid cursor; start again from the first page (follow `next` links)."


class _StrictPageSize:
    """A page_size that is not a whole number from 1 is a 400 (above the maximum: capped)."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request: Any) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size  # type: ignore[attr-defined]
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
            raise ValidationError(
                {self.page_size_query_param: [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return min(int(raw), self.max_page_size)


class PagePagination(_StrictPageSize, PageNumberPagination):
    """?page=N&page_size=M (default 25, at most 100); page must be a whole number from 1."""

    page_size = 25
    invalid_page_message = "Page {page_number} does not exist: {message}."

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        raw = request.query_params.get(self.page_query_param) or "1"
        if raw in self.last_page_strings:
            return raw
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
            raise ValidationError({self.page_query_param: ["A whole number from 1."]})
        return raw


# Annotation holding ArticleLink.published_at when a list is one initiative's articles.
LINK_PUBLISHED_AT = "link_published_at"


class PublishedCursorPagination(_StrictPageSize, CursorPagination):
    """Newest first by publication time, id breaking ties; ?cursor=…&page_size=M (≤ 100).

    A cursor that is not one this API handed out is a 400, not a 404 or a 500.
    """

    ordering = ("-published_at", "-id")
    page_size = 25

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        ordering = super().get_ordering(request, queryset, view)
        if LINK_PUBLISHED_AT in queryset.query.annotations:
            # Filtered by one initiative: its links' copy of the time, so PostgreSQL reads
            # the page from the link index in order (same values, same cursors).
            return tuple(o.replace("published_at", LINK_PUBLISHED_AT) for o in ordering)
        return ordering

    def decode_cursor(self, request: Any) -> Any:
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from None

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        if not request.query_params.get(self.cursor_query_param):
            return super().paginate_queryset(queryset, request, view)
        try:
            return super().paginate_queryset(queryset, request, view)
        except (DjangoValidationError, ValueError, TypeError, OverflowError):
            # A well-formed cursor whose position is not a value of the ordering field.
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from None


# --------------------------------------------------------------------------- renderers


class CSVRenderer(BaseRenderer):
    """text/csv; lists are streamed by CSVExportMixin, this renders single objects."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None):
        if data is None:  # 204 No Content (a DELETE): no rows, no body
            return b""
        rows = data if isinstance(data, list) else [data]
        rows = [row if isinstance(row, dict) else {"value": row} for row in rows]
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
        view = (renderer_context or {}).get("view")
        header = getattr(view, "csv_header", None)
        # Never an empty body: DRF would drop the Content-Type of an empty response.
        return ("".join(csv_lines(rows, header)) or "\r\n").encode("utf-8")


class GeoJSONRenderer(JSONRenderer):
    """application/geo+json (RFC 7946) for places."""

    media_type = "application/geo+json"
    format = "geojson"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        for key in ("slug", "initiative", "name", "id"):
            if value.get(key) not in (None, ""):
                return str(value[key])
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    text = str(value)
    # Spreadsheets execute cells starting with these as formulas (CSV injection).
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        text = "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


class _Line:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Any, header: list[str] | None = None) -> Iterator[str]:
    """CSV text line by line: the header (else the first row's keys), nested values flattened."""
    writer = csv.writer(_Line())
    if header is not None:
        yield writer.writerow(header)
    for row in rows:
        if header is None:
            header = list(row)
            yield writer.writerow(header)
        yield writer.writerow([_cell(row.get(key)) for key in header])


# Filters that say what an export holds, named in its file name.
_NAMED_FILTERS = ("initiative", "sector", "person", "place", "source", "language", "kind")
_UNSAFE = re.compile(r"[^a-z0-9_-]+")


def export_filename(request: Any, name: str) -> str:
    """`articles-initiative-basra-shalamcheh-railway-2026-12-01.csv`: what, filtered by what,
    exported when (the filter values as URL-safe words)."""
    parts = [name]
    for key in _NAMED_FILTERS:
        for value in request.query_params.getlist(key) if hasattr(request, "query_params") else []:
            word = _UNSAFE.sub("-", str(value).lower()).strip("-")[:60]
            if word:
                parts += [key, word]
    parts.append(dt.date.today().isoformat())
    return "-".join(parts) + ".csv"


def csv_download(lines: Iterator[str], request: Any, name: str) -> StreamingHttpResponse:
    """A streamed CSV file: UTF-8 with a byte-order mark (so spreadsheet programs read
    Persian and Arabic right), named after what it holds."""
    response = StreamingHttpResponse(
        itertools.chain(["\ufeff"], lines), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename(request, name)}"'
    return response


# --------------------------------------------------------------------------- view mixins


def domain_error_response(exc: DomainError) -> Response:
    """400 with a field error; 409 for a decision someone else made; 412 for a stale edit."""
    if isinstance(exc, AlreadyDecided):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, StaleEdit):
        return Response({"detail": exc.message}, status=status.HTTP_412_PRECONDITION_FAILED)
    return Response({exc.field or "non_field_errors": [exc.message]}, status=400)


class ApiViewMixin:
    """Domain errors → clear answers; ETag (+ Last-Modified) and 304 on GET/HEAD.

    The ETag is a hash of the rendered body, so it changes exactly when what the client
    sees changes (including counts). Views may define last_modified(response) → datetime.
    """

    # Rows are looked up by their integer id (views by slug override it): any other path
    # segment is a 404 from the router, never an id the database cannot compare.
    lookup_value_regex = r"[0-9]+"

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DomainError):
            response = domain_error_response(exc)
            response.exception = True
            return response
        return super().handle_exception(exc)  # type: ignore[misc]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if (
            request.method in ("GET", "HEAD")
            and isinstance(response, Response)
            and response.status_code == 200
        ):
            response.render()
            digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
            etag = f'"{getattr(response, "etag_prefix", "")}{digest}"'
            response["ETag"] = etag
            last_modified = getattr(response, "last_modified_at", None)
            if isinstance(last_modified, datetime):
                response["Last-Modified"] = http_date(last_modified.timestamp())
            response["Cache-Control"] = "private, no-cache"
            patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
            conditional = get_conditional_response(
                request._request,
                etag=etag,
                last_modified=last_modified.timestamp() if last_modified else None,
                response=response,
            )
            if conditional is not response:
                return conditional
        return response


class CSVExportMixin:
    """?format=csv on a list: every matching row (filters apply, no pagination), streamed."""

    csv_chunk_size = 1000

    def list(self, request, *args, **kwargs):
        if (
            getattr(request, "accepted_renderer", None)
            and request.accepted_renderer.format == "csv"
        ):
            queryset = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
            serializer_class = self.get_serializer_class()  # type: ignore[attr-defined]
            context = self.get_serializer_context()  # type: ignore[attr-defined]

            def rows():
                for obj in queryset.iterator(chunk_size=self.csv_chunk_size):
                    yield serializer_class(obj, context=context).data

            header = list(serializer_class(context=context).fields)
            name = getattr(self, "basename", None) or "export"
            return csv_download(csv_lines(rows(), header), request, name)
        return super().list(request, *args, **kwargs)  # type: ignore[misc]
