"""Editorial writes on articles: link decisions, shared by the API, dashboards and tasks."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleLink
from core.exceptions import AlreadyDecided, DomainError
from initiatives.models import Initiative
from initiatives.services import record_audit


def _link_state(link: ArticleLink) -> dict[str, Any]:
    return {
        "state": link.state,
        "initiative": link.initiative.slug,
        "decided_by": link.decided_by.get_username() if link.decided_by else None,
    }


def decide_link(
    link: ArticleLink, state: str, *, by: Any, expected_state: str | None = "suggested"
) -> ArticleLink:
    """Confirm or reject a link. Refuses (AlreadyDecided) if someone decided it meanwhile.

    expected_state is the state the editor saw; None decides whatever the current state is
    (an explicit change of mind on the article page).
    """
    if state not in (ArticleLink.State.CONFIRMED, ArticleLink.State.REJECTED):
        raise DomainError(f"“{state}” is not a decision; use confirmed or rejected.", field="state")
    with transaction.atomic():
        locked = (
            ArticleLink.objects.select_for_update(of=("self",))
            .select_related("initiative", "decided_by")
            .get(pk=link.pk)
        )
        if expected_state is not None and locked.state != expected_state:
            who = locked.decided_by.get_username() if locked.decided_by else "the pipeline"
            when = f" at {locked.decided_at:%Y-%m-%d %H:%M}" if locked.decided_at else ""
            raise AlreadyDecided(
                f"This suggestion was already {locked.state} by {who}{when}.", field="state"
            )
        before = _link_state(locked)
        locked.state = state
        locked.decided_by = by if getattr(by, "is_authenticated", False) else None
        locked.decided_at = timezone.now()
        locked.save(update_fields=["state", "decided_by", "decided_at"])
        record_audit(
            actor=by,
            action=f"link.{state}",
            obj=locked,
            initiative=locked.initiative,
            article=locked.article,
            before=before,
            after=_link_state(locked),
            summary=f"{locked.initiative.name} ↔ article {locked.article_id}: {state}",
        )
    return locked


def confirm_link(
    link: ArticleLink, *, by: Any, expected_state: str | None = "suggested"
) -> ArticleLink:
    """Confirm a suggested link (an editor says: this article is evidence for the initiative)."""
    return decide_link(link, ArticleLink.State.CONFIRMED, by=by, expected_state=expected_state)


def reject_link(
    link: ArticleLink, *, by: Any, expected_state: str | None = "suggested"
) -> ArticleLink:
    """Reject a suggested link; relinking never suggests it again."""
    return decide_link(link, ArticleLink.State.REJECTED, by=by, expected_state=expected_state)


def undo_decision(link: ArticleLink, *, by: Any) -> ArticleLink:
    """Put a decided link back into the queue as a suggestion (the editor's undo)."""
    with transaction.atomic():
        locked = (
            ArticleLink.objects.select_for_update(of=("self",))
            .select_related("initiative", "decided_by")
            .get(pk=link.pk)
        )
        if locked.state == ArticleLink.State.SUGGESTED:
            return locked
        before = _link_state(locked)
        locked.state = ArticleLink.State.SUGGESTED
        locked.decided_by = None
        locked.decided_at = None
        locked.save(update_fields=["state", "decided_by", "decided_at"])
        record_audit(
            actor=by,
            action="link.undo",
            obj=locked,
            initiative=locked.initiative,
            article=locked.article,
            before=before,
            after=_link_state(locked),
            summary=f"{locked.initiative.name} ↔ article {locked.article_id}: back to suggested",
        )
    return locked


def add_link(article: Article, initiative: Initiative, *, by: Any) -> ArticleLink:
    """An editor links an article to an initiative (confirmed at once).

    An existing suggestion for the pair is confirmed rather than duplicated.
    """
    with transaction.atomic():
        link, created = ArticleLink.objects.select_for_update().get_or_create(
            article=article,
            initiative=initiative,
            defaults={
                "state": ArticleLink.State.CONFIRMED,
                "origin": ArticleLink.Origin.EDITOR,
                "score": 1.0,
                "decided_by": by if getattr(by, "is_authenticated", False) else None,
                "decided_at": timezone.now(),
            },
        )
        if created:
            record_audit(
                actor=by,
                action="link.add",
                obj=link,
                initiative=initiative,
                article=article,
                after=_link_state(link),
                summary=f"{initiative.name} ↔ article {article.pk}: added",
            )
            return link
    if link.state != ArticleLink.State.CONFIRMED:
        return confirm_link(link, by=by, expected_state=None)
    return link


def register_feed(
    url: str,
    source: Any,
    *,
    title: str = "",
    poll_interval: Any = None,
    active: bool = True,
    by: Any,
) -> Any:
    """Register a feed to poll (API and dashboard); refuses a URL already registered."""
    from datetime import timedelta

    from articles.models import Feed

    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        raise DomainError("A feed URL starts with http:// or https://.", field="url")
    if Feed.objects.filter(url=url).exists():
        raise DomainError("This feed is already registered.", field="url")
    with transaction.atomic():
        feed = Feed.objects.create(
            url=url,
            source=source,
            title=title.strip(),
            poll_interval=poll_interval or timedelta(minutes=30),
            active=active,
        )
        record_audit(
            actor=by,
            action="feed.register",
            obj=feed,
            after={"url": url, "source": source.slug},
            summary=f"Feed registered: {url}",
        )
    return feed
