"""The review queue: pending suggestions, decisions with undo, reassignment, bulk, typeahead."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from articles.models import ArticleLink
from articles.services import decide_link, undo_decision
from core.exceptions import AlreadyDecided, DomainError
from editorial import forms, selectors, services
from editorial.views.common import editor_required, error_status, is_htmx, next_url
from initiatives.models import (
    Person,
    Place,
)

QUEUE_PAGE_SIZE = 50


FILTER_KEYS = ("initiative", "source", "language", "date_from", "date_to")


def _queue_query(request: HttpRequest) -> str:
    return urlencode({k: request.GET[k] for k in FILTER_KEYS if request.GET.get(k)})


def _order_links(request: HttpRequest, current: str) -> list[dict]:
    """The sort control: one plain link per order, keeping the filters (works without JS)."""
    filters = {k: request.GET[k] for k in FILTER_KEYS if request.GET.get(k)}
    return [
        {
            "value": value,
            "label": label,
            "url": "?" + urlencode({**filters, "order": value}),
            "current": value == current,
        }
        for value, label in selectors.QueueOrder.choices
    ]


def _with_snippet(link: ArticleLink, band: tuple[float, float] | None = None) -> ArticleLink:
    needle = link.matched_alias.text if link.matched_alias else link.initiative.name
    link.snippet_html = selectors.highlight(link.snippet, needle)
    link.uncertainty = selectors.uncertainty(link.score, band)
    return link


@require_GET
@editor_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Suggestions waiting for a decision, with filters, in the order asked for (?order=:
    highest score first by default, most uncertain first, newest first)."""
    form = forms.QueueFilterForm(request.GET or None)
    filters = selectors.QueueFilters()
    order = selectors.QueueOrder.SCORE
    error = ""
    if form.is_bound:
        if form.is_valid():
            data = dict(form.cleaned_data)
            order = data.pop("order") or order
            filters = selectors.QueueFilters(**data)
        else:
            error = forms.first_error(form)
    links = selectors.review_queue(filters)
    band = selectors.suggest_band()
    page = selectors.queue_page(filters, order, QUEUE_PAGE_SIZE, band)
    shown = [_with_snippet(link, band) for link in page]
    status = 400 if error else 200
    return render(
        request,
        "review/queue.html",
        {
            "form": form,
            "links": shown,
            "matching": links.count(),
            "remaining": selectors.queue_remaining(),
            "filter_error": error,
            "query": _queue_query(request),
            "order": order,
            "order_label": selectors.QueueOrder(order).label,
            "orders": _order_links(request, order),
            "band": band,
        },
        status=status,
    )


def _row(
    request: HttpRequest,
    link: ArticleLink,
    *,
    note: str = "",
    status: int = 200,
    conflict: bool = False,
) -> HttpResponse:
    """A queue row after a change (htmx) or a redirect back to the queue with a message."""
    if not is_htmx(request):
        (messages.error if conflict or status >= 400 else messages.success)(request, note)
        return redirect(next_url(request, reverse("review-queue")))
    link = (
        ArticleLink.objects.select_related("article__source", "initiative", "matched_alias")
        .select_related("decided_by")
        .get(pk=link.pk)
    )
    return render(
        request,
        "review/_row_response.html",
        {
            "link": _with_snippet(link),
            "note": note,
            "conflict": conflict,
            "is_error": status >= 400,
            # Plain-form fallbacks in the new row return to the queue page, not to this URL.
            "page_url": request.headers.get("HX-Current-URL", reverse("review-queue")),
            "remaining": selectors.queue_remaining(),
        },
        status=status,
    )


@require_POST
@editor_required
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or reject one suggestion; a decision made meanwhile by someone else wins (409)."""
    link = get_object_or_404(ArticleLink.objects.select_related("article", "initiative"), pk=pk)
    state = {"accept": "confirmed", "confirm": "confirmed", "reject": "rejected"}.get(
        request.POST.get("decision", "")
    )
    if state is None:
        return _row(request, link, note="Choose accept or reject.", status=400)
    try:
        decide_link(link, state, by=request.user)
    except AlreadyDecided as exc:
        return _row(request, link, note=exc.message, status=409, conflict=True)
    verb = "Accepted" if state == "confirmed" else "Rejected"
    return _row(request, link, note=f"{verb}: {link.article.title} → {link.initiative.name}.")


@require_POST
@editor_required
def review_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a decided link back into the queue."""
    link = get_object_or_404(ArticleLink.objects.select_related("article", "initiative"), pk=pk)
    undo_decision(link, by=request.user)
    return _row(request, link, note=f"Back in the queue: {link.article.title}.")


@require_POST
@editor_required
def review_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    """The suggestion named the wrong initiative: reject it and link the right one."""
    link = get_object_or_404(ArticleLink.objects.select_related("article", "initiative"), pk=pk)
    value = request.POST.get("initiative", "")
    target = selectors.resolve_initiative(value)
    if target is None:
        return _row(request, link, note=f"No initiative is called “{value}”.", status=400)
    try:
        services.reassign_link(link, target, by=request.user)
    except DomainError as exc:
        return _row(request, link, note=exc.message, status=error_status(exc), conflict=True)
    return _row(request, link, note=f"Re-assigned to {target.name}.")


@require_POST
@editor_required
def review_bulk(request: HttpRequest) -> HttpResponse:
    """Accept or reject every selected suggestion at once."""
    state = {"accept": "confirmed", "reject": "rejected"}.get(request.POST.get("decision", ""))
    ids = [int(v) for v in request.POST.getlist("links") if v.isdigit()]
    back = next_url(request, reverse("review-queue"))
    if state is None or not ids:
        messages.error(request, "Select some suggestions, then accept or reject them.")
        return redirect(back)
    result = services.bulk_decide(ids, state, by=request.user)
    verb = "Accepted" if state == "confirmed" else "Rejected"
    if result.decided:
        messages.success(request, f"{verb} {len(result.decided)} suggestion(s).")
    for refusal in result.refused:
        messages.error(request, refusal)
    return redirect(back)


@require_GET
@editor_required
def suggest(request: HttpRequest, kind: str) -> HttpResponse:
    """Typeahead options (for a <datalist>) over names and aliases in all three languages."""
    query = next(
        (
            request.GET[k]
            for k in ("q", "initiative", "person", "place", "speaker")
            if request.GET.get(k)
        ),
        "",
    )
    if kind == "initiative":
        options = [
            (i.slug, f"{i.name}" + (f" ({text})" if text != i.name else ""))
            for i, text in selectors.suggest_initiatives(query)
        ]
    elif kind in ("person", "place"):
        model = Person if kind == "person" else Place
        options = [(e.slug, e.name) for e in selectors.suggest_entities(model, query)]
    else:
        return HttpResponseBadRequest("Unknown kind.")
    return render(request, "editorial/_options.html", {"options": options})
