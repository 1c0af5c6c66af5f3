"""Celery tasks about initiatives: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from editorial import services


# The name it had before the editorial wing moved out of initiatives/: queued messages and
# beat schedules keep working.
@shared_task(name="initiatives.tasks.send_daily_digests", ignore_result=True)
def send_daily_digests() -> int:
    """Email each subscriber the evidence confirmed since their last digest (safe to rerun:
    a subscription's last_sent_at moves forward only when its email was sent)."""
    return services.send_daily_digests()


@shared_task(name="editorial.tasks.send_sick_feed_digest", ignore_result=True)
def send_sick_feed_digest() -> int:
    """Celery beat, daily: email the admins the feeds failing or quiet too long (none, none
    sent). Safe to rerun: it only reads, and sends today's list again."""
    from editorial.services.feed_digest import send_sick_feed_digest as send

    return send()
