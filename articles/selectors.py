"""Reads over evidence shared by the dashboards and the API: timeline, density, search.

One query layer: the dashboard's timeline page and GET /api/v1/timeline/ call `timeline()`
with the same `TimelineFilters`, so both show the same events in the same order.

Conventions used by every function here:
- Articles flagged irrelevant never appear.
- "Linked to an initiative" means a *confirmed* ArticleLink (suggestions are not evidence).
- Dates are UTC; `date_from`/`date_to` are inclusive calendar days.
"""

# SQL here is assembled from constant fragments only; every value is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import base64
import binascii
import datetime as dt
import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db import connection, transaction
from django.urls import reverse

from core import data_version
from core.exceptions import DomainError
from initiatives.models import Language, Sector, Status

ARTICLE, STATEMENT, MILESTONE, STATUS = "article", "statement", "milestone", "status"
KINDS: tuple[str, ...] = (ARTICLE, STATEMENT, MILESTONE, STATUS)
SEARCH_KINDS: tuple[str, ...] = (ARTICLE, STATEMENT)
# Matches considered per kind: ranking and facets stay fast when a word is in 100k documents.
# Beyond it, results are ranked among the newest SEARCH_MATCH_CAP matches and counts are
# lower bounds (SearchPage.total_is_estimate).
SEARCH_MATCH_CAP = 300
# Bounds of a search request, the same for the dashboard and the API.
MAX_SEARCH_QUERY_LENGTH = 500
MAX_SEARCH_PAGE = 10_000
MAX_LIMIT = 200

# Private-use characters mark highlights inside ts_headline output: they cannot clash with
# the article text, which we HTML-escape before turning them into <mark> tags.
_MARK_START, _MARK_STOP = "\ue000", "\ue001"


class InvalidFilter(DomainError):
    """A filter value that cannot be understood (bad date, unknown kind, broken cursor)."""


# --------------------------------------------------------------------------- filters


@dataclass
class TimelineFilters:
    """What to show in a timeline or a search: every field optional, all combined with AND.

    initiative/person/place/source are slugs; sector and language are codes
    (initiatives.models.Sector / Language); kinds is a subset of KINDS (empty = all).
    """

    initiative: str | None = None
    sector: str | None = None
    person: str | None = None
    place: str | None = None
    source: str | None = None
    language: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kinds: set[str] = field(default_factory=lambda: set(KINDS))

    # Query-string names accepted as synonyms (the API's list filters use the latter).
    _DATE_KEYS = {
        "date_from": ("date_from", "published_after"),
        "date_to": ("date_to", "published_before"),
    }

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> TimelineFilters:
        """Read filters from a QueryDict (or dict). Raises InvalidFilter with the field name.

        Kinds come as repeated `kind=article&kind=status` or comma-separated `kinds=a,b`.
        Empty values are ignored, so a submitted empty form field means "any".
        """

        def value(name: str) -> str | None:
            raw = query.get(name)
            if isinstance(raw, list):  # a plain dict of lists
                raw = raw[-1] if raw else None
            raw = (raw or "").strip()
            return raw or None

        def multi(name: str) -> list[str]:
            if hasattr(query, "getlist"):
                return list(query.getlist(name))
            raw = query.get(name)
            if raw is None:
                return []
            return list(raw) if isinstance(raw, list | tuple | set) else [raw]

        filters = cls(
            initiative=value("initiative"),
            sector=value("sector"),
            person=value("person"),
            place=value("place"),
            source=value("source"),
            language=value("language"),
        )
        if filters.sector and filters.sector not in Sector.values:
            raise InvalidFilter(
                f"Unknown sector “{filters.sector}”; use one of: {', '.join(Sector.values)}.",
                field="sector",
            )
        if filters.language and filters.language not in Language.values:
            raise InvalidFilter(
                f"Unknown language “{filters.language}”; use one of: {', '.join(Language.values)}.",
                field="language",
            )
        for attr, names in cls._DATE_KEYS.items():
            for name in names:
                raw = value(name)
                if raw is None:
                    continue
                try:
                    setattr(filters, attr, dt.date.fromisoformat(raw[:10]))
                except ValueError:
                    raise InvalidFilter(
                        f"“{raw}” is not a date; use YYYY-MM-DD.", field=name
                    ) from None
        if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
            raise InvalidFilter("The start date is after the end date.", field="date_from")
        kinds: set[str] = set()
        for raw in multi("kind") + multi("kinds"):
            kinds.update(k.strip() for k in str(raw).split(",") if k.strip())
        unknown = kinds - set(KINDS)
        if unknown:
            raise InvalidFilter(
                f"Unknown kind “{sorted(unknown)[0]}”; use one of: {', '.join(KINDS)}.",
                field="kind",
            )
        filters.kinds = kinds or set(KINDS)
        return filters

    def to_query(self) -> str:
        """The query string that from_query reads back into equal filters (stable order)."""
        pairs: list[tuple[str, str]] = []
        for name in ("initiative", "sector", "person", "place", "source", "language"):
            if getattr(self, name):
                pairs.append((name, getattr(self, name)))
        if self.date_from:
            pairs.append(("date_from", self.date_from.isoformat()))
        if self.date_to:
            pairs.append(("date_to", self.date_to.isoformat()))
        if self.kinds and set(self.kinds) != set(KINDS):
            pairs.extend(("kind", k) for k in KINDS if k in self.kinds)
        return urlencode(pairs)

    def active_kinds(self, allowed: Iterable[str] = KINDS) -> list[str]:
        """The kinds to include, in KINDS order, restricted to `allowed`."""
        wanted = self.kinds or set(KINDS)
        return [k for k in allowed if k in wanted]


# --------------------------------------------------------------------------- timeline


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


# --------------------------------------------------------------------------- search


@dataclass
class SearchHit:
    """One matching article or statement.

    snippet: safe HTML, the best fragments of the body (or the quote) with matches in
    <mark>…</mark>, everything else escaped. title: article title (a statement's article).
    rank: ts_rank_cd score (higher is better).
    """

    kind: str
    id: int
    title: str
    snippet: str
    url: str
    date: dt.datetime
    article_id: int
    source: str | None
    language: str
    speaker: str | None
    initiatives: list[InitiativeRef]
    rank: float


@dataclass
class Facet:
    """A value of a facet with the number of matching documents; label is for display."""

    value: str
    label: str
    count: int


@dataclass
class SearchPage:
    """Hits of one page plus counts over *all* matches.

    total: number of matching documents (articles + statements); page is 1-based;
    facets: {"initiative"|"sector"|"language"|"source"|"year": [Facet, ...]} sorted by count
    descending then label; initiative/sector count confirmed links of articles and the
    initiatives of statements. When a kind has more than SEARCH_MATCH_CAP matches, the page
    ranks the newest SEARCH_MATCH_CAP of them, and total/facets count those
    (total_is_estimate=True, total is then a lower bound).
    """

    query: str
    items: list[SearchHit]
    total: int
    page: int
    page_size: int
    facets: dict[str, list[Facet]]
    total_is_estimate: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


def _search_branch(kind: str, f: TimelineFilters) -> tuple[str, list[Any]]:
    body, date, pk, params = _branch(kind, f)
    vector = "a.search_vector" if kind == ARTICLE else "s.search_vector"
    sql = (
        f"(SELECT '{kind}'::text AS kind, {pk} AS id, {date} AS date, a.id AS article_id,"
        f" a.language, a.source_id, ts_rank_cd({vector}, q.q) AS rank"
        f" FROM {body.replace(' WHERE ', ' CROSS JOIN q WHERE ', 1)} AND {vector} @@ q.q"
        f" ORDER BY {date} DESC LIMIT {SEARCH_MATCH_CAP + 1})"
    )
    return sql, params


_SEARCH_SQL = """
WITH q AS NOT MATERIALIZED (
  SELECT websearch_to_tsquery('english', %s) || websearch_to_tsquery('simple', %s) AS q
),
hits AS MATERIALIZED ({hits}),
page AS (SELECT * FROM hits ORDER BY rank DESC, date DESC, kind ASC, id DESC
         LIMIT %s OFFSET %s),
doc_initiatives AS (
  SELECT h.kind, h.id, l.initiative_id FROM hits h
    JOIN articles_articlelink l ON h.kind = 'article' AND l.article_id = h.id
   WHERE l.state = 'confirmed'
  UNION ALL
  SELECT h.kind, h.id, x.initiative_id FROM hits h
    JOIN articles_statement_initiatives x ON h.kind = 'statement' AND x.statement_id = h.id
)
SELECT json_build_object(
 'total', (SELECT count(*) FROM hits),
 'capped', (SELECT count(*) > {cap} FROM hits GROUP BY kind ORDER BY 1 DESC LIMIT 1),
 'items', (SELECT json_agg(json_build_array(
      p.kind, p.id, a.title,
      ts_headline(CASE WHEN a.language = 'en' THEN 'english' ELSE 'simple' END::regconfig,
                  COALESCE(s.text, a.body), q.q, %s),
      p.date, p.article_id, src.name, a.language, COALESCE(sp.name, NULLIF(s.speaker_name, '')),
      p.rank,
      (SELECT json_agg(json_build_array(i.slug, i.name) ORDER BY i.name)
         FROM initiatives_initiative i
        WHERE i.id IN (SELECT l.initiative_id FROM articles_articlelink l
                        WHERE p.kind = 'article' AND l.article_id = p.id AND l.state = 'confirmed'
                       UNION ALL
                       SELECT x.initiative_id FROM articles_statement_initiatives x
                        WHERE p.kind = 'statement' AND x.statement_id = p.id)))
      ORDER BY p.rank DESC, p.date DESC, p.kind ASC, p.id DESC)
    FROM page p CROSS JOIN q
    JOIN articles_article a ON a.id = p.article_id
    LEFT JOIN articles_source src ON src.id = a.source_id
    LEFT JOIN articles_statement s ON p.kind = 'statement' AND s.id = p.id
    LEFT JOIN initiatives_person sp ON sp.id = s.speaker_id),
 'language', (SELECT json_agg(json_build_array(language, language, n)) FROM
    (SELECT language, count(*) n FROM hits GROUP BY 1) x),
 'year', (SELECT json_agg(json_build_array(y::text, y::text, n)) FROM
    (SELECT extract(year FROM date AT TIME ZONE 'UTC')::int y, count(*) n FROM hits GROUP BY 1) x),
 'source', (SELECT json_agg(json_build_array(src.slug, src.name, n)) FROM
    (SELECT source_id, count(*) n FROM hits WHERE source_id IS NOT NULL GROUP BY 1) x
    JOIN articles_source src ON src.id = x.source_id),
 'initiative', (SELECT json_agg(json_build_array(i.slug, i.name, n)) FROM
    (SELECT initiative_id, count(DISTINCT (kind, id)) n FROM doc_initiatives GROUP BY 1) x
    JOIN initiatives_initiative i ON i.id = x.initiative_id),
 'sector', (SELECT json_agg(json_build_array(sector, sector, n)) FROM
    (SELECT i.sector, count(DISTINCT (d.kind, d.id)) n FROM doc_initiatives d
       JOIN initiatives_initiative i ON i.id = d.initiative_id GROUP BY 1) x)
)
"""

_HEADLINE_OPTIONS = (
    f"StartSel={_MARK_START}, StopSel={_MARK_STOP}, MaxWords=35, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)

_FACET_LABELS: dict[str, dict[str, str]] = {
    "language": dict(Language.choices),
    "sector": dict(Sector.choices),
}


def highlight(raw: str) -> str:
    """ts_headline output with our private markers → escaped HTML with <mark> tags."""
    return html.escape(raw).replace(_MARK_START, "<mark>").replace(_MARK_STOP, "</mark>")


def search(
    query: str,
    *,
    filters: TimelineFilters | None = None,
    page: int = 1,
    page_size: int = 20,
) -> SearchPage:
    """Full-text search over articles and statements, best matches first, with facets.

    The query uses web-search syntax ("quoted phrase", or, -word) in both the English
    (stemmed) and the simple (Persian/Arabic, as written) configuration; a document matches
    either. Only kinds "article"/"statement" of filters.kinds are searched. Ordered by rank,
    then newest, among at most the newest SEARCH_MATCH_CAP matches per kind (see SearchPage).
    An empty query returns an empty page. page is 1-based, page_size 1..100. One query.
    """
    filters = filters or TimelineFilters()
    query = (query or "").strip()
    page = max(1, int(page))
    page_size = max(1, min(int(page_size), 100))
    empty = SearchPage(query, [], 0, page, page_size, {k: [] for k in SEARCH_FACET_KEYS})
    kinds = filters.active_kinds(SEARCH_KINDS)
    if not query or not kinds:
        return empty
    parts, params = [], []
    for kind in kinds:
        sql, branch_params = _search_branch(kind, filters)
        parts.append(sql)
        params.extend(branch_params)
    sql = _SEARCH_SQL.format(hits=" UNION ALL ".join(parts), cap=SEARCH_MATCH_CAP)
    all_params = [query, query, *params, page_size, (page - 1) * page_size, _HEADLINE_OPTIONS]
    with connection.cursor() as cur:
        cur.execute(sql, all_params)
        (result,) = cur.fetchone()
    if isinstance(result, str):
        result = json.loads(result)
    urls = _Urls()
    items = []
    for kind, pk, title, snippet, date, article_id, source, language, speaker, rank, inits in (
        result["items"] or []
    ):
        url = urls.for_article(article_id)
        if kind == STATEMENT:
            url += f"#statement-{pk}"
        items.append(
            SearchHit(
                kind=kind,
                id=pk,
                title=title,
                snippet=highlight(snippet or ""),
                url=url,
                date=dt.datetime.fromisoformat(date),
                article_id=article_id,
                source=source,
                language=language,
                speaker=speaker,
                initiatives=[InitiativeRef(s, n) for s, n in (inits or [])],
                rank=float(rank),
            )
        )
    facets: dict[str, list[Facet]] = {}
    for key in SEARCH_FACET_KEYS:
        labels = _FACET_LABELS.get(key, {})
        values = [
            Facet(str(value), labels.get(value, label), int(count))
            for value, label, count in (result[key] or [])
        ]
        facets[key] = sorted(values, key=lambda f: (-f.count, f.label))
    return SearchPage(
        query, items, int(result["total"]), page, page_size, facets, bool(result["capped"])
    )


SEARCH_FACET_KEYS = ("initiative", "sector", "language", "source", "year")


# --------------------------------------------------------------------------- feed health


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
