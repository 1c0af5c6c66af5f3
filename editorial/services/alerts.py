"""Saved views, subscriptions and the daily digest e-mail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from articles.models import ArticleLink
from core.exceptions import DomainError
from initiatives.models import (
    Initiative,
    SavedView,
    Subscription,
)
from initiatives.services import record_audit

# Timeline filters a saved view may hold (the query string of the timeline page).
VIEW_LOOKUPS = {
    "initiative": "initiative__slug__in",
    "sector": "initiative__sector__in",
    "status": "initiative__status__in",
    "person": "article__people__slug__in",
    "place": "article__places__slug__in",
    "source": "article__source__slug__in",
    "language": "article__language__in",
}


def save_view(user: Any, name: str, query: str) -> SavedView:
    """Save a timeline filter under a name (saving the same name again updates it)."""
    name = name.strip()
    if not name:
        raise DomainError("Give the view a name.", field="name")
    query = query.strip().lstrip("?")
    if len(query) > 1000:
        raise DomainError("That filter is too long to save.", field="query")
    with transaction.atomic():
        view, created = SavedView.objects.update_or_create(
            user=user, name=name[:120], defaults={"query": query}
        )
        record_audit(
            actor=user,
            action="view.save",
            obj=view,
            after={"name": view.name, "query": query},
            summary=f"{user.get_username()} saved view “{view.name}”",
        )
    return view


def delete_view(view: SavedView, *, by: Any) -> None:
    """Delete a saved view (and the subscriptions to it)."""
    with transaction.atomic():
        record_audit(
            actor=by,
            action="view.delete",
            obj=view,
            before={"name": view.name, "query": view.query},
            summary=f"{view.user.get_username()} deleted view “{view.name}”",
        )
        view.delete()


def subscribe(
    user: Any, *, initiative: Initiative | None = None, saved_view: SavedView | None = None
) -> Subscription:
    """Subscribe a user to new confirmed evidence of an initiative or a saved view (idempotent)."""
    if (initiative is None) == (saved_view is None):
        raise DomainError("Subscribe to one initiative or one saved view.")
    if saved_view is not None and saved_view.user_id != user.pk:
        raise DomainError("You can only subscribe to your own saved views.", field="saved_view")
    if not user.email:
        raise DomainError("Your account has no email address to send alerts to.")
    with transaction.atomic():
        sub, created = Subscription.objects.get_or_create(
            user=user,
            initiative=initiative,
            saved_view=saved_view,
            defaults={"last_sent_at": timezone.now()},
        )
        if created:
            record_audit(
                actor=user,
                action="subscription.add",
                obj=sub,
                initiative=initiative,
                after={"target": str(initiative or saved_view)},
                summary=f"{user.get_username()} subscribed to {initiative or saved_view}",
            )
    return sub


def unsubscribe(subscription: Subscription, *, by: Any) -> None:
    """Stop a subscription."""
    with transaction.atomic():
        record_audit(
            actor=by,
            action="subscription.remove",
            obj=subscription,
            initiative=subscription.initiative,
            before={"target": str(subscription.initiative or subscription.saved_view)},
            summary=f"{subscription.user.get_username()} unsubscribed from "
            f"{subscription.initiative or subscription.saved_view}",
        )
        subscription.delete()


def view_filter(query: str) -> Q:
    """The confirmed-link filter a saved view's query string stands for (dates are ignored:
    a digest is about what is new)."""
    params = parse_qs(query or "")
    condition = Q()
    for key, lookup in VIEW_LOOKUPS.items():
        values = [v.strip() for raw in params.get(key, []) for v in raw.split(",") if v.strip()]
        if values:
            condition &= Q(**{lookup: values})
    return condition


@dataclass
class DigestSection:
    subscription: Subscription
    title: str
    links: list[ArticleLink]


def build_digest(user: Any, *, until: dt.datetime | None = None) -> list[DigestSection]:
    """Each of a user's subscriptions with the evidence confirmed since it was last sent."""
    until = until or timezone.now()
    sections = []
    subs = user.subscriptions.select_related("initiative", "saved_view").order_by("created_at")
    for sub in subs:
        since = sub.last_sent_at or sub.created_at
        links = (
            ArticleLink.objects.confirmed()
            .of_relevant_articles()
            .filter(decided_at__gt=since, decided_at__lte=until)
        )
        if sub.initiative_id:
            links = links.filter(initiative_id=sub.initiative_id)
            title = sub.initiative.name
        else:
            links = links.filter(view_filter(sub.saved_view.query))
            title = f"Saved view “{sub.saved_view.name}”"
        found = list(
            links.select_related("article__source", "initiative")
            .distinct()
            .order_by("-article__published_at")[:50]
        )
        if found:
            sections.append(DigestSection(subscription=sub, title=title, links=found))
    return sections


def send_digest(user: Any, *, until: dt.datetime | None = None) -> bool:
    """Email a user one digest of new confirmed evidence; False (and no email) if none."""
    until = until or timezone.now()
    sections = build_digest(user, until=until)
    if not sections:
        return False
    context = {"user": user, "sections": sections, "site_url": settings_site_url()}
    count = sum(len(s.links) for s in sections)
    send_mail(
        subject=f"Cooperation Tracker: {count} new piece{'s' if count != 1 else ''} of evidence",
        message=render_to_string("editorial/email/digest.txt", context),
        from_email=None,
        recipient_list=[user.email],
        html_message=render_to_string("editorial/email/digest.html", context),
    )
    Subscription.objects.filter(pk__in=[s.subscription.pk for s in sections]).update(
        last_sent_at=until
    )
    return True


def settings_site_url() -> str:
    """Absolute base URL for links in emails (SITE_URL, default the local server)."""
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def send_daily_digests(*, until: dt.datetime | None = None) -> int:
    """Send every subscriber with new evidence their digest; returns the number of emails."""
    from django.contrib.auth import get_user_model

    until = until or timezone.now()
    users = get_user_model().objects.filter(subscriptions__isnull=False, is_active=True).distinct()
    return sum(1 for user in users if user.email and send_digest(user, until=until))
