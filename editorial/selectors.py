"""Reads for the editor pages: the review queue, typeahead, panels' history and the activity log."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet, TextChoices
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, ArticleLink
from core.text import normalize_for_matching
from initiatives.models import Alias, AuditEvent, Initiative, Person, Place


@dataclass
class QueueFilters:
    initiative: str = ""
    source: str = ""
    language: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class QueueOrder(TextChoices):
    """The orders the review queue offers (?order=…)."""

    SCORE = "score", "Highest score first"
    UNCERTAIN = "uncertain", "Most uncertain first"
    NEWEST = "newest", "Newest first"


def suggest_band() -> tuple[float, float]:
    """The scores a suggestion can have: from the suggest threshold up to (not including) the
    auto-confirm threshold, where the pipeline confirms on its own. Those of the scorer in
    use: a promoted model's calibrated ones, else LINK_SUGGEST_THRESHOLD and
    LINK_AUTOCONFIRM_THRESHOLD (articles.ingest.learned.thresholds)."""
    from articles.ingest.learned import thresholds

    found = thresholds()
    low = found["suggest"]
    high = max(found["autoconfirm"], low)
    return low, high


def uncertainty(score: float, band: tuple[float, float] | None = None) -> float:
    """How unsure the linker is of a suggestion: 1 at the middle of the suggest band, 0 at
    its edges (and beyond them: an editor's own link, scored 1). `band`: suggest_band(),
    when the caller already has it."""
    low, high = band or suggest_band()
    half = (high - low) / 2
    if half <= 0:
        return 0.0
    return round(max(0.0, 1 - abs(score - (low + half)) / half), 4)


def review_queue(filters: QueueFilters) -> QuerySet[ArticleLink]:
    """Suggested links still waiting for a decision, highest score first."""
    links = ArticleLink.objects.of_relevant_articles().filter(
        state=ArticleLink.State.SUGGESTED, initiative__merged_into__isnull=True
    )
    if filters.initiative:
        links = links.filter(initiative__slug=filters.initiative)
    if filters.source:
        links = links.filter(article__source__slug=filters.source)
    if filters.language:
        links = links.filter(article__language=filters.language)
    if filters.date_from:
        links = links.filter(article__published_at__date__gte=filters.date_from)
    if filters.date_to:
        links = links.filter(article__published_at__date__lte=filters.date_to)
    return links.select_related("article__source", "initiative", "matched_alias").order_by(
        "-score", "-article__published_at", "-id"
    )


def queue_page(
    filters: QueueFilters, order: str, limit: int, band: tuple[float, float] | None = None
) -> list[ArticleLink]:
    """The first `limit` suggestions of the queue in the given order (QueueOrder).

    "Most uncertain first" is the distance of the score from the middle of the suggest band,
    read as two walks of the (state, score) index, one up and one down from the middle,
    each stopping after `limit` rows, merged here: never a sort of the whole queue.
    """
    links = review_queue(filters)
    if order == QueueOrder.NEWEST:
        return list(links.order_by("-published_at", "-id")[:limit])
    if order != QueueOrder.UNCERTAIN:
        return list(links[:limit])
    low, high = band or suggest_band()
    middle = (low + high) / 2
    above = list(links.filter(score__gte=middle).order_by("score", "id")[:limit])
    below = list(links.filter(score__lt=middle).order_by("-score", "-id")[:limit])
    merged = sorted(above + below, key=lambda link: (abs(link.score - middle), link.id))
    return merged[:limit]


def queue_remaining() -> int:
    """How many suggestions wait in the whole queue."""
    return review_queue(QueueFilters()).count()


def highlight(snippet: str, needle: str) -> SafeString:
    """The snippet, escaped, with every occurrence of the alias wrapped in <mark>."""
    if not snippet:
        return mark_safe("")  # noqa: S308 - empty string
    if not needle:
        return escape(snippet)
    pattern = re.compile(re.escape(needle.strip()), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(snippet):
        out.append(escape(snippet[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(snippet[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def suggest_initiatives(query: str, limit: int = 12) -> list[tuple[Initiative, str]]:
    """Active initiatives whose name or an alias (any language) contains the query.

    Returns (initiative, matched text) pairs; the matched text shows which name matched.
    """
    query = query.strip()
    if not query:
        return []
    folded = normalize_for_matching(query)
    by_name = Initiative.objects.live().filter(
        Q(name__icontains=query)
        | Q(name_fa__icontains=query)
        | Q(name_ar__icontains=query)
        | Q(slug__icontains=folded)
    )
    results: dict[int, tuple[Initiative, str]] = {i.pk: (i, i.name) for i in by_name[:limit]}
    aliases = (
        Alias.objects.filter(normalized__contains=folded, initiative__merged_into__isnull=True)
        .select_related("initiative")
        .order_by("initiative__name")[: limit * 2]
    )
    for alias in aliases:
        results.setdefault(alias.initiative_id, (alias.initiative, alias.text))
    return sorted(results.values(), key=lambda pair: pair[0].name)[:limit]


def suggest_entities(model: type[Person] | type[Place], query: str, limit: int = 12) -> list:
    """People or places whose name in any language (or another spelling) contains the query."""
    query = query.strip()
    if not query:
        return []
    return list(
        model.objects.filter(
            Q(name__icontains=query)
            | Q(name_fa__icontains=query)
            | Q(name_ar__icontains=query)
            | Q(other_names__icontains=query)
            | Q(slug=query)
        ).order_by("name")[:limit]
    )


def resolve_initiative(value: str) -> Initiative | None:
    """The initiative a typeahead field names: its slug, its name or one of its aliases."""
    value = (value or "").strip()
    if not value:
        return None
    active = Initiative.objects.live()
    found = active.filter(slug=value).first() or active.filter(name__iexact=value).first()
    if found:
        return found
    alias = (
        Alias.objects.filter(
            normalized=normalize_for_matching(value), initiative__merged_into__isnull=True
        )
        .select_related("initiative")
        .first()
    )
    return alias.initiative if alias else None


def resolve_entity(model: type[Person] | type[Place], value: str) -> Person | Place | None:
    """The person or place a typeahead field names (slug or exact name in any language)."""
    value = (value or "").strip()
    if not value:
        return None
    return (
        model.objects.filter(slug=value).first()
        or model.objects.filter(Q(name__iexact=value) | Q(name_fa=value) | Q(name_ar=value)).first()
    )


def article_history(article: Article, limit: int = 50) -> QuerySet[AuditEvent]:
    """Audit events about an article, newest first."""
    return AuditEvent.objects.filter(article=article).select_related("actor")[:limit]


def initiative_history(initiative: Initiative, limit: int = 50) -> QuerySet[AuditEvent]:
    """Audit events about an initiative, newest first."""
    return AuditEvent.objects.filter(initiative=initiative).select_related("actor")[:limit]


def activity_log(*, actor: str = "", action: str = "") -> QuerySet[AuditEvent]:
    """Every editorial change, newest first, optionally of one editor or one kind of action."""
    events = AuditEvent.objects.select_related("actor", "initiative", "article")
    if actor:
        events = events.filter(actor__username=actor)
    if action:
        events = events.filter(action__startswith=action)
    return events
