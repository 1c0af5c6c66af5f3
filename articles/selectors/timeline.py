"""The merged timeline of articles, statements, milestones and status changes, and its
density chart (from the per-day counts the database keeps, when the filters allow).
"""

# SQL here is assembled from constant fragments only; every value is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.urls import reverse

from articles.selectors.filters import (
    ARTICLE,
    KINDS,
    MAX_LIMIT,
    MILESTONE,
    STATEMENT,
    STATUS,
    InvalidFilter,
    TimelineFilters,
)
from core import data_version
from initiatives.models import Status


@dataclass(frozen=True)
class InitiativeRef:
    slug: str
    name: str


@dataclass
class TimelineEvent:
    """One entry of the merged timeline.

    kind: "article" | "statement" | "milestone" | "status"; id: that row's primary key.
    date: aware datetime (UTC); milestones and status changes are at 00:00 of their day.
    title: article title / article title of a statement / milestone title /
    "Initiative: From → To" for a status change. text: article lead (≤ 300 chars), quote,
    milestone description or status note. url: the dashboard page showing it.
    article_id: the article (or evidence article) behind it, or None.
    initiatives: confirmed initiatives of an article, a statement's initiatives, or the
    milestone's / status change's initiative.
    """

    kind: str
    id: int
    date: dt.datetime
    title: str
    text: str
    url: str
    article_id: int | None
    source: str | None
    source_slug: str | None
    speaker: str | None
    speaker_slug: str | None
    language: str | None
    initiatives: list[InitiativeRef]
    from_status: str | None = None
    to_status: str | None = None
    demo: bool = False  # made by `load_demo`: invented, badged "demo" on every page

    @property
    def summary(self) -> str:
        return self.text

    @property
    def initiative(self) -> InitiativeRef | None:
        return self.initiatives[0] if self.initiatives else None


@dataclass
class TimelinePage:
    """A page of events, newest first; next_cursor is None on the last page."""

    items: list[TimelineEvent]
    next_cursor: str | None


def encode_cursor(date: dt.datetime, kind: str, pk: int) -> str:
    """Opaque keyset cursor for the position after (date, kind, id)."""
    raw = json.dumps([date.isoformat(), kind, pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, str, int]:
    """Inverse of encode_cursor; raises InvalidFilter(field="cursor") on anything else."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        date_s, kind, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        date = dt.datetime.fromisoformat(date_s)
        if kind not in KINDS or not isinstance(pk, int) or date.tzinfo is None:
            raise ValueError
        return date, kind, pk
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise InvalidFilter(
            "Invalid cursor; start again from the first page.", field="cursor"
        ) from None


_INITIATIVE_ID = "(SELECT id FROM initiatives_initiative WHERE slug = %s)"
_SOURCE_ID = "(SELECT id FROM articles_source WHERE slug = %s)"
_PERSON_ID = "(SELECT id FROM initiatives_person WHERE slug = %s)"
_PLACE_ID = "(SELECT id FROM initiatives_place WHERE slug = %s)"
_DAY = "(({col})::timestamp AT TIME ZONE 'UTC')"


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def _branch(kind: str, f: TimelineFilters) -> tuple[str, str, str, list[Any]]:
    """(FROM-and-WHERE sql, date expression, id expression, params) for one kind."""
    where: list[str] = []
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        where.append(sql)
        params.extend(values)

    if kind in (ARTICLE, STATEMENT):
        if kind == ARTICLE:
            art = "a"
            if f.initiative:
                # From the initiative's confirmed links, newest first, in the order of their
                # index on the copied publication time: a page reads a page of entries.
                sql = "articles_articlelink l JOIN articles_article a ON a.id = l.article_id"
                date, pk = "l.published_at", "l.article_id"
                add(f"l.initiative_id = {_INITIATIVE_ID} AND l.state = 'confirmed'", f.initiative)
            else:
                sql, date, pk = "articles_article a", "a.published_at", "a.id"
            if f.sector:
                add(
                    "EXISTS (SELECT 1 FROM articles_articlelink sl JOIN initiatives_initiative i"
                    " ON i.id = sl.initiative_id WHERE sl.article_id = a.id"
                    " AND sl.state = 'confirmed' AND i.sector = %s)",
                    f.sector,
                )
            if f.person:
                add(
                    "EXISTS (SELECT 1 FROM articles_article_people ap WHERE ap.article_id = a.id"
                    f" AND ap.person_id = {_PERSON_ID})",
                    f.person,
                )
        else:
            art = "a"
            if f.initiative:
                # From the initiative's rows, in the order of their index on the copied
                # publication time (articles migration 0008).
                sql = (
                    "articles_statement_initiatives si JOIN articles_statement s"
                    " ON s.id = si.statement_id JOIN articles_article a ON a.id = s.article_id"
                )
                date, pk = "si.published_at", "si.statement_id"
                add(f"si.initiative_id = {_INITIATIVE_ID}", f.initiative)
            else:
                sql = "articles_statement s JOIN articles_article a ON a.id = s.article_id"
                date, pk = "a.published_at", "s.id"
            if f.sector:
                add(
                    "EXISTS (SELECT 1 FROM articles_statement_initiatives ssi JOIN"
                    " initiatives_initiative i ON i.id = ssi.initiative_id"
                    " WHERE ssi.statement_id = s.id AND i.sector = %s)",
                    f.sector,
                )
            if f.person:
                add(f"s.speaker_id = {_PERSON_ID}", f.person)
        add(f"NOT {art}.is_irrelevant")
        if f.place:
            add(
                "EXISTS (SELECT 1 FROM articles_article_places ap2 WHERE ap2.article_id = a.id"
                f" AND ap2.place_id = {_PLACE_ID})",
                f.place,
            )
        if f.source:
            add(f"a.source_id = {_SOURCE_ID}", f.source)
        if f.language:
            add("a.language = %s", f.language)
        if f.date_from:
            add(f"{date} >= %s", _day_start(f.date_from))
        if f.date_to and f.date_to < dt.date.max:  # the last representable day: no bound
            add(f"{date} < %s", _day_start(f.date_to + dt.timedelta(days=1)))
    else:
        table = "initiatives_milestone" if kind == MILESTONE else "initiatives_statuschange"
        sql = f"{table} m JOIN initiatives_initiative i ON i.id = m.initiative_id"
        date, pk = _DAY.format(col="m.date"), "m.id"
        add("i.merged_into_id IS NULL")
        if f.initiative:
            add("i.slug = %s", f.initiative)
        if f.sector:
            add("i.sector = %s", f.sector)
        if f.person:
            add(
                "EXISTS (SELECT 1 FROM initiatives_initiative_people ip WHERE"
                f" ip.initiative_id = i.id AND ip.person_id = {_PERSON_ID})",
                f.person,
            )
        if f.place:
            add(
                "EXISTS (SELECT 1 FROM initiatives_initiative_places ipl WHERE"
                f" ipl.initiative_id = i.id AND ipl.place_id = {_PLACE_ID})",
                f.place,
            )
        # Source and language describe evidence: only events backed by such an article.
        if f.source:
            add(
                "EXISTS (SELECT 1 FROM articles_article e WHERE e.id = m.evidence_id"
                f" AND e.source_id = {_SOURCE_ID})",
                f.source,
            )
        if f.language:
            add(
                "EXISTS (SELECT 1 FROM articles_article e WHERE e.id = m.evidence_id"
                " AND e.language = %s)",
                f.language,
            )
        if f.date_from:
            add("m.date >= %s", f.date_from)
        if f.date_to:
            add("m.date <= %s", f.date_to)
    return sql + " WHERE " + " AND ".join(where or ["TRUE"]), date, pk, params


def _timeline_ids_sql(
    f: TimelineFilters, after: tuple[dt.datetime, str, int] | None, limit: int
) -> tuple[str, list[Any]]:
    """UNION ALL of the kinds, each already ordered and limited so indexes do the work."""
    parts: list[str] = []
    params: list[Any] = []
    for kind in f.active_kinds():
        body, date, pk, branch_params = _branch(kind, f)
        keyset = ""
        if after is not None:
            # Order is (date DESC, kind ASC, id DESC): what comes after the cursor's row.
            c_date, c_kind, c_id = after
            if kind > c_kind:
                keyset, extra = f" AND {date} <= %s", [c_date]
            elif kind == c_kind:
                keyset, extra = f" AND ({date}, {pk}) < (%s, %s)", [c_date, c_id]
            else:
                keyset, extra = f" AND {date} < %s", [c_date]
            branch_params = branch_params + extra
        parts.append(
            f"(SELECT {date} AS date, '{kind}'::text AS kind, {pk} AS id FROM {body}{keyset}"
            f" ORDER BY {date} DESC, {pk} DESC LIMIT {int(limit)})"
        )
        params.extend(branch_params)
    if not parts:
        return (
            "SELECT NULL::timestamptz AS date, NULL::text AS kind, NULL::bigint AS id WHERE FALSE",
            [],
        )
    sql = (
        f"SELECT * FROM ({' UNION ALL '.join(parts)}) u"
        f" ORDER BY date DESC, kind ASC, id DESC LIMIT {int(limit)}"
    )
    return sql, params


# Display columns of a page of (date, kind, id): one query, whatever the mix of kinds.
_HYDRATE_SQL = """
WITH page AS ({ids})
SELECT p.kind, p.id, p.date,
  COALESCE(a.title, sa.title, m.title, si.name || ': ' || sc.from_status || '>' || sc.to_status),
  COALESCE(left(a.body, 300), s.text, m.description, sc.note, ''),
  COALESCE(a.id, sa.id, m.evidence_id, sc.evidence_id),
  COALESCE(src.name, ssrc.name, esrc.name),
  COALESCE(src.slug, ssrc.slug, esrc.slug),
  COALESCE(sp.name, NULLIF(s.speaker_name, '')),
  sp.slug,
  COALESCE(a.language, sa.language, ev.language),
  COALESCE(mi.slug, si.slug),
  sc.from_status, sc.to_status,
  COALESCE(a.is_demo, s.is_demo, m.is_demo, sc.is_demo, FALSE),
  CASE p.kind
    WHEN 'article' THEN (SELECT json_agg(json_build_array(i.slug, i.name) ORDER BY i.name)
        FROM articles_articlelink l JOIN initiatives_initiative i ON i.id = l.initiative_id
        WHERE l.article_id = a.id AND l.state = 'confirmed')
    WHEN 'statement' THEN (SELECT json_agg(json_build_array(i.slug, i.name) ORDER BY i.name)
        FROM articles_statement_initiatives x JOIN initiatives_initiative i
        ON i.id = x.initiative_id WHERE x.statement_id = s.id)
    WHEN 'milestone' THEN json_build_array(json_build_array(mi.slug, mi.name))
    ELSE json_build_array(json_build_array(si.slug, si.name))
  END
FROM page p
LEFT JOIN articles_article a ON p.kind = 'article' AND a.id = p.id
LEFT JOIN articles_source src ON src.id = a.source_id
LEFT JOIN articles_statement s ON p.kind = 'statement' AND s.id = p.id
LEFT JOIN articles_article sa ON sa.id = s.article_id
LEFT JOIN articles_source ssrc ON ssrc.id = sa.source_id
LEFT JOIN initiatives_person sp ON sp.id = s.speaker_id
LEFT JOIN initiatives_milestone m ON p.kind = 'milestone' AND m.id = p.id
LEFT JOIN initiatives_initiative mi ON mi.id = m.initiative_id
LEFT JOIN initiatives_statuschange sc ON p.kind = 'status' AND sc.id = p.id
LEFT JOIN initiatives_initiative si ON si.id = sc.initiative_id
LEFT JOIN articles_article ev ON ev.id = COALESCE(m.evidence_id, sc.evidence_id)
LEFT JOIN articles_source esrc ON esrc.id = ev.source_id
ORDER BY p.date DESC, p.kind ASC, p.id DESC
"""


class _Urls:
    """reverse() once per pattern, then string formatting (hundreds of rows per page)."""

    def __init__(self) -> None:
        self.article = reverse("article-detail", args=[0])[:-2]  # "/articles/"
        self.initiative = reverse("initiative-detail", args=["x"])[:-2]

    def for_article(self, pk: int) -> str:
        return f"{self.article}{pk}/"

    def for_initiative(self, slug: str) -> str:
        return f"{self.initiative}{slug}/"


def _status_title(raw: str) -> str:
    name, _, change = raw.rpartition(": ")
    before, _, after = change.partition(">")
    before_label = Status(before).label if before in Status.values else "—"
    after_label = Status(after).label if after in Status.values else after
    return f"{name}: {before_label} → {after_label}"


def _hydrate(rows: list[tuple]) -> list[TimelineEvent]:
    urls = _Urls()
    events = []
    for (
        kind,
        pk,
        date,
        title,
        text,
        article_id,
        source,
        source_slug,
        speaker,
        speaker_slug,
        language,
        initiative_slug,
        from_status,
        to_status,
        demo,
        initiatives,
    ) in rows:
        if kind == ARTICLE:
            url = urls.for_article(pk)
        elif kind == STATEMENT:
            url = f"{urls.for_article(article_id)}#statement-{pk}"
        else:
            url = urls.for_initiative(initiative_slug)
        if isinstance(initiatives, str):
            initiatives = json.loads(initiatives)
        events.append(
            TimelineEvent(
                kind=kind,
                id=pk,
                date=date,
                title=_status_title(title) if kind == STATUS else title,
                text=text,
                url=url,
                article_id=article_id,
                source=source,
                source_slug=source_slug,
                speaker=speaker,
                speaker_slug=speaker_slug,
                language=language,
                initiatives=[InitiativeRef(s, n) for s, n in (initiatives or [])],
                from_status=from_status or None,
                to_status=to_status,
                demo=demo,
            )
        )
    return events


def timeline(
    filters: TimelineFilters, *, cursor: str | None = None, limit: int = 50
) -> TimelinePage:
    """Articles, statements, milestones and status changes in one stream, newest first.

    Order: (date DESC, kind ASC, id DESC), stable. `cursor` is a previous page's next_cursor
    (raises InvalidFilter for a malformed one); `limit` is clamped to 1..200. Two queries per
    page whatever the limit: the merged keyset query, and nothing else (display columns are
    joined in the same statement). A statement's date is its article's publication date.
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    after = decode_cursor(cursor) if cursor else None
    ids_sql, params = _timeline_ids_sql(filters, after, limit + 1)
    with connection.cursor() as cur:
        cur.execute(_HYDRATE_SQL.format(ids=ids_sql), params)
        rows = cur.fetchall()
    events = _hydrate(rows[:limit])
    next_cursor = None
    if len(rows) > limit:
        last = events[-1]
        next_cursor = encode_cursor(last.date, last.kind, last.id)
    return TimelinePage(items=events, next_cursor=next_cursor)


def timeline_density(
    filters: TimelineFilters, *, buckets: str = "week", fresh: bool = False
) -> list[tuple[dt.date, int]]:
    """How many timeline events fall in each week (Monday) or month (1st), oldest first.

    Same filters and kinds as timeline(). Buckets between the first and the last non-empty
    one are filled with zeros, so the list draws directly as a continuous chart; no events
    gives []. Raises InvalidFilter for another bucket name. `fresh` skips the cache.
    """
    if buckets not in ("week", "month"):
        raise InvalidFilter("Buckets are “week” or “month”.", field="buckets")
    # A count over every matching event (100k+ rows unfiltered): reused until the data
    # changes (core/data_version.py); the same filters give the same key.
    key = f"density:{buckets}:{filters.to_query()}"
    return data_version.cached(key, lambda: _density(filters, buckets), fresh=fresh)


def refresh_event_counts() -> int:
    """Recompute the per-day counts (articles.EventCount) of the days that writes marked
    since the last refresh; returns how many days. Usually none or a few: the density
    refreshes before each read, and a beat task every minute (articles migration 0009)."""
    with connection.cursor() as cur:
        cur.execute("SELECT ct_refresh_event_counts()")
        return cur.fetchone()[0]


# The per-day counts (articles.EventCount) by dimension, and how a filter value names one.
_COUNT_VALUE = {
    "source": "(SELECT id::text FROM articles_source WHERE slug = %s)",
    "initiative": "(SELECT id::text FROM initiatives_initiative WHERE slug = %s)",
    "sector": "%s",
}


def _counts_dimension(f: TimelineFilters) -> tuple[str, str, list[Any]] | None:
    """(dimension, value SQL, params) of the per-day counts that answer `f` for articles and
    statements; None when only the tables can (a person, a place, or two of source,
    initiative and sector at once)."""
    if f.person or f.place:
        return None
    given = [(name, getattr(f, name)) for name in _COUNT_VALUE if getattr(f, name)]
    if len(given) > 1:
        return None
    if not given:
        return "all", "''", []
    name, value = given[0]
    return name, _COUNT_VALUE[name], [value]


def _density(
    filters: TimelineFilters, buckets: str, *, use_counts: bool = True
) -> list[tuple[dt.date, int]]:
    """Events per bucket. Articles and statements come from the per-day counts when the
    filters allow (refreshed first, so they are exact), else from the tables, like
    milestones and status changes always (`use_counts=False`: everything from the tables)."""
    kinds = filters.active_kinds()
    dimension = _counts_dimension(filters) if use_counts else None
    counted = [k for k in kinds if k in (ARTICLE, STATEMENT)] if dimension else []
    parts: list[str] = []
    params: list[Any] = []
    if dimension and counted:
        name, value_sql, value_params = dimension
        where = ["dimension = %s", f"value = {value_sql}", "kind = ANY(%s)"]
        params += [name, *value_params, counted]
        for condition, value in (
            ("language = %s", filters.language),
            ("day >= %s", filters.date_from),
            ("day <= %s", filters.date_to),
        ):
            if value:
                where.append(condition)
                params.append(value)
        parts.append(
            f"SELECT day::timestamp AS day, n FROM articles_eventcount WHERE {' AND '.join(where)}"
        )
    for kind in kinds:
        if kind not in counted:
            body, date, _pk, branch_params = _branch(kind, filters)
            parts.append(f"SELECT ({date}) AT TIME ZONE 'UTC' AS day, 1 AS n FROM {body}")
            params.extend(branch_params)
    if not parts:
        return []
    sql = (
        f"SELECT date_trunc('{buckets}', day)::date AS bucket, sum(n)"
        f" FROM ({' UNION ALL '.join(parts)}) u GROUP BY 1 ORDER BY 1"
    )
    with transaction.atomic(), connection.cursor() as cur:
        if counted:
            refresh_event_counts()  # then the counts are exact
        if {ARTICLE, STATEMENT} & (set(kinds) - set(counted)):
            # A count over every matching article (1M rows unfiltered) is the one read
            # that gains from parallel workers, off by default (DB_SESSION_OPTIONS).
            cur.execute("SET LOCAL max_parallel_workers_per_gather = 2")
        cur.execute(sql, params)
        counts = {bucket: int(n) for bucket, n in cur.fetchall()}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    series: list[tuple[dt.date, int]] = []
    day = first
    while day <= last:
        series.append((day, counts.get(day, 0)))
        if buckets == "week":
            day += dt.timedelta(days=7)
        else:
            day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return series
