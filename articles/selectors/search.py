"""Full-text search over articles and statements: ranked hits, highlights and facets."""

# SQL here is assembled from constant fragments only; every value is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import connection

from articles.models import ARTICLE_LANGUAGES
from articles.selectors.filters import ARTICLE, SEARCH_KINDS, STATEMENT, TimelineFilters
from articles.selectors.timeline import InitiativeRef, _branch, _Urls
from core.folding import search_query
from initiatives.models import Sector

# Matches considered per kind: ranking and facets stay fast when a word is in 100k documents.
# Beyond it, results are ranked among the newest SEARCH_MATCH_CAP matches and counts are
# lower bounds (SearchPage.total_is_estimate).
SEARCH_MATCH_CAP = 300
# Bounds of a search request, the same for the dashboard and the API.
MAX_SEARCH_QUERY_LENGTH = 500
MAX_SEARCH_PAGE = 10_000

# Private-use characters mark highlights inside ts_headline output: they cannot clash with
# the article text, which we HTML-escape before turning them into <mark> tags.
_MARK_START, _MARK_STOP = "\ue000", "\ue001"


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
    demo: bool = False  # made by `load_demo`: invented, badged "demo"


@dataclass
class Facet:
    """A value of a facet with the number of matching documents; label is for display."""

    value: str
    label: str
    count: int


@dataclass
class Expansion:
    """A catalogue entry the query names, and its other names that were searched too."""

    kind: str  # "initiative", "place", "person", "organisation"
    name: str  # as the catalogue writes it
    terms: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "terms": self.terms}


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
    # Other names of what the query names (expansions()); none with original_only.
    expansions: list[Expansion] = field(default_factory=list)
    original_only: bool = False

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
  SELECT websearch_to_tsquery('english', %s) || websearch_to_tsquery('simple', %s)
      || websearch_to_tsquery('simple', %s) AS q
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
      p.rank, a.is_demo,
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
    "language": dict(ARTICLE_LANGUAGES),
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
    original_only: bool = False,
) -> SearchPage:
    """Full-text search over articles and statements, best matches first, with facets.

    A query that names a catalogue initiative, place, person or organisation (in any of its
    names, aliases or a transliteration the linker folds) also finds its other names, in the
    other languages (SearchPage.expansions). original_only: no expansion, and only
    documents in the query's own language.

    The query uses web-search syntax ("quoted phrase", or, -word) in both the English
    (stemmed) and the simple configuration, where query and documents are folded alike
    (core.folding.search_query: Arabic/Persian letter variants, diacritics, tatweel, ZWNJ as a
    space, hamza seats, the Arabic article and its proclitics); a document matches either.
    Only kinds "article"/"statement" of filters.kinds are searched. Ordered by rank, then
    newest, among at most the newest SEARCH_MATCH_CAP matches per kind (see SearchPage).
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
    found: list[Expansion] = []
    if original_only:
        from articles.ingest.language import detect_language

        filters = replace(filters, language=detect_language(query))
    else:
        found = expansions(query)
    also = " or ".join(
        f'"{search_query(term).replace(chr(34), " ")}"' for e in found for term in e.terms
    )
    parts, params = [], []
    for kind in kinds:
        sql, branch_params = _search_branch(kind, filters)
        parts.append(sql)
        params.extend(branch_params)
    sql = _SEARCH_SQL.format(hits=" UNION ALL ".join(parts), cap=SEARCH_MATCH_CAP)
    all_params = [
        query,
        search_query(query),  # folded as the vectors are (articles 0019, core.folding)
        also,
        *params,
        page_size,
        (page - 1) * page_size,
        _HEADLINE_OPTIONS,
    ]
    with connection.cursor() as cur:
        cur.execute(sql, all_params)
        (result,) = cur.fetchone()
    if isinstance(result, str):
        result = json.loads(result)
    urls = _Urls()
    items = []
    for row in result["items"] or []:
        kind, pk, title, snippet, date, article_id, source, language, speaker, rank = row[:10]
        demo, inits = row[10:]
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
                demo=demo,
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
        query,
        items,
        int(result["total"]),
        page,
        page_size,
        facets,
        bool(result["capped"]),
        expansions=found,
        original_only=original_only,
    )


_EXPANDED_KINDS = {
    "term": "initiative",
    "alias": "initiative",
    "place": "place",
    "person": "person",
    "org": "organisation",
}


def expansions(query: str) -> list[Expansion]:
    """The catalogue entries a query names, each with its names in every language.

    Read with the linker's own matcher (articles.ingest.catalogue), so aliases, spelling
    variants and transliterations count ("Shalamcha" names the Shalamcheh crossing). Only a
    query made of such names is expanded: "Shalamcheh" is, "Shalamcheh delays" is not (its
    other word would be lost from the other languages' matches).
    """
    from articles.ingest.catalogue import current_catalogue
    from core.text import normalize_for_matching
    from initiatives.models import Alias, Initiative, Organization, Person, Place

    normalized = normalize_for_matching(query)
    if not normalized or '"' in query or " -" in f" {query}":
        return []
    catalogue = current_catalogue()
    matches = list(catalogue.find(normalized))
    covered = [False] * len(normalized)
    targets: dict[tuple[str, int], None] = {}
    for start, end, patterns in matches:
        for pattern in patterns:
            kind = _EXPANDED_KINDS.get(pattern.kind)
            if kind is None or (pattern.kind == "term" and pattern.specificity < 0.4):
                continue
            targets[kind, pattern.target_id] = None
            covered[start:end] = [True] * (end - start)
    letters = [i for i, ch in enumerate(normalized) if ch.isalnum()]
    if not targets or not all(covered[i] for i in letters):
        return []
    found: list[Expansion] = []
    models = {"place": Place, "person": Person, "organisation": Organization}
    for kind, pk in targets:
        if kind == "initiative":
            initiative = Initiative.objects.filter(pk=pk).first()
            if initiative is None:
                continue
            names = [initiative.name, initiative.name_fa, initiative.name_ar]
            names += Alias.objects.filter(
                initiative_id=pk, is_active=True, specificity__gte=0.8
            ).values_list("text", flat=True)
            name = initiative.name
        else:
            entity = models[kind].objects.filter(pk=pk).first()
            if entity is None:
                continue
            names = [text for text, _language in entity.all_names()]
            name = entity.name
        own = search_query(query)
        terms = list(dict.fromkeys(n for n in names if n and search_query(n) != own))
        if terms:
            found.append(Expansion(kind, name, terms))
    return found


SEARCH_FACET_KEYS = ("initiative", "sector", "language", "source", "year")
