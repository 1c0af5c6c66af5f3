"""Dashboard pages about initiatives, people, places and the map: thin views over reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.roles import is_editor
from articles.selectors import evidence as selectors
from articles.selectors import profiles
from articles.selectors.feed_health import feed_health
from articles.selectors.filters import MILESTONE, STATEMENT, STATUS, TimelineFilters
from articles.selectors.timeline import timeline
from core import data_version
from initiatives.claims import slippage


def overview(request: HttpRequest) -> HttpResponse:
    """Where cooperation stands: statuses, sectors, activity, momentum, latest changes."""
    editor = is_editor(request.user)
    # The aggregates are the same for every reader: reused until the data changes (editors
    # always get them fresh). See core/data_version.py.
    context = {
        **data_version.cached("overview", _overview_data, fresh=editor),
        "feed_health": feed_health() if editor else None,
    }
    return render(request, "dashboard/overview.html", {**context, **_listing(request, context)})


# How the overview's list of initiatives can be sorted (?sort=).
OVERVIEW_SORTS = {
    "name": ("Name", lambda i: i.name.lower()),
    "latest": ("Latest evidence, oldest first", lambda i: i.last_evidence_at or _EPOCH),
    "slippage": ("Dates moved, most first", lambda i: (-i.slips, i.name.lower())),
}
_EPOCH = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)


def _listing(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """The initiatives list as asked: ?quiet=1 keeps the quiet ones, ?sort= orders it."""
    rows = context["initiatives"]
    quiet_only = request.GET.get("quiet") == "1"
    if quiet_only:
        rows = [i for i in rows if i.quiet]
    sort = request.GET.get("sort", "name")
    if sort not in OVERVIEW_SORTS:
        sort = "name"
    return {
        "initiatives": sorted(rows, key=OVERVIEW_SORTS[sort][1]),
        "quiet_only": quiet_only,
        "sort": sort,
        "sort_choices": [(key, label) for key, (label, _) in OVERVIEW_SORTS.items()],
        "quiet_days": settings.QUIET_DAYS,
    }


def _overview_data() -> dict[str, Any]:
    by_status = selectors.counts_by_status()
    by_sector = selectors.counts_by_sector()
    weeks, sector_series = selectors.mentions_per_week_by_sector(52)
    moves = selectors.momentum(30, 90)
    gaining = [m for m in moves if m.change > 0][:5]
    losing = sorted((m for m in moves if m.change < 0), key=lambda m: (m.change, m.name))[:5]
    changes = timeline(TimelineFilters(kinds={STATUS, MILESTONE}), limit=8)
    statements = timeline(TimelineFilters(kinds={STATEMENT}), limit=6)
    initiatives = list(selectors.initiatives_overview())
    slips = slippage([i.pk for i in initiatives])
    for initiative in initiatives:
        initiative.quiet = selectors.quiet_marker(initiative.last_evidence_at)
        initiative.slips = slips.get(initiative.pk, 0)
    return {
        "initiatives": initiatives,
        "by_status": by_status,
        "status_max": max((n for *_, n in by_status), default=0) or 1,
        "by_sector": [row for row in by_sector if row[2]],
        "sector_max": max((n for *_, n in by_sector), default=0) or 1,
        "initiative_total": sum(n for *_, n in by_status),
        # The chart's numbers as table rows: weeks with any mention, one column per sector.
        "activity_rows": [
            (week, counts)
            for week, counts in zip(
                weeks, zip(*(v for *_, v in sector_series), strict=True), strict=False
            )
            if any(counts)
        ],
        "activity_series": sector_series,
        "activity_chart": {
            "type": "stacked",
            "labels": [w.strftime("%-d %b %Y") for w in weeks],
            "datasets": [{"label": label, "values": values} for _, label, values in sector_series],
        },
        "activity_total": sum(sum(values) for *_, values in sector_series),
        "gaining": gaining,
        "losing": losing,
        "changes": changes.items,
        "statements": statements.items,
    }


def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One initiative: status history, milestones, places, articles, statements, people."""
    page = profiles.initiative_page(slug, fresh=is_editor(request.user))
    return render(request, "initiatives/detail.html", page)


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A person: role, statements over time, initiatives they spoke about."""
    return render(request, "initiatives/person.html", profiles.person_page(slug))


def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A place: where it is, the initiatives located there, articles mentioning it."""
    return render(request, "initiatives/place.html", profiles.place_page(slug))


def map_view(request: HttpRequest) -> HttpResponse:
    """Iran and Iraq with places and corridor lines; a list of the same without JS."""
    return render(request, "initiatives/map.html", profiles.map_data())
