"""Strict input for the API: unknown query parameters, ordering fields, bad JSON → clear 400s.

API consumers prefer to learn of their typo (`?pubished_after=`) over silently getting every
row, so a parameter a list does not know is refused with the list of those it does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import NotAcceptable, ParseError, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import JSONParser as BaseJSONParser
from rest_framework.settings import api_settings

DEEP_JSON_MESSAGE = "The JSON is nested too deeply to be read."
SURROGATE_MESSAGE = "The JSON contains an invalid \\u escape (a lone UTF-16 surrogate)."


class JSONParser(BaseJSONParser):
    """DRF's JSON parser, plus 400s for nesting past the recursion limit and lone surrogates.

    A lone surrogate ("\\ud800") parses into a str that cannot be encoded as UTF-8: stored
    or echoed in an error message it would fail later, as a 500.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        """Parse the body; refuse what would only fail later with a clear ParseError (400)."""
        try:
            data = super().parse(stream, media_type, parser_context)
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except RecursionError:
            raise ParseError(DEEP_JSON_MESSAGE) from None
        except UnicodeEncodeError:
            raise ParseError(SURROGATE_MESSAGE) from None
        return data


def reject_unknown_params(request: Any, allowed: Iterable[str]) -> None:
    """Raise ValidationError (400) naming each unknown query parameter and the allowed ones."""
    known = set(allowed) | {api_settings.URL_FORMAT_OVERRIDE or "format"}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        listed = ", ".join(sorted(known))
        raise ValidationError(
            {name: [f"Unknown query parameter. Allowed here: {listed}."] for name in unknown}
        )


def pagination_params(view: Any) -> set[str]:
    """The query parameters the view's paginator reads (page, page_size, cursor)."""
    paginator = getattr(view, "paginator", None)
    if paginator is None:
        return set()
    names = (
        getattr(paginator, attr, None)
        for attr in ("page_query_param", "page_size_query_param", "cursor_query_param")
    )
    return {name for name in names if name}


def ordering_params(view: Any) -> set[str]:
    """{"ordering"} when the view sorts with an OrderingFilter."""
    backends = getattr(view, "filter_backends", None) or []
    return {b.ordering_param for b in backends if issubclass(b, OrderingFilter)}


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, plus a 400 for query parameters the view does not know.

    Known: the filterset's fields, the paginator's and ordering's parameters, `format`, and
    the view's own `extra_query_params`.
    """

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        """Refuse unknown parameters, then filter as django-filter does (400 on bad values)."""
        filterset = self.get_filterset(request, queryset, view)
        allowed = set(filterset.form.fields) if filterset is not None else set()
        allowed |= pagination_params(view) | ordering_params(view)
        allowed |= set(getattr(view, "extra_query_params", ()))
        reject_unknown_params(request, allowed)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset.qs


class StrictOrderingFilter(OrderingFilter):
    """?ordering=a,-b; an unknown field is a 400 listing the fields the list sorts by."""

    def remove_invalid_fields(
        self, queryset: Any, fields: list[str], view: Any, request: Any
    ) -> list[str]:
        """Every term must be a valid field (optionally prefixed with -), else 400."""
        fields = [term for term in fields if term]
        valid = [item[0] for item in self.get_valid_fields(queryset, view, {"request": request})]
        wrong = [term for term in fields if term.removeprefix("-") not in valid]
        if wrong:
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"Cannot sort by “{wrong[0]}”. Sort by one of: {', '.join(valid)} "
                        "(prefix with - for descending)."
                    ]
                }
            )
        return fields


class ContentNegotiation(DefaultContentNegotiation):
    """An unknown ?format= is a 406 naming the formats this endpoint has (DRF says 404)."""

    def filter_renderers(self, renderers: list[Any], format: str) -> list[Any]:
        """The renderers for this format, or NotAcceptable listing the available ones."""
        chosen = [renderer for renderer in renderers if renderer.format == format]
        if not chosen:
            available = ", ".join(sorted({r.format for r in renderers}))
            raise NotAcceptable(f"Unknown format “{format}”; use one of: {available}.")
        return chosen
