"""The ingestion console's runs and uploads: every run with its counts, a run's live
progress (htmx polls a fragment; without JavaScript the page refreshes itself), its refused
rows as CSV, and the upload form that starts file runs."""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from articles.models import IngestionRun
from articles.selectors import intake as reads
from articles.tasks import QueueUnavailable
from editorial.services import intake
from editorial.views.common import editor_required, is_htmx

RUNS_PAGE_SIZE = 50


def lost_rule() -> str:
    """The close-lost-runs rule in words, as the runs pages explain it."""
    return (
        f"A run that counts nothing for {settings.INGEST_LOST_RUN_MINUTES} minutes "
        "(INGEST_LOST_RUN_MINUTES) has lost its task, e.g. a worker was killed or Redis "
        "restarted empty. Beat's close_lost_runs task, every 10 minutes, closes it as failed "
        "saying so; run it again then: what was stored stays, and nothing is added twice."
    )


@require_GET
@editor_required
def run_list(request: HttpRequest) -> HttpResponse:
    """Every run (feed poll, URL, file, API, relink), newest first, filterable."""
    kind = request.GET.get("kind", "").strip()
    state = request.GET.get("state", "").strip()
    by = request.GET.get("by", "").strip()
    kind = kind if kind in IngestionRun.Kind.values else ""
    state = state if state in reads.RUN_STATES else ""
    page = Paginator(reads.runs(kind=kind, state=state, by=by), RUNS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    cutoff = reads.stuck_cutoff()
    for run in page:
        run.stuck = run.state == IngestionRun.State.RUNNING and run.last_progress < cutoff
    starters = (
        get_user_model()
        .objects.filter(pk__in=IngestionRun.objects.values("started_by"))
        .order_by("username")
        .values_list("username", flat=True)
    )
    query = urlencode({k: v for k, v in (("kind", kind), ("state", state), ("by", by)) if v})
    return render(
        request,
        "editorial/console/runs.html",
        {
            "page": page,
            "kind": kind,
            "state": state,
            "by": by,
            "kinds": IngestionRun.Kind.choices,
            "states": reads.RUN_STATES,
            "starters": starters,
            "query": query,
            "lost_rule": lost_rule(),
        },
    )


def _run_context(run: IngestionRun) -> dict:
    done = run.items_seen
    percent = round(100 * done / run.total) if run.total else None
    return {
        "run": run,
        "stuck": reads.is_stuck(run),
        "running": run.state == IngestionRun.State.RUNNING,
        "percent": min(100, percent) if percent is not None else None,
        "refused_rows": reads.refused_rows(run),
        "lost_rule": lost_rule(),
        "uploads": list(run.uploads.all()),
    }


@require_GET
@editor_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One run: state, progress bar, counts, refused rows; polled while it runs."""
    run = get_object_or_404(IngestionRun.objects.select_related("started_by", "feed"), pk=pk)
    return render(request, "editorial/console/run.html", _run_context(run))


@require_GET
@editor_required
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment htmx polls (every second while the run is running)."""
    run = get_object_or_404(IngestionRun.objects.select_related("started_by", "feed"), pk=pk)
    return render(request, "editorial/console/_run_progress.html", _run_context(run))


@require_GET
@editor_required
def run_refused_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's refused rows (file and line, reason) as a CSV download."""
    run = get_object_or_404(IngestionRun, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="run-{run.pk}-refused.csv"'
    writer = csv.writer(response)
    writer.writerow(["where", "line", "reason"])
    for row in reads.refused_rows(run):
        writer.writerow([row.where, row.line if row.line is not None else "", row.reason])
    return response


@require_http_methods(["GET", "POST"])
@editor_required
def upload(request: HttpRequest) -> HttpResponse:
    """Upload one or several files; each starts an import run (or says why not)."""
    results: list[intake.UploadResult] = []
    if request.method == "POST":
        files = request.FILES.getlist("files")
        if not files:
            messages.error(request, "Choose at least one file to upload.")
        for f in files:
            if f.size > intake.upload_limit():
                # Not read at all: the size alone refuses it.
                results.append(
                    intake.UploadResult(
                        f.name,
                        "refused",
                        f"{f.name} is {intake.megabytes(f.size)}; files up to "
                        f"{intake.megabytes(intake.upload_limit())} are accepted (split it, "
                        "or use manage.py import_articles)",
                    )
                )
                continue
            try:
                results.append(intake.upload_file(f.name, f.read(), by=request.user))
            except QueueUnavailable as exc:
                results.append(intake.UploadResult(f.name, "refused", f"{f.name}: {exc}"))
        started = [r for r in results if r.status == "started"]
        if len(started) == 1 and len(results) == 1 and not is_htmx(request):
            messages.success(request, started[0].message)
            return redirect("editorial-run", pk=started[0].run.pk)
    status = 400 if results and all(r.status == "refused" for r in results) else 200
    return render(
        request,
        "editorial/console/upload.html",
        {
            "results": results,
            "limit": intake.megabytes(intake.upload_limit()),
            "together": intake.megabytes(intake.request_limit() or intake.upload_limit()),
            "suffixes": intake.UPLOAD_SUFFIXES,
            "recent": IngestionRun.objects.filter(kind=IngestionRun.Kind.FILE)
            .select_related("started_by")
            .order_by("-started_at")[:10],
        },
        status=status,
    )
