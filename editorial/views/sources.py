"""The sources and feeds page: health at a glance, actions, feed discovery, OPML."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.ingest import discover
from articles.ingest.fetch import FetchError
from articles.models import Feed, Source
from articles.selectors import intake as reads
from articles.tasks import QueueUnavailable
from core.exceptions import DomainError
from editorial.forms import first_error
from editorial.intake_forms import FeedEditForm, FeedForm, SourceFilterForm, SourceForm
from editorial.services import feeds as service
from editorial.views.common import editor_required, next_url
from initiatives.models import Country, Language

SOURCES_PAGE_SIZE = 50


def _page_context(request: HttpRequest, **extra) -> dict:
    filters = SourceFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    status = values.get("status", "")
    qs = reads.sources(
        failing=status == "failing",
        paused=status == "paused",
        language=values.get("language", ""),
        side=values.get("side", ""),
    )
    page = Paginator(qs, SOURCES_PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in values.items() if v})
    rows = reads.source_rows(list(page))
    for row in rows:
        row.spark = spark_bars(row)
    return {
        "filters": filters,
        "query": query,
        "page": page,
        "rows": rows,
        "counts": reads.feed_counts(),
        "chart_days": reads.CHART_DAYS,
        "languages": Language.choices,
        "countries": Country.objects.all(),
        "feed_form": extra.pop("feed_form", None) or FeedForm(initial={"poll_minutes": 30}),
        **extra,
    }


def spark_bars(row: reads.SourceRow) -> str:
    """The chart's bars as SVG rects (one per day with articles, its count as its title),
    built here: 1,500 bars a page would be the slowest part of the template."""
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="2.4" height="{}"><title>{}</title></rect>',
        ((b["x"], b["y"], b["height"], b["n"]) for b in row.bars if b["n"]),
    )


@require_GET
@editor_required
def sources(request: HttpRequest) -> HttpResponse:
    """Every source with its feeds' health, filterable; add, discover, OPML."""
    return render(request, "editorial/console/sources.html", _page_context(request))


@require_POST
@editor_required
def feed_discover(request: HttpRequest) -> HttpResponse:
    """Fetch a home page through the guard and offer the feeds it declares."""
    address = request.POST.get("homepage", "").strip()
    context: dict = {"discover_address": address}
    if not address:
        context["discover_error"] = "Paste a site's home page address."
    else:
        if "://" not in address:
            address = f"https://{address}"
        try:
            found = discover.discover(address)
        except FetchError as exc:
            context["discover_error"] = f"{address}: {exc.reason}"
        else:
            known = set(
                Feed.objects.filter(url__in=[f.url for f in found]).values_list("url", flat=True)
            )
            context["discovered"] = [(f, f.url in known) for f in found]
            if not found:
                context["discover_error"] = (
                    f'{address} declares no feeds (no <link rel="alternate"> of a feed type).'
                )
            host = address.split("://", 1)[1].split("/", 1)[0].split(":")[0].removeprefix("www.")
            known_source = Source.objects.filter(domain=host).first()
            context["discover_source"] = known_source.name if known_source else host
    status = 400 if context.get("discover_error") else 200
    return render(
        request, "editorial/console/sources.html", _page_context(request, **context), status=status
    )


@require_POST
@editor_required
def feed_add(request: HttpRequest) -> HttpResponse:
    """Add a feed to an existing source or to a new one named in the form."""
    form = FeedForm(request.POST)
    error = ""
    if not form.is_valid():
        error = first_error(form)
    else:
        try:
            with transaction.atomic():
                source = service.source_named(form.cleaned_data["source"])
                if source is None:
                    source = service.save_source(None, form.source_values(), by=request.user)
                feed = service.save_feed(
                    None, form.feed_values() | {"source": source}, by=request.user
                )
        except DomainError as exc:
            error = exc.message
    if error:
        context = _page_context(request, feed_form=form, add_error=error)
        return render(request, "editorial/console/sources.html", context, status=400)
    messages.success(
        request, f"Feed {feed.url} added to {feed.source.name}; its first poll is due now."
    )
    return redirect(f"{reverse('editorial-sources')}#feed-{feed.pk}")


@require_http_methods(["GET", "POST"])
@editor_required
def feed_edit(request: HttpRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(Feed.objects.select_related("source"), pk=pk)
    form = FeedEditForm.for_feed(feed, request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST":
        if form.is_valid():
            try:
                service.save_feed(feed, form.feed_values(), by=request.user)
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, f"Feed {feed.pk} saved.")
                return redirect(f"{reverse('editorial-sources')}#feed-{feed.pk}")
        else:
            error = first_error(form)
    return render(
        request,
        "editorial/console/edit_form.html",
        {
            "heading": "Edit feed",
            "form": form,
            "error": error,
            "cancel_url": f"{reverse('editorial-sources')}#feed-{feed.pk}",
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
@editor_required
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    form = SourceForm.for_source(source, request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST":
        if form.is_valid():
            service.save_source(source, form.cleaned_data, by=request.user)
            messages.success(request, f"Source {source.name} saved.")
            return redirect(f"{reverse('editorial-sources')}#source-{source.pk}")
        error = first_error(form)
    return render(
        request,
        "editorial/console/edit_form.html",
        {
            "heading": "Edit source",
            "form": form,
            "error": error,
            "cancel_url": f"{reverse('editorial-sources')}#source-{source.pk}",
        },
        status=400 if error else 200,
    )


def _back(request: HttpRequest, feed: Feed) -> str:
    return next_url(request, f"{reverse('editorial-sources')}#feed-{feed.pk}")


def _set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    feed = get_object_or_404(Feed, pk=pk)
    service.set_feed_active(feed, active, by=request.user)
    what = "resumed: its next poll is due now" if active else "paused: not polled until resumed"
    messages.success(request, f"Feed {feed.url} {what}.")
    return redirect(_back(request, feed))


@require_POST
@editor_required
def feed_pause(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, False)


@require_POST
@editor_required
def feed_resume(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, True)


@require_POST
@editor_required
def feed_poll(request: HttpRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(Feed, pk=pk)
    try:
        service.poll_now(feed, by=request.user)
    except QueueUnavailable as exc:
        messages.error(request, f"Feed {feed.url} was not polled: {exc}.")
    else:
        messages.success(request, f"Poll of {feed.url} queued; its run appears under Runs.")
    return redirect(_back(request, feed))


@require_GET
@editor_required
def opml_export(request: HttpRequest) -> HttpResponse:
    """Every feed as OPML 2.0, with our source, language and country attributes."""
    from articles.ingest.opml import export_opml

    feeds = list(Feed.objects.select_related("source__country").order_by("source__name", "url"))
    response = HttpResponse(export_opml(feeds), content_type="text/x-opml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cooperation-tracker-feeds.opml"'
    return response


@require_POST
@editor_required
def opml_import(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("opml")
    if upload is None:
        messages.error(request, "Choose an OPML file to import.")
        return redirect("editorial-sources")
    from articles.ingest.opml import MAX_BYTES

    if upload.size > MAX_BYTES:
        messages.error(
            request, f"OPML refused: {upload.name} is larger than 5 MB. Nothing was imported."
        )
        return redirect("editorial-sources")
    try:
        result = service.import_opml(upload.read(), by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("editorial-sources")
    messages.success(request, f"OPML {upload.name}: {result.summary}")
    for reason in result.refused[:20]:
        messages.error(request, reason)
    if len(result.refused) > 20:
        messages.error(request, f"… and {len(result.refused) - 20} more refused.")
    return redirect("editorial-sources")
