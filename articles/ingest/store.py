"""Store: write prepared articles with their statements, entities and links.

A batch is one transaction (a single article is a batch of one). Rows go in with
INSERT … ON CONFLICT DO NOTHING against the unique URL and content-hash constraints, so a
retried task, a redelivered message or two workers racing on one story store it once.
If a batch hits any other database error it is retried one article per transaction, so one
bad item is refused with its reason and the rest are kept.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.ingest import PIPELINE_VERSION
from articles.ingest.dedupe import NEAR_DUPLICATE_BITS
from articles.ingest.items import CleanItem
from articles.ingest.link import autoconfirm_threshold
from articles.models import Article, ArticleLink, Cluster, Feed, IngestionRun, Source, Statement

# Syndicated copies of a story appear within days of each other: only compare within this.
CLUSTER_WINDOW = dt.timedelta(days=4)

_COLUMNS = (
    "url",
    "original_url",
    "title",
    "byline",
    "published_at",
    "date_estimated",
    "language",
    "body",
    "content_hash",
    "simhash",
    "source_id",
    "cluster_id",
    "dates_mentioned",
    "is_irrelevant",
    "ingested_via",
    "ingestion_run_id",
    "feed_id",
    "fetched_at",
    "pipeline_version",
    "created_at",
)
_ROW = "(" + ", ".join("%s::jsonb" if c == "dates_mentioned" else "%s" for c in _COLUMNS) + ")"


@dataclass
class Outcome:
    """What happened to one item: created, duplicate (of article_id) or refused (reason)."""

    label: str
    status: str
    article_id: int | None = None
    reason: str = ""
    field: str = ""


@dataclass
class StoreContext:
    via: str
    run: IngestionRun | None = None
    feed: Feed | None = None
    fetched_at: dt.datetime | None = None


def resolve_sources(names: Iterable[str]) -> dict[str, int]:
    """Source ids by the names items carry, creating outlets seen for the first time."""
    wanted = {n for n in names if n}
    found: dict[str, int] = {}
    if not wanted:
        return found
    by_key = {}
    for source in Source.objects.all().only("id", "slug", "name"):
        by_key[source.slug.casefold()] = source.id
        by_key[source.name.casefold()] = source.id
    for name in wanted:
        key = name.casefold()
        slug = (slugify(name, allow_unicode=True) or "source")[:120]
        source_id = by_key.get(key) or by_key.get(slug.casefold())
        if source_id is None:
            source_id = Source.objects.get_or_create(slug=slug, defaults={"name": name[:200]})[0].id
        found[name] = source_id
    return found


def _existing(items: Sequence[CleanItem]) -> dict[str, int]:
    """Stored articles that items duplicate, keyed by content hash and by URL."""
    hashes = [i.content_hash for i in items]
    urls = [i.url for i in items if i.url]
    known: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, url, content_hash FROM articles_article "
            "WHERE content_hash = ANY(%s) OR (url <> '' AND url = ANY(%s))",
            [hashes, urls],
        )
        for article_id, url, digest in cursor.fetchall():
            known[digest] = article_id
            if url:
                known["url:" + url] = article_id
    return known


# pg_advisory_xact_lock key of the storing step (any constant unique to this use).
STORE_LOCK = 0x43542D73746F72  # "CT-stor"


def _assign_clusters(items: Sequence[CleanItem]) -> list[int | None]:
    """Cluster ids for new items: near-duplicates of stored or earlier batch articles share one.

    Distances are computed with numpy against every article published within the window, so
    a batch costs one query and a vectorised comparison per item.
    """
    if not items:
        return []
    low = min(i.published_at for i in items) - CLUSTER_WINDOW
    high = max(i.published_at for i in items) + CLUSTER_WINDOW
    stored = list(
        Article.objects.filter(published_at__range=(low, high), simhash__isnull=False).values_list(
            "id", "simhash", "cluster_id", "published_at"
        )
    )
    size = len(stored) + len(items)
    hashes = np.zeros(size, dtype=np.uint64)
    stamps = np.zeros(size, dtype=np.float64)
    # Cluster of each pool entry: an id, or a negative placeholder for a cluster to create.
    cluster_of: list[int | None] = []
    article_ids: list[int | None] = []
    for index, (article_id, simhash_value, cluster_id, published) in enumerate(stored):
        hashes[index] = simhash_value & 0xFFFFFFFFFFFFFFFF
        stamps[index] = published.timestamp()
        cluster_of.append(cluster_id)
        article_ids.append(article_id)
    window = CLUSTER_WINDOW.total_seconds()
    placeholders = 0
    joined: dict[int, int] = {}  # stored article id -> placeholder it joins
    for item in items:
        pool = len(cluster_of)
        stamp = item.published_at.timestamp()
        distances = np.bitwise_count(hashes[:pool] ^ np.uint64(item.simhash & 0xFFFFFFFFFFFFFFFF))
        close = (distances <= NEAR_DUPLICATE_BITS) & (np.abs(stamps[:pool] - stamp) <= window)
        match = np.flatnonzero(close)
        cluster: int | None = None
        if match.size:
            first = int(match[0])
            cluster = cluster_of[first]
            if cluster is None:
                placeholders += 1
                cluster = -placeholders
                cluster_of[first] = cluster
                if article_ids[first] is not None:
                    joined[article_ids[first]] = cluster
        hashes[pool] = item.simhash & 0xFFFFFFFFFFFFFFFF
        stamps[pool] = stamp
        cluster_of.append(cluster)
        article_ids.append(None)
    real: dict[int, int] = {}
    if placeholders:
        made = Cluster.objects.bulk_create([Cluster() for _ in range(placeholders)])
        real = {-(n + 1): cluster.pk for n, cluster in enumerate(made)}
    if joined:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE articles_article a SET cluster_id = v.c FROM "
                "(SELECT unnest(%s::bigint[]) AS id, unnest(%s::bigint[]) AS c) v "
                "WHERE a.id = v.id AND a.cluster_id IS NULL",
                [list(joined), [real[p] for p in joined.values()]],
            )
    resolved = [real.get(c, c) if c is not None and c < 0 else c for c in cluster_of]
    return resolved[len(stored) :]


def _insert_articles(
    items: Sequence[CleanItem],
    sources: dict[str, int],
    clusters: list[int | None],
    ctx: StoreContext,
) -> dict[str, int]:
    now = timezone.now()
    params: list = []
    for item, cluster_id in zip(items, clusters, strict=True):
        source_id = ctx.feed.source_id if ctx.feed else sources.get(item.source)
        params.extend(
            [
                item.url,
                item.original_url,
                item.title,
                item.byline,
                item.published_at,
                item.date_estimated,
                item.language,
                item.body,
                item.content_hash,
                item.simhash,
                source_id,
                cluster_id,
                json.dumps(item.dates_mentioned),
                False,
                ctx.via,
                ctx.run.pk if ctx.run else None,
                ctx.feed.pk if ctx.feed else None,
                ctx.fetched_at or now,
                PIPELINE_VERSION,
                now,
            ]
        )
    # Only our own column names and placeholders are interpolated; values are parameters.
    head = f"INSERT INTO articles_article ({', '.join(_COLUMNS)}) VALUES "  # noqa: S608
    sql = (
        head + ", ".join([_ROW] * len(items)) + " ON CONFLICT DO NOTHING RETURNING id, content_hash"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {digest: article_id for article_id, digest in cursor.fetchall()}


def _insert_related(items: Sequence[CleanItem], ids: dict[str, int]) -> None:
    now = timezone.now()
    confirm_at = autoconfirm_threshold()
    statements, links = [], []
    people, places, orgs = [], [], []
    for item in items:
        article_id = ids.get(item.content_hash)
        if article_id is None:
            continue
        seen_positions = set()
        for quote in item.quotes:
            if quote.position in seen_positions:
                continue
            seen_positions.add(quote.position)
            statements.append(
                Statement(
                    article_id=article_id,
                    speaker_id=quote.speaker_id,
                    speaker_name=quote.speaker_name[:200],
                    text=quote.text,
                    position=quote.position,
                )
            )
        for mention in item.mentions:
            confirmed = mention.score >= confirm_at
            links.append(
                ArticleLink(
                    article_id=article_id,
                    initiative_id=mention.initiative_id,
                    state=ArticleLink.State.CONFIRMED if confirmed else ArticleLink.State.SUGGESTED,
                    score=min(1.0, max(0.0, mention.score)),
                    matched_alias_id=mention.alias_id,
                    snippet=mention.snippet,
                    reasons=mention.reasons,
                    model_version=mention.model_version,
                    decided_at=now if confirmed else None,
                    created_at=now,
                )
            )
        people += [Article.people.through(article_id=article_id, person_id=p) for p in item.people]
        places += [Article.places.through(article_id=article_id, place_id=p) for p in item.places]
        orgs += [
            Article.organizations.through(article_id=article_id, organization_id=o)
            for o in item.organizations
        ]
    Statement.objects.bulk_create(statements, ignore_conflicts=True)
    ArticleLink.objects.bulk_create(links, ignore_conflicts=True)
    if any(link.state == ArticleLink.State.CONFIRMED for link in links):
        _audit_autoconfirmed(ids.values(), now)
    for rows in (people, places, orgs):
        if rows:
            type(rows[0]).objects.bulk_create(rows, ignore_conflicts=True)


def _audit_autoconfirmed(article_ids: Iterable[int], at: dt.datetime) -> None:
    """The pipeline's own confirmations go in the audit trail like an editor's, actor empty.

    One INSERT … SELECT in the database: a batch can confirm hundreds of links."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO initiatives_auditevent
                (actor_id, action, at, initiative_id, article_id, object_type, object_id,
                 before, after, summary)
            SELECT NULL, 'link.auto_confirmed', l.decided_at, l.initiative_id, l.article_id,
                   %s, l.id::text, '{}'::jsonb,
                   jsonb_build_object('state', l.state, 'score', round(l.score::numeric, 3),
                                      'decided_by', NULL),
                   left(i.name || ' ↔ article ' || l.article_id
                        || ': confirmed by the pipeline (score '
                        || to_char(l.score, 'FM0.00') || ')', 300)
              FROM articles_articlelink l
              JOIN initiatives_initiative i ON i.id = l.initiative_id
             WHERE l.article_id = ANY(%s) AND l.state = %s
               AND l.decided_by_id IS NULL AND l.decided_at = %s
            """,
            [
                ArticleLink._meta.label_lower,
                list(article_ids),
                ArticleLink.State.CONFIRMED,
                at,
            ],
        )


def _store_together(items: Sequence[CleanItem], ctx: StoreContext) -> list[Outcome]:
    outcomes: list[Outcome | None] = [None] * len(items)
    with transaction.atomic():
        # Two batches storing at once (two workers) would each miss the other's copies of a
        # story: the duplicate check and the clustering read what is stored, then write. The
        # lock serialises storing until commit; cleaning, extraction and linking, done before
        # store(), stay parallel.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [STORE_LOCK])
        known = _existing(items)
        fresh: list[tuple[int, CleanItem]] = []
        seen: dict[str, int] = {}  # within the batch: key -> index of first item
        for index, item in enumerate(items):
            keys = [item.content_hash] + (["url:" + item.url] if item.url else [])
            stored = next((known[k] for k in keys if k in known), None)
            if stored is not None:
                outcomes[index] = Outcome(item.label, "duplicate", stored)
                continue
            earlier = next((seen[k] for k in keys if k in seen), None)
            if earlier is not None:
                outcomes[index] = Outcome(item.label, "duplicate", None, reason=f"#{earlier}")
                continue
            for k in keys:
                seen[k] = index
            fresh.append((index, item))
        new_items = [item for _i, item in fresh]
        if new_items:
            sources = resolve_sources(i.source for i in new_items) if not ctx.feed else {}
            clusters = _assign_clusters(new_items)
            ids = _insert_articles(new_items, sources, clusters, ctx)
            _insert_related(new_items, ids)
            lost = [item for item in new_items if item.content_hash not in ids]
            # Lost a race with a concurrent insert: what won is the stored article.
            known.update(_existing(lost) if lost else {})
            for index, item in fresh:
                if item.content_hash in ids:
                    outcomes[index] = Outcome(item.label, "created", ids[item.content_hash])
                else:
                    winner = known.get(item.content_hash) or known.get("url:" + item.url)
                    outcomes[index] = Outcome(item.label, "duplicate", winner)
    # Duplicates within the batch point at the article their first copy became.
    for outcome in outcomes:
        if outcome is not None and outcome.article_id is None and outcome.reason.startswith("#"):
            first = outcomes[int(outcome.reason[1:])]
            outcome.article_id = first.article_id if first else None
            outcome.reason = ""
    return [o for o in outcomes if o is not None]


def store(items: Sequence[CleanItem], ctx: StoreContext) -> list[Outcome]:
    """Store items in one transaction; if the database refuses one, one transaction each.

    Integrity and data errors are the item's fault (refused with the reason); operational
    errors (database down, restarting) propagate so the task retries later.
    """
    if not items:
        return []
    try:
        return _store_together(items, ctx)
    except (IntegrityError, DataError) as exc:
        if len(items) == 1:
            return [Outcome(items[0].label, "refused", reason=f"database refused it: {exc}")]
    outcomes = []
    for item in items:
        try:
            outcomes.extend(_store_together([item], ctx))
        except (IntegrityError, DataError) as exc:
            outcomes.append(Outcome(item.label, "refused", reason=f"database refused it: {exc}"))
    return outcomes
