"""Daily digest: one email per subscriber listing new confirmed evidence, none without news."""

import pytest
from django.core import mail

from articles.services import confirm_link
from editorial import services
from editorial.tasks import send_daily_digests
from tests.factories import ArticleFactory, ArticleLinkFactory, InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def reader(db):
    return UserFactory(username="reader", email="reader@example.org", role="analyst")


def test_a_subscriber_gets_one_email_listing_the_new_confirmed_evidence(reader, editor):
    railway = InitiativeFactory(name="Basra–Shalamcheh railway", sector="rail")
    corridor = InitiativeFactory(name="Development corridor", sector="road_corridors")
    services.subscribe(reader, initiative=railway)
    view = services.save_view(reader, "Road corridors", "sector=road_corridors")
    services.subscribe(reader, saved_view=view)
    for title, initiative in (("Track laying begins", railway), ("Corridor deal", corridor)):
        confirm_link(
            ArticleLinkFactory(initiative=initiative, article=ArticleFactory(title=title)),
            by=editor,
        )
    ArticleLinkFactory(initiative=railway, article=ArticleFactory(title="Still a suggestion"))

    sent = send_daily_digests()

    assert sent == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["reader@example.org"]
    assert email.subject == "Cooperation Tracker: 2 new pieces of evidence"
    assert "Track laying begins" in email.body
    assert "Saved view “Road corridors”" in email.body and "Corridor deal" in email.body
    assert "Still a suggestion" not in email.body
    assert "Track laying begins</a>" in email.alternatives[0][0]


def test_nothing_is_sent_without_new_evidence_and_nothing_twice(reader, editor):
    initiative = InitiativeFactory()
    services.subscribe(reader, initiative=initiative)

    assert send_daily_digests() == 0
    assert mail.outbox == []

    confirm_link(ArticleLinkFactory(initiative=initiative), by=editor)
    assert send_daily_digests() == 1
    assert send_daily_digests() == 0  # already sent: the next digest starts after it
    assert len(mail.outbox) == 1


def test_evidence_confirmed_before_subscribing_is_not_news(reader, editor):
    initiative = InitiativeFactory()
    confirm_link(ArticleLinkFactory(initiative=initiative), by=editor)
    services.subscribe(reader, initiative=initiative)

    assert send_daily_digests() == 0


def test_the_digest_runs_daily_from_celery_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["send-daily-digests"]
    assert entry["task"] == send_daily_digests.name == "initiatives.tasks.send_daily_digests"
    assert entry["schedule"].hour == {6}
