"""The activity log: every audited change, for admins."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from editorial import selectors
from editorial.views.common import admin_required
from initiatives.models import (
    AuditEvent,
)

ACTIVITY_PAGE_SIZE = 50


@require_GET
@admin_required
def activity_log(request: HttpRequest) -> HttpResponse:
    """Every editorial change, newest first, filterable by editor and kind of action."""
    editor = request.GET.get("editor", "").strip()
    action = request.GET.get("action", "").strip()
    events = selectors.activity_log(actor=editor, action=action)
    page = Paginator(events, ACTIVITY_PAGE_SIZE).get_page(request.GET.get("page"))
    actors = (
        AuditEvent.objects.filter(actor__isnull=False)
        .values_list("actor__username", flat=True)
        .distinct()
        .order_by("actor__username")
    )
    actions = sorted(
        {a.split(".")[0] for a in AuditEvent.objects.values_list("action", flat=True).distinct()}
    )
    query = urlencode({k: v for k, v in (("editor", editor), ("action", action)) if v})
    return render(
        request,
        "editorial/activity.html",
        {
            "page": page,
            "actors": actors,
            "actions": actions,
            "editor": editor,
            "action": action,
            "query": query,
        },
    )
