"""Submit URLs: preview what each page gives (title, date, text, suggested links), correct
title, date or language, then store; refused addresses say why."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from editorial.services import intake
from editorial.views.common import editor_required, is_htmx
from initiatives.models import Initiative, Language


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
@editor_required
def submit(request: HttpRequest) -> HttpResponse:
    """The form (GET) and the previews of the addresses given (POST); nothing is stored."""
    results, note, urls = [], "", ""
    if request.method == "POST":
        urls = request.POST.get("urls", "")
        if not urls.strip():
            messages.error(request, "Paste at least one address, one per line.")
        else:
            results, note = intake.preview_urls(urls)
    names = {}
    ids = {m.initiative_id for r in results if r.preview for m in r.preview.item.mentions}
    if ids:
        names = dict(Initiative.objects.filter(pk__in=ids).values_list("pk", "name"))
    for r in results:
        if r.preview:
            r.links = [(names.get(m.initiative_id, "?"), m.score) for m in r.preview.item.mentions]
    return render(
        request,
        "editorial/console/submit.html",
        {
            "results": results,
            "note": note,
            "urls": urls,
            "languages": Language.choices,
            "max_urls": intake.MAX_URLS,
        },
    )


@require_POST
@editor_required
def submit_store(request: HttpRequest) -> HttpResponse:
    """Store one previewed page with the editor's title, date and language."""
    post = request.POST
    url = post.get("url", "").strip()
    language = post.get("language", "")
    error = ""
    if language not in Language.values:
        error = f"Language “{language}” is not one of {', '.join(Language.values)}."
    elif post.get("date", "").strip() and _day(post["date"]) is None:
        error = f"Date “{post['date']}” is not a date (YYYY-MM-DD)."
    elif not post.get("title", "").strip():
        error = "The title may not be empty."
    if error:
        result = intake.StoredUrl("refused", error)
    else:
        result = intake.store_url(
            url,
            by=request.user,
            extracted={
                "title": post.get("orig_title", ""),
                "date": _day(post.get("orig_date", "")),
                "language": post.get("orig_language", ""),
            },
            chosen={
                "title": post.get("title", "").strip(),
                "date": _day(post.get("date", "")),
                "language": language,
            },
        )
    status = 400 if result.status == "refused" else 200
    if is_htmx(request):
        return render(
            request,
            "editorial/console/_stored.html",
            {"result": result, "url": url, "key": post.get("key", "")},
            status=status,
        )
    (messages.error if status == 400 else messages.success)(request, result.message)
    return redirect("editorial-submit")
