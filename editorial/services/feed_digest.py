"""The sick-feed digest: a daily email to admins listing the feeds that need a hand.

A feed is sick when it is active and has failed more than SICK_FEED_FAILURES polls in a
row, or has brought nothing new for SICK_FEED_QUIET_DAYS days (and is older than that).
Each entry links to the feed on the sources page and to its edit form. No sick feed, no
email. Settings are documented in docs/console.md and docs/operations.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.roles import ADMIN
from articles.models import Article, Feed
from editorial.services.alerts import settings_site_url


@dataclass
class SickFeed:
    feed: Feed
    reason: str
    page_url: str
    edit_url: str


def sick_feeds(*, now: dt.datetime | None = None) -> list[SickFeed]:
    """Active feeds failing more than SICK_FEED_FAILURES times in a row or quiet (no new
    article) for SICK_FEED_QUIET_DAYS days, worst first. Reads only the recent articles."""
    now = now or timezone.now()
    failures = settings.SICK_FEED_FAILURES
    quiet_since = now - dt.timedelta(days=settings.SICK_FEED_QUIET_DAYS)
    recent = Article.objects.filter(created_at__gte=quiet_since, feed__isnull=False).values(
        "feed_id"
    )
    feeds = (
        Feed.objects.filter(active=True)
        .filter(
            Q(consecutive_failures__gt=failures)
            | (Q(created_at__lt=quiet_since) & ~Q(pk__in=recent))
        )
        .select_related("source")
        .order_by("-consecutive_failures", "source__name", "url")
    )
    site = settings_site_url()
    found = []
    for feed in feeds:
        if feed.consecutive_failures > failures:
            reason = f"failed {feed.consecutive_failures} polls in a row: {feed.last_error}"
        else:
            reason = f"nothing new for {settings.SICK_FEED_QUIET_DAYS} days or more"
            if feed.last_success_at is None:
                reason += " (never polled successfully)"
        found.append(
            SickFeed(
                feed=feed,
                reason=reason[:600],
                page_url=f"{site}{reverse('editorial-sources')}#feed-{feed.pk}",
                edit_url=f"{site}{reverse('editorial-feed-edit', args=[feed.pk])}",
            )
        )
    return found


def admin_emails() -> list[str]:
    """The addresses of active admins (the admin role, or superusers) that have one."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    admins = users.filter(Q(is_superuser=True) | Q(groups__name=ADMIN)).distinct()
    return sorted(admins.values_list("email", flat=True))


def send_sick_feed_digest(*, now: dt.datetime | None = None) -> int:
    """Email the admins the sick feeds; returns the number of feeds listed (0: no email)."""
    feeds = sick_feeds(now=now)
    recipients = admin_emails()
    if not feeds or not recipients:
        return 0
    context = {
        "feeds": feeds,
        "failures": settings.SICK_FEED_FAILURES,
        "quiet_days": settings.SICK_FEED_QUIET_DAYS,
        "sources_url": f"{settings_site_url()}{reverse('editorial-sources')}?status=failing",
    }
    count = len(feeds)
    send_mail(
        subject=f"Cooperation Tracker: {count} feed{'s' if count != 1 else ''} need attention",
        message=render_to_string("editorial/email/sick_feeds.txt", context),
        from_email=None,
        recipient_list=recipients,
        html_message=render_to_string("editorial/email/sick_feeds.html", context),
    )
    return count
