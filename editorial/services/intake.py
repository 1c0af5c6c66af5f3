"""The ingestion console's writes: uploaded files become runs, audited.

An upload is checked here, before anything is queued (type, size, encoding, a CSV's header),
so a bad file gets its reason at once and nothing is stored; a good one is kept as an Upload
that the Celery task reads by id. The same file again is recognised by its SHA-256.
"""

from __future__ import annotations

import csv
import datetime as dt
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


# What a multipart request adds around a file (boundaries, headers, the CSRF field).
MULTIPART_MARGIN = 64 * 1024


def request_limit() -> int | None:
    """The largest request body (REQUEST_MAX_BYTES), every file of one upload together."""
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def upload_limit() -> int:
    """The largest file accepted, in bytes: CONSOLE_UPLOAD_MAX_BYTES, and small enough that
    its request fits under REQUEST_MAX_BYTES (config/limits.py refuses larger bodies)."""
    limit = settings.CONSOLE_UPLOAD_MAX_BYTES
    whole = request_limit()
    return min(limit, whole - MULTIPART_MARGIN) if whole else limit


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


# --- Submitted URLs -----------------------------------------------------------------------

MAX_URLS = 10  # per submission: each is fetched while the editor waits


@dataclass
class SubmittedUrl:
    """A submitted address as the preview shows it: extracted, already stored, or refused."""

    url: str
    preview: Any = None  # articles.ingest.jobs.PagePreview
    existing: Any = None  # the stored Article
    refused: str = ""


def preview_urls(text: str) -> tuple[list[SubmittedUrl], str]:
    """Each address (one per line) fetched through the guard and extracted, nothing stored;
    with a note when more than MAX_URLS were given (the rest are left for another go)."""
    from articles.ingest import jobs
    from articles.ingest.fetch import FetchError
    from articles.ingest.items import Refused

    lines = list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))
    note = ""
    if len(lines) > MAX_URLS:
        note = (
            f"{len(lines)} addresses given; the first {MAX_URLS} are shown. Submit the "
            f"other {len(lines) - MAX_URLS} next."
        )
        lines = lines[:MAX_URLS]
    results = []
    for url in lines:
        existing = jobs.find_by_url(url)
        if existing is not None:
            results.append(SubmittedUrl(url, existing=existing))
            continue
        try:
            results.append(SubmittedUrl(url, preview=jobs.preview_url(url)))
        except FetchError as exc:
            results.append(SubmittedUrl(url, refused=exc.reason))
        except parse.ParseError as exc:
            results.append(SubmittedUrl(url, refused=str(exc)))
        except Refused as exc:
            results.append(SubmittedUrl(url, refused=exc.reason))
    return results, note


@dataclass
class StoredUrl:
    status: str  # created, duplicate, refused
    message: str
    article: Any = None


def store_url(url: str, *, by: Any, extracted: dict[str, Any], chosen: dict[str, Any]) -> StoredUrl:
    """Fetch and store a previewed page with the editor's title, date and language.

    `extracted` and `chosen` hold title, date (a day) and language; a corrected date is
    stored as noon UTC that day, so it stays that day in every time zone the pages use.

    Values that differ from what the preview extracted are corrections: they replace the
    page's, the article is marked corrected and the change is audited (before: extracted,
    after: chosen). The page is fetched again (the preview stored nothing), through the guard.
    """
    from articles.ingest import jobs
    from articles.ingest.fetch import FetchError
    from articles.models import Article

    corrections = {k: v for k, v in chosen.items() if v not in (None, "") and v != extracted.get(k)}
    overrides = dict(corrections)
    if "date" in overrides:
        day = overrides.pop("date")
        overrides["published_at"] = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    try:
        outcome = jobs.submit_url(url, by=by, overrides=overrides)
    except FetchError as exc:
        return StoredUrl("refused", f"{url}: {exc.reason}")
    except parse.ParseError as exc:
        return StoredUrl("refused", f"{url}: {exc}")
    article = Article.objects.filter(pk=outcome.article_id).first()
    if outcome.status == "refused":
        return StoredUrl("refused", f"{url}: {outcome.reason}")
    if outcome.status == "duplicate":
        return StoredUrl(
            "duplicate", f"Already stored as “{article.title}”: nothing changed.", article
        )
    record_audit(
        actor=by,
        action="article.submit",
        obj=article,
        article=article,
        after={"url": url, "run": article.ingestion_run_id},
        summary=f"Article {article.pk} stored from a submitted address",
    )
    if corrections:
        with transaction.atomic():
            fix: dict[str, Any] = {"corrected": True}
            if "language" in corrections:
                # The editor's word over the detector's, which weighs a hint against the text.
                fix["language"] = corrections["language"]
            Article.objects.filter(pk=article.pk).update(**fix)
            record_audit(
                actor=by,
                action="article.correct",
                obj=article,
                article=article,
                before={k: _plain_value(extracted.get(k)) for k in corrections},
                after={k: _plain_value(v) for k, v in corrections.items()},
                summary=f"Article {article.pk}: {', '.join(sorted(corrections))} corrected "
                "before storing",
            )
        article.refresh_from_db()
        fields = ", ".join(sorted(corrections))
        return StoredUrl("created", f"Stored “{article.title}” with your {fields}.", article)
    return StoredUrl("created", f"Stored “{article.title}”.", article)


def _plain_value(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
