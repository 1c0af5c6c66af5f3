"""The pipeline: RawItem → clean → dedupe keys → extract → link → store, single or batch."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils import timezone

from articles.ingest import clean, dedupe, extract, link
from articles.ingest.catalogue import Catalogue, current_catalogue
from articles.ingest.items import CleanItem, Mention, RawItem, Refused
from articles.ingest.language import LINKED, normalize_hint
from articles.ingest.parse import derive_title
from articles.ingest.store import Outcome, StoreContext, store
from articles.models import Feed, IngestionRun

MAX_BODY_CHARS = 200_000
EARLIEST_DATE = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
FUTURE_SLACK = dt.timedelta(days=2)  # time zones and early embargo times, not years ahead
BATCH_SIZE = 500


def prepare(raw: RawItem, catalogue: Catalogue, now: dt.datetime) -> CleanItem:
    """Clean, normalise and enrich one item; raises Refused with a reason."""
    body = raw.body or ""
    if len(body) > MAX_BODY_CHARS * 4:
        raise Refused(f"body too long ({len(body)} characters)")
    if raw.body_is_html or clean.looks_like_html(body):
        body = clean.html_to_text(body)
    else:
        body = clean.normalize_text(body)
    if not body:
        raise Refused("body is empty")
    if len(body) > MAX_BODY_CHARS:
        raise Refused(f"body too long ({len(body)} characters, at most {MAX_BODY_CHARS})")
    original_url = (raw.url or "").strip()
    url = ""
    if original_url:
        parts = urlsplit(original_url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise Refused("url must be an http(s) address", field="url")
        url = dedupe.canonical_url(original_url)
        if len(original_url) > 1000:
            raise Refused("url longer than 1000 characters", field="url")
    hint = normalize_hint(raw.language or "")
    if hint is None:
        raise Refused(
            f"language “{raw.language}” is not a language code (en, fa, ar, or another such as "
            "tr, fr, ckb)",
            field="language",
        )
    title = clean.clean_line(raw.title) or derive_title(body.split("\n\n"))
    language = clean.detect_language(f"{title}\n{body}", hint)
    published = raw.published_at
    if published is not None and timezone.is_naive(published):
        published = published.replace(tzinfo=dt.UTC)
    if published is not None and not (EARLIEST_DATE <= published <= now + FUTURE_SLACK):
        # A source's garbage date (year 9999, year 1) is no date: the item is kept, dated
        # when first seen and marked estimated, instead of breaking date arithmetic later.
        published = None
    analysis = extract.analyse(title, body, catalogue)
    # The body folded once (per paragraph, by analyse) serves hashing and date finding.
    folded = " ".join(p.normalized for p in analysis.body_paragraphs())
    if language in LINKED:
        people, places, orgs = extract.entities(analysis)
        candidates = link.score_article(analysis, places, catalogue, language)
        if analysis.names_in_furniture():
            candidates += furniture_only(analysis, candidates, places, catalogue, language)
        quotes = extract.quotes(analysis, catalogue)
    else:
        # Another language: stored and marked, never read with en/fa/ar names and words.
        people, places, orgs, candidates, quotes = set(), set(), set(), [], []
    return CleanItem(
        title=title[:500],
        body=body,
        language=language,
        url=url,
        original_url=original_url if original_url != url else "",
        published_at=published or now,
        date_estimated=published is None,
        byline=clean.clean_line(raw.byline)[:300],
        source=clean.clean_line(raw.source)[:200],
        content_hash=dedupe.content_hash(folded, normalized=True),
        simhash=dedupe.simhash(folded, normalized=True),
        label=raw.label,
        people=people,
        places=places,
        organizations=orgs,
        quotes=quotes,
        dates_mentioned=extract.dates(folded, normalized=True),
        mentions=link.suggestions(candidates, catalogue),
        candidates=candidates,
    )


FURNITURE_REASON = "named only in page furniture (menus, related headlines): not counted"


def furniture_only(
    analysis: extract.Analysis,
    candidates: list[Mention],
    places: set[int],
    catalogue: Catalogue,
    language: str,
) -> list[Mention]:
    """Initiatives named only in the page furniture, scored 0 with the reason: never links,
    but kept among the candidates, so evaluate_linking shows them and training sees these
    pages' other headlines as the negatives they are."""
    scored = {m.initiative_id for m in candidates}
    extra = [
        m
        for m in link.score_article(analysis.as_page(), places, catalogue, language)
        if m.initiative_id not in scored
    ]
    for mention in extra:
        mention.score = 0.0
        mention.reasons = [*mention.reasons, FURNITURE_REASON]
    return extra


@dataclass
class BatchResult:
    """Counts of what happened; every outcome too unless the caller streams them (on_batch)."""

    counts: Counter = field(default_factory=Counter)
    outcomes: list[Outcome] = field(default_factory=list)
    refused: list[Outcome] = field(default_factory=list)

    @property
    def created(self) -> int:
        return self.counts["created"]

    @property
    def duplicates(self) -> int:
        return self.counts["duplicate"]


def ingest_items(
    raws: Iterable[RawItem],
    *,
    via: str,
    run: IngestionRun | None = None,
    feed: Feed | None = None,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[list[Outcome]], None] | None = None,
    keep_outcomes: bool = True,
) -> BatchResult:
    """Run items through the pipeline in batches (one transaction per batch).

    Items are consumed lazily; with keep_outcomes=False memory stays flat however many.
    """
    result = BatchResult()
    catalogue = current_catalogue()
    now = timezone.now()
    ctx = StoreContext(via=via, run=run, feed=feed, fetched_at=now)
    batch: list = []

    def flush() -> None:
        outcomes = store([i for i in batch if isinstance(i, CleanItem)], ctx)
        refused = [i for i in batch if isinstance(i, Outcome)]
        done = refused + outcomes
        result.counts.update(o.status for o in done)
        result.refused.extend(o for o in done if o.status == "refused")
        if keep_outcomes:
            result.outcomes.extend(done)
        if on_batch:
            on_batch(done)
        batch.clear()

    for raw in raws:
        try:
            batch.append(prepare(raw, catalogue, now))
        except Refused as exc:
            batch.append(Outcome(raw.label, "refused", reason=exc.reason, field=exc.field))
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return result


def ingest_item(
    raw: RawItem, *, via: str, run: IngestionRun | None = None, feed: Feed | None = None
) -> Outcome:
    """One item, one transaction: created, duplicate (with the stored id) or refused."""
    return ingest_items([raw], via=via, run=run, feed=feed, batch_size=1).outcomes[0]
