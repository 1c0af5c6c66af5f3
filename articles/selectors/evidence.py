"""Reads shared by the dashboards and the API: one query layer, the same numbers everywhere.

"Mentions" and "evidence" are articles with a *confirmed* link to an initiative that are not
flagged irrelevant; suggestions never count. Merged initiatives (merged_into set) are left
out of overviews and counts.
"""

# SQL here is assembled from constant fragments only; every value is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import ArticleLink, InitiativeLinkCount, Statement
from articles.selectors.timeline import refresh_event_counts
from initiatives.models import Alias, Claim, Initiative, Place, Sector, Status, StatusChange


def initiatives_overview() -> QuerySet[Initiative]:
    """Every initiative with its count of confirmed articles and its newest evidence
    (last_evidence_at), ordered by name."""
    return (
        Initiative.objects.live()
        .annotate(confirmed_articles=_confirmed_count(), last_evidence_at=_newest_evidence())
        .order_by("name")
    )


@dataclass(frozen=True)
class Quiet:
    """The inferred "quiet" marker: no confirmed evidence for longer than the quiet period
    (settings.QUIET_DAYS). Never a status: the editors' status stands beside it. days: since
    the newest evidence, None when there has never been any."""

    days: int | None
    period: int


def quiet_marker(
    last_evidence_at: dt.datetime | None, now: dt.datetime | None = None
) -> Quiet | None:
    """The quiet marker of an initiative whose newest evidence is `last_evidence_at`, or None
    while it is not quiet."""
    period = settings.QUIET_DAYS
    if last_evidence_at is None:
        return Quiet(None, period)
    days = ((now or timezone.now()) - last_evidence_at).days
    return Quiet(days, period) if days > period else None


def _newest_evidence() -> Subquery:
    """The publication time of the initiative's newest relevant confirmed article."""
    # The initiative's confirmed links newest first, read in order from their index on the
    # copied publication time (articles migration 0007), up to the first relevant article:
    # the same read as initiative_detail_values().
    newest = (
        ArticleLink.objects.confirmed()
        .of_relevant_articles()
        .filter(initiative=OuterRef("pk"))
        .order_by("-published_at", "-article")
        .values("published_at")[:1]
    )
    return Subquery(newest)


def _confirmed_count() -> Coalesce:
    """An initiative's confirmed links, from the counts the database keeps (articles
    migration 0010): one row read, not an index count over its ~13k links at 1M articles."""
    count = InitiativeLinkCount.objects.filter(initiative_id=OuterRef("pk")).values("confirmed")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


def with_evidence_counts(queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """Annotate confirmed_articles, statements_count and last_evidence_at (datetime|None).

    confirmed_articles counts confirmed links (kept by the database, articles migration
    0010) and statements_count the statements tagged with the initiative (index-only);
    last_evidence_at is the newest *relevant* confirmed article's publication time.
    Correlated subqueries rather than joined Counts, so several counts never multiply.
    """
    statements = Statement.initiatives.through.objects.filter(initiative=OuterRef("pk"))
    return queryset.annotate(
        confirmed_articles=_confirmed_count(),
        statements_count=Coalesce(
            Subquery(
                statements.order_by().values("initiative").annotate(n=Count("*")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        last_evidence_at=_newest_evidence(),
    )


def initiative_detail_queryset() -> QuerySet[Initiative]:
    """Initiatives with everything the detail page and API show, prefetched (constant queries).

    merged_into joined; prefetched: countries, places (with country), organizations, people,
    active aliases (as `active_aliases`), key_figures, status_changes (evidence, changed_by),
    milestones (evidence), claims (source article and outlet, recorded_by). Annotated as in
    with_evidence_counts().
    """
    return with_evidence_counts(
        Initiative.objects.select_related("merged_into").prefetch_related(
            "countries",
            Prefetch("places", queryset=Place.objects.select_related("country")),
            "organizations",
            "people",
            Prefetch(
                "aliases",
                queryset=Alias.objects.filter(is_active=True).order_by("language", "text"),
                to_attr="active_aliases",
            ),
            "key_figures",
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.select_related("evidence", "changed_by"),
            ),
            Prefetch("milestones", queryset=_milestones()),
            Prefetch(
                "claims", queryset=Claim.objects.select_related("source__source", "recorded_by")
            ),
        )
    )


def _milestones():
    from initiatives.models import Milestone

    return Milestone.objects.select_related("evidence")


def initiative_detail(slug: str) -> Initiative:
    """The initiative with this slug, prefetched as initiative_detail_queryset() describes.

    Raises Initiative.DoesNotExist. status_changes and milestones come newest first.
    """
    return initiative_detail_queryset().get(slug=slug)


_EVIDENCE_JSON = """(SELECT json_build_object('id', a.id, 'title', a.title, 'url', a.url,
                          'published_at', a.published_at, 'demo', a.is_demo)
                     FROM articles_article a WHERE a.id = {table}.evidence_id)"""

_DETAIL_SQL = f"""
SELECT json_build_object(
  'slug', i.slug, 'name', i.name, 'name_fa', i.name_fa, 'name_ar', i.name_ar,
  'sector', i.sector, 'status', i.status, 'status_since', i.status_since,
  'updated_at', i.updated_at, 'summary', i.summary, 'version', i.version,
  'merged_into', (SELECT m.slug FROM initiatives_initiative m WHERE m.id = i.merged_into_id),
  'countries', (SELECT coalesce(json_agg(c.code ORDER BY c.code), '[]')
                  FROM initiatives_initiative_countries ic
                  JOIN initiatives_country c ON c.id = ic.country_id
                 WHERE ic.initiative_id = i.id),
  'confirmed_articles', coalesce((SELECT n.confirmed FROM articles_initiativelinkcount n
                                   WHERE n.initiative_id = i.id), 0),
  'statements_count', (SELECT count(*) FROM articles_statement_initiatives si
                        WHERE si.initiative_id = i.id),
  'last_evidence_at', (SELECT l.published_at FROM articles_articlelink l
                        WHERE l.initiative_id = i.id AND l.state = 'confirmed'
                          AND EXISTS (SELECT 1 FROM articles_article a
                                       WHERE a.id = l.article_id AND NOT a.is_irrelevant)
                        ORDER BY l.published_at DESC, l.article_id DESC LIMIT 1),
  'aliases', (SELECT coalesce(json_agg(json_build_object('text', x.text, 'language', x.language)
                               ORDER BY x.language, x.text), '[]')
                FROM initiatives_alias x WHERE x.initiative_id = i.id AND x.is_active),
  'places', (SELECT coalesce(json_agg(json_build_object(
                 'slug', p.slug, 'name', p.name, 'name_fa', p.name_fa, 'name_ar', p.name_ar,
                 'other_names', p.other_names, 'kind', p.kind, 'country', c.code,
                 'latitude', p.latitude::float8, 'longitude', p.longitude::float8)
               ORDER BY p.name, p.id), '[]')
               FROM initiatives_initiative_places ip
               JOIN initiatives_place p ON p.id = ip.place_id
               JOIN initiatives_country c ON c.id = p.country_id
              WHERE ip.initiative_id = i.id),
  'organizations', (SELECT coalesce(json_agg(json_build_object('slug', o.slug, 'name', o.name)
                                     ORDER BY o.name, o.id), '[]')
                      FROM initiatives_initiative_organizations io
                      JOIN initiatives_organization o ON o.id = io.organization_id
                     WHERE io.initiative_id = i.id),
  'people', (SELECT coalesce(json_agg(json_build_object('slug', pe.slug, 'name', pe.name)
                              ORDER BY pe.name, pe.id), '[]')
               FROM initiatives_initiative_people ipe
               JOIN initiatives_person pe ON pe.id = ipe.person_id
              WHERE ipe.initiative_id = i.id),
  'key_figures', (SELECT coalesce(json_agg(json_build_object(
                      'label', k.label, 'value', k.value, 'unit', k.unit, 'as_of', k.as_of,
                      'note', k.note) ORDER BY k.position, k.label, k.id), '[]')
                    FROM initiatives_keyfigure k WHERE k.initiative_id = i.id),
  'status_history', (SELECT coalesce(json_agg(json_build_object(
                         'id', s.id, 'initiative', i.slug, 'from_status', s.from_status,
                         'to_status', s.to_status, 'date', s.date, 'note', s.note,
                         'evidence', {_EVIDENCE_JSON.format(table="s")},
                         'changed_by', u.username, 'created_at', s.created_at,
                         'demo', s.is_demo)
                       ORDER BY s.date DESC, s.id DESC), '[]')
                       FROM initiatives_statuschange s
                       LEFT JOIN auth_user u ON u.id = s.changed_by_id
                      WHERE s.initiative_id = i.id),
  'milestones', (SELECT coalesce(json_agg(json_build_object(
                     'id', m.id, 'initiative', i.slug, 'date', m.date, 'title', m.title,
                     'description', m.description,
                     'evidence', {_EVIDENCE_JSON.format(table="m")},
                     'created_at', m.created_at, 'demo', m.is_demo)
                   ORDER BY m.date DESC, m.id DESC), '[]')
                   FROM initiatives_milestone m WHERE m.initiative_id = i.id),
  'claims', (SELECT coalesce(json_agg(json_build_object(
                 'id', c.id, 'kind', c.kind, 'label', c.label, 'value', c.value, 'unit', c.unit,
                 'date', c.date, 'precision', c.precision, 'display_value', '',
                 'as_of', c.as_of, 'rank', c.rank,
                 'source', CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object(
                     'id', a.id, 'title', a.title, 'url', a.url,
                     'published_at', a.published_at, 'outlet', src.name, 'demo', a.is_demo) END,
                 'source_note', c.source_note, 'sentence', c.sentence,
                 'span_start', c.span_start, 'span_end', c.span_end,
                 'recorded_by', u.username, 'recorded_at', c.recorded_at, 'note', c.note,
                 'demo', c.is_demo)
               ORDER BY c.position, c.label, c.rank DESC, c.id), '[]')
               FROM initiatives_claim c
               LEFT JOIN articles_article a ON a.id = c.source_id
               LEFT JOIN articles_source src ON src.id = a.source_id
               LEFT JOIN auth_user u ON u.id = c.recorded_by_id
              WHERE c.initiative_id = i.id)
)
FROM initiatives_initiative i WHERE i.slug = %s
"""


def initiative_detail_values(slug: str) -> dict | None:
    """The initiative with this slug and everything its detail shows, in one query.

    The same content as initiative_detail() (counts as with_evidence_counts(), nested lists
    in the same order) as stored values: dates and times as ISO strings, numbers as JSON
    numbers; the API formats them (api.initiatives.serializers.initiative_detail_data).
    None when there is no such initiative. Built by PostgreSQL as JSON: at 1M articles the
    nine prefetches of initiative_detail() cost ~15 ms of Python, this ~2 ms in all.
    """
    with connection.cursor() as cur:
        cur.execute(_DETAIL_SQL, [slug])
        row = cur.fetchone()
    if row is None:
        return None
    return json.loads(row[0]) if isinstance(row[0], str) else row[0]


def counts_by_status() -> list[tuple[str, str, int]]:
    """(status code, label, number of initiatives) for every status in lifecycle order, zeros
    included."""
    counts = dict(Initiative.objects.live().order_by().values_list("status").annotate(n=Count("*")))
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]


def counts_by_sector() -> list[tuple[str, str, int]]:
    """(sector code, label, number of initiatives) for every sector in Sector order, zeros
    included."""
    counts = dict(Initiative.objects.live().order_by().values_list("sector").annotate(n=Count("*")))
    return [(value, label, counts.get(value, 0)) for value, label in Sector.choices]


@dataclass
class MentionSeries:
    """Weekly mentions of one initiative: weeks are (Monday, count), oldest first, zero-filled."""

    initiative: str
    name: str
    weeks: list[tuple[dt.date, int]]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.weeks)


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def mentions_per_week(
    weeks: int = 52, initiative: str | Initiative | None = None, *, today: dt.date | None = None
) -> list[MentionSeries]:
    """Confirmed mentions per ISO week (Monday start) over the last `weeks` weeks, this week
    included, per initiative.

    With `initiative` (slug or object): a one-element list (zeros if it has no mentions;
    [] if the slug does not exist). Without: every initiative with at least one mention in the
    window, most mentioned first, then by name. One query (after refreshing the counts).
    """
    weeks = max(1, min(int(weeks), 520))
    today = today or timezone.localdate()
    last = _week_start(today)
    first = last - dt.timedelta(weeks=weeks - 1)
    params: list[object] = [first]
    where = ""
    if initiative is not None:
        slug = initiative.slug if isinstance(initiative, Initiative) else str(initiative)
        where = " AND i.slug = %s"
        params.append(slug)
    # From the per-day counts of confirmed links to relevant articles (articles migration
    # 0009; same rows as a join over links and articles, ~1,000 rows instead of 400k).
    sql = f"""
        SELECT i.slug, i.name, date_trunc('week', c.day)::date, sum(c.n)::int
          FROM initiatives_initiative i
          JOIN articles_eventcount c ON c.dimension = 'initiative' AND c.value = i.id::text
         WHERE c.kind = 'article' AND c.day >= %s AND i.merged_into_id IS NULL{where}
         GROUP BY 1, 2, 3
    """
    refresh_event_counts()
    per: dict[tuple[str, str], dict[dt.date, int]] = {}
    with connection.cursor() as cur:
        cur.execute(sql, params)
        for slug, name, week, n in cur.fetchall():
            per.setdefault((slug, name), {})[week] = n
    if initiative is not None and not per:
        obj = (
            initiative
            if isinstance(initiative, Initiative)
            else Initiative.objects.filter(slug=str(initiative)).first()
        )
        if obj is None:
            return []
        per[(obj.slug, obj.name)] = {}
    axis = [first + dt.timedelta(weeks=k) for k in range(weeks)]
    series = [
        MentionSeries(slug, name, [(w, counts.get(w, 0)) for w in axis])
        for (slug, name), counts in per.items()
    ]
    series.sort(key=lambda s: (-s.total, s.name))
    return series


@dataclass
class Momentum:
    """Attention now vs before for one initiative.

    recent: confirmed mentions in the last `days` days; previous: in the `previous_days` days
    before that. recent_rate/previous_rate: per 30 days. change: recent_rate − previous_rate
    (positive = gaining attention); ratio: recent_rate / previous_rate, None when previous is 0.
    """

    initiative: str
    name: str
    sector: str
    status: str
    recent: int
    previous: int
    recent_rate: float
    previous_rate: float
    change: float
    ratio: float | None


def _confirmed_mentions_between(start: dt.datetime, end: dt.datetime) -> dict[int, int]:
    """Confirmed links to relevant articles published in [start, end), per initiative id.

    Whole days (UTC) from the per-day counts (articles migration 0009), the partial first
    and last day from the tables: exact to the microsecond, ~2 days of rows read at most.
    The caller refreshes the counts first.
    """
    first_full = (start - dt.timedelta(microseconds=1)).astimezone(dt.UTC).date()
    first_full += dt.timedelta(days=1)  # the first midnight at or after start
    end_day = end.astimezone(dt.UTC).date()  # the last midnight at or before end
    head_end = dt.datetime.combine(first_full, dt.time.min, tzinfo=dt.UTC)
    tail_start = dt.datetime.combine(end_day, dt.time.min, tzinfo=dt.UTC)
    if first_full > end_day:  # within one day: the tables alone
        head_end = tail_start = end
    sql = """
        SELECT initiative, sum(n)::int FROM (
          SELECT c.value::bigint AS initiative, c.n FROM articles_eventcount c
           WHERE c.dimension = 'initiative' AND c.kind = 'article'
             AND c.day >= %s AND c.day < %s
          UNION ALL
          SELECT l.initiative_id, 1 FROM articles_article a
            JOIN articles_articlelink l ON l.article_id = a.id AND l.state = 'confirmed'
           WHERE NOT a.is_irrelevant
             AND ((a.published_at >= %s AND a.published_at < %s)
               OR (a.published_at >= %s AND a.published_at < %s))
        ) u GROUP BY 1
    """
    with connection.cursor() as cur:
        cur.execute(sql, [first_full, end_day, start, head_end, max(tail_start, head_end), end])
        return dict(cur.fetchall())


def momentum(
    days: int = 30, previous_days: int = 90, *, now: dt.datetime | None = None
) -> list[Momentum]:
    """Every (non-merged) initiative's momentum, biggest gain first, then by name."""
    days, previous_days = max(1, int(days)), max(1, int(previous_days))
    now = now or timezone.now()
    recent_start = now - dt.timedelta(days=days)
    previous_start = recent_start - dt.timedelta(days=previous_days)
    refresh_event_counts()
    recent = _confirmed_mentions_between(recent_start, now + dt.timedelta(microseconds=1))
    previous = _confirmed_mentions_between(previous_start, recent_start)
    rows = [
        (slug, name, sector, status, recent.get(pk, 0), previous.get(pk, 0))
        for pk, slug, name, sector, status in Initiative.objects.live().values_list(
            "pk", "slug", "name", "sector", "status"
        )
    ]
    result = []
    for slug, name, sector, status, recent, previous in rows:
        recent_rate = recent * 30 / days
        previous_rate = previous * 30 / previous_days
        result.append(
            Momentum(
                slug,
                name,
                sector,
                status,
                recent,
                previous,
                round(recent_rate, 3),
                round(previous_rate, 3),
                round(recent_rate - previous_rate, 3),
                round(recent_rate / previous_rate, 3) if previous_rate else None,
            )
        )
    result.sort(key=lambda m: (-m.change, m.name))
    return result


def mentions_per_week_by_sector(
    weeks: int = 52, *, today: dt.date | None = None
) -> tuple[list[dt.date], list[tuple[str, str, list[int]]]]:
    """Relevant articles per week with a confirmed link to an initiative of each sector:
    (week axis, [(sector, label, counts)]), the last `weeks` weeks, this week included.

    An article about two rail initiatives is one rail article (an article about a railway
    and a pipeline counts in both sectors). Only sectors with at least one article, in
    Sector order; [] and [] when there are none. From the per-day counts (articles
    migration 0009): one query after refreshing them.
    """
    weeks = max(1, min(int(weeks), 520))
    last = _week_start(today or timezone.localdate())
    first = last - dt.timedelta(weeks=weeks - 1)
    refresh_event_counts()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT value, date_trunc('week', day)::date, sum(n)::int FROM articles_eventcount"
            " WHERE dimension = 'sector' AND kind = 'article' AND day >= %s GROUP BY 1, 2",
            [first],
        )
        rows = cur.fetchall()
    axis = [first + dt.timedelta(weeks=k) for k in range(weeks)]
    position = {week: index for index, week in enumerate(axis)}
    totals: dict[str, list[int]] = {}
    for sector, week, n in rows:
        if week in position:  # articles dated after this week (future) are not drawn
            totals.setdefault(sector, [0] * weeks)[position[week]] += n
    if not totals:
        return [], []
    return axis, [
        (value, label, totals[value]) for value, label in Sector.choices if value in totals
    ]
