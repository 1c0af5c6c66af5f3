"""Link decisions from the review queue: reassignment and bulk decisions, audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from articles.models import ArticleLink
from articles.services import add_link, decide_link
from core.exceptions import AlreadyDecided, DomainError
from initiatives.models import (
    Initiative,
)
from initiatives.services import record_audit


def reassign_link(link: ArticleLink, initiative: Initiative, *, by: Any) -> ArticleLink:
    """The suggestion named the wrong initiative: reject it and confirm the right one instead.

    Raises AlreadyDecided when someone decided the suggestion meanwhile.
    """
    if initiative.pk == link.initiative_id:
        raise DomainError("Pick a different initiative to re-assign to.", field="initiative")
    with transaction.atomic():
        decide_link(link, ArticleLink.State.REJECTED, by=by)
        new_link = add_link(link.article, initiative, by=by)
        record_audit(
            actor=by,
            action="link.reassign",
            obj=new_link,
            initiative=initiative,
            article=link.article,
            before={"initiative": link.initiative.slug},
            after={"initiative": initiative.slug},
            summary=f"Article {link.article_id}: {link.initiative.name} → {initiative.name}",
        )
    return new_link


@dataclass
class BulkResult:
    decided: list[ArticleLink] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def bulk_decide(link_ids: Iterable[int], state: str, *, by: Any) -> BulkResult:
    """Decide many suggestions; ones someone else decided meanwhile are reported, not changed."""
    result = BulkResult()
    for link in ArticleLink.objects.filter(pk__in=list(link_ids)).select_related("article"):
        try:
            result.decided.append(decide_link(link, state, by=by))
        except AlreadyDecided as exc:
            result.refused.append(f"{link.article.title}: {exc.message}")
    return result
