"""The ingestion console's writes: uploaded files become runs, audited.

An upload is checked here, before anything is queued (type, size, encoding, a CSV's header),
so a bad file gets its reason at once and nothing is stored; a good one is kept as an Upload
that the Celery task reads by id. The same file again is recognised by its SHA-256.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from articles.ingest import parse, runs
from articles.models import IngestionRun, Upload
from initiatives.services import record_audit

UPLOAD_SUFFIXES = (".txt", ".jsonl", ".ndjson", ".csv")


def upload_limit() -> int:
    """The largest file accepted, in bytes (settings.CONSOLE_UPLOAD_MAX_BYTES)."""
    return settings.CONSOLE_UPLOAD_MAX_BYTES


def megabytes(size: int) -> str:
    """A size in words: 812 bytes, 3 KB, 10 MB, 12.4 MB."""
    if size < 1024:
        return f"{size} bytes"
    value, unit = (size / 1024, "KB") if size < 1024 * 1024 else (size / 1024 / 1024, "MB")
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


@dataclass
class UploadResult:
    """What became of one uploaded file: a run started, a repeat recognised, or refused."""

    name: str
    status: str  # "started", "repeat", "refused"
    message: str
    run: IngestionRun | None = None


def _refusal(name: str, data: bytes) -> tuple[str, str]:
    """(reason, text): the reason is empty when the file may be imported."""
    lower = name.lower()
    if not lower.endswith(UPLOAD_SUFFIXES):
        kinds = ", ".join(UPLOAD_SUFFIXES)
        return f"{name}: not a file type we import (only {kinds})", ""
    if len(data) > upload_limit():
        return (
            f"{name} is {megabytes(len(data))}; files up to {megabytes(upload_limit())} "
            "are accepted (split it, or use manage.py import_articles)",
            "",
        )
    if not data.strip():
        return f"{name} is empty", ""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return f"{name} is not UTF-8 text (byte {exc.start}: {exc.reason})", ""
    if "\x00" in text:
        return f"{name} is not a text file (it contains NUL bytes)", ""
    if lower.endswith(".csv"):
        header = next(csv.reader(io.StringIO(text)), [])
        unknown = sorted(set(header) - set(parse.FIELDS) - {"body_is_html"})
        if "body" not in header:
            return (
                f"{name}: the CSV's header row has no “body” column (columns: "
                f"{', '.join(parse.FIELDS)}; all but body optional)",
                "",
            )
        if unknown:
            return f"{name}: unknown CSV column(s) {', '.join(unknown)}", ""
    return "", text


def upload_file(name: str, data: bytes, *, by: Any) -> UploadResult:
    """Check one uploaded file; keep it and start its import run (the real Celery task).

    The same file (same bytes) uploaded before, whose run did not fail, starts nothing and
    says which run imported it; after a failed run it is imported again under a new run.
    Raises articles.tasks.QueueUnavailable when the queue is down (the run is then closed).
    """
    from articles.tasks import enqueue, import_upload

    name = (name or "upload").rsplit("/", 1)[-1][:255]
    reason, text = _refusal(name, data)
    if reason:
        return UploadResult(name, "refused", reason)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        upload, created = Upload.objects.select_for_update().get_or_create(
            sha256=digest,
            defaults={"name": name, "size": len(data), "content": text, "uploaded_by": by},
        )
        earlier = upload.run
        if not created and earlier is not None and earlier.state != IngestionRun.State.FAILED:
            when = upload.uploaded_at.strftime("%Y-%m-%d %H:%M UTC")
            return UploadResult(
                name,
                "repeat",
                f"{name} is the same file as “{upload.name}”, uploaded {when} and imported "
                f"by run #{earlier.pk}: nothing new was imported.",
                earlier,
            )
        run = runs.start_run(IngestionRun.Kind.FILE, label=name, by=by)
        upload.run = run
        upload.save(update_fields=["run"])
        record_audit(
            actor=by,
            action="ingest.upload",
            obj=upload,
            after={"name": name, "bytes": len(data), "sha256": digest, "run": run.pk},
            summary=f"Uploaded {name} ({megabytes(len(data))}) as run #{run.pk}",
        )
    # After commit, so the worker finds the upload and the run.
    enqueue(import_upload, run.pk, upload.pk, run_id=run.pk)
    again = "" if created else " (its earlier import failed, so it runs again)"
    return UploadResult(name, "started", f"{name}: import started as run #{run.pk}{again}.", run)
