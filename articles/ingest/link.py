"""Link: score how strongly an article is about each initiative from its alias matches.

The matcher is the catalogue's Aho–Corasick automaton: its cost per character of text does
not grow with the number of initiatives or aliases. Score = 1 − e^(−evidence), where each
mention adds its alias specificity times a weight for where it stands (title, lead, body),
and a co-mentioned place of the initiative adds a little more. So a specific name once in
the body is a suggestion, in the title and the lead an auto-confirmation.

The bilateral context (articles.ingest.context) is one more component: an article naming
both sides of the initiative multiplies its evidence by BILATERAL_FACTOR, one side and a
border crossing by CROSSING_FACTOR; one naming a third country while a side is missing
keeps only THIRD_PARTNER_FACTOR of it (the same project with another partner), and one
naming a single side through generic names only (no alias of specificity 1) keeps
ONE_SIDED_FACTOR (a domestic story: Iran's own gas use, a free zone's water plant).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings

from articles.ingest.catalogue import Catalogue
from articles.ingest.context import Context, country_label, read_context
from articles.ingest.extract import Analysis, Paragraph
from articles.ingest.items import Mention

TITLE_WEIGHT = 1.2
LEAD_WEIGHT = 0.7
BODY_WEIGHT = 0.5
BODY_MENTIONS_COUNTED = 4  # repetition beyond this says nothing more
PLACE_BONUS = 0.3
BILATERAL_FACTOR = 1.3
CROSSING_FACTOR = 1.2
ONE_SIDED_FACTOR = 0.7
THIRD_PARTNER_FACTOR = 0.25
LEAD_PARAGRAPHS = 2
SNIPPET_CHARS = 90


@dataclass
class _Evidence:
    raw: float = 0.0
    body_mentions: int = 0
    best: tuple[float, int | None, Paragraph | None, int, int] = (-1.0, None, None, 0, 0)
    # (alias text, region) → mentions counted, for the link's reasons
    terms: Counter = field(default_factory=Counter)
    specificity: float = 0.0  # of the most specific alias matched


def snippet(para: Paragraph, start: int, end: int) -> str:
    """The words around a mention, from the original (not normalised) text."""
    a, b = para.original_offset(start), para.original_offset(end)
    left = max(0, a - SNIPPET_CHARS)
    right = min(len(para.text), b + SNIPPET_CHARS)
    if left > 0:
        space = para.text.find(" ", left, a)
        left = space + 1 if space != -1 else left
    if right < len(para.text):
        space = para.text.rfind(" ", b, right)
        right = space if space != -1 else right
    text = para.text[left:right].strip()
    return ("…" if left > 0 else "") + text + ("…" if right < len(para.text) else "")


def _reasons(ev: _Evidence, places: list[str]) -> list[str]:
    by_text: dict[str, list[str]] = {}
    for (text, region), count in ev.terms.items():
        by_text.setdefault(text, []).append(region if count == 1 else f"{region} ×{count}")
    reasons = [f"“{text}” in {', '.join(regions)}" for text, regions in by_text.items()]
    if places:
        reasons.append("place named: " + ", ".join(sorted(places)))
    return reasons


def bilateral_adjustment(
    raw: float, sides: frozenset[str], context: Context, *, specific: bool = False
) -> tuple[float, str | None]:
    """The evidence after the bilateral context, and the reason when it changed.

    `specific`: a name that can only mean this initiative (specificity 1) was matched; such
    a name carries its own context, so one side alone does not lower it.
    """
    if len(sides) < 2:
        return raw, None
    named = [code for code in sorted(sides) if code in context.named]
    if len(named) >= 2:  # both sides (or two partners of a several-country initiative)
        reason = "both sides named: " + "; ".join(context.describe(code) for code in named)
        return raw * BILATERAL_FACTOR, reason
    if named and context.crossings:
        reason = f"{context.describe(named[0])} and a border crossing ({context.crossings[0]})"
        return raw * CROSSING_FACTOR, reason
    others = [code for code in context.named if code not in sides]
    if others:
        missing = ", ".join(country_label(code) for code in sorted(sides) if code not in named)
        partners = "; ".join(context.describe(code) for code in others)
        return raw * THIRD_PARTNER_FACTOR, f"third partner named: {partners}; {missing} not"
    if named and not specific:
        return raw * ONE_SIDED_FACTOR, f"one side only: {context.describe(named[0])}"
    return raw, None


def score_mentions(
    analysis: Analysis,
    places: set[int],
    initiative_places: dict[int, set[int]],
    place_names: dict[int, str] | None = None,
    context: Context | None = None,
    initiative_countries: dict[int, frozenset[str]] | None = None,
) -> list[Mention]:
    """Every initiative named in the article with its score (0–1), best alias, snippet and
    reasons (place_names, when given, names the co-mentioned places in them; a context
    and the initiatives' countries add the bilateral component)."""
    evidence: dict[int, _Evidence] = {}
    lead_paragraphs = 0
    regions: list[tuple[Paragraph, float, str]] = [(analysis.title, TITLE_WEIGHT, "title")]
    for para in analysis.paragraphs:
        if lead_paragraphs < LEAD_PARAGRAPHS and not para.text.endswith(":"):
            lead_paragraphs += 1
            regions.append((para, LEAD_WEIGHT, "lead"))
        else:
            regions.append((para, BODY_WEIGHT, "body"))
    for para, weight, region in regions:
        for start, end, patterns in para.matches:
            for pattern in patterns:
                if pattern.kind != "alias":
                    continue
                ev = evidence.setdefault(pattern.target_id, _Evidence())
                if weight == BODY_WEIGHT:
                    ev.body_mentions += 1
                    if ev.body_mentions > BODY_MENTIONS_COUNTED:
                        continue
                gain = weight * pattern.specificity
                ev.raw += gain
                ev.terms[pattern.text, region] += 1
                ev.specificity = max(ev.specificity, pattern.specificity)
                # The snippet shows the most telling mention, in a paragraph (not the title).
                rank = gain if para is not analysis.title else gain / 10
                if rank > ev.best[0]:
                    ev.best = (rank, pattern.alias_id, para, start, end)
    mentions = []
    names = place_names or {}
    for initiative_id, ev in evidence.items():
        raw = ev.raw
        shared = places & initiative_places.get(initiative_id, set())
        if shared:
            raw += PLACE_BONUS
        reasons = _reasons(ev, [names.get(p, f"place #{p}") for p in shared])
        if context is not None and initiative_countries:
            sides = initiative_countries.get(initiative_id, frozenset())
            raw, reason = bilateral_adjustment(raw, sides, context, specific=ev.specificity >= 1.0)
            if reason:
                reasons.append(reason)
        _rank, alias_id, para, start, end = ev.best
        mentions.append(
            Mention(
                initiative_id=initiative_id,
                score=round(1 - math.exp(-raw), 4),
                alias_id=alias_id,
                snippet=snippet(para, start, end) if para is not None else "",
                reasons=reasons,
            )
        )
    mentions.sort(key=lambda m: (-m.score, m.initiative_id))
    return mentions


def score_article(analysis: Analysis, places: set[int], catalogue: Catalogue) -> list[Mention]:
    """The linking stage as the pipeline and relink run it: every initiative scored."""
    return score_mentions(
        analysis,
        places,
        catalogue.initiative_places,
        catalogue.place_names,
        context=read_context(analysis, catalogue),
        initiative_countries=catalogue.initiative_countries,
    )


def suggest_threshold() -> float:
    """Score from which a link is suggested to editors (settings.LINK_SUGGEST_THRESHOLD)."""
    return float(settings.LINK_SUGGEST_THRESHOLD)


def autoconfirm_threshold() -> float:
    """Score from which a link is confirmed without an editor (LINK_AUTOCONFIRM_THRESHOLD)."""
    return float(settings.LINK_AUTOCONFIRM_THRESHOLD)


def suggestions(mentions: list[Mention]) -> list[Mention]:
    """The mentions strong enough to become links."""
    threshold = suggest_threshold()
    return [m for m in mentions if m.score >= threshold]
