"""Display helpers for the dashboard templates: labels for codes the selectors return."""

from __future__ import annotations

from django import template

from articles.ingest.language import OTHER_LANGUAGES, RTL
from initiatives.models import Language, Sector, Status

register = template.Library()


@register.filter
def status_label(code: str | None) -> str:
    """Status code to label ("in_implementation" → "In implementation"), else as is."""
    return Status(code).label if code in Status.values else (code or "")


@register.filter
def sector_label(code: str | None) -> str:
    """Sector code to label ("rail" → "Rail")."""
    return Sector(code).label if code in Sector.values else (code or "")


@register.filter
def language_label(code: str | None) -> str:
    """Language code to label ("fa" → "Persian"); a language the linker does not read says
    so ("tr" → "Turkish · not linked: language not supported")."""
    if code in Language.values:
        return Language(code).label
    if code in OTHER_LANGUAGES:
        return f"{OTHER_LANGUAGES[code]} · not linked: language not supported"
    return code or ""


@register.filter
def is_rtl(code: str | None) -> bool:
    """Persian, Arabic, Sorani, Urdu, Pashto, Hebrew are written right to left."""
    return code in RTL


@register.filter
def percent_of(n: float | None, total: float | None) -> str:
    """n as a percentage of total for a bar's width ("37.5"); "0" when either is missing."""
    try:
        share = float(n or 0) / float(total or 0) * 100
    except (TypeError, ValueError, ZeroDivisionError):
        return "0"
    return f"{min(max(share, 0.0), 100.0):.4g}"
