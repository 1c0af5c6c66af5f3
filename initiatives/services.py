"""Writes with business rules on initiatives: status lifecycle, milestones, audit records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.exceptions import InvalidStatusTransition, StaleEdit
from initiatives.models import (
    ALLOWED_TRANSITIONS,
    AuditEvent,
    Initiative,
    Milestone,
    Status,
    StatusChange,
)


def record_audit(
    *,
    actor: Any,
    action: str,
    obj: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    initiative: Initiative | None = None,
    article: Any = None,
    summary: str = "",
) -> AuditEvent:
    """Write one audit record (who, when, what, before and after)."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        before=before or {},
        after=after or {},
        initiative=initiative,
        article=article,
        summary=summary[:300],
    )


def _locked(initiative: Initiative, expected_version: int | None) -> Initiative:
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(
            f"“{locked.name}” was changed by someone else since you loaded it "
            f"(version {locked.version}, yours {expected_version}). Reload and try again."
        )
    return locked


def change_status(
    initiative: Initiative,
    to_status: str,
    *,
    date: dt.date | None = None,
    note: str = "",
    evidence: Any = None,
    by: Any = None,
    expected_version: int | None = None,
    require_evidence: bool = False,
) -> StatusChange:
    """Move an initiative along its lifecycle, recording dated history and an audit event.

    Raises InvalidStatusTransition (nothing is changed) when the lifecycle forbids the step.
    """
    if to_status not in Status.values:
        raise InvalidStatusTransition(f"“{to_status}” is not a status.")
    if require_evidence and evidence is None:
        raise InvalidStatusTransition(
            "A status change needs an evidence article.", field="evidence"
        )
    with transaction.atomic():
        locked = _locked(initiative, expected_version)
        current = locked.status
        if to_status not in ALLOWED_TRANSITIONS[current]:
            allowed = ", ".join(Status(s).label for s in sorted(ALLOWED_TRANSITIONS[current]))
            raise InvalidStatusTransition(
                f"{locked.name} cannot go from {Status(current).label} to "
                f"{Status(to_status).label}; allowed next: {allowed}."
            )
        date = date or timezone.localdate()
        change = StatusChange.objects.create(
            initiative=locked,
            from_status=current,
            to_status=to_status,
            date=date,
            note=note,
            evidence=evidence,
            changed_by=by if getattr(by, "is_authenticated", False) else None,
        )
        Initiative.objects.filter(pk=locked.pk).update(
            status=to_status, status_since=date, version=F("version") + 1, updated_at=timezone.now()
        )
        record_audit(
            actor=by,
            action="status.change",
            obj=change,
            initiative=locked,
            article=evidence,
            before={"status": current},
            after={"status": to_status, "date": date.isoformat()},
            summary=f"{locked.name}: {Status(current).label} → {Status(to_status).label}",
        )
    initiative.refresh_from_db()
    return change


def add_milestone(
    initiative: Initiative,
    *,
    date: dt.date,
    title: str,
    description: str = "",
    evidence: Any = None,
    by: Any = None,
) -> Milestone:
    """Add a dated milestone with optional evidence, audited."""
    with transaction.atomic():
        milestone = Milestone.objects.create(
            initiative=initiative,
            date=date,
            title=title.strip(),
            description=description,
            evidence=evidence,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        record_audit(
            actor=by,
            action="milestone.add",
            obj=milestone,
            initiative=initiative,
            article=evidence,
            after={"date": date.isoformat(), "title": milestone.title},
            summary=f"{initiative.name}: milestone “{milestone.title}”",
        )
    return milestone
