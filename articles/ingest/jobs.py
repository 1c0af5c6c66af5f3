"""The jobs that tasks, management commands and the API run: import, fetch, poll, relink.

Each job records an IngestionRun and is safe to run twice (a second run stores nothing new).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Value
from django.db.models.functions import Least
from django.utils import timezone

from articles.ingest import parse, pipeline, runs
from articles.ingest.fetch import FetchError
from articles.ingest.items import RawItem
from articles.ingest.store import Outcome
from articles.models import Article, ArticleLink, Feed, IngestionRun, Source

logger = logging.getLogger(__name__)


def import_items(
    run_id: int,
    items: Sequence[RawItem],
    *,
    via: str = Article.Via.FILE,
    batch_size: int = pipeline.BATCH_SIZE,
    finish: bool = True,
    progress: Callable[[list[Outcome]], None] | None = None,
) -> IngestionRun:
    """Ingest items under an existing run, adding the outcomes to its counters."""
    run = IngestionRun.objects.get(pk=run_id)

    def on_batch(outcomes: list[Outcome]) -> None:
        runs.add_outcomes(run, outcomes)
        if progress:
            progress(outcomes)

    try:
        pipeline.ingest_items(
            items, via=via, run=run, batch_size=batch_size, on_batch=on_batch, keep_outcomes=False
        )
    except Exception as exc:
        runs.finish_run(run, failed=True, error=runs.failure_reason(exc))
        raise
    return runs.finish_run(run) if finish else run


# --- Submitted URLs -----------------------------------------------------------------------


def find_by_url(url: str) -> Article | None:
    """The stored article for a URL (compared in canonical form)."""
    from articles.ingest.dedupe import canonical_url

    canonical = canonical_url(url)
    return Article.objects.filter(url=canonical).first() if canonical else None


def import_file(
    run_id: int, name: str, text: str, *, batch_size: int = pipeline.BATCH_SIZE
) -> IngestionRun:
    """Parse one file (seed text, .jsonl/.ndjson or .csv by name) and ingest it under a run.

    Rows are read one at a time (memory does not grow with the file); the run's total is set
    first, so its page shows how far it has got after every batch. Rows that cannot be read
    are refused with their line and reason, the rest are stored. A file that cannot be read
    at all closes the run as failed, saying why.
    """
    run = IngestionRun.objects.get(pk=run_id)
    try:
        total, rows = parse.iter_file(name, text)
    except parse.ParseError as exc:  # permanent: recorded, not retried
        return runs.finish_run(run, failed=True, error=str(exc))
    IngestionRun.objects.filter(pk=run_id).update(total=total, progress_at=timezone.now())
    unreadable: list[str] = []

    def items():
        for row in rows:
            if isinstance(row, str):
                unreadable.append(row)
            else:
                yield row

    def count_unreadable(_outcomes=None) -> None:
        if unreadable:
            IngestionRun.objects.filter(pk=run_id).update(
                refused=F("refused") + len(unreadable),
                items_seen=F("items_seen") + len(unreadable),
            )
            runs.add_errors(run, list(unreadable))
            unreadable.clear()

    try:
        pipeline.ingest_items(
            items(),
            via=Article.Via.FILE,
            run=run,
            batch_size=batch_size,
            on_batch=lambda outcomes: (runs.add_outcomes(run, outcomes), count_unreadable()),
            keep_outcomes=False,
        )
        count_unreadable()
    except Exception as exc:
        runs.finish_run(run, failed=True, error=runs.failure_reason(exc))
        raise
    return runs.finish_run(run)


@dataclass
class PagePreview:
    """What storing a submitted page would store: the item as prepared, nothing written."""

    url: str  # as submitted
    final_url: str  # after redirects
    item: Any  # articles.ingest.items.CleanItem
    source: Source | None


def _fetch_page(url: str) -> tuple[RawItem, str, Source | None]:
    from articles.ingest.fetch import PAGE_TYPES, fetch

    response = fetch(url, accept=PAGE_TYPES)
    raw = parse.parse_html_page(response.text(), response.url)
    raw.url = response.url
    raw.label = url
    host = (urlsplit(response.url).hostname or "").removeprefix("www.")
    source = Source.objects.filter(domain__in=[host, f"www.{host}"]).first()
    raw.source = source.slug if source else raw.source
    return raw, response.url, source


def preview_url(url: str) -> PagePreview:
    """Fetch and extract a page through the guard as submit_url would, storing nothing.

    Raises FetchError / ParseError / Refused with the reason the page cannot be used.
    """
    from articles.ingest.catalogue import current_catalogue

    raw, final_url, source = _fetch_page(url)
    item = pipeline.prepare(raw, current_catalogue(), timezone.now())
    return PagePreview(url=url, final_url=final_url, item=item, source=source)


def submit_url(url: str, *, by: Any = None, overrides: dict[str, Any] | None = None) -> Outcome:
    """Fetch an article page through the guard, extract it and store it.

    `overrides` (title, published_at, language) replace what the page gave: an editor's
    corrections. Raises FetchError / ParseError (recorded on the run) when the page cannot
    be used.
    """
    from articles.ingest.dedupe import canonical_url

    existing = find_by_url(url)
    if existing is not None:
        return Outcome(url, "duplicate", existing.pk)
    run = runs.start_run(IngestionRun.Kind.URL, label=url, by=by)
    try:
        raw, final_url, _source = _fetch_page(url)
    except (FetchError, parse.ParseError) as exc:
        runs.add_outcomes(run, [Outcome(url, "refused", reason=str(exc))])
        runs.finish_run(run, failed=True)
        raise
    except SoftTimeLimitExceeded:
        runs.add_outcomes(run, [Outcome(url, "refused", reason=runs.OUT_OF_TIME)])
        runs.finish_run(run, failed=True)
        raise FetchError(runs.OUT_OF_TIME) from None
    for key, value in (overrides or {}).items():
        setattr(raw, key, value)
    outcome = pipeline.ingest_item(raw, via=Article.Via.URL, run=run)
    if outcome.status == "refused" and canonical_url(url) != canonical_url(final_url):
        outcome.reason = f"{outcome.reason} (from {final_url})"
    runs.add_outcomes(run, [outcome])
    runs.finish_run(run, failed=outcome.status == "refused")
    return outcome


# --- Feeds --------------------------------------------------------------------------------


INTERRUPTED = "interrupted (worker stopped or database unavailable); polled again"


def _feed_failed(feed: Feed, error: str, now) -> None:
    failures = feed.consecutive_failures + 1
    # Back off a failing feed: 2, 4, 8, 16 × its interval, at most a day.
    backoff = min(feed.poll_interval * 2 ** min(failures, 4), dt.timedelta(days=1))
    Feed.objects.filter(pk=feed.pk).update(
        last_polled_at=now,
        last_error=error[:2000],
        last_error_at=now,
        consecutive_failures=failures,
        next_poll_at=now + backoff,
    )


def poll_feed(feed_id: int, *, by: Any = None) -> IngestionRun:
    """Poll one feed (conditional GET), ingest new entries, record health and a run (started
    by `by` when an editor asked for the poll).

    Raises HostBusy when the feed's host was fetched too recently (the task retries later).
    """
    from articles.ingest.fetch import FEED_TYPES, fetch
    from articles.ingest.politeness import host_slot

    feed = Feed.objects.select_related("source").get(pk=feed_id)
    host = urlsplit(feed.url).hostname or ""
    with host_slot(host):
        now = timezone.now()
        # Polls of one feed do not overlap (one fetch per host at a time), so a run of this
        # feed still "running" was cut short (worker killed, database gone): close it.
        for stale in IngestionRun.objects.filter(feed=feed, state=IngestionRun.State.RUNNING):
            runs.finish_run(stale, failed=True, error=INTERRUPTED)
        run = runs.start_run(IngestionRun.Kind.FEED, label=feed.url, feed=feed, by=by)
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        try:
            response = fetch(feed.url, accept=FEED_TYPES, headers=headers)
            parsed = None if response.status == 304 else parse.parse_feed(response.body, feed.url)
        except (FetchError, parse.ParseError) as exc:
            _feed_failed(feed, str(exc), now)
            return runs.finish_run(run, failed=True, error=str(exc))
        except DatabaseError:
            raise  # the task retries: the database, not the document, failed
        except SoftTimeLimitExceeded:  # a fetch or parse that hung: the feed's failure
            _feed_failed(feed, runs.OUT_OF_TIME, now)
            return runs.finish_run(run, failed=True, error=runs.OUT_OF_TIME)
        except Exception as exc:
            # Whatever a hostile document does to a parser is that feed's failure, recorded
            # on it, never a crashed task that leaves the run "running" and the feed silent.
            logger.exception("feed %s: unreadable document", feed.url)
            reason = f"unreadable feed ({type(exc).__name__}: {exc})"
            _feed_failed(feed, reason, now)
            return runs.finish_run(run, failed=True, error=reason)
    items = parsed.items if parsed else []
    run.total = len(items)
    run.save(update_fields=["total"])
    try:
        pipeline.ingest_items(
            items,
            via=Article.Via.FEED,
            run=run,
            feed=feed,
            on_batch=lambda outcomes: runs.add_outcomes(run, outcomes),
            keep_outcomes=False,
        )
    except DatabaseError:
        # The database failed, not the feed: no failure counted against it; the task retries
        # and the retry closes this run if it cannot be closed now.
        with contextlib.suppress(DatabaseError):
            runs.finish_run(run, failed=True, error=INTERRUPTED)
        raise
    except Exception as exc:
        _feed_failed(feed, runs.failure_reason(exc), now)
        runs.finish_run(run, failed=True, error=runs.failure_reason(exc))
        raise
    update = {
        "last_polled_at": now,
        "last_success_at": now,
        "consecutive_failures": 0,
        "items_seen": F("items_seen") + len(items),
        "next_poll_at": now + feed.poll_interval,
    }
    if response.status != 304:
        update["etag"] = response.headers.get("etag", "")[:300]
        update["last_modified"] = response.headers.get("last-modified", "")[:100]
    if parsed and parsed.title and not feed.title:
        update["title"] = parsed.title[:300]
    problems = [parsed.problem] if parsed and parsed.problem else []
    run.refresh_from_db(fields=["refused", "errors"])
    if run.refused:
        first = run.errors[0] if run.errors else ""
        problems.append(f"{run.refused} of {len(items)} entries refused, first: {first}")
    if problems:
        # What could be read is kept; the damage is still shown on the feed.
        update.update(last_error="; ".join(problems)[:2000], last_error_at=now)
        if parsed and parsed.problem:
            runs.add_errors(run, [parsed.problem])
    Feed.objects.filter(pk=feed.pk).update(**update)
    return runs.finish_run(run)


def poll_claim_lease() -> dt.timedelta:
    """How long a claimed poll may stay unfinished before beat claims the feed again.

    A poll message lost with the broker (Redis restarted empty) is retried after this, not
    after a whole poll interval; a finished poll sets the next poll time itself.
    """
    return dt.timedelta(seconds=settings.INGEST_POLL_LEASE_SECONDS)


def claim_due_feeds(now=None) -> list[int]:
    """Active feeds whose poll is due, claimed (next poll pushed back) so no one polls twice."""
    now = now or timezone.now()
    lease = poll_claim_lease()
    with transaction.atomic():
        due = list(
            Feed.objects.select_for_update(skip_locked=True)
            .filter(active=True, next_poll_at__lte=now)
            .values_list("id", flat=True)
        )
        # One UPDATE for every claimed feed: next poll after its interval or the lease.
        Feed.objects.filter(pk__in=due).update(
            next_poll_at=ExpressionWrapper(
                Value(now) + Least(F("poll_interval"), Value(lease)),
                output_field=DateTimeField(),
            )
        )
    return due


# --- Relink -------------------------------------------------------------------------------


def relink(run_id: int, *, batch_size: int = 500, progress: Callable[[int], None] | None = None):
    """Re-run extraction and linking over stored articles with the current catalogue.

    New suggestions are added, machine suggestions rescored (or dropped when no longer
    supported); confirmed and rejected links are never touched, so a rejection sticks.
    """
    from articles.ingest import link
    from articles.ingest.catalogue import current_catalogue

    run = IngestionRun.objects.get(pk=run_id)
    runs.reset_run(run)
    IngestionRun.objects.filter(pk=run.pk).update(total=Article.objects.count())
    catalogue = current_catalogue()
    confirm_at = link.autoconfirm_threshold(catalogue)
    last_id = 0
    try:
        while True:
            chunk = list(
                Article.objects.filter(pk__gt=last_id)
                .order_by("pk")
                .values_list("pk", "title", "body", "language")[:batch_size]
            )
            if not chunk:
                break
            last_id = chunk[-1][0]
            created = _relink_chunk(chunk, catalogue, confirm_at)
            IngestionRun.objects.filter(pk=run.pk).update(
                items_seen=F("items_seen") + len(chunk),
                created=F("created") + created,
                progress_at=timezone.now(),
            )
            if progress:
                progress(len(chunk))
    except Exception as exc:
        runs.finish_run(run, failed=True, error=runs.failure_reason(exc))
        raise
    return runs.finish_run(run)


# What relink reads of a stored link to decide whether to rescore it.
_RELINK_FIELDS = (
    "article_id",
    "initiative_id",
    "state",
    "origin",
    "score",
    "matched_alias_id",
    "snippet",
    "reasons",
    "model_version",
)


def _relink_chunk(chunk, catalogue, confirm_at: float) -> int:
    from articles.ingest import extract, link
    from articles.ingest.language import LINKED

    now = timezone.now()
    ids = [row[0] for row in chunk]
    with transaction.atomic():
        existing = {
            (lnk.article_id, lnk.initiative_id): lnk
            for lnk in ArticleLink.objects.select_for_update()
            .filter(article_id__in=ids)
            .only(*_RELINK_FIELDS)
        }
        by_article: dict[int, list[ArticleLink]] = {}
        for (article_id, _initiative_id), lnk in existing.items():
            by_article.setdefault(article_id, []).append(lnk)
        new_links, changed, stale = [], [], []
        people, places, orgs = [], [], []
        for pk, title, body, language in chunk:
            if language not in LINKED:
                # Another language (articles.ingest.language): never linked, so its machine
                # suggestions (from before it was recognised) go as stale ones do.
                stale += [
                    lnk.pk
                    for lnk in by_article.get(pk, ())
                    if lnk.state == ArticleLink.State.SUGGESTED
                    and lnk.origin == ArticleLink.Origin.MACHINE
                ]
                continue
            analysis = extract.analyse(title, body, catalogue)
            found_people, found_places, found_orgs = extract.entities(analysis)
            people += [(pk, p) for p in found_people]
            places += [(pk, p) for p in found_places]
            orgs += [(pk, o) for o in found_orgs]
            mentions = {
                m.initiative_id: m
                for m in link.suggestions(
                    link.score_article(analysis, found_places, catalogue, language), catalogue
                )
            }
            for lnk in by_article.get(pk, ()):
                machine_suggestion = (
                    lnk.state == ArticleLink.State.SUGGESTED
                    and lnk.origin == ArticleLink.Origin.MACHINE
                )
                if machine_suggestion and lnk.initiative_id not in mentions:
                    stale.append(lnk.pk)
            for initiative_id, mention in mentions.items():
                lnk = existing.get((pk, initiative_id))
                if lnk is None:
                    confirmed = mention.score >= confirm_at
                    new_links.append(
                        ArticleLink(
                            article_id=pk,
                            initiative_id=initiative_id,
                            state="confirmed" if confirmed else "suggested",
                            score=mention.score,
                            matched_alias_id=mention.alias_id,
                            snippet=mention.snippet,
                            reasons=mention.reasons,
                            model_version=mention.model_version,
                            decided_at=now if confirmed else None,
                        )
                    )
                elif lnk.state == ArticleLink.State.SUGGESTED and lnk.origin == "machine":
                    now_values = (
                        mention.score,
                        mention.alias_id,
                        mention.snippet,
                        mention.reasons,
                        mention.model_version,
                    )
                    if now_values != (
                        lnk.score,
                        lnk.matched_alias_id,
                        lnk.snippet,
                        lnk.reasons,
                        lnk.model_version,
                    ):  # an unchanged suggestion is not rewritten
                        lnk.score, lnk.matched_alias_id = mention.score, mention.alias_id
                        lnk.snippet, lnk.reasons = mention.snippet, mention.reasons
                        lnk.model_version = mention.model_version
                        changed.append(lnk)
        ArticleLink.objects.filter(pk__in=stale).delete()
        ArticleLink.objects.bulk_update(
            changed, ["score", "matched_alias", "snippet", "reasons", "model_version"]
        )
        made = ArticleLink.objects.bulk_create(new_links, ignore_conflicts=True)
        for field, pairs in (("people", people), ("places", places), ("organizations", orgs)):
            _add_pairs(getattr(Article, field).through, pairs)
    return len(made)


def _add_pairs(through: type, pairs: list[tuple[int, int]]) -> None:
    """Insert (article, entity) rows of an M2M table that are not there yet, in one
    statement without building a model per row (a relink finds most of them again)."""
    if not pairs:
        return
    meta = through._meta
    article_col, entity_col = (f.column for f in meta.get_fields() if f.is_relation)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {meta.db_table} ({article_col}, {entity_col}) "  # noqa: S608
            "SELECT * FROM unnest(%s::bigint[], %s::bigint[]) "
            "ON CONFLICT DO NOTHING",
            [[a for a, _e in pairs], [e for _a, e in pairs]],
        )
