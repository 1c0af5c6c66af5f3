"""Tagging an article: irrelevance, people and places, statement speakers, audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from articles.models import Article, Statement
from initiatives.models import (
    Person,
    Place,
)
from initiatives.services import record_audit


def mark_irrelevant(article: Article, irrelevant: bool, *, by: Any) -> Article:
    """Mark an article as irrelevant (it leaves the review queue) or relevant again."""
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        before = locked.is_irrelevant
        if before != irrelevant:
            Article.objects.filter(pk=locked.pk).update(is_irrelevant=irrelevant)
            record_audit(
                actor=by,
                action="article.irrelevant" if irrelevant else "article.relevant",
                obj=locked,
                article=locked,
                before={"is_irrelevant": before},
                after={"is_irrelevant": irrelevant},
                summary=f"Article {locked.pk} marked {'ir' if irrelevant else ''}relevant",
            )
    article.refresh_from_db()
    return article


def _tag(article: Article, relation: str, entity: Person | Place, add: bool, by: Any) -> None:
    manager = getattr(article, relation)
    present = manager.filter(pk=entity.pk).exists()
    if present == add:
        return
    with transaction.atomic():
        (manager.add if add else manager.remove)(entity)
        kind = "person" if relation == "people" else "place"
        record_audit(
            actor=by,
            action=f"article.{kind}.{'add' if add else 'remove'}",
            obj=article,
            article=article,
            before={kind: None if add else entity.slug},
            after={kind: entity.slug if add else None},
            summary=f"Article {article.pk}: {'tagged' if add else 'untagged'} {entity.name}",
        )


def tag_person(article: Article, person: Person, *, by: Any, remove: bool = False) -> None:
    """Tag (or untag) a person as mentioned in an article."""
    _tag(article, "people", person, not remove, by)


def tag_place(article: Article, place: Place, *, by: Any, remove: bool = False) -> None:
    """Tag (or untag) a place as mentioned in an article."""
    _tag(article, "places", place, not remove, by)


def set_statement_speaker(statement: Statement, speaker: Person | None, *, by: Any) -> Statement:
    """Say who made a quoted statement (None clears it)."""
    with transaction.atomic():
        locked = (
            Statement.objects.select_for_update(of=("self",))
            .select_related("speaker")
            .get(pk=statement.pk)
        )
        before = locked.speaker.slug if locked.speaker else None
        after = speaker.slug if speaker else None
        if before != after:
            locked.speaker = speaker
            locked.save(update_fields=["speaker"])
            if speaker is not None:
                locked.article.people.add(speaker)
            record_audit(
                actor=by,
                action="statement.speaker",
                obj=locked,
                article=locked.article,
                before={"speaker": before},
                after={"speaker": after},
                summary=f"Statement {locked.pk}: speaker {speaker.name if speaker else 'cleared'}",
            )
    statement.refresh_from_db()
    return statement
