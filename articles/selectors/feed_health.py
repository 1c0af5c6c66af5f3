"""How the feeds are doing: failing and quiet feeds, for the overview."""

# SQL here is assembled from constant fragments only; every value is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass
class FeedHealth:
    """How the feeds are doing: counts, the latest success, and the failing ones (worst first)."""

    total: int
    active: int
    failing: int
    last_success_at: dt.datetime | None
    failing_feeds: list[Any]


def feed_health(*, limit: int = 5) -> FeedHealth:
    """Summary of feed health for the editors' overview. Two queries."""
    from django.db.models import Count, Max, Q

    from articles.models import Feed

    stats = Feed.objects.aggregate(
        n_total=Count("id"),
        n_active=Count("id", filter=Q(active=True)),
        n_failing=Count("id", filter=Q(active=True, consecutive_failures__gt=0)),
        latest_success=Max("last_success_at"),
    )
    failing = list(
        Feed.objects.filter(active=True, consecutive_failures__gt=0)
        .select_related("source")
        .order_by("-consecutive_failures", "url")[:limit]
    )
    return FeedHealth(
        total=stats["n_total"],
        active=stats["n_active"],
        failing=stats["n_failing"],
        last_success_at=stats["latest_success"],
        failing_feeds=failing,
    )
