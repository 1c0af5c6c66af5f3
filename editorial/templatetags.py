"""Template tags that render the editor panels with their own data, wherever they are included.

The analyst pages only pass `article` or `initiative`; the panels fetch the rest themselves so
the pages' views need not know about editing.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from accounts.roles import is_admin
from editorial import panels

register = template.Library()


@register.simple_tag(takes_context=True)
def article_tools(context: template.Context, article) -> SafeString:
    """The tagging panel and history of an article (editors only)."""
    request = context.get("request")
    return render_to_string(
        "editorial/_article_panel.html", panels.article_panel(article, request), request=request
    )


@register.simple_tag(takes_context=True)
def initiative_tools(context: template.Context, initiative) -> SafeString:
    """The curation panel and history of an initiative (editors only)."""
    request = context.get("request")
    return render_to_string(
        "editorial/_initiative_panel.html",
        panels.initiative_panel(initiative, request),
        request=request,
    )


@register.filter
def percent(value: float | None) -> str:
    """0.42 → "42%"; None → "–"."""
    return "–" if value is None else f"{round(value * 100)}%"


@register.filter
def can_see_activity(user) -> bool:
    """Admins see the global activity log."""
    return is_admin(user)


@register.filter
def audit_change(event) -> str:
    """A compact "field: before → after" line for an audit event."""
    keys = [k for k in {**event.before, **event.after} if k != "version"]
    parts = []
    for key in keys[:4]:
        before, after = event.before.get(key), event.after.get(key)
        if before == after:
            continue
        parts.append(f"{key}: {_short(before)} → {_short(after)}")
    return "; ".join(parts)


def _short(value) -> str:
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"
