"""Dashboard pages about evidence: the article reader, the timeline and search.

Filters live in the query string (TimelineFilters), so a URL is a permalink of the view. htmx
requests (filters, "Load more") get only the part of the page that changes; everything else,
including htmx's history restore, gets the whole page, so the pages work without JavaScript.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.dateformat import format as format_date

from articles.ingest.language import detect_language
from articles.models import Source
from articles.selectors import search as search_reads
from articles.selectors import timeline as timeline_reads
from articles.selectors.filters import (
    ARTICLE,
    MILESTONE,
    STATEMENT,
    STATUS,
    InvalidFilter,
    TimelineFilters,
)
from articles.selectors.reader import article_reader
from articles.selectors.search import (
    MAX_SEARCH_PAGE,
    MAX_SEARCH_QUERY_LENGTH,
    SearchPage,
)
from articles.selectors.timeline import TimelineEvent, decode_cursor, timeline_density
from initiatives.models import Initiative, Language, Person, Place, Sector

TIMELINE_PAGE_SIZE = 40
SEARCH_PAGE_SIZE = 20
KIND_LABELS = {
    ARTICLE: "Articles",
    STATEMENT: "Statements",
    MILESTONE: "Milestones",
    STATUS: "Status changes",
}


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The reader view: highlighted mentions, links to initiatives, statements, cluster."""
    return render(request, "articles/detail.html", {"reader": article_reader(pk)})


def _is_partial(request: HttpRequest) -> bool:
    # htmx restoring history after a cache miss wants the whole page, not a fragment.
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _vary(response: HttpResponse) -> HttpResponse:
    # The same URL answers with a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _filter_choices() -> dict[str, Any]:
    """Options of the filter selects (four small queries, whatever the number of articles)."""
    return {
        "initiative_choices": list(
            Initiative.objects.live().order_by("name").values_list("slug", "name")
        ),
        "source_choices": list(Source.objects.order_by("name").values_list("slug", "name")),
        "person_choices": list(Person.objects.order_by("name").values_list("slug", "name")),
        "place_choices": list(Place.objects.order_by("name").values_list("slug", "name")),
        "sector_choices": Sector.choices,
        "language_choices": Language.choices,
        "kind_choices": list(KIND_LABELS.items()),
    }


def _month_key(value: dt.datetime | dt.date) -> str:
    return value.strftime("%Y-%m")


def _with_month_headings(
    events: list[TimelineEvent], previous_month: str | None
) -> list[tuple[str | None, TimelineEvent]]:
    """Pair each event with the month heading to print before it (None within a month)."""
    rows = []
    for event in events:
        key = _month_key(event.date)
        rows.append((format_date(event.date, "F Y") if key != previous_month else None, event))
        previous_month = key
    return rows


def density_bars(
    series: list[tuple[dt.date, int]], filters: TimelineFilters, bucket: str
) -> dict[str, Any]:
    """Geometry of the density chart: one bar per bucket, each a link narrowing to it."""
    width, height = 1000, 90
    if not series:
        return {"bars": [], "width": width, "height": height}
    peak = max(n for _, n in series) or 1
    step = width / len(series)
    bars = []
    for index, (start, count) in enumerate(series):
        if bucket == "week":
            end = start + dt.timedelta(days=6)
            label = f"Week of {format_date(start, 'j M Y')}"
        else:
            end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(1)
            label = format_date(start, "F Y")
        narrowed = dataclasses.replace(filters, date_from=start, date_to=end)
        bar_height = max(2.0, count / peak * (height - 4)) if count else 0.0
        bars.append(
            {
                "x": round(index * step, 2),
                "width": round(max(step - 1, 1), 2),
                "y": round(height - bar_height, 2),
                "height": round(bar_height, 2),
                "count": count,
                "label": f"{label}: {count} event{'s' if count != 1 else ''}",
                "start": start.isoformat(),
                "end": end.isoformat(),
                "href": "?" + narrowed.to_query(),
            }
        )
    return {
        "bars": bars,
        "width": width,
        "height": height,
        "first": series[0][0],
        "last": series[-1][0],
        "peak": peak,
        "bucket": bucket,
    }


def timeline(request: HttpRequest) -> HttpResponse:
    """Articles, statements, milestones and status changes in one stream, filterable."""
    context: dict[str, Any] = {"kind_labels": KIND_LABELS}
    try:
        filters = TimelineFilters.from_query(request.GET)
        cursor = request.GET.get("cursor") or None
        page = timeline_reads.timeline(filters, cursor=cursor, limit=TIMELINE_PAGE_SIZE)
    except InvalidFilter as error:
        context.update(_filter_choices())
        context.update(
            {"error": error, "filters": TimelineFilters(), "query": "", "rows": [], "next": None}
        )
        return _vary(render(request, "articles/timeline.html", context, status=400))
    previous_month = _month_key(decode_cursor(cursor)[0]) if cursor else None
    query = filters.to_query()
    next_url = None
    if page.next_cursor:
        next_url = "?" + urlencode([*_pairs(query), ("cursor", page.next_cursor)])
    context.update(
        {
            "filters": filters,
            "query": query,
            "rows": _with_month_headings(page.items, previous_month),
            "next_url": next_url,
            "is_continuation": bool(cursor),
        }
    )
    if _is_partial(request) and cursor:
        return _vary(render(request, "articles/_timeline_items.html", context))
    bucket = "week" if _spans_under_half_a_year(filters) else "month"
    context["density"] = density_bars(timeline_density(filters, buckets=bucket), filters, bucket)
    # The results region carries the filter form too (its state follows the URL).
    context.update(_filter_choices())
    template = (
        "articles/_timeline_results.html" if _is_partial(request) else "articles/timeline.html"
    )
    return _vary(render(request, template, context))


def _pairs(query: str) -> list[tuple[str, str]]:
    return parse_qsl(query)


def _spans_under_half_a_year(filters: TimelineFilters) -> bool:
    if filters.date_from and filters.date_to:
        return (filters.date_to - filters.date_from).days <= 183
    return False


def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over articles and statements, with snippets and facets."""
    query = request.GET.get("q", "").strip()
    # ?original=1: the query's own language only, without the catalogue's other names.
    original_only = request.GET.get("original") == "1"
    context: dict[str, Any] = {"q": query, "kind_labels": KIND_LABELS}
    status = 200
    try:
        filters = TimelineFilters.from_query(request.GET)
        if len(query) > MAX_SEARCH_QUERY_LENGTH:
            raise InvalidFilter(
                f"The search is too long: at most {MAX_SEARCH_QUERY_LENGTH} characters.",
                field="q",
            )
        try:
            page_number = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            raise InvalidFilter("The page must be a number.", field="page") from None
        if page_number > MAX_SEARCH_PAGE:
            raise InvalidFilter(f"The page must be at most {MAX_SEARCH_PAGE}.", field="page")
        result = search_reads.search(
            query,
            filters=filters,
            page=page_number,
            page_size=SEARCH_PAGE_SIZE,
            original_only=original_only,
        )
    except InvalidFilter as error:
        filters, result, status = TimelineFilters(), None, 400
        context["error"] = error
    # Filters chosen through facets stay in force when the query is edited.
    hidden = [(k, v) for k, v in _pairs(filters.to_query())]
    context.update(
        {
            "filters": filters,
            "result": result,
            "hidden_filters": hidden,
            "match_cap": search_reads.SEARCH_MATCH_CAP,
        }
    )
    if result is not None:
        base = [("q", query), *_pairs(filters.to_query())]
        context["query_language"] = detect_language(query)
        context["original_url"] = "?" + urlencode([*base, ("original", "1")])
        context["all_languages_url"] = "?" + urlencode(base)
        context["facet_groups"] = _facet_groups(result, filters, base)
        context["active_filters"] = _active_filters(filters, base)
        if result.page > 1:
            context["prev_url"] = "?" + urlencode([*base, ("page", result.page - 1)])
        if result.has_next:
            context["next_url"] = "?" + urlencode([*base, ("page", result.page + 1)])
    template = "articles/_search_results.html" if _is_partial(request) else "articles/search.html"
    return _vary(render(request, template, context, status=status))


_FACET_TITLES = {
    "initiative": "Initiative",
    "sector": "Sector",
    "language": "Language",
    "source": "Source",
    "year": "Year",
}


def _facet_groups(
    result: SearchPage, filters: TimelineFilters, base: list[tuple[str, str]]
) -> list[dict[str, Any]]:
    """Each facet value as a link that adds (or, when active, removes) it from the query."""
    groups = []
    for key, title in _FACET_TITLES.items():
        values = []
        for facet in result.facets.get(key, []):
            active = _facet_active(filters, key, facet.value)
            params = [(k, v) for k, v in base if k != _facet_param(key)]
            if key == "year":
                params = [(k, v) for k, v in params if k not in ("date_from", "date_to")]
            if not active:
                if key == "year":
                    params += [
                        ("date_from", f"{facet.value}-01-01"),
                        ("date_to", f"{facet.value}-12-31"),
                    ]
                else:
                    params.append((key, facet.value))
            values.append(
                {
                    "label": facet.label,
                    "count": facet.count,
                    "active": active,
                    "href": "?" + urlencode(params),
                }
            )
        if values:
            groups.append({"key": key, "title": title, "values": values[:12]})
    return groups


def _facet_param(key: str) -> str:
    return "date_from" if key == "year" else key


def _facet_active(filters: TimelineFilters, key: str, value: str) -> bool:
    if key == "year":
        return bool(
            filters.date_from
            and filters.date_to
            and filters.date_from == dt.date(int(value), 1, 1)
            and filters.date_to == dt.date(int(value), 12, 31)
        )
    return getattr(filters, key, None) == value


def _active_filters(filters: TimelineFilters, base: list[tuple[str, str]]) -> list[dict[str, str]]:
    """The filters in force, each with a link that removes it."""
    chips = []
    for name in (
        "initiative",
        "sector",
        "person",
        "place",
        "source",
        "language",
        "date_from",
        "date_to",
    ):
        value = getattr(filters, name)
        if value:
            chips.append(
                {
                    "label": f"{name.replace('_', ' ')}: {value}",
                    "href": "?" + urlencode([(k, v) for k, v in base if k != name]),
                }
            )
    return chips
