import pytest

from articles.models import ArticleLink
from articles.services import add_link, confirm_link, reject_link, undo_decision
from core.exceptions import AlreadyDecided
from initiatives.models import AuditEvent
from tests.factories import ArticleFactory, ArticleLinkFactory, InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_confirming_a_suggestion_records_who_and_when(editor):
    link = ArticleLinkFactory()
    confirm_link(link, by=editor)
    link.refresh_from_db()
    assert link.state == ArticleLink.State.CONFIRMED
    assert link.decided_by == editor
    assert link.decided_at is not None
    assert AuditEvent.objects.get(action="link.confirmed").before["state"] == "suggested"


def test_second_editor_sees_the_first_decision_instead_of_overwriting(editor):
    other = UserFactory(username="second", role="editor")
    link = ArticleLinkFactory()
    stale_copy = ArticleLink.objects.get(pk=link.pk)
    reject_link(link, by=editor)

    with pytest.raises(AlreadyDecided, match="already rejected by editor"):
        confirm_link(stale_copy, by=other)
    link.refresh_from_db()
    assert link.state == ArticleLink.State.REJECTED
    assert link.decided_by == editor


def test_undo_puts_the_link_back_in_the_queue(editor):
    link = ArticleLinkFactory()
    reject_link(link, by=editor)
    undo_decision(link, by=editor)
    link.refresh_from_db()
    assert (link.state, link.decided_by, link.decided_at) == ("suggested", None, None)


def test_adding_a_link_confirms_an_existing_suggestion_rather_than_duplicating(editor):
    link = ArticleLinkFactory()
    again = add_link(link.article, link.initiative, by=editor)
    assert again.pk == link.pk
    assert again.state == ArticleLink.State.CONFIRMED
    assert ArticleLink.objects.count() == 1


def test_adding_a_new_link_is_confirmed_and_marked_as_editor_made(editor):
    link = add_link(ArticleFactory(), InitiativeFactory(), by=editor)
    assert (link.state, link.origin, link.decided_by) == ("confirmed", "editor", editor)
