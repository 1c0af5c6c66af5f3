"""Extract: people, organisations and places named in an article, quotes with speakers, dates.

Works on an Analysis (the title and each paragraph, normalised once, with catalogue matches)
that the linker reuses, so the matcher runs once per article.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from articles.ingest.catalogue import Catalogue, Pattern
from articles.ingest.furniture import furniture_flags
from articles.ingest.items import Quote
from articles.ingest.parse import is_heading
from core.text import normalize_for_matching


@dataclass
class Paragraph:
    text: str
    offset: int  # where it starts in the body
    normalized: str
    matches: list[tuple[int, int, list[Pattern]]]

    def original_offset(self, normalized_offset: int) -> int:
        """Map an offset in the normalised text back into the paragraph (proportionally)."""
        if not self.normalized:
            return 0
        return min(len(self.text), round(normalized_offset * len(self.text) / len(self.normalized)))


@dataclass
class Analysis:
    title: Paragraph
    # The article proper: what the linker, the context and the extractors read.
    paragraphs: list[Paragraph] = field(default_factory=list)
    # Page furniture (articles.ingest.furniture): menus, "Related news" lists, notices.
    # Matched like the rest, but no linker or extractor reads it as the article.
    furniture: list[Paragraph] = field(default_factory=list)

    def body_paragraphs(self) -> list[Paragraph]:
        """Every paragraph of the body, furniture too, in the order written."""
        return sorted([*self.paragraphs, *self.furniture], key=lambda p: p.offset)

    def names_in_furniture(self) -> bool:
        """True when an initiative's name stands in the furniture."""
        return any(
            pattern.kind == "alias"
            for para in self.furniture
            for _start, _end, patterns in para.matches
            for pattern in patterns
        )

    def as_page(self) -> Analysis:
        """The whole page read as the article, furniture included (what linking was before
        furniture was told apart): for the record of what the furniture alone would link."""
        return Analysis(title=self.title, paragraphs=self.body_paragraphs())


def _paragraph(text: str, offset: int, catalogue: Catalogue) -> Paragraph:
    normalized = normalize_for_matching(text)
    return Paragraph(text, offset, normalized, list(catalogue.find(normalized)))


def analyse(title: str, body: str, catalogue: Catalogue) -> Analysis:
    """Split the body into paragraphs and find every catalogue name in them and the title;
    page furniture is set apart (Analysis.furniture), so no name in it counts."""
    analysis = Analysis(title=_paragraph(title, -1, catalogue))
    offset = 0
    texts = body.split("\n\n")
    for text, is_furniture in zip(texts, furniture_flags(texts), strict=True):
        part = analysis.furniture if is_furniture else analysis.paragraphs
        part.append(_paragraph(text, offset, catalogue))
        offset += len(text) + 2
    return analysis


def entities(analysis: Analysis) -> tuple[set[int], set[int], set[int]]:
    """Ids of the people, places and organisations named anywhere in the article."""
    found: dict[str, set[int]] = {"person": set(), "place": set(), "org": set()}
    for para in [analysis.title, *analysis.paragraphs]:
        for _start, _end, patterns in para.matches:
            for pattern in patterns:
                if pattern.kind in found:
                    found[pattern.kind].add(pattern.target_id)
    return found["person"], found["place"], found["org"]


# --- Quotes -------------------------------------------------------------------------------

_OPEN = '“"«„'
_QUOTE = re.compile(r"[“\"«„]([^“”\"«»]{2,2000}?)[”\"»“]")
_SPEECH_VERB = re.compile(
    r"(?:\b(?:said|says|saying|stated|stating|added|adding|noted|noting|told|declared|"
    r"stressed|stressing|emphasi[sz]ed|emphasi[sz]ing|underscored|remarked|asserted|affirmed|"
    r"explained|insisted|warned|echoed|announced|wrote)\b"
    r"|گفت|افزود|تاکید کرد|تأکید کرد|اظهار داشت|قال|وقال|أضاف|وأضاف|أكد|وأكد|صرح)"
    r"[^“”\"«»]{0,90}$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?؟][”\"»]?\s+")
_ANAPHORA = re.compile(
    r"^(?:he|she|the\b[\w\s-]{0,60}?\b(?:president|minister|advisor|adviser|ambassador|"
    r"speaker|official|governor|chief|leader|envoy|premier)|او|وی|وأضاف|وقال)",
    re.IGNORECASE,
)
_MIN_QUOTE_WORDS = 4


def _first_person(para: Paragraph, end: int | None = None) -> int | None:
    for start, _end, patterns in para.matches:
        if end is not None and para.original_offset(start) >= end:
            break
        for pattern in patterns:
            if pattern.kind == "person":
                return pattern.target_id
    return None


def _speaker_line(para: Paragraph) -> bool:
    text = para.text
    return text.endswith(":") and len(text) <= 120 and not is_heading(text) and text[0] not in _OPEN


def quotes(analysis: Analysis, catalogue: Catalogue) -> list[Quote]:
    """Statements: quote paragraphs under a "Name:" line, and "Name said, “…”" in running text."""
    found: list[Quote] = []
    last_speaker: tuple[str, int | None] | None = None
    block_speaker: tuple[str, int | None] | None = None
    for para in analysis.paragraphs:
        text = para.text
        if _speaker_line(para):
            block_speaker = (text[:-1].strip(), _first_person(para))
            continue
        if block_speaker and text[:1] in _OPEN:
            quote = text[1:].rstrip().rstrip('”"»').strip()
            if quote:
                name, person = block_speaker
                found.append(Quote(quote, para.offset + 1, name, person))
                last_speaker = block_speaker
            continue
        block_speaker = None
        for match in _QUOTE.finditer(text):
            quote = match.group(1).strip()
            words = len(quote.split())
            # Short fragments without a sentence end are phrases ("US plots"), not statements.
            if words < _MIN_QUOTE_WORDS or (words < 6 and quote[-1] not in ".!?؟"):
                continue
            before = text[: match.start()]
            ends = list(_SENTENCE_END.finditer(before))
            sentence = before[ends[-1].end() :] if ends else before
            if not _SPEECH_VERB.search(sentence):
                continue
            sentence_start = match.start() - len(sentence)
            speaker: tuple[str, int | None] | None = None
            for start, end, patterns in para.matches:
                at = para.original_offset(start)
                if at < sentence_start or at >= match.start():
                    continue
                person = next((p.target_id for p in patterns if p.kind == "person"), None)
                if person is not None:
                    name = text[at : para.original_offset(end)]
                    speaker = (catalogue.person_names.get(person, name), person)
                    break
            if speaker is None and last_speaker and _ANAPHORA.match(sentence.strip()):
                speaker = last_speaker
            if speaker is None:
                continue
            found.append(Quote(quote, para.offset + match.start(1), speaker[0], speaker[1]))
            last_speaker = speaker
    return found


# --- Dates --------------------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)? {_MONTH},? (?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b{_MONTH} (?P<year>(?:19|20)\d\d)\b", re.I),
]


def dates(text: str, *, normalized: bool = False) -> list[str]:
    """Calendar dates written in the text, as ISO strings (YYYY-MM-DD, or YYYY-MM)."""
    found: set[str] = set()
    folded = text if normalized else normalize_for_matching(text)  # fa/ar digits → ASCII
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(folded):
            groups = match.groupdict()
            month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower()]
            year = int(groups["year"])
            try:
                if groups.get("day"):
                    found.add(dt.date(year, month, int(groups["day"])).isoformat())
                else:
                    found.add(f"{year:04d}-{month:02d}")
            except ValueError:
                continue
    # "March 2024" inside "12 March 2024" is not a second date.
    days = {d[:7] for d in found if len(d) == 10}
    return sorted(d for d in found if len(d) == 10 or d not in days)
