"""Reads for the editors' ingestion console: runs, their refused rows, sources and feeds."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import ArticleLink, EventCount, Feed, IngestionRun, Source
from core.data_version import cached

RUN_STATES = ("running", "stuck", "succeeded", "failed")


def lost_after() -> dt.timedelta:
    """How long a running run may count nothing before beat closes it as lost."""
    return dt.timedelta(minutes=settings.INGEST_LOST_RUN_MINUTES)


def runs(*, kind: str = "", state: str = "", by: str = "") -> QuerySet[IngestionRun]:
    """Every run, newest first, filtered by kind, state ("stuck": running with no progress
    for the lost-run time) and who started it (a username)."""
    qs = IngestionRun.objects.select_related("started_by", "feed").annotate(
        last_progress=Coalesce("progress_at", "started_at")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if state == "stuck":
        qs = qs.filter(state=IngestionRun.State.RUNNING, last_progress__lt=stuck_cutoff())
    elif state:
        qs = qs.filter(state=state)
    if by:
        qs = qs.filter(started_by__username=by)
    return qs


def stuck_cutoff() -> dt.datetime:
    return timezone.now() - lost_after()


def is_stuck(run: IngestionRun) -> bool:
    """Running, but its task has counted nothing for the lost-run time."""
    last = run.progress_at or run.started_at
    return run.state == IngestionRun.State.RUNNING and last < stuck_cutoff()


@dataclass
class RefusedRow:
    """One refused row of a run: where (file and line, or entry) and why."""

    where: str
    line: int | None
    reason: str


# "name.jsonl:12: invalid JSON (…)"; feed entries are "url#3: reason".
_LOCATED = re.compile(r"^(?P<where>.+?):(?P<line>\d+): (?P<reason>.+)$", re.S)
_ENTRY = re.compile(r"^(?P<where>\S+?#(?P<line>\d+)): (?P<reason>.+)$", re.S)


def refused_rows(run: IngestionRun) -> list[RefusedRow]:
    """The run's kept refusals and errors as rows (line numbers where the message has one)."""
    rows = []
    for message in run.errors:
        match = _LOCATED.match(message) or _ENTRY.match(message)
        if match:
            rows.append(RefusedRow(match["where"], int(match["line"]), match["reason"]))
        else:
            rows.append(RefusedRow("", None, message))
    return rows


# --- Sources and feeds --------------------------------------------------------------------

CHART_DAYS = 30


@dataclass
class SourceRow:
    """A source with its feeds and the numbers the sources page shows."""

    source: Source
    feeds: list[Feed]
    per_day: list[int] = field(default_factory=list)  # oldest first, CHART_DAYS values
    confirmed_links: int = 0

    @property
    def items_30d(self) -> int:
        return sum(self.per_day)

    @property
    def chart_max(self) -> int:
        return max(self.per_day, default=0) or 1

    @property
    def bars(self) -> list[dict[str, float]]:
        """The per-day bars of a 90×30 SVG: x, y and height of each day (oldest first)."""
        top = self.chart_max
        bars = []
        for i, n in enumerate(self.per_day):
            height = round(28 * n / top, 1) if n else 0
            bars.append({"x": i * 3, "y": round(30 - height, 1), "height": height, "n": n})
        return bars


def backoff(feed: Feed) -> str:
    """A failing feed's backoff in words ("4 × its interval, at most a day"), else ""."""
    if not feed.consecutive_failures:
        return ""
    factor = 2 ** min(feed.consecutive_failures, 4)
    if feed.poll_interval * factor >= dt.timedelta(days=1):
        return "backing off: polled once a day until it succeeds"
    minutes = int((feed.poll_interval * factor).total_seconds() // 60)
    return f"backing off: {factor} × its interval, every {minutes} minutes until it succeeds"


def sources(
    *, failing: bool = False, paused: bool = False, language: str = "", side: str = ""
) -> QuerySet[Source]:
    """Sources for the sources page, filtered: with a failing or paused feed, by language,
    by country (side: a country code)."""
    qs = Source.objects.select_related("country")
    if failing:
        qs = qs.filter(feeds__active=True, feeds__consecutive_failures__gt=0)
    if paused:
        qs = qs.filter(feeds__active=False)
    if language:
        qs = qs.filter(language=language)
    if side:
        qs = qs.filter(country__code=side)
    return qs.distinct().order_by("name", "pk")


def source_rows(page: list[Source], *, today: dt.date | None = None) -> list[SourceRow]:
    """Feeds, articles per day over CHART_DAYS (from the per-day counts, EventCount) and
    confirmed links of those days' articles, for one page of sources. Three queries (the
    links' one cached)."""
    today = today or timezone.now().date()
    first = today - dt.timedelta(days=CHART_DAYS - 1)
    ids = [s.pk for s in page]
    feeds: dict[int, list[Feed]] = {pk: [] for pk in ids}
    for feed in Feed.objects.filter(source_id__in=ids).order_by("url"):
        feed.backoff = backoff(feed)
        feeds[feed.source_id].append(feed)
    counts: dict[int, dict[dt.date, int]] = {pk: {} for pk in ids}
    for value, day, n in (
        EventCount.objects.filter(
            dimension=EventCount.Dimension.SOURCE,
            value__in=[str(pk) for pk in ids],
            kind="article",
            day__gte=first,
            day__lte=today,
        )
        .values("value", "day")
        .annotate(n=Sum("n"))
        .values_list("value", "day", "n")
    ):
        counts[int(value)][day] = n
    links = confirmed_links_by_source(first)
    days = [first + dt.timedelta(days=i) for i in range(CHART_DAYS)]
    return [
        SourceRow(
            source=s,
            feeds=feeds[s.pk],
            per_day=[counts[s.pk].get(day, 0) for day in days],
            confirmed_links=links.get(s.pk, 0),
        )
        for s in page
    ]


def confirmed_links_by_source(first: dt.date) -> dict[int, int]:
    """Confirmed links of the articles each source published since `first`, every source
    in one query (~0.3 s on a million articles), reused until the data changes
    (core.data_version, at most DATA_CACHE_SECONDS): no count table holds these."""

    def compute() -> dict[int, int]:
        since = dt.datetime.combine(first, dt.time.min, tzinfo=dt.UTC)
        return dict(
            ArticleLink.objects.confirmed()
            .filter(article__published_at__gte=since, article__source__isnull=False)
            .values("article__source_id")
            .annotate(n=Count("id"))
            .values_list("article__source_id", "n")
        )

    return cached(f"console-source-links-since-{first.isoformat()}", compute)


def feed_counts() -> dict[str, Any]:
    """How many feeds there are, failing and paused, for the page's filter labels."""
    return Feed.objects.aggregate(
        total=Count("id"),
        failing=Count("id", filter=Q(active=True, consecutive_failures__gt=0)),
        paused=Count("id", filter=Q(active=False)),
    )
