"""Curating initiatives: create from an article, edit, aliases and their learning, key
figures, merges. Every write runs in a transaction and writes an audit record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, ArticleLink, Statement
from articles.services import add_link
from core.exceptions import DomainError
from core.text import normalize_for_matching
from initiatives.claims import catalogue_claim
from initiatives.models import (
    Alias,
    AuditEvent,
    Country,
    Initiative,
    KeyFigure,
    Language,
    Milestone,
    Place,
    Sector,
    StatusChange,
)
from initiatives.services import _locked, record_audit


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "initiative"
    slug, n = base, 2
    while Initiative.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _snapshot(initiative: Initiative) -> dict[str, Any]:
    return {
        "name": initiative.name,
        "name_fa": initiative.name_fa,
        "name_ar": initiative.name_ar,
        "summary": initiative.summary,
        "sector": initiative.sector,
        "places": sorted(initiative.places.values_list("slug", flat=True)),
        "countries": sorted(initiative.countries.values_list("code", flat=True)),
        "version": initiative.version,
    }


def create_initiative_from_article(
    article: Article,
    *,
    name: str,
    sector: str,
    by: Any,
    summary: str = "",
    name_fa: str = "",
    name_ar: str = "",
    countries: Iterable[Country] = (),
    places: Iterable[Place] = (),
) -> Initiative:
    """Create an initiative evidenced by an article: names become aliases, the link is confirmed."""
    name = name.strip()
    if not name:
        raise DomainError("An initiative needs a name.", field="name")
    if sector not in Sector.values:
        raise DomainError(f"“{sector}” is not a sector.", field="sector")
    with transaction.atomic():
        initiative = Initiative.objects.create(
            slug=_unique_slug(name),
            name=name,
            name_fa=name_fa.strip(),
            name_ar=name_ar.strip(),
            summary=summary.strip(),
            sector=sector,
        )
        initiative.countries.set(
            list(countries) or list(Country.objects.filter(code__in=["IR", "IQ"]))
        )
        initiative.places.set(list(places))
        for text, lang in (
            (name, Language.ENGLISH),
            (name_fa, Language.PERSIAN),
            (name_ar, Language.ARABIC),
        ):
            if text.strip():
                Alias.objects.get_or_create(
                    initiative=initiative,
                    language=lang,
                    normalized=normalize_for_matching(text),
                    defaults={"text": text.strip()},
                )
        record_audit(
            actor=by,
            action="initiative.create",
            obj=initiative,
            initiative=initiative,
            article=article,
            after=_snapshot(initiative),
            summary=f"Initiative “{name}” created from article {article.pk}",
        )
        add_link(article, initiative, by=by)
    return initiative


EDITABLE_FIELDS = ("name", "name_fa", "name_ar", "summary", "sector")


def edit_initiative(
    initiative: Initiative,
    changes: dict[str, Any],
    *,
    expected_version: int,
    by: Any,
    places: Iterable[Place] | None = None,
    countries: Iterable[Country] | None = None,
) -> Initiative:
    """Change an initiative's names, summary, sector, places or countries.

    Raises StaleEdit when someone else saved it since the editor loaded version expected_version.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"Cannot edit {', '.join(sorted(unknown))} here.")
    if "name" in changes and not str(changes["name"]).strip():
        raise DomainError("An initiative needs a name.", field="name")
    if "sector" in changes and changes["sector"] not in Sector.values:
        raise DomainError(f"“{changes['sector']}” is not a sector.", field="sector")
    with transaction.atomic():
        locked = _locked(initiative, expected_version)
        before = _snapshot(locked)
        for name, value in changes.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        locked.version = F("version") + 1
        locked.save()
        if places is not None:
            locked.places.set(list(places))
        if countries is not None:
            locked.countries.set(list(countries))
        locked.refresh_from_db()
        after = _snapshot(locked)
        changed = {k for k in before if k != "version" and before[k] != after[k]}
        record_audit(
            actor=by,
            action="initiative.edit",
            obj=locked,
            initiative=locked,
            before={k: before[k] for k in changed} | {"version": before["version"]},
            after={k: after[k] for k in changed} | {"version": after["version"]},
            summary=f"{locked.name}: edited {', '.join(sorted(changed)) or 'nothing'}",
        )
    initiative.refresh_from_db()
    return initiative


def _bump(initiative: Initiative) -> None:
    Initiative.objects.filter(pk=initiative.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )


def add_alias(
    initiative: Initiative, text: str, language: str, *, by: Any, specificity: float = 1.0
) -> Alias:
    """Add a name under which the matcher recognises the initiative."""
    text = text.strip()
    if not normalize_for_matching(text):
        raise DomainError("An alias needs some text.", field="text")
    if language not in Language.values:
        raise DomainError(f"“{language}” is not a language.", field="language")
    _check_specificity(specificity)
    normalized = normalize_for_matching(text)
    if Alias.objects.filter(
        initiative=initiative, language=language, normalized=normalized
    ).exists():
        raise DomainError(f"“{text}” is already an alias of {initiative.name}.", field="text")
    with transaction.atomic():
        alias = Alias.objects.create(
            initiative=initiative, text=text, language=language, specificity=specificity
        )
        record_audit(
            actor=by,
            action="alias.add",
            obj=alias,
            initiative=initiative,
            after={"text": text, "language": language, "specificity": specificity},
            summary=f"{initiative.name}: alias “{text}” ({language}) added",
        )
    return alias


def _check_specificity(specificity: float) -> None:
    if not 0 < specificity <= 1:
        raise DomainError("Specificity is a number above 0 and at most 1.", field="specificity")


def set_alias_active(alias: Alias, active: bool, *, by: Any) -> Alias:
    """Disable a misfiring alias (the matcher stops using it) or enable it again."""
    with transaction.atomic():
        locked = (
            Alias.objects.select_for_update(of=("self",))
            .select_related("initiative")
            .get(pk=alias.pk)
        )
        if locked.is_active != active:
            Alias.objects.filter(pk=locked.pk).update(is_active=active)
            record_audit(
                actor=by,
                action="alias.enable" if active else "alias.disable",
                obj=locked,
                initiative=locked.initiative,
                before={"is_active": locked.is_active, "text": locked.text},
                after={"is_active": active, "text": locked.text},
                summary=f"{locked.initiative.name}: alias “{locked.text}” "
                f"{'enabled' if active else 'disabled'}",
            )
    alias.refresh_from_db()
    return alias


def refine_alias(
    alias: Alias, *, by: Any, text: str | None = None, specificity: float | None = None
) -> Alias:
    """Change an alias's text (e.g. make it longer and more specific) or its weight."""
    with transaction.atomic():
        locked = (
            Alias.objects.select_for_update(of=("self",))
            .select_related("initiative")
            .get(pk=alias.pk)
        )
        before = {"text": locked.text, "specificity": locked.specificity}
        if text is not None:
            if not normalize_for_matching(text):
                raise DomainError("An alias needs some text.", field="text")
            locked.text = text.strip()
        if specificity is not None:
            _check_specificity(specificity)
            locked.specificity = specificity
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError as exc:
            raise DomainError(
                f"“{locked.text}” is already an alias of {locked.initiative.name}.", field="text"
            ) from exc
        after = {"text": locked.text, "specificity": locked.specificity}
        if before != after:
            record_audit(
                actor=by,
                action="alias.refine",
                obj=locked,
                initiative=locked.initiative,
                before=before,
                after=after,
                summary=f"{locked.initiative.name}: alias “{before['text']}” refined",
            )
    alias.refresh_from_db()
    return alias


def alias_acceptance() -> QuerySet[Alias]:
    """Every alias with its suggestion counts and acceptance rate, worst performers first."""
    decided = Q(links__state__in=["confirmed", "rejected"])
    return (
        Alias.objects.select_related("initiative")
        .annotate(
            suggested=Count("links", filter=Q(links__state="suggested")),
            accepted=Count("links", filter=Q(links__state="confirmed")),
            rejected=Count("links", filter=Q(links__state="rejected")),
            decided=Count("links", filter=decided),
        )
        .order_by(F("decided").desc(nulls_last=True), "initiative__name", "text")
    )


def alias_rate(alias: Alias) -> float | None:
    """Share of decided suggestions of this alias that editors accepted (None: no decisions)."""
    decided = getattr(alias, "decided", 0)
    return None if not decided else alias.accepted / decided


def set_key_figure(
    initiative: Initiative,
    *,
    label: str,
    value: Decimal,
    by: Any,
    unit: str = "",
    as_of: dt.date | None = None,
    note: str = "",
) -> KeyFigure:
    """Add or update a key figure (by its label)."""
    label = label.strip()
    if not label:
        raise DomainError("A key figure needs a label.", field="label")
    with transaction.atomic():
        existing = KeyFigure.objects.filter(initiative=initiative, label=label).first()
        before = (
            {"value": str(existing.value), "unit": existing.unit} if existing is not None else {}
        )
        figure, _ = KeyFigure.objects.update_or_create(
            initiative=initiative,
            label=label,
            defaults={"value": value, "unit": unit.strip(), "as_of": as_of, "note": note},
        )
        record_audit(
            actor=by,
            action="keyfigure.set",
            obj=figure,
            initiative=initiative,
            before=before,
            after={"label": label, "value": str(value), "unit": figure.unit},
            summary=f"{initiative.name}: {label} = {value} {figure.unit}".strip(),
        )
        # The figure's own claim (the one without an article) follows, so the page, which
        # shows claims, shows the corrected value.
        values = {f: getattr(figure, f) for f in ("value", "unit", "note", "as_of", "position")}
        catalogue_claim(initiative, label, values, refresh=True)
    return figure


def remove_key_figure(figure: KeyFigure, *, by: Any) -> None:
    """Delete a key figure."""
    with transaction.atomic():
        initiative = figure.initiative
        record_audit(
            actor=by,
            action="keyfigure.remove",
            obj=figure,
            initiative=initiative,
            before={"label": figure.label, "value": str(figure.value), "unit": figure.unit},
            summary=f"{initiative.name}: key figure “{figure.label}” removed",
        )
        figure.delete()
        initiative.claims.filter(label=figure.label, source=None).delete()


_LINK_RANK = {"confirmed": 2, "suggested": 1, "rejected": 0}


def merge_initiatives(duplicate: Initiative, into: Initiative, *, by: Any) -> Initiative:
    """Fold a duplicate initiative into another: links, aliases, history and tags move over.

    The duplicate stays (merged_into set) so old URLs and audit records still resolve.
    """
    if duplicate.pk == into.pk:
        raise DomainError("An initiative cannot be merged into itself.", field="into")
    with transaction.atomic():
        locked = {
            i.pk: i
            for i in Initiative.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk])
        }
        dup, target = locked[duplicate.pk], locked[into.pk]
        for item in (dup, target):
            if item.merged_into_id:
                raise DomainError(f"“{item.name}” was already merged into another initiative.")
        moved = {"links": 0, "aliases": 0, "milestones": 0, "status_changes": 0}
        target_links = {link.article_id: link for link in target.links.select_for_update()}
        for link in dup.links.select_for_update():
            existing = target_links.get(link.article_id)
            if existing is None:
                ArticleLink.objects.filter(pk=link.pk).update(initiative=target)
                moved["links"] += 1
                continue
            # Both were linked to the article: keep the stronger editorial decision.
            if _LINK_RANK[link.state] > _LINK_RANK[existing.state]:
                ArticleLink.objects.filter(pk=existing.pk).update(
                    state=link.state, decided_by=link.decided_by, decided_at=link.decided_at
                )
            link.delete()
        target_aliases = set(target.aliases.values_list("language", "normalized"))
        for alias in dup.aliases.all():
            if (alias.language, alias.normalized) in target_aliases:
                ArticleLink.objects.filter(matched_alias=alias).update(matched_alias=None)
                alias.delete()
            else:
                Alias.objects.filter(pk=alias.pk).update(initiative=target)
                target_aliases.add((alias.language, alias.normalized))
                moved["aliases"] += 1
        # The duplicate's own names keep matching, now for the surviving initiative.
        for text, lang in ((dup.name, "en"), (dup.name_fa, "fa"), (dup.name_ar, "ar")):
            normalized = normalize_for_matching(text)
            if normalized and (lang, normalized) not in target_aliases:
                Alias.objects.create(initiative=target, text=text, language=lang)
                target_aliases.add((lang, normalized))
                moved["aliases"] += 1
        moved["status_changes"] = StatusChange.objects.filter(initiative=dup).update(
            initiative=target
        )
        taken = set(target.milestones.values_list("date", "title"))
        for milestone in dup.milestones.all():
            if (milestone.date, milestone.title) not in taken:
                Milestone.objects.filter(pk=milestone.pk).update(initiative=target)
                moved["milestones"] += 1
        labels = set(target.key_figures.values_list("label", flat=True))
        dup.key_figures.exclude(label__in=labels).update(initiative=target)
        # Every claim moves: they are sources' values, side by side; the target's preferred
        # value for a label stays preferred.
        preferred = set(target.claims.filter(rank="preferred").values_list("label", flat=True))
        dup.claims.filter(rank="preferred", label__in=preferred).update(rank="normal")
        moved["claims"] = dup.claims.update(initiative=target)
        for relation in ("places", "people", "organizations", "countries"):
            getattr(target, relation).add(*getattr(dup, relation).all())
        for statement in Statement.objects.filter(initiatives=dup):
            statement.initiatives.add(target)
            statement.initiatives.remove(dup)
        subscribers = set(target.subscriptions.values_list("user_id", flat=True))
        dup.subscriptions.exclude(user_id__in=subscribers).update(initiative=target)
        AuditEvent.objects.filter(initiative=dup).update(initiative=target)
        Initiative.objects.filter(pk=dup.pk).update(
            merged_into=target, version=F("version") + 1, updated_at=timezone.now()
        )
        _bump(target)
        for subject in (target, dup):
            record_audit(
                actor=by,
                action="initiative.merge",
                obj=dup,
                initiative=subject,
                before={"duplicate": dup.slug, "into": target.slug},
                after=moved,
                summary=f"“{dup.name}” merged into “{target.name}”",
            )
    into.refresh_from_db()
    duplicate.refresh_from_db()
    return into
