import datetime as dt

import pytest

from core.exceptions import InvalidStatusTransition, StaleEdit
from initiatives.models import AuditEvent, Status, StatusChange
from initiatives.services import change_status
from tests.factories import ArticleFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def test_allowed_transition_is_recorded_with_history_and_audit(editor):
    initiative = InitiativeFactory(status=Status.PROPOSED)
    evidence = ArticleFactory()

    change = change_status(
        initiative,
        Status.AGREED,
        date=dt.date(2025, 5, 2),
        note="MoU signed",
        evidence=evidence,
        by=editor,
    )

    initiative.refresh_from_db()
    assert initiative.status == Status.AGREED
    assert initiative.status_since == dt.date(2025, 5, 2)
    assert initiative.version == 2
    assert (change.from_status, change.to_status, change.evidence) == (
        "proposed",
        "agreed",
        evidence,
    )
    audit = AuditEvent.objects.get(action="status.change")
    assert audit.actor == editor
    assert audit.before == {"status": "proposed"}
    assert audit.after["status"] == "agreed"


def test_full_lifecycle_through_stall_and_resumption(editor):
    initiative = InitiativeFactory(status=Status.PROPOSED)
    for step in ["agreed", "in_implementation", "stalled", "in_implementation", "operational"]:
        change_status(initiative, step, by=editor)
    assert initiative.status == Status.OPERATIONAL
    assert list(
        StatusChange.objects.filter(initiative=initiative)
        .order_by("id")
        .values_list("to_status", flat=True)
    ) == ["agreed", "in_implementation", "stalled", "in_implementation", "operational"]


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("proposed", "operational"),
        ("proposed", "in_implementation"),
        ("operational", "proposed"),
        ("cancelled", "operational"),
        ("agreed", "agreed"),
    ],
)
def test_refused_transition_raises_and_changes_nothing(editor, start, target):
    initiative = InitiativeFactory(status=start)

    with pytest.raises(InvalidStatusTransition) as excinfo:
        change_status(initiative, target, by=editor)

    assert "cannot go from" in str(excinfo.value)
    initiative.refresh_from_db()
    assert initiative.status == start
    assert initiative.version == 1
    assert not StatusChange.objects.exists()
    assert not AuditEvent.objects.exists()


def test_unknown_status_is_refused_with_a_clear_message(editor):
    initiative = InitiativeFactory()
    with pytest.raises(InvalidStatusTransition, match="is not a status"):
        change_status(initiative, "finished", by=editor)


def test_edit_based_on_an_old_version_is_refused(editor):
    initiative = InitiativeFactory(status=Status.PROPOSED)
    change_status(initiative, Status.AGREED, by=editor)

    with pytest.raises(StaleEdit, match="changed by someone else"):
        change_status(initiative, Status.STALLED, by=editor, expected_version=1)
    initiative.refresh_from_db()
    assert initiative.status == Status.AGREED
