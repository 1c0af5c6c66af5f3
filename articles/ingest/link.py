"""Link: score how strongly an article is about each initiative from its alias matches.

The matcher is the catalogue's Aho–Corasick automaton: its cost per character of text does
not grow with the number of initiatives or aliases. Score = 1 − e^(−evidence), where each
mention adds its alias specificity times a weight for where it stands (title, lead, body),
and a co-mentioned place of the initiative adds a little more. So a specific name once in
the body is a suggestion, in the title and the lead an auto-confirmation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings

from articles.ingest.extract import Analysis, Paragraph
from articles.ingest.items import Mention

TITLE_WEIGHT = 1.2
LEAD_WEIGHT = 0.7
BODY_WEIGHT = 0.5
BODY_MENTIONS_COUNTED = 4  # repetition beyond this says nothing more
PLACE_BONUS = 0.3
LEAD_PARAGRAPHS = 2
SNIPPET_CHARS = 90


@dataclass
class _Evidence:
    raw: float = 0.0
    body_mentions: int = 0
    best: tuple[float, int | None, Paragraph | None, int, int] = (-1.0, None, None, 0, 0)


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


def score_mentions(
    analysis: Analysis, places: set[int], initiative_places: dict[int, set[int]]
) -> list[Mention]:
    """Every initiative named in the article with its score (0–1), best alias and snippet."""
    evidence: dict[int, _Evidence] = {}
    lead_paragraphs = 0
    regions: list[tuple[Paragraph, float]] = [(analysis.title, TITLE_WEIGHT)]
    for para in analysis.paragraphs:
        if lead_paragraphs < LEAD_PARAGRAPHS and not para.text.endswith(":"):
            lead_paragraphs += 1
            regions.append((para, LEAD_WEIGHT))
        else:
            regions.append((para, BODY_WEIGHT))
    for para, weight in regions:
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
                # The snippet shows the most telling mention, in a paragraph (not the title).
                rank = gain if para is not analysis.title else gain / 10
                if rank > ev.best[0]:
                    ev.best = (rank, pattern.alias_id, para, start, end)
    mentions = []
    for initiative_id, ev in evidence.items():
        raw = ev.raw
        if places & initiative_places.get(initiative_id, set()):
            raw += PLACE_BONUS
        _rank, alias_id, para, start, end = ev.best
        mentions.append(
            Mention(
                initiative_id=initiative_id,
                score=round(1 - math.exp(-raw), 4),
                alias_id=alias_id,
                snippet=snippet(para, start, end) if para is not None else "",
            )
        )
    mentions.sort(key=lambda m: (-m.score, m.initiative_id))
    return mentions


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
