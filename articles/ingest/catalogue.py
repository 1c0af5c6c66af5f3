"""A read-only snapshot of the catalogue's names, compiled into Aho–Corasick automatons.

Built once per catalogue version (a fingerprint of every name and alias, one cheap query)
and cached in the process, so a batch never rebuilds the matcher and a catalogue edit is
seen by the next batch. Names and texts are matched word by word in their folded form
(core.folding): the catalogue's words form the lexicon that article words are folded toward.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import ahocorasick
from django.db import connection

from articles.ingest.counterparts import COUNTRY_NAMES
from core.folding import Lexicon
from core.text import normalize_for_matching

# One cheap query over every name the matchers use; any edit changes the digest.
_FINGERPRINT_SQL = """
SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM (
  SELECT 'a' || id || normalized || is_active::text || specificity::text || initiative_id AS x
    FROM initiatives_alias
  UNION ALL SELECT 'p' || id || name || name_fa || name_ar || array_to_string(other_names, ',')
    || coalesce(country_id, 0) FROM initiatives_person
  UNION ALL SELECT 'l' || id || name || name_fa || name_ar || array_to_string(other_names, ',')
    || country_id || kind FROM initiatives_place
  UNION ALL SELECT 'o' || id || name || name_fa || name_ar || array_to_string(other_names, ',')
    || coalesce(country_id, 0) FROM initiatives_organization
  UNION ALL SELECT 'c' || id || code || name || name_fa || name_ar FROM initiatives_country
  UNION ALL SELECT 'i' || initiative_id || '-' || place_id FROM initiatives_initiative_places
  UNION ALL SELECT 'k' || initiative_id || '-' || country_id
    FROM initiatives_initiative_countries
  UNION ALL SELECT 'm' || id || coalesce(merged_into_id, 0) FROM initiatives_initiative
  UNION ALL SELECT 'x' || version || sha256 FROM articles_linkermodel WHERE is_current
  UNION ALL SELECT 't' || id || kind || normalized || is_active::text || weight::text
    || initiative_id FROM initiatives_profileterm
) names
"""


@dataclass(frozen=True)
class Pattern:
    """What a matched string stands for."""

    kind: str  # "alias", "term", "exclude", "person", "place", "org", "country"
    # initiative id for aliases and profile terms, index in Catalogue.country_codes, entity id
    target_id: int
    alias_id: int | None
    specificity: float  # an alias's specificity, a profile term's weight
    length: int
    text: str = ""  # the name as the catalogue writes it, for link reasons


@dataclass
class Catalogue:
    version: str
    automaton: ahocorasick.Automaton | None
    initiative_places: dict[int, set[int]] = field(default_factory=dict)
    person_names: dict[int, str] = field(default_factory=dict)
    place_names: dict[int, str] = field(default_factory=dict)
    lexicon: Lexicon = field(default_factory=Lexicon)
    # The bilateral context (articles.ingest.context): whose side each name is on.
    country_codes: tuple[str, ...] = ()
    entity_country: dict[tuple[str, int], str] = field(default_factory=dict)
    entity_names: dict[tuple[str, int], str] = field(default_factory=dict)
    crossings: frozenset[int] = frozenset()
    initiative_countries: dict[int, frozenset[str]] = field(default_factory=dict)
    # What turns the evidence into scores: the promoted learned model, else the rules
    # (scorer_problem says why a promoted model could not be used).
    scorer: Any = None
    scorer_problem: str | None = None
    # Character 4-grams of each initiative's names and describing terms (link.char_grams),
    # for the similarity feature that lets unseen word forms count.
    initiative_grams: dict[int, frozenset[str]] = field(default_factory=dict)

    def find(self, normalized: str) -> Iterator[tuple[int, int, list[Pattern]]]:
        """(start, end, patterns) of every whole-word match in already-normalised text;
        the text is folded word by word, the offsets are in the normalised text."""
        if self.automaton is None:
            return
        folded = self.lexicon.fold(normalized)
        text = folded.text
        size = len(text)
        for end, patterns in self.automaton.iter(text):
            start = end - patterns[0].length + 1
            if start > 0 and text[start - 1].isalnum():
                continue
            if end + 1 < size and text[end + 1].isalnum():
                continue
            yield *folded.span(start, end + 1), patterns


def _add(table: dict[str, list[Pattern]], key: str, text: str, pattern_args: tuple) -> None:
    if len(key) < 3:  # two-letter names match everywhere
        return
    kind, target, alias_id, specificity = pattern_args
    patterns = table.setdefault(key, [])
    for index, known in enumerate(patterns):
        # Two names of one target that fold alike ("بازارچه مرزی", "بازارچه‌های مرزی")
        # are one name: counted once, at the better specificity.
        if known.kind == kind and known.target_id == target:
            if specificity > known.specificity:
                patterns[index] = Pattern(kind, target, alias_id, specificity, len(key), text)
            return
    patterns.append(Pattern(kind, target, alias_id, specificity, len(key), text))


def build_catalogue(version: str = "") -> Catalogue:
    """Read every active alias and entity name and compile one automaton."""
    from initiatives.models import (
        Alias,
        Country,
        Initiative,
        Organization,
        Person,
        Place,
        ProfileTerm,
    )

    sources: list[tuple[str, tuple]] = []
    live = set(Initiative.objects.filter(merged_into__isnull=True).values_list("id", flat=True))
    for alias in Alias.objects.filter(is_active=True).only(
        "id", "text", "initiative_id", "specificity"
    ):
        if alias.initiative_id in live:
            sources.append(
                (alias.text, ("alias", alias.initiative_id, alias.id, alias.specificity))
            )
    kinds = {ProfileTerm.Kind.DESCRIBES: "term", ProfileTerm.Kind.EXCLUDES: "exclude"}
    for term in ProfileTerm.objects.filter(is_active=True).only(
        "text", "kind", "initiative_id", "weight"
    ):
        if term.initiative_id in live:
            sources.append((term.text, (kinds[term.kind], term.initiative_id, None, term.weight)))
    codes = dict(Country.objects.values_list("id", "code"))
    names: dict[str, dict[int, str]] = {"person": {}, "place": {}, "org": {}}
    entity_country: dict[tuple[str, int], str] = {}
    crossings = set()
    for kind, model in (("person", Person), ("place", Place), ("org", Organization)):
        for entity in model.objects.all():
            names[kind][entity.id] = entity.name
            if entity.country_id in codes:
                entity_country[kind, entity.id] = codes[entity.country_id]
            if kind == "place" and entity.kind == Place.Kind.CROSSING:
                crossings.add(entity.id)
            for text, _lang in entity.all_names():
                sources.append((text, (kind, entity.id, None, 1.0)))
    country_names = {code: list(found) for code, found in COUNTRY_NAMES.items()}
    for country in Country.objects.all():
        listed = country_names.setdefault(country.code, [])
        listed += [n for n in (country.name, country.name_fa, country.name_ar) if n]
    country_codes = tuple(sorted(country_names))
    for index, code in enumerate(country_codes):
        for text in country_names[code]:
            sources.append((text, ("country", index, None, 1.0)))
    lexicon = Lexicon()
    for text, _args in sources:
        lexicon.add_name(text)
    lexicon.finish()
    table: dict[str, list[Pattern]] = {}
    for text, args in sources:
        for key in lexicon.variants(text):
            _add(table, key, text.strip(), args)
    automaton = None
    if table:
        automaton = ahocorasick.Automaton()
        for key, patterns in table.items():
            automaton.add_word(key, patterns)
        automaton.make_automaton()
    places: dict[int, set[int]] = {}
    for init_id, place_id in Initiative.places.through.objects.values_list(
        "initiative_id", "place_id"
    ):
        places.setdefault(init_id, set()).add(place_id)
    countries: dict[int, set[str]] = {}
    for init_id, country_id in Initiative.countries.through.objects.values_list(
        "initiative_id", "country_id"
    ):
        countries.setdefault(init_id, set()).add(codes[country_id])
    from articles.ingest.learned import load_current
    from articles.ingest.link import char_grams

    scorer, problem = load_current()
    grams: dict[int, set[str]] = {}
    for text, (kind, target, _alias, _weight) in sources:
        if kind in ("alias", "term"):
            grams.setdefault(target, set()).update(char_grams(normalize_for_matching(text)))
    return Catalogue(
        version=version,
        scorer=scorer,
        scorer_problem=problem,
        automaton=automaton,
        initiative_places=places,
        person_names=names["person"],
        place_names=names["place"],
        lexicon=lexicon,
        country_codes=country_codes,
        entity_country=entity_country,
        entity_names={
            (kind, pk): name for kind, found in names.items() for pk, name in found.items()
        },
        crossings=frozenset(crossings),
        initiative_countries={k: frozenset(v) for k, v in countries.items()},
        initiative_grams={k: frozenset(v) for k, v in grams.items()},
    )


_cache: dict[str, Catalogue] = {}
_lock = threading.Lock()


def catalogue_version() -> str:
    """Digest of every name the matchers use (changes on any catalogue edit)."""
    with connection.cursor() as cursor:
        cursor.execute(_FINGERPRINT_SQL)
        return cursor.fetchone()[0]


def cached_catalogue() -> Catalogue | None:
    """The catalogue this process built last, without checking it is current (no query)."""
    return _cache.get("current")


def current_catalogue() -> Catalogue:
    """The compiled catalogue for the current version, built at most once per process."""
    version = catalogue_version()
    with _lock:
        cached = _cache.get("current")
        if cached is None or cached.version != version:
            cached = build_catalogue(version)
            _cache["current"] = cached
        return cached
