"""Measure the linker against labelled articles: precision, recall, calibration, the errors.

Each labelled item runs through the pipeline's own `prepare` (clean, extract, link) against
the catalogue in the database, exactly as ingestion would, and nothing is stored. A link
scored at or above the suggest threshold is a prediction; a predicted initiative the editor
listed in `also` counts neither for nor against. Used by `manage.py evaluate_linking`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone

from articles.ingest import link, pipeline
from articles.ingest.catalogue import Catalogue, current_catalogue
from articles.ingest.items import Mention, RawItem, Refused

LANGUAGES = ("en", "fa", "ar")
BAND_EDGES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
_REQUIRED = {"url": str, "title": str, "published_at": str, "language": str, "body": str}


@dataclass
class LabelledItem:
    """One line of a labelled file: an article and the initiatives an editor links."""

    where: str  # "file:line"
    url: str
    title: str
    published_at: dt.datetime | None
    language: str
    body: str
    labels: frozenset[str]
    also: frozenset[str] = frozenset()
    kind: str = ""


@dataclass
class Problem:
    """A line that could not be evaluated, and why."""

    where: str
    message: str


def parse_line(line: str, where: str) -> LabelledItem:
    """One JSON Lines record as a LabelledItem; raises ValueError saying what is wrong."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    for name, kind in _REQUIRED.items():
        if not isinstance(data.get(name), kind):
            raise ValueError(f"field “{name}” missing or not a string")
    if not data["body"].strip():
        raise ValueError("field “body” is empty")
    if data["language"] not in LANGUAGES:
        raise ValueError(f"language “{data['language']}” is not one of {', '.join(LANGUAGES)}")
    slugs = {}
    for name in ("labels", "also"):
        value = data.get(name, [] if name == "also" else None)
        if not isinstance(value, list) or not all(isinstance(s, str) and s for s in value):
            raise ValueError(f"field “{name}” missing or not a list of initiative slugs")
        slugs[name] = frozenset(value)
    try:
        published = dt.datetime.fromisoformat(data["published_at"])
    except ValueError:
        raise ValueError(f"published_at “{data['published_at']}” is not ISO 8601") from None
    return LabelledItem(
        where=where,
        url=data["url"],
        title=data["title"],
        published_at=published,
        language=data["language"],
        body=data["body"],
        labels=slugs["labels"],
        also=slugs["also"] - slugs["labels"],
        kind=data.get("kind") if isinstance(data.get("kind"), str) else "",
    )


def read_labelled(path: Path) -> tuple[list[LabelledItem], list[Problem]]:
    """Every valid line of a JSON Lines file, and a Problem for each malformed one."""
    items: list[LabelledItem] = []
    problems: list[Problem] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                items.append(parse_line(line, where))
            except ValueError as exc:
                problems.append(Problem(where, str(exc)))
    return items, problems


# --- Scoring ------------------------------------------------------------------------------


@dataclass
class Tally:
    """Right, wrong, missed and accepted (in `also`) links of a group of items."""

    items: int = 0
    right: int = 0
    wrong: int = 0
    missed: int = 0
    accepted: int = 0

    @property
    def precision(self) -> float | None:
        predicted = self.right + self.wrong
        return self.right / predicted if predicted else None

    @property
    def recall(self) -> float | None:
        labelled = self.right + self.missed
        return self.right / labelled if labelled else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "right": self.right,
            "wrong": self.wrong,
            "missed": self.missed,
            "accepted": self.accepted,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
        }


@dataclass
class Band:
    """Every scored link (below the suggest threshold too) with a score in [low, high)."""

    low: float
    high: float
    links: int = 0
    right: int = 0
    wrong: int = 0
    accepted: int = 0

    @property
    def precision(self) -> float | None:
        judged = self.right + self.wrong
        return self.right / judged if judged else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "low": self.low,
            "high": self.high,
            "links": self.links,
            "right": self.right,
            "wrong": self.wrong,
            "accepted": self.accepted,
            "precision": _round(self.precision),
        }


@dataclass
class LinkCase:
    """A wrong or a missed link, with what the linker saw (score 0: nothing matched)."""

    where: str
    language: str
    kind: str
    title: str
    initiative: str
    score: float
    reasons: list[str]

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Report:
    """The figures of one evaluation run."""

    suggest_at: float
    autoconfirm_at: float
    catalogue_version: str
    scorer: str = "rules"  # "rules" or the promoted model's version
    overall: Tally = field(default_factory=Tally)
    by_language: dict[str, Tally] = field(default_factory=dict)
    by_initiative: dict[str, Tally] = field(default_factory=dict)
    by_kind: dict[str, Tally] = field(default_factory=dict)
    autoconfirmed: Tally = field(default_factory=Tally)
    negatives: int = 0
    negatives_with_wrong_link: int = 0
    bands: list[Band] = field(default_factory=list)
    wrong: list[LinkCase] = field(default_factory=list)
    missed: list[LinkCase] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unknown_slugs: set[str] = field(default_factory=set)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form (the command's --json)."""
        return {
            "thresholds": {"suggest": self.suggest_at, "autoconfirm": self.autoconfirm_at},
            "catalogue_version": self.catalogue_version,
            "scorer": self.scorer,
            "overall": self.overall.as_dict(),
            "by_language": {k: v.as_dict() for k, v in self.by_language.items()},
            "by_initiative": {k: v.as_dict() for k, v in sorted(self.by_initiative.items())},
            "by_kind": {k: v.as_dict() for k, v in sorted(self.by_kind.items())},
            "autoconfirmed": self.autoconfirmed.as_dict(),
            "negatives": {
                "items": self.negatives,
                "with_wrong_link": self.negatives_with_wrong_link,
            },
            "calibration": [b.as_dict() for b in self.bands],
            "wrong": [c.as_dict() for c in self.wrong],
            "missed": [c.as_dict() for c in self.missed],
            "problems": [p.__dict__ for p in self.problems],
            "unknown_slugs": sorted(self.unknown_slugs),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _band(bands: list[Band], score: float) -> Band:
    for band in bands:
        if score < band.high:
            return band
    return bands[-1]  # a score of exactly 1.0


def link_item(
    item: LabelledItem, catalogue: Catalogue, now: dt.datetime
) -> tuple[list[Mention], list[Mention]]:
    """(suggestions, every scored initiative) for one item, through pipeline.prepare."""
    raw = RawItem(
        body=item.body,
        title=item.title,
        url=item.url,
        published_at=item.published_at,
        language=item.language,
        label=item.where,
    )
    clean = pipeline.prepare(raw, catalogue, now)
    return clean.mentions, clean.candidates


def evaluate(items: Iterable[LabelledItem], catalogue: Catalogue | None = None) -> Report:
    """Run every item through extraction and linking and tally the links against labels."""
    from initiatives.models import Initiative

    catalogue = catalogue or current_catalogue()
    slugs = dict(Initiative.objects.values_list("id", "slug"))
    known = set(slugs.values())
    report = Report(
        suggest_at=link.suggest_threshold(catalogue),
        autoconfirm_at=link.autoconfirm_threshold(catalogue),
        catalogue_version=catalogue.version,
        scorer=getattr(catalogue.scorer, "version", "rules"),
        by_language={language: Tally() for language in LANGUAGES},
        bands=[Band(lo, hi) for lo, hi in zip(BAND_EDGES, BAND_EDGES[1:], strict=False)],
    )
    now = timezone.now()
    for item in items:
        try:
            suggested, scored = link_item(item, catalogue, now)
        except Refused as exc:
            report.problems.append(Problem(item.where, f"refused by the pipeline: {exc.reason}"))
            continue
        report.unknown_slugs |= (item.labels | item.also) - known
        _tally(report, item, suggested, scored, slugs)
    report.by_language = {k: v for k, v in report.by_language.items() if v.items}
    return report


def _tally(
    report: Report,
    item: LabelledItem,
    suggested: list[Mention],
    scored: list[Mention],
    slugs: dict[int, str],
) -> None:
    predicted = {slugs[m.initiative_id]: m for m in suggested}
    seen = {slugs[m.initiative_id]: m for m in scored}
    groups = [report.overall, report.by_language.setdefault(item.language, Tally())]
    if item.kind:
        groups.append(report.by_kind.setdefault(item.kind, Tally()))
    for tally in groups:
        tally.items += 1
    if not item.labels:
        report.negatives += 1
        if set(predicted) - item.also:
            report.negatives_with_wrong_link += 1
    for slug, mention in predicted.items():
        per_initiative = report.by_initiative.setdefault(slug, Tally())
        outcome = "right" if slug in item.labels else "accepted" if slug in item.also else "wrong"
        for tally in [*groups, per_initiative]:
            setattr(tally, outcome, getattr(tally, outcome) + 1)
        if mention.score >= report.autoconfirm_at:
            setattr(report.autoconfirmed, outcome, getattr(report.autoconfirmed, outcome) + 1)
        if outcome == "wrong":
            report.wrong.append(_case(item, slug, mention))
    for slug in item.labels - set(predicted):
        for tally in [*groups, report.by_initiative.setdefault(slug, Tally())]:
            tally.missed += 1
        report.missed.append(_case(item, slug, seen.get(slug)))
    for slug, mention in seen.items():
        band = _band(report.bands, mention.score)
        band.links += 1
        if slug in item.labels:
            band.right += 1
        elif slug in item.also:
            band.accepted += 1
        else:
            band.wrong += 1
    for slug in item.labels:
        report.by_initiative.setdefault(slug, Tally()).items += 1


def _case(item: LabelledItem, slug: str, mention: Mention | None) -> LinkCase:
    return LinkCase(
        where=item.where,
        language=item.language,
        kind=item.kind,
        title=item.title,
        initiative=slug,
        score=mention.score if mention else 0.0,
        reasons=list(mention.reasons) if mention else [],
    )


# --- Text report --------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _table(rows: Iterable[tuple[str, Tally]], heading: str) -> Iterator[str]:
    yield (
        f"{heading:<28} {'items':>5} {'right':>5} {'wrong':>5} {'missed':>6} "
        f"{'also':>4} {'precision':>9} {'recall':>6}"
    )
    for name, t in rows:
        yield (
            f"{name:<28} {t.items:>5} {t.right:>5} {t.wrong:>5} {t.missed:>6} "
            f"{t.accepted:>4} {_pct(t.precision):>9} {_pct(t.recall):>6}"
        )


def _cases(cases: list[LinkCase], heading: str, *, below: str) -> Iterator[str]:
    yield ""
    yield f"{heading} ({len(cases)})"
    for case in cases:
        score = f"score {case.score:.2f}" if case.score else below
        yield f"  {case.where}  [{case.language} {case.kind}]  {case.initiative}  {score}"
        yield f"      {case.title}"
        if case.reasons:
            yield "      " + "; ".join(case.reasons)


def render(report: Report) -> str:
    """The report as text for a terminal."""
    lines = [
        f"suggest threshold {report.suggest_at:.2f}, auto-confirm threshold "
        f"{report.autoconfirm_at:.2f}, catalogue {report.catalogue_version[:12]}, "
        f"scored by {'the rules' if report.scorer == 'rules' else 'model ' + report.scorer}",
        "",
        *_table([("overall", report.overall), *report.by_language.items()], "items by language"),
        "",
        *_table(sorted(report.by_initiative.items()), "by initiative (items labelled)"),
    ]
    if report.by_kind:
        lines += ["", *_table(sorted(report.by_kind.items()), "by kind")]
    auto = report.autoconfirmed
    lines += [
        "",
        f"auto-confirmed (score ≥ {report.autoconfirm_at:.2f}): {auto.right} right, "
        f"{auto.wrong} wrong, {auto.accepted} also; precision {_pct(auto.precision)}",
    ]
    if report.negatives:
        lines.append(
            f"negatives: {report.negatives_with_wrong_link} of {report.negatives} items "
            f"(labels []) have a wrong link"
        )
    lines += ["", "calibration: every scored link, below the suggest threshold too"]
    lines.append(
        f"{'score':<10} {'links':>5} {'right':>5} {'wrong':>5} {'also':>4} {'precision':>9}"
    )
    for band in report.bands:
        mark = " ← suggested from here" if band.low <= report.suggest_at < band.high else ""
        lines.append(
            f"{band.low:.1f}–{band.high:.1f}    {band.links:>5} {band.right:>5} {band.wrong:>5} "
            f"{band.accepted:>4} {_pct(band.precision):>9}{mark}"
        )
    lines += _cases(report.wrong, "wrong links", below="")
    lines += _cases(report.missed, "missed links", below="no alias matched")
    if report.unknown_slugs:
        lines += ["", "slugs not in the catalogue: " + ", ".join(sorted(report.unknown_slugs))]
    return "\n".join(lines)
