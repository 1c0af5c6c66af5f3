"""The admins' daily sick-feed email: failing and quiet feeds, with links to fix them."""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from editorial.services.feed_digest import send_sick_feed_digest
from editorial.tasks import send_sick_feed_digest as digest_task
from tests.factories import ArticleFactory, FeedFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(db):
    UserFactory(username="boss", role="admin", email="boss@example.org")
    UserFactory(username="root", email="root@example.org", is_superuser=True)
    UserFactory(username="ed", role="editor", email="ed@example.org")


def test_admins_get_the_failing_and_quiet_feeds_with_links(admins, mailoutbox, settings):
    settings.SICK_FEED_FAILURES, settings.SICK_FEED_QUIET_DAYS = 3, 5
    settings.SITE_URL = "https://tracker.example"
    long_ago = timezone.now() - dt.timedelta(days=30)
    failing = FeedFactory(
        url="http://93.184.215.1/rss",
        consecutive_failures=4,
        last_error="HTTP 404 from host",
        source=SourceFactory(name="Broken Outlet"),
        created_at=long_ago,
    )
    quiet = FeedFactory(
        url="http://93.184.215.2/rss",
        source=SourceFactory(name="Quiet Outlet"),
        created_at=long_ago,
    )
    ArticleFactory(feed=quiet, created_at=timezone.now() - dt.timedelta(days=9))
    lively = FeedFactory(url="http://93.184.215.3/rss", created_at=long_ago)
    ArticleFactory(feed=lively, created_at=timezone.now() - dt.timedelta(days=1))
    borderline = FeedFactory(
        url="http://93.184.215.4/rss", consecutive_failures=3, created_at=long_ago
    )  # not more than 3 failures, and not quiet
    ArticleFactory(feed=borderline, created_at=timezone.now() - dt.timedelta(days=2))
    FeedFactory(url="http://93.184.215.5/rss", active=False, consecutive_failures=9)  # paused
    FeedFactory(url="http://93.184.215.6/rss")  # new: not quiet yet

    assert send_sick_feed_digest() == 2

    (mail,) = mailoutbox
    assert mail.to == ["boss@example.org", "root@example.org"]
    assert mail.subject == "Cooperation Tracker: 2 feeds need attention"
    body = mail.body
    assert "Broken Outlet: http://93.184.215.1/rss" in body
    assert "failed 4 polls in a row: HTTP 404 from host" in body
    assert "Quiet Outlet: http://93.184.215.2/rss" in body and "nothing new for 5 days" in body
    assert f"https://tracker.example/editorial/feeds/{failing.pk}/edit/" in body
    assert f"https://tracker.example/editorial/sources/#feed-{quiet.pk}" in body
    assert "93.184.215.3" not in body and ".4/rss" not in body and ".5/rss" not in body
    assert ".6/rss" not in body
    assert (
        f'href="https://tracker.example/editorial/feeds/{failing.pk}/edit/"'
        in mail.alternatives[0][0]
    )


def test_no_sick_feed_sends_no_email(admins, mailoutbox):
    FeedFactory()
    assert digest_task() == 0
    assert mailoutbox == []


def test_the_digest_runs_daily_from_beat():
    entry = django_settings.CELERY_BEAT_SCHEDULE["send-sick-feed-digest"]
    assert entry["task"] == "editorial.tasks.send_sick_feed_digest"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
    assert "editorial.tasks.send_sick_feed_digest" in django_settings.TASK_TIME_LIMITS
