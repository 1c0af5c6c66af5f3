"""Celery tasks: thin wrappers around articles.ingest.jobs.

They take ids and plain data (JSON), acknowledge late (a worker killed mid-task leaves the
message to be redelivered), retry with exponential backoff on transient errors only, and are
idempotent: the unique URL and content-hash constraints make a second run store nothing new.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from articles.ingest import jobs, parse, runs
from articles.ingest.items import RawItem
from articles.models import Feed, IngestionRun, Upload
from articles.selectors import timeline as timeline_reads

# Database restarts and dropped connections pass; parse errors and refusals do not.
TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)
RETRY = {
    "acks_late": True,
    "autoretry_for": TRANSIENT_DB_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}


QUEUE_UNAVAILABLE = "ingestion queue unavailable, try again"


class QueueUnavailable(Exception):
    """The broker (Redis) did not take the message: nothing was queued."""


def enqueue(task: Any, *args: Any, run_id: int | None = None, **kwargs: Any) -> None:
    """Send a task; if the broker is down, close its run as failed and raise QueueUnavailable.

    A run is never left "running" for a message that was never queued.
    """
    try:
        task.apply_async(args, kwargs)
    except BrokerUnavailable as exc:
        reason = f"{QUEUE_UNAVAILABLE} ({exc})"
        if run_id is not None:
            run = IngestionRun.objects.get(pk=run_id)
            runs.finish_run(run, failed=True, error=reason)
        raise QueueUnavailable(reason) from exc


def _closes_its_run_when_out_of_time(task: Callable[..., dict]) -> Callable[..., dict]:
    """At the soft time limit (settings.TASK_TIME_LIMITS) the task ends cleanly, its run
    closed as failed saying so (if the job had not closed it), and the worker is free."""

    @functools.wraps(task)
    def wrapper(self, run_id: int, *args: Any, **kwargs: Any) -> dict:
        try:
            return task(self, run_id, *args, **kwargs)
        except SoftTimeLimitExceeded:
            run = IngestionRun.objects.get(pk=run_id)
            if run.state == IngestionRun.State.RUNNING:
                runs.finish_run(run, failed=True, error=runs.OUT_OF_TIME)
            return {"error": runs.OUT_OF_TIME}

    return wrapper


def _begin(run_id: int) -> None:
    """A redelivered or retried message starts the run's counts afresh (and reopens a run
    closed meanwhile as lost); a first delivery marks the run as progressing."""
    run = IngestionRun.objects.get(pk=run_id)
    if run.items_seen or run.state != IngestionRun.State.RUNNING:
        runs.reset_run(run)
    else:
        IngestionRun.objects.filter(pk=run_id).update(progress_at=timezone.now())


@shared_task(bind=True, name="articles.tasks.import_items", **RETRY)
@_closes_its_run_when_out_of_time
def import_items(self, run_id: int, items: list[dict[str, Any]], batch_size: int = 100) -> dict:
    """Ingest a batch of items (RawItem.to_dict() form) under IngestionRun run_id."""
    _begin(run_id)
    run = jobs.import_items(run_id, [RawItem.from_dict(i) for i in items], batch_size=batch_size)
    return {"created": run.created, "duplicates": run.duplicates, "refused": run.refused}


@shared_task(bind=True, name="articles.tasks.import_text", **RETRY)
@_closes_its_run_when_out_of_time
def import_text(self, run_id: int, name: str, text: str) -> dict:
    """Parse one file's text (seed format, .jsonl or .csv by name) and ingest it."""
    _begin(run_id)
    return _counts(jobs.import_file(run_id, name, text))


@shared_task(bind=True, name="articles.tasks.import_upload", **RETRY)
@_closes_its_run_when_out_of_time
def import_upload(self, run_id: int, upload_id: int, batch_size: int = 50) -> dict:
    """Import a stored Upload (the file travels by reference: the message holds two ids).

    Small batches so the run's page sees progress often (one count update per batch, about
    every half second; bench/console_bench.py)."""
    _begin(run_id)
    upload = Upload.objects.get(pk=upload_id)
    return _counts(jobs.import_file(run_id, upload.name, upload.content, batch_size=batch_size))


def _counts(run: IngestionRun) -> dict:
    counts = {"created": run.created, "duplicates": run.duplicates, "refused": run.refused}
    if run.state == IngestionRun.State.FAILED and run.errors:
        counts["error"] = run.errors[-1]
    return counts


@shared_task(bind=True, name="articles.tasks.fetch_url", **RETRY)
def fetch_url(self, url: str, user_id: int | None = None) -> dict:
    """Fetch a submitted article URL; network hiccups retry with backoff, refusals do not."""
    from django.contrib.auth import get_user_model

    from articles.ingest.fetch import FetchError

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        outcome = jobs.submit_url(url, by=user)
    except FetchError as exc:
        if exc.transient:
            raise self.retry(exc=exc, countdown=min(300, 2 ** (self.request.retries + 1))) from None
        return {"status": "refused", "reason": exc.reason}
    except parse.ParseError as exc:
        return {"status": "refused", "reason": str(exc)}
    return {"status": outcome.status, "article_id": outcome.article_id, "reason": outcome.reason}


@shared_task(bind=True, name="articles.tasks.poll_feed", **RETRY)
def poll_feed(self, feed_id: int, user_id: int | None = None) -> dict:
    """Poll one feed (user_id: the editor who asked for it). A busy host (politeness)
    reschedules the poll; failures are recorded on the feed and retried by the next
    scheduled poll, not here."""
    from django.contrib.auth import get_user_model

    from articles.ingest.politeness import HostBusy

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None

    try:
        run = jobs.poll_feed(feed_id, by=user)
    except HostBusy as exc:
        raise self.retry(exc=exc, countdown=exc.wait, max_retries=100) from None
    except SoftTimeLimitExceeded:  # the poll's run and the feed already say so
        return {"feed": feed_id, "error": runs.OUT_OF_TIME}
    return {"run": run.pk, "state": run.state, "created": run.created}


@shared_task(name="articles.tasks.poll_due_feeds", acks_late=True)
def poll_due_feeds() -> int:
    """Celery beat, every minute: enqueue a poll for each active feed that is due."""
    feed_ids = jobs.claim_due_feeds()
    for index, feed_id in enumerate(feed_ids):
        try:
            poll_feed.delay(feed_id)
        except BrokerUnavailable:
            # Not queued: give the claims back so the next beat tick polls these feeds.
            Feed.objects.filter(pk__in=feed_ids[index:]).update(next_poll_at=timezone.now())
            raise
    return len(feed_ids)


@shared_task(name="articles.tasks.refresh_event_counts", acks_late=True)
def refresh_event_counts() -> int:
    """The timeline's per-day counts brought up to date, so readers rarely pay for it."""
    return timeline_reads.refresh_event_counts()


@shared_task(name="articles.tasks.close_lost_runs", acks_late=True)
def close_lost_runs() -> list[int]:
    """Celery beat: runs whose task made no progress for INGEST_LOST_RUN_MINUTES are closed
    as failed, saying why and what to do (articles.ingest.runs.close_lost_runs)."""
    return runs.close_lost_runs(after=timedelta(minutes=settings.INGEST_LOST_RUN_MINUTES))


@shared_task(bind=True, name="articles.tasks.relink", **RETRY)
@_closes_its_run_when_out_of_time
def relink(self, run_id: int) -> dict:
    """Re-link every stored article against the current catalogue (progress on the run)."""
    run = jobs.relink(run_id)
    return {"articles": run.items_seen, "links_created": run.created}


@shared_task(name="articles.tasks.train_linker", acks_late=True)
def train_linker() -> dict:
    """Celery beat, weekly: train a linker model on the team's corpus and every editor
    decision; promoted only if no worse on the pairs kept aside (then stored articles are
    re-scored by a relink run). The run is recorded as a LinkerModel row either way."""
    from articles.ingest import learned
    from articles.models import Article, IngestionRun

    row = learned.train(corpus=learned.default_corpus(), trigger="beat")
    result = {"version": row.version, "outcome": row.outcome, "reason": row.reason}
    if row.is_current:
        run = runs.start_run(
            IngestionRun.Kind.RELINK,
            label=f"relink with linker model {row.version}",
            total=Article.objects.count(),
        )
        enqueue(relink, run.pk, run_id=run.pk)
        result["relink_run"] = run.pk
    return result
