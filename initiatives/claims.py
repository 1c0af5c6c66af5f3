"""Claims with provenance: who gave which value for an initiative's figure or date.

Writes (add_claim, rank_claim) check everything first and raise InvalidClaim with a message
an editor can act on, so a refused claim changes nothing; each write leaves an audit record.
Reads (claim_groups) give, per label, the value to show and whether sources differ.

Units: a figure's unit must be one of UNITS, and every claim for one label must measure the
same quantity (a length in km or m, never in MW). A label that names its quantity (Length,
Capacity, Budget…) fixes it even for the first claim.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from core.exceptions import DomainError
from initiatives.models import Claim, Initiative
from initiatives.services import record_audit


class InvalidClaim(DomainError):
    """A claim the rules refuse; nothing was stored."""


# unit as stored → the quantity it measures
UNITS: dict[str, str] = {
    "km": "length",
    "m": "length",
    "MW": "power",
    "GW": "power",
    "million m³/day": "gas flow",
    "million m³": "volume",
    "bcm": "volume",
    "bcm/year": "gas flow",
    "tonnes": "mass",
    "million tonnes": "mass",
    "million tonnes/year": "mass flow",
    "USD": "money",
    "million USD": "money",
    "billion USD": "money",
    "million IQD": "money",
    "billion IQD": "money",
    "billion IRR": "money",
    "trillion IRR": "money",
    "pilgrims": "people",
    "people": "people",
    "months": "duration",
    "years": "duration",
    "%": "share",
    "": "count",
}
# Words in a label that say what it measures.
LABEL_QUANTITIES: tuple[tuple[str, str], ...] = (
    ("length", "length"),
    ("distance", "length"),
    ("route", "length"),
    ("capacity", "power"),
    ("budget", "money"),
    ("cost", "money"),
    ("investment", "money"),
    ("pilgrims", "people"),
    ("visitors", "people"),
)
EARLIEST_DATE = dt.date(1900, 1, 1)
# Date labels whose claims form a slip log (claim_groups: sequence, moves).
SCHEDULE_WORDS = ("completion", "opening", "finish", "operational")
CATALOGUE_SOURCE = "starter catalogue (initiatives/catalogue.json)"


def _quantity_of_label(initiative: Initiative, label: str) -> tuple[str, str] | None:
    """(quantity, why) this label is measured in, from the claims already held or its words."""
    held = (
        Claim.objects.filter(initiative=initiative, label=label, kind=Claim.Kind.FIGURE)
        .values_list("unit", flat=True)
        .first()
    )
    if held is not None and held in UNITS:
        return UNITS[held], f"its other claims are in {held or 'plain numbers'}"
    words = label.lower()
    for word, quantity in LABEL_QUANTITIES:
        if word in words:
            return quantity, f"“{label}” is a {quantity}"
    return None


def _locate(article: Any, sentence: str) -> tuple[int, int]:
    """The character span of `sentence` in the article's body; InvalidClaim if absent."""
    sentence = sentence.strip()
    if not sentence:
        raise InvalidClaim(
            "Quote the sentence the value comes from, as the article writes it.",
            field="sentence",
        )
    start = article.body.find(sentence)
    if start < 0:
        raise InvalidClaim(
            f"The sentence is not in “{article.title}”: copy it exactly from the article.",
            field="sentence",
        )
    return start, start + len(sentence)


def _decimal(value: Any) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise InvalidClaim(f"“{value}” is not a number.", field="value") from None
    if not number.is_finite():
        raise InvalidClaim(f"“{value}” is not a number.", field="value")
    return number


def add_claim(
    initiative: Initiative,
    *,
    label: str,
    source: Any,
    sentence: str,
    by: Any,
    kind: str = Claim.Kind.FIGURE,
    value: Any = None,
    unit: str = "",
    date: dt.date | None = None,
    precision: str = "",
    as_of: dt.date | None = None,
    rank: str = Claim.Rank.NORMAL,
    note: str = "",
    demo: bool = False,
) -> Claim:
    """Record one source's value for a figure or date of the initiative, audited.

    Raises InvalidClaim (nothing stored) for a claim without a source article or sentence, a
    sentence not in the article, a negative figure, a unit that is unknown or does not fit
    the figure, a date before 1900 or without a precision, or an unknown rank.
    """
    label = (label or "").strip()
    if not label:
        raise InvalidClaim("Name what the claim is about (Length, Completion…).", field="label")
    if source is None:
        raise InvalidClaim(
            "A claim needs a source: choose the article that gives the value.", field="source"
        )
    if rank not in Claim.Rank.values:
        raise InvalidClaim(f"“{rank}” is not a rank (preferred, normal, deprecated).")
    start, end = _locate(source, sentence)
    fields: dict[str, Any] = {"kind": kind}
    if kind == Claim.Kind.FIGURE:
        if value is None or str(value).strip() == "":
            raise InvalidClaim(f"Give the value of “{label}”.", field="value")
        number = _decimal(value)
        if number < 0:
            raise InvalidClaim(
                f"{label} cannot be negative ({number.normalize():f}).", field="value"
            )
        if abs(number) >= Decimal("1e18"):
            raise InvalidClaim(f"{number:f} is too large for a figure.", field="value")
        unit = (unit or "").strip()
        if unit not in UNITS:
            known = ", ".join(u for u in UNITS if u)
            raise InvalidClaim(f"Unknown unit “{unit}”; use one of: {known}.", field="unit")
        expected = _quantity_of_label(initiative, label)
        if expected and UNITS[unit] != expected[0]:
            raise InvalidClaim(
                f"“{unit or 'no unit'}” measures {UNITS[unit]}, which does not fit {label}: "
                f"{expected[1]}.",
                field="unit",
            )
        fields.update(value=number, unit=unit)
    elif kind == Claim.Kind.DATE:
        if date is None:
            raise InvalidClaim(f"Give the date of “{label}”.", field="date")
        if date < EARLIEST_DATE:
            raise InvalidClaim(
                f"{date.isoformat()} is before 1900: no initiative tracked here is that old.",
                field="date",
            )
        if precision not in Claim.Precision.values:
            raise InvalidClaim(
                "Say how precise the date is: day, month or year.", field="precision"
            )
        fields.update(date=date, precision=precision)
    else:
        raise InvalidClaim(f"“{kind}” is not a kind of claim (figure or date).", field="kind")
    with transaction.atomic():
        if rank == Claim.Rank.PREFERRED:
            _demote_preferred(initiative, label, by)
        position = (
            Claim.objects.filter(initiative=initiative, label=label)
            .values_list("position", flat=True)
            .first()
        )
        claim = Claim.objects.create(
            initiative=initiative,
            label=label,
            as_of=as_of or _published_on(source),
            source=source,
            sentence=sentence.strip(),
            span_start=start,
            span_end=end,
            rank=rank,
            note=note.strip(),
            position=position if position is not None else 100,
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
            is_demo=demo,
            **fields,
        )
        record_audit(
            actor=by,
            action="claim.add",
            obj=claim,
            initiative=initiative,
            article=source,
            after=_state(claim),
            summary=f"{initiative.name}: {label} = {claim.display_value} ({claim.rank})",
        )
    return claim


def catalogue_claim(
    initiative: Initiative, label: str, values: dict[str, Any], *, refresh: bool
) -> None:
    """The catalogue's key figure as a claim (no article: its source is the catalogue),
    preferred unless an editor already prefers another; refresh corrects its value."""
    fields = {k: values[k] for k in ("value", "unit", "note", "as_of", "position")}
    # Any claim without an article for this label is the figure's (copied by the
    # initiatives 0006 migration, or loaded before).
    claim = Claim.objects.filter(initiative=initiative, label=label, source=None).first()
    if claim is None:
        preferred = Claim.objects.filter(
            initiative=initiative, label=label, rank=Claim.Rank.PREFERRED
        ).exists()
        Claim.objects.create(
            initiative=initiative,
            label=label,
            source_note=CATALOGUE_SOURCE,
            rank=Claim.Rank.NORMAL if preferred else Claim.Rank.PREFERRED,
            **fields,
        )
    elif refresh and any(getattr(claim, k) != v for k, v in fields.items()):
        Claim.objects.filter(pk=claim.pk).update(**fields)


def _published_on(article: Any) -> dt.date | None:
    published = getattr(article, "published_at", None)
    return published.date() if published else None


def _state(claim: Claim) -> dict[str, Any]:
    return {
        "label": claim.label,
        "value": claim.display_value,
        "rank": claim.rank,
        "source": claim.source_id,
    }


def _set_rank(claim: Claim, rank: str, by: Any, summary: str) -> None:
    """Store the claim's new rank and its audit record."""
    before = _state(claim)
    claim.rank = rank
    claim.save(update_fields=["rank"])
    record_audit(
        actor=by,
        action="claim.rank",
        obj=claim,
        initiative=claim.initiative,
        before=before,
        after=_state(claim),
        summary=f"{claim.initiative.name}: {claim.label} = {claim.display_value} {summary}",
    )


def _demote_preferred(initiative: Initiative, label: str, by: Any, keep: int | None = None):
    """One preferred claim per label: the one preferred before becomes normal (audited)."""
    others = Claim.objects.filter(
        initiative=initiative, label=label, rank=Claim.Rank.PREFERRED
    ).exclude(pk=keep)
    for other in others.select_related("initiative"):
        _set_rank(other, Claim.Rank.NORMAL, by, "no longer preferred")


def rank_claim(claim: Claim, rank: str, *, by: Any) -> Claim:
    """Prefer, keep as normal or deprecate a claim, audited; preferring one demotes the
    label's previous preferred claim to normal."""
    if rank not in Claim.Rank.values:
        raise InvalidClaim(f"“{rank}” is not a rank (preferred, normal, deprecated).")
    with transaction.atomic():
        locked = Claim.objects.select_for_update().select_related("initiative").get(pk=claim.pk)
        if locked.rank == rank:
            return locked
        if rank == Claim.Rank.PREFERRED:
            _demote_preferred(locked.initiative, locked.label, by, keep=locked.pk)
        _set_rank(locked, rank, by, f"ranked {rank}")
    return locked


@dataclass
class ClaimGroup:
    """Every claim for one label of an initiative. `shown` is the value a reader sees: the
    preferred claim, else the newest normal one (by as-of date); `differ` is True when the
    claims not deprecated give more than one value."""

    label: str
    kind: str
    claims: list[Claim] = field(default_factory=list)

    @property
    def current(self) -> list[Claim]:
        return [c for c in self.claims if c.rank != Claim.Rank.DEPRECATED]

    @property
    def shown(self) -> Claim | None:
        current = self.current
        preferred = [c for c in current if c.rank == Claim.Rank.PREFERRED]
        if preferred:
            return preferred[0]
        dated = sorted(current, key=lambda c: (c.as_of or dt.date.min, c.pk), reverse=True)
        return dated[0] if dated else None

    @property
    def differ(self) -> bool:
        return len({c.display_value for c in self.current}) > 1

    @property
    def is_schedule(self) -> bool:
        """An announced completion or opening date: its slips are the story."""
        return self.kind == Claim.Kind.DATE and any(
            word in self.label.lower() for word in SCHEDULE_WORDS
        )

    @property
    def announcements(self) -> list[Claim]:
        """The claims not deprecated in the order they were said (as-of date, then id)."""
        return sorted(self.current, key=lambda c: (c.as_of or dt.date.min, c.pk))

    @property
    def sequence(self) -> list[Claim]:
        """The announcements where the announced date changed: the first, then each move."""
        steps: list[Claim] = []
        for claim in self.announcements:
            if not steps or claim.display_value != steps[-1].display_value:
                steps.append(claim)
        return steps

    @property
    def moves(self) -> int:
        """How often the announced date moved (0 for a figure)."""
        return max(len(self.sequence) - 1, 0) if self.is_schedule else 0

    @property
    def slip_summary(self) -> str:
        """ "announced for 2024 → 2025 → 2026, moved 2×" ("" when it never moved)."""
        if not self.moves:
            return ""
        dates = " → ".join(c.display_value for c in self.sequence)
        return f"announced for {dates}, moved {self.moves}×"


def slippage(initiative_ids: list[int] | None = None) -> dict[int, int]:
    """How often each initiative's announced completion or opening dates moved, summed over
    its schedule labels (initiatives without any move are left out). One query over the
    date claims, a small table."""
    claims = Claim.objects.filter(kind=Claim.Kind.DATE).exclude(rank=Claim.Rank.DEPRECATED)
    if initiative_ids is not None:
        claims = claims.filter(initiative_id__in=initiative_ids)
    by_initiative: dict[int, list[Claim]] = {}
    for claim in claims.order_by("initiative_id", "position", "label", "id"):
        by_initiative.setdefault(claim.initiative_id, []).append(claim)
    moves = {
        pk: sum(group.moves for group in claim_groups(rows)) for pk, rows in by_initiative.items()
    }
    return {pk: n for pk, n in moves.items() if n}


def claim_groups(claims: list[Claim]) -> list[ClaimGroup]:
    """Claims (of one initiative, in position order) grouped by label, in first-seen order."""
    groups: dict[str, ClaimGroup] = {}
    for claim in claims:
        group = groups.setdefault(claim.label, ClaimGroup(claim.label, claim.kind))
        group.claims.append(claim)
    return list(groups.values())
