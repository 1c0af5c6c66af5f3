"""Two editors at once: the second sees the first's decision instead of overwriting it."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.models import ArticleLink
from articles.services import confirm_link, reject_link
from core.exceptions import AlreadyDecided
from tests.factories import ArticleLinkFactory, InitiativeFactory, UserFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def two_editors(db):
    alice, bob = Client(), Client()
    alice.force_login(UserFactory(username="alice", role="editor"))
    bob.force_login(UserFactory(username="bob", role="editor"))
    return alice, bob


@pytest.mark.django_db
def test_second_editor_in_the_queue_gets_409_naming_who_decided(two_editors):
    alice, bob = two_editors
    link = ArticleLinkFactory()
    url = reverse("review-decide", args=[link.pk])
    assert "Accept" in bob.get(reverse("review-queue")).content.decode()  # both see it

    first = alice.post(url, {"decision": "accept"}, **HTMX)
    second = bob.post(url, {"decision": "reject"}, **HTMX)

    assert first.status_code == 200
    assert second.status_code == 409
    assert "already confirmed by alice" in second.content.decode()
    link.refresh_from_db()
    assert (link.state, link.decided_by.username) == ("confirmed", "alice")


@pytest.mark.django_db
def test_second_editor_with_a_plain_form_gets_a_message_and_nothing_changes(two_editors):
    alice, bob = two_editors
    link = ArticleLinkFactory()
    url = reverse("review-decide", args=[link.pk])

    alice.post(url, {"decision": "reject"})
    response = bob.post(url, {"decision": "accept"}, follow=True)

    assert "already rejected by alice" in response.content.decode()
    link.refresh_from_db()
    assert link.state == "rejected"


@pytest.mark.django_db
def test_an_initiative_edit_on_an_old_version_is_refused_with_409(two_editors):
    alice, bob = two_editors
    initiative = InitiativeFactory(name="Original")
    url = reverse("editorial-initiative-edit", args=[initiative.slug])
    form = {"version": 1, "sector": "rail", "summary": ""}

    assert alice.post(url, form | {"name": "Alice's name"}, **HTMX).status_code == 200
    response = bob.post(url, form | {"name": "Bob's name"}, **HTMX)

    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    initiative.refresh_from_db()
    assert (initiative.name, initiative.version) == ("Alice's name", 2)


@pytest.mark.django_db
def test_a_status_change_on_an_old_version_is_refused(two_editors):
    alice, bob = two_editors
    link = ArticleLinkFactory(state="confirmed", decided_at="2025-01-01T00:00Z")
    url = reverse("editorial-status", args=[link.initiative.slug])
    form = {"version": 1, "date": "2025-02-01", "evidence": link.article_id, "note": "Signed."}

    alice.post(url, form | {"to_status": "agreed"}, **HTMX)
    response = bob.post(url, form | {"to_status": "cancelled"}, **HTMX)

    assert response.status_code == 409
    link.initiative.refresh_from_db()
    assert link.initiative.status == "agreed"


@pytest.mark.django_db(transaction=True)
def test_two_sessions_deciding_at_the_same_moment_yield_exactly_one_decision():
    link = ArticleLinkFactory()
    editors = [UserFactory(username=f"ed{i}", role="editor") for i in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(user, decide_fn):
        try:
            barrier.wait()
            decide_fn(ArticleLink.objects.get(pk=link.pk), by=user)
            outcomes.append("decided")
        except AlreadyDecided as exc:
            outcomes.append(exc.message)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(editors[0], confirm_link)),
        threading.Thread(target=decide, args=(editors[1], reject_link)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert sorted(outcomes)[0].startswith("This suggestion was already")
    assert outcomes.count("decided") == 1
    link.refresh_from_db()
    assert link.state in ("confirmed", "rejected")
    assert link.decided_by.username in ("ed0", "ed1")
