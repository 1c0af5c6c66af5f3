"""Find mentions of initiatives, people and places in an article's text and mark them up.

Names are matched the way the alias matcher sees them (core.text): case, Persian and
Arabic letter variants, diacritics, tatweel and ZWNJ are folded, so "كربلاء" in an Arabic
body finds the Persian-spelt "کربلا"-style alias. Offsets stay those of the original body.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.text import normalize_for_matching

# Characters that the matcher folds to one form: each maps to the class of raw spellings.
_EQUIVALENTS: dict[str, str] = {
    "\u06cc": "\u06cc\u064a\u0649",  # Persian yeh, Arabic yeh, alef maksura
    "\u06a9": "\u06a9\u0643",  # keheh, Arabic kaf
    "\u0647": "\u0647\u0629",  # heh, teh marbuta
    "\u0627": "\u0627\u0623\u0625\u0622\u0671",  # alef and its hamza/madda/wasla forms
    "'": "'\u2019\u2018",
    "-": "-\u2013\u2014",
    **{str(i): f"{i}{chr(0x06F0 + i)}{chr(0x0660 + i)}" for i in range(10)},
}
# Marks that may sit between letters without changing the word.
_OPTIONAL_MARKS = "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200d\u200e\u200f]*"
_MIN_NAME_LENGTH = 3


@dataclass(frozen=True)
class Entity:
    """Something that can be mentioned: its names, kind (initiative/person/place) and page."""

    kind: str
    label: str
    url: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: Entity


def _name_pattern(normalized: str) -> str:
    parts = []
    for char in normalized:
        if char == " ":
            parts.append("[ \\t\u00a0\u200c]+")
            continue
        spellings = _EQUIVALENTS.get(char, char)
        parts.append(re.escape(spellings) if len(spellings) == 1 else f"[{re.escape(spellings)}]")
    return _OPTIONAL_MARKS.join(parts)


@functools.lru_cache(maxsize=4096)
def _name_regex(normalized: str) -> re.Pattern[str]:
    # One compiled pattern per name, kept across requests: an article's own mix of names
    # compiled as one alternation cost ~50 ms a page (the names repeat, their mixes do not).
    return re.compile(r"(?<!\w)(?:" + _name_pattern(normalized) + r")(?!\w)", re.IGNORECASE)


def find_mentions(body: str, entities: Iterable[Entity]) -> list[Mention]:
    """Non-overlapping mentions in body order; longer names win, earlier entities win ties."""
    by_name: dict[str, Entity] = {}
    for entity in entities:
        for name in entity.names:
            normalized = normalize_for_matching(name)
            if len(normalized) >= _MIN_NAME_LENGTH:
                by_name.setdefault(normalized, entity)
    if not by_name or not body:
        return []
    # As one alternation would scan: at each position the first name in this order that
    # matches wins, and scanning resumes after it.
    alternatives = sorted(by_name, key=len, reverse=True)
    candidates = sorted(
        (match.start(), rank, match.end())
        for rank, name in enumerate(alternatives)
        for match in _name_regex(name).finditer(body)
    )
    mentions = []
    cursor = 0
    for start, _rank, end in candidates:
        if start < cursor:
            continue
        cursor = end
        entity = by_name.get(normalize_for_matching(body[start:end]))
        if entity is not None:
            mentions.append(Mention(start, end, entity))
    return mentions


def highlighted_paragraphs(body: str, mentions: list[Mention]) -> list[SafeString]:
    """The body split into paragraphs (blank lines), escaped, with each mention a link."""
    html: list[str] = []
    cursor = 0
    for mention in mentions:
        html.append(escape(body[cursor : mention.start]))
        entity = mention.entity
        html.append(
            f'<a class="mention mention-{entity.kind}" href="{escape(entity.url)}" '
            f'title="{escape(entity.kind.capitalize())}: {escape(entity.label)}">'
            f"{escape(body[mention.start : mention.end])}</a>"
        )
        cursor = mention.end
    html.append(escape(body[cursor:]))
    marked = "".join(html)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", marked) if p.strip()]
    return [mark_safe(p.replace("\n", "<br>")) for p in paragraphs]  # noqa: S308 - escaped above
