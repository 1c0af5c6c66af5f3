"""The bilateral context of an article: which countries' sides it names, and how.

Read from the catalogue matches the extractor already found (countries by name or
demonym, and the catalogue's places, people and organisations with their country), so it
costs one pass over those matches. The linker turns it into a score component
(link.bilateral_adjustment): both sides of an initiative named raise its score, one side
with a border crossing a little less, and a third country named where a side is missing
(the counterpart of an Iran–Pakistan border market, an Iraq–Jordan zone) lowers it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from articles.ingest.catalogue import Catalogue
from articles.ingest.counterparts import COUNTRY_NAMES
from articles.ingest.extract import Analysis

_SHOWN = 3  # names per side in a reason


@dataclass
class Context:
    """Names seen per country code (in order, once each), and the border crossings named."""

    named: dict[str, list[str]] = field(default_factory=dict)
    crossings: list[str] = field(default_factory=list)

    def add(self, code: str, name: str) -> None:
        seen = self.named.setdefault(code, [])
        if name not in seen:
            seen.append(name)

    def describe(self, code: str) -> str:
        """'Iraq (Baghdad, al-Araji)': a country and the first names that stand for it."""
        names = self.named.get(code, [])
        shown = ", ".join(names[:_SHOWN]) + ("…" if len(names) > _SHOWN else "")
        return f"{country_label(code)} ({shown})" if shown else country_label(code)


def country_label(code: str) -> str:
    """The English name of a country code the linker knows."""
    names = COUNTRY_NAMES.get(code)
    return names[0] if names else code


def read_context(analysis: Analysis, catalogue: Catalogue) -> Context:
    """Every country side the article names, through countries and catalogue entities."""
    context = Context()
    crossings: list[str] = []
    for para in [analysis.title, *analysis.paragraphs]:
        countries = [
            (start, end, pattern)
            for start, end, patterns in para.matches
            for pattern in patterns
            if pattern.kind == "country"
        ]
        for start, end, pattern in countries:
            # "آذربایجان" inside "آذربایجان غربی" (an Iranian province) is not Azerbaijan.
            if any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in countries):
                continue
            context.add(catalogue.country_codes[pattern.target_id], pattern.text)
        for _start, _end, patterns in para.matches:
            for pattern in patterns:
                if pattern.kind not in ("place", "person", "org"):
                    continue
                key = (pattern.kind, pattern.target_id)
                name = catalogue.entity_names.get(key, pattern.text)
                if pattern.kind == "place" and pattern.target_id in catalogue.crossings:
                    if name not in crossings:
                        crossings.append(name)
                elif key in catalogue.entity_country:
                    context.add(catalogue.entity_country[key], name)
    context.crossings = crossings
    return context
