"""Editing an initiative's profile: the terms the linker reads beside its names."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.exceptions import DomainError
from initiatives.models import Initiative, Language, ProfileTerm
from initiatives.profiles import check_term
from initiatives.services import record_audit

_KIND_WORDS = {ProfileTerm.Kind.DESCRIBES: "term", ProfileTerm.Kind.EXCLUDES: "exclusion"}


def add_profile_term(
    initiative: Initiative,
    text: str,
    language: str,
    *,
    by: Any,
    kind: str = ProfileTerm.Kind.DESCRIBES,
    weight: float = 0.5,
) -> ProfileTerm:
    """Add a describing or excluding term; an empty, absurd or duplicate term is refused
    (DomainError saying why) and nothing changes. The linker reads it from its next batch;
    stored articles are re-scored by a relink."""
    if language not in Language.values:
        raise DomainError(f"“{language}” is not a language.", field="language")
    if kind not in ProfileTerm.Kind.values:
        raise DomainError(f"“{kind}” is not a kind of profile term.", field="kind")
    text, normalized = check_term(text, language, weight)
    if ProfileTerm.objects.filter(
        initiative=initiative, kind=kind, language=language, normalized=normalized
    ).exists():
        raise DomainError(
            f"“{text}” is already a {_KIND_WORDS[kind]} of {initiative.name} (enable it if it "
            "is disabled).",
            field="text",
        )
    with transaction.atomic():
        term = ProfileTerm.objects.create(
            initiative=initiative,
            kind=kind,
            text=text,
            language=language,
            weight=float(weight),
            created_by=by if getattr(by, "pk", None) else None,
        )
        record_audit(
            actor=by,
            action="profile.add",
            obj=term,
            initiative=initiative,
            after={"text": text, "language": language, "kind": kind, "weight": float(weight)},
            summary=f"{initiative.name}: profile {_KIND_WORDS[kind]} “{text}” ({language}) added",
        )
    return term


def set_profile_term_active(term: ProfileTerm, active: bool, *, by: Any) -> ProfileTerm:
    """Remove a term from the profile (disabled, so a catalogue reload does not bring it
    back) or put it back."""
    with transaction.atomic():
        locked = (
            ProfileTerm.objects.select_for_update(of=("self",))
            .select_related("initiative")
            .get(pk=term.pk)
        )
        if locked.is_active != active:
            ProfileTerm.objects.filter(pk=locked.pk).update(is_active=active)
            record_audit(
                actor=by,
                action="profile.enable" if active else "profile.remove",
                obj=locked,
                initiative=locked.initiative,
                before={"is_active": locked.is_active},
                after={"is_active": active},
                summary=f"{locked.initiative.name}: profile {_KIND_WORDS[locked.kind]} "
                f"“{locked.text}” {'enabled' if active else 'removed'}",
            )
    term.refresh_from_db()
    return term
