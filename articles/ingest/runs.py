"""IngestionRun bookkeeping: one record per poll, import, URL fetch or relink."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.ingest.store import Outcome
from articles.models import Article, Feed, IngestionRun

MAX_ERRORS_KEPT = 200


def start_run(
    kind: str,
    *,
    label: str = "",
    by: Any = None,
    feed: Feed | None = None,
    total: int | None = None,
) -> IngestionRun:
    """Open a run record (state running)."""
    return IngestionRun.objects.create(
        kind=kind,
        label=label[:500],
        started_by=by if getattr(by, "is_authenticated", False) else None,
        feed=feed,
        total=total,
    )


def reset_run(run: IngestionRun) -> None:
    """A redelivered task starts its counts again (what it stored before now counts as seen)."""
    IngestionRun.objects.filter(pk=run.pk).update(
        state=IngestionRun.State.RUNNING,
        items_seen=0,
        created=0,
        duplicates=0,
        refused=0,
        errors=[],
        finished_at=None,
        progress_at=timezone.now(),
    )
    run.refresh_from_db()


def add_outcomes(run: IngestionRun, outcomes: list[Outcome]) -> None:
    """Add a batch's outcomes to the run's counters (atomic increments) and keep reasons."""
    created = sum(o.status == "created" for o in outcomes)
    duplicates = sum(o.status == "duplicate" for o in outcomes)
    refused = [o for o in outcomes if o.status == "refused"]
    IngestionRun.objects.filter(pk=run.pk).update(
        items_seen=F("items_seen") + len(outcomes),
        created=F("created") + created,
        duplicates=F("duplicates") + duplicates,
        refused=F("refused") + len(refused),
        progress_at=timezone.now(),
    )
    if refused:
        add_errors(run, [f"{o.label}: {o.reason}" if o.label else o.reason for o in refused])


def add_errors(run: IngestionRun, messages: list[str]) -> None:
    """Append error messages to the run (the first MAX_ERRORS_KEPT are kept)."""
    run.refresh_from_db(fields=["errors"])
    room = MAX_ERRORS_KEPT - len(run.errors)
    if room > 0 and messages:
        run.errors = run.errors + messages[:room]
        run.save(update_fields=["errors"])


def finish_run(run: IngestionRun, *, failed: bool = False, error: str = "") -> IngestionRun:
    """Close the run; created is recounted from the articles so a redelivery stays exact."""
    if error:
        add_errors(run, [error])
    run.refresh_from_db()
    if run.kind != IngestionRun.Kind.RELINK:
        stored = Article.objects.filter(ingestion_run=run).count()
        run.duplicates = max(0, run.items_seen - run.refused - stored)
        run.created = stored
    run.state = IngestionRun.State.FAILED if failed else IngestionRun.State.SUCCEEDED
    run.finished_at = timezone.now()
    run.save(update_fields=["created", "duplicates", "state", "finished_at"])
    return run


OUT_OF_TIME = (
    "stopped: it ran longer than its time limit (TASK_TIME_LIMITS in docs/operations.md), so "
    "its worker was freed. What was stored stays; run it again to finish (nothing is added twice)."
)


def failure_reason(exc: BaseException) -> str:
    """What a run records when its job raised: the time limit said in words, else the error."""
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, SoftTimeLimitExceeded):
        return OUT_OF_TIME
    return f"{type(exc).__name__}: {exc}"


LOST = (
    "lost: no progress for {minutes} minutes, so its task is gone (a worker or the queue lost "
    "it, e.g. Redis restarted empty). Run it again: what was stored stays, and importing the "
    "same items again adds nothing twice."
)


def close_lost_runs(*, after: dt.timedelta) -> list[int]:
    """Close as failed every running run whose task made no progress for `after`.

    Progress is progress_at (items counted), or started_at for a run whose task never began.
    Returns the ids closed. A task that does arrive later still runs: it reopens its run
    (tasks reset a closed run before counting), so a run is never lost for good.
    """
    cutoff = timezone.now() - after
    minutes = max(1, int(after.total_seconds() // 60))
    closed = []
    with transaction.atomic():
        lost = (
            IngestionRun.objects.select_for_update(skip_locked=True)
            .filter(state=IngestionRun.State.RUNNING)
            .alias(last=Coalesce("progress_at", "started_at"))
            .filter(last__lt=cutoff)
        )
        for run in lost:
            finish_run(run, failed=True, error=LOST.format(minutes=minutes))
            closed.append(run.pk)
    return closed
