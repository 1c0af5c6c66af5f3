"""Reads for the dashboard's initiative, person, place and map pages, each in fixed queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404

from articles.models import Article, ArticleLink, Statement
from initiatives.claims import claim_groups
from initiatives.models import Initiative, Person, Place, Sector

CONFIRMED = ArticleLink.State.CONFIRMED
# Sectors whose initiatives are drawn as a line through their places on the map.
LINE_SECTORS = {Sector.RAIL, Sector.ROAD_CORRIDORS, Sector.ENERGY, Sector.WATER_ENVIRONMENT}


@dataclass
class StoryGroup:
    """One story: the article shown, and the same story from other outlets (its cluster)."""

    article: Article
    others: list[Article]


def group_by_cluster(articles: list[Article], siblings: list[Article]) -> list[StoryGroup]:
    """Collapse clustered duplicates: first article of a cluster shown, the rest as sources."""
    groups: list[StoryGroup] = []
    by_cluster: dict[int, StoryGroup] = {}
    shown: set[int] = set()
    for article in articles:
        if article.cluster_id and article.cluster_id in by_cluster:
            group = by_cluster[article.cluster_id]
            if article.pk not in {a.pk for a in group.others}:
                group.others.append(article)
            shown.add(article.pk)
            continue
        group = StoryGroup(article, [])
        groups.append(group)
        shown.add(article.pk)
        if article.cluster_id:
            by_cluster[article.cluster_id] = group
    for sibling in siblings:
        group = by_cluster.get(sibling.cluster_id)
        if group and sibling.pk not in shown:
            group.others.append(sibling)
            shown.add(sibling.pk)
    return groups


def initiative_page(slug: str, *, article_limit: int = 30, fresh: bool = False) -> dict[str, Any]:
    """Everything the initiative page shows (404 for an unknown slug).

    The weekly mentions are reused until the data changes, unless `fresh` (editors).
    """
    from articles.selectors import evidence as selectors
    from core import data_version

    try:
        initiative = selectors.initiative_detail(slug)
    except Initiative.DoesNotExist:
        raise Http404("No such initiative.") from None
    confirmed = Article.objects.relevant().filter(
        links__initiative=initiative, links__state=CONFIRMED
    )
    articles = list(
        confirmed.select_related("source").order_by("-published_at", "-id")[:article_limit]
    )
    cluster_ids = {a.cluster_id for a in articles if a.cluster_id}
    siblings = (
        list(
            Article.objects.filter(cluster_id__in=cluster_ids)
            .select_related("source")
            .order_by("published_at")
        )
        if cluster_ids
        else []
    )
    statements = list(
        Statement.objects.filter(initiatives=initiative, article__is_irrelevant=False)
        .select_related("speaker", "article__source")
        .order_by("-article__published_at", "position")[:20]
    )
    series = data_version.cached(
        f"mentions:{initiative.pk}",
        lambda: selectors.mentions_per_week(52, initiative),
        fresh=fresh,
    )
    weeks = series[0].weeks if series else []
    claims = claim_groups(list(initiative.claims.all()))
    claimed = {group.label for group in claims}
    return {
        "initiative": initiative,
        # Figures and dates as sources give them (several per label), and the key figures
        # no claim speaks for yet.
        "claim_groups": claims,
        "quiet": selectors.quiet_marker(initiative.last_evidence_at),
        "unclaimed_figures": [f for f in initiative.key_figures.all() if f.label not in claimed],
        # Oldest first: the stepped history reads left to right / top to bottom in time.
        "status_changes": sorted(initiative.status_changes.all(), key=lambda c: (c.date, c.pk)),
        "milestones": list(initiative.milestones.all()),
        "stories": group_by_cluster(articles, siblings),
        "statements": statements,
        "mention_weeks": weeks,
        "mention_chart": {
            "type": "bar",
            "labels": [w.isoformat() for w, _ in weeks],
            "values": [n for _, n in weeks],
        },
        "map_places": [_place_point(p) for p in initiative.places.all()],
        "map_lines": _initiative_lines([initiative]),
    }


MONTHS_SHOWN = 24


def statement_periods(months: list[tuple[dt.date, int]]) -> tuple[list[dict[str, Any]], str]:
    """Counts per month (first day, count; ascending, months without any left out) → every
    period from the first to the last, empty ones included, so the bars read as time:
    months when they span at most MONTHS_SHOWN, else years. Returns (rows, "month"|"year");
    a row is {"label", "count"}."""
    if not months:
        return [], "month"
    first, last = months[0][0], months[-1][0]
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if span <= MONTHS_SHOWN:
        counts = dict(months)
        rows = []
        for n in range(span):
            year, month = divmod(first.month - 1 + n, 12)
            day = dt.date(first.year + year, month + 1, 1)
            rows.append({"label": day.strftime("%b %Y"), "count": counts.get(day, 0)})
        return rows, "month"
    by_year: dict[int, int] = {}
    for day, count in months:
        by_year[day.year] = by_year.get(day.year, 0) + count
    years = range(first.year, last.year + 1)
    return [{"label": str(y), "count": by_year.get(y, 0)} for y in years], "year"


def person_page(slug: str, *, statement_limit: int = 50) -> dict[str, Any]:
    """A person, their statements (newest first, by month too) and initiatives they spoke of."""
    person = get_object_or_404(Person.objects.select_related("country", "organization"), slug=slug)
    statements = list(
        Statement.objects.filter(speaker=person)
        .select_related("article__source")
        .prefetch_related(Prefetch("initiatives", queryset=Initiative.objects.only("slug", "name")))
        .order_by("-article__published_at", "position")[:statement_limit]
    )
    per_month = list(
        Statement.objects.filter(speaker=person)
        .annotate(month=TruncMonth("article__published_at"))
        .values("month")
        .annotate(count=Count("id"))
        .order_by("month")
    )
    periods, period_kind = statement_periods(
        [(row["month"].date(), row["count"]) for row in per_month]
    )
    spoke_about = list(
        Initiative.objects.filter(statements__speaker=person)
        .annotate(statement_count=Count("statements", filter=Q(statements__speaker=person)))
        .order_by("-statement_count", "name")
    )
    involved = list(person.initiatives.order_by("name"))
    return {
        "person": person,
        "statements": statements,
        "periods": periods,
        "period_kind": period_kind,
        "statement_total": sum(row["count"] for row in per_month),
        "statement_max": max((row["count"] for row in periods), default=1),
        "spoke_about": spoke_about,
        "involved": involved,
    }


def place_page(slug: str, *, article_limit: int = 20) -> dict[str, Any]:
    """A place, the initiatives located there and the latest articles that mention it."""
    place = get_object_or_404(Place.objects.select_related("country"), slug=slug)
    return {
        "place": place,
        "initiatives": list(place.initiatives.order_by("name")),
        "articles": list(
            place.articles.relevant()
            .select_related("source")
            .order_by("-published_at", "-id")[:article_limit]
        ),
        "map_places": [_place_point(place)],
    }


def map_data() -> dict[str, Any]:
    """Places with their initiatives, and lines for corridor-like initiatives with 2+ places."""
    places = list(
        Place.objects.select_related("country")
        .annotate(initiative_count=Count("initiatives", distinct=True))
        .order_by("country__name", "name")
    )
    initiatives = list(
        Initiative.objects.live()
        .filter(places__isnull=False)
        .distinct()
        .prefetch_related(Prefetch("places", queryset=Place.objects.order_by("longitude")))
        .order_by("name")
    )
    return {
        "places": places,
        "initiatives": initiatives,
        "map_places": [_place_point(p) for p in places],
        "map_lines": _initiative_lines(initiatives),
    }


def _initiative_lines(initiatives: list[Initiative]) -> list[dict[str, Any]]:
    """Corridor-like initiatives with 2+ places as lines through them, west to east."""
    return [
        {
            "name": i.name,
            "url": i.get_absolute_url(),
            "status": i.get_status_display(),
            "points": [
                [float(p.longitude), float(p.latitude)]
                for p in sorted(i.places.all(), key=lambda p: p.longitude)
            ],
        }
        for i in initiatives
        if i.sector in LINE_SECTORS and len(i.places.all()) >= 2
    ]


def _place_point(place: Place) -> dict[str, Any]:
    return {
        "name": place.name,
        "url": place.get_absolute_url(),
        "kind": place.get_kind_display(),
        "country": place.country.code,
        "lon": float(place.longitude),
        "lat": float(place.latitude),
        # Where labels collide, the places in more initiatives keep theirs (static/js/map.js).
        "initiatives": getattr(place, "initiative_count", 0),
    }
