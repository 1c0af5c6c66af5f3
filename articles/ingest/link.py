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
import re
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


CONTEXTS = ("both", "crossing", "third", "one_side", "none")
# How much of a profile term's weight counts, by the article's bilateral context: a term
# says what an initiative is about only where the article is about its countries together.
TERM_FACTOR = 0.8
TERM_CONTEXT = {"both": 1.0, "crossing": 1.0, "one_side": 0.35, "none": 0.15, "third": 0.0}
TERM_MENTIONS_COUNTED = 2  # per term
EXCLUSION_STRENGTH = 0.85  # an exclusion of weight 1 keeps 15 % of the evidence


@dataclass
class Features:
    """What the linker saw of one initiative in one article: the rules score it and the
    learned model (articles.ingest.learned) reads the same numbers."""

    alias_title: float = 0.0  # Σ specificity of alias mentions in the title
    alias_lead: float = 0.0
    alias_body: float = 0.0
    specificity: float = 0.0  # of the most specific alias matched
    terms: float = 0.0  # Σ weight × region weight of profile-term mentions
    term_title: float = 0.0
    distinct_terms: int = 0
    exclusion: float = 0.0  # the heaviest exclusion term matched
    places: int = 0  # the initiative's places named
    context: str = "none"
    language: str = ""
    # Cosine of the character 4-gram sets of the title and lead and of the initiative's
    # names and describing terms: word forms no name or term matched still say something.
    similarity: float = 0.0

    @property
    def alias_raw(self) -> float:
        return (
            TITLE_WEIGHT * self.alias_title
            + LEAD_WEIGHT * self.alias_lead
            + BODY_WEIGHT * self.alias_body
        )


GRAM = 4
_WORD = re.compile(r"\w+")


def char_grams(normalized: str) -> set[str]:
    """Character 4-grams inside each word of already-normalised text (a short word is one
    gram), so "الجامعات" and "جامعات" or "university" and "universities" share most."""
    grams: set[str] = set()
    for word in _WORD.findall(normalized):
        if len(word) <= GRAM:
            grams.add(word)
        else:
            grams.update(word[i : i + GRAM] for i in range(len(word) - GRAM + 1))
    return grams


def similarity(article: set[str], initiative: frozenset[str]) -> float:
    """Cosine of two gram sets (0 when either is empty)."""
    if not article or not initiative:
        return 0.0
    return len(article & initiative) / math.sqrt(len(article) * len(initiative))


@dataclass
class _Evidence:
    features: Features = field(default_factory=Features)
    body_mentions: int = 0
    best: tuple[float, int | None, Paragraph | None, int, int] = (-1.0, None, None, 0, 0)
    # (alias text, region) → mentions counted, for the link's reasons
    terms: Counter = field(default_factory=Counter)
    # (profile term, region) → mentions counted
    profile: Counter = field(default_factory=Counter)
    excluded: list[str] = field(default_factory=list)


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


def _grouped(counts: Counter) -> dict[str, list[str]]:
    by_text: dict[str, list[str]] = {}
    for (text, region), count in counts.items():
        by_text.setdefault(text, []).append(region if count == 1 else f"{region} ×{count}")
    return by_text


def _reasons(ev: _Evidence, places: list[str]) -> list[str]:
    reasons = [f"“{text}” in {', '.join(where)}" for text, where in _grouped(ev.terms).items()]
    if ev.profile:
        described = "; ".join(
            f"“{text}” ({', '.join(where)})" for text, where in _grouped(ev.profile).items()
        )
        reasons.append(f"profile terms: {described}")
    if places:
        reasons.append("place named: " + ", ".join(sorted(places)))
    if ev.excluded:
        reasons.append("excluded by: " + ", ".join(f"“{t}”" for t in ev.excluded))
    return reasons


def read_bilateral(
    sides: frozenset[str], context: Context, *, specific: bool = False
) -> tuple[str, float, str | None]:
    """(context kind, evidence factor, reason) of an initiative's countries in an article.

    `specific`: a name that can only mean this initiative (specificity 1) was matched; such
    a name carries its own context, so one side alone does not lower it.
    """
    if len(sides) < 2:
        return "none", 1.0, None
    named = [code for code in sorted(sides) if code in context.named]
    if len(named) >= 2:  # both sides (or two partners of a several-country initiative)
        reason = "both sides named: " + "; ".join(context.describe(code) for code in named)
        return "both", BILATERAL_FACTOR, reason
    if named and context.crossings:
        reason = f"{context.describe(named[0])} and a border crossing ({context.crossings[0]})"
        return "crossing", CROSSING_FACTOR, reason
    others = [code for code in context.named if code not in sides]
    if others:
        missing = ", ".join(country_label(code) for code in sorted(sides) if code not in named)
        partners = "; ".join(context.describe(code) for code in others)
        return "third", THIRD_PARTNER_FACTOR, f"third partner named: {partners}; {missing} not"
    if named:
        if specific:
            return "one_side", 1.0, None
        return "one_side", ONE_SIDED_FACTOR, f"one side only: {context.describe(named[0])}"
    return "none", 1.0, None


def bilateral_adjustment(
    raw: float, sides: frozenset[str], context: Context, *, specific: bool = False
) -> tuple[float, str | None]:
    """The evidence after the bilateral context, and the reason when it changed."""
    _kind, factor, reason = read_bilateral(sides, context, specific=specific)
    return raw * factor, reason


def rules_score(features: Features) -> float:
    """The hand-set score (0–1) of one initiative's features: names, then profile terms
    weighed by the context, places, the bilateral factor and exclusions."""
    raw = features.alias_raw + TERM_FACTOR * features.terms * TERM_CONTEXT[features.context]
    if features.places:
        raw += PLACE_BONUS
    raw *= _CONTEXT_FACTOR[features.context](features)
    raw *= 1 - EXCLUSION_STRENGTH * features.exclusion
    return round(1 - math.exp(-raw), 4)


_CONTEXT_FACTOR = {
    "both": lambda f: BILATERAL_FACTOR,
    "crossing": lambda f: CROSSING_FACTOR,
    "third": lambda f: THIRD_PARTNER_FACTOR,
    "one_side": lambda f: 1.0 if f.specificity >= 1.0 else ONE_SIDED_FACTOR,
    "none": lambda f: 1.0,
}


@dataclass
class Scored:
    """One initiative's evidence in an article, before a scorer turns it into a score."""

    initiative_id: int
    features: Features
    alias_id: int | None
    snippet: str
    reasons: list[str]


def collect_evidence(
    analysis: Analysis,
    places: set[int],
    initiative_places: dict[int, set[int]],
    place_names: dict[int, str] | None = None,
    context: Context | None = None,
    initiative_countries: dict[int, frozenset[str]] | None = None,
    language: str = "",
    initiative_grams: dict[int, frozenset[str]] | None = None,
) -> list[Scored]:
    """Every initiative the article names or describes, with its features and reasons."""
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
                if pattern.kind == "alias":
                    ev = evidence.setdefault(pattern.target_id, _Evidence())
                    f = ev.features
                    if weight == BODY_WEIGHT:
                        ev.body_mentions += 1
                        if ev.body_mentions > BODY_MENTIONS_COUNTED:
                            continue
                    if region == "title":
                        f.alias_title += pattern.specificity
                    elif region == "lead":
                        f.alias_lead += pattern.specificity
                    else:
                        f.alias_body += pattern.specificity
                    gain = weight * pattern.specificity
                    ev.terms[pattern.text, region] += 1
                    f.specificity = max(f.specificity, pattern.specificity)
                    # The snippet shows the most telling mention, in a paragraph (not the title).
                    rank = gain if para is not analysis.title else gain / 10
                    if rank > ev.best[0]:
                        ev.best = (rank, pattern.alias_id, para, start, end)
                elif pattern.kind == "term":
                    ev = evidence.setdefault(pattern.target_id, _Evidence())
                    seen = sum(n for (t, _r), n in ev.profile.items() if t == pattern.text)
                    if seen >= TERM_MENTIONS_COUNTED:
                        continue
                    if not seen:
                        ev.features.distinct_terms += 1
                    ev.profile[pattern.text, region] += 1
                    ev.features.terms += weight * pattern.specificity
                    if region == "title":
                        ev.features.term_title += pattern.specificity
                    rank = weight * pattern.specificity / 4
                    if para is not analysis.title and rank > ev.best[0]:
                        ev.best = (rank, ev.best[1], para, start, end)
                elif pattern.kind == "exclude":
                    ev = evidence.setdefault(pattern.target_id, _Evidence())
                    ev.features.exclusion = max(ev.features.exclusion, pattern.specificity)
                    if pattern.text not in ev.excluded:
                        ev.excluded.append(pattern.text)
    found = []
    names = place_names or {}
    article_grams: set[str] | None = None
    for initiative_id, ev in evidence.items():
        f = ev.features
        if not (ev.terms or ev.profile):
            continue  # an exclusion alone is no evidence
        f.language = language
        if initiative_grams:
            if article_grams is None:
                lead = [analysis.title, *analysis.paragraphs[:LEAD_PARAGRAPHS]]
                article_grams = char_grams(" ".join(p.normalized for p in lead))
            f.similarity = round(
                similarity(article_grams, initiative_grams.get(initiative_id, frozenset())), 4
            )
        shared = places & initiative_places.get(initiative_id, set())
        f.places = len(shared)
        reasons = _reasons(ev, [names.get(p, f"place #{p}") for p in shared])
        if context is not None and initiative_countries:
            sides = initiative_countries.get(initiative_id, frozenset())
            f.context, _factor, reason = read_bilateral(
                sides, context, specific=f.specificity >= 1.0
            )
            if reason:
                reasons.append(reason)
        _rank, alias_id, para, start, end = ev.best
        found.append(
            Scored(
                initiative_id=initiative_id,
                features=f,
                alias_id=alias_id,
                snippet=snippet(para, start, end) if para is not None else "",
                reasons=reasons,
            )
        )
    return found


def score_mentions(
    analysis: Analysis,
    places: set[int],
    initiative_places: dict[int, set[int]],
    place_names: dict[int, str] | None = None,
    context: Context | None = None,
    initiative_countries: dict[int, frozenset[str]] | None = None,
    language: str = "",
    scorer: Scorer | None = None,
    initiative_grams: dict[int, frozenset[str]] | None = None,
) -> list[Mention]:
    """Every initiative named or described in the article with its score (0–1), best alias,
    snippet and reasons; `scorer` (default: the rules) turns the features into the score."""
    scorer = scorer or RULES
    mentions = [
        Mention(
            initiative_id=found.initiative_id,
            score=scorer.score(found.features),
            alias_id=found.alias_id,
            snippet=found.snippet,
            reasons=found.reasons,
            model_version=scorer.version,
            features=found.features,
        )
        for found in collect_evidence(
            analysis,
            places,
            initiative_places,
            place_names,
            context,
            initiative_countries,
            language,
            initiative_grams,
        )
    ]
    mentions.sort(key=lambda m: (-m.score, m.initiative_id))
    return mentions


class Scorer:
    """Turns features into a score; `version` is stored on every link it scores."""

    version = "rules"

    def score(self, features: Features) -> float:
        return rules_score(features)


RULES = Scorer()


def score_article(
    analysis: Analysis, places: set[int], catalogue: Catalogue, language: str = ""
) -> list[Mention]:
    """The linking stage as the pipeline and relink run it: every initiative scored, by the
    promoted learned model when one is loaded (articles.ingest.learned), else by the rules."""
    return score_mentions(
        analysis,
        places,
        catalogue.initiative_places,
        catalogue.place_names,
        context=read_context(analysis, catalogue),
        initiative_countries=catalogue.initiative_countries,
        language=language,
        scorer=catalogue.scorer,
        initiative_grams=catalogue.initiative_grams,
    )


def thresholds_of(scorer: Scorer | None) -> tuple[float, float]:
    """(suggest, auto-confirm) thresholds of a scorer: a trained model's calibrated ones, or
    settings.LINK_SUGGEST_THRESHOLD / LINK_AUTOCONFIRM_THRESHOLD for the rules."""
    found = getattr(scorer, "thresholds", None) or {}
    return (
        float(found.get("suggest", settings.LINK_SUGGEST_THRESHOLD)),
        float(found.get("autoconfirm", settings.LINK_AUTOCONFIRM_THRESHOLD)),
    )


def _scorer(catalogue: Catalogue | None) -> Scorer | None:
    if catalogue is None:
        from articles.ingest.catalogue import current_catalogue

        catalogue = current_catalogue()
    return catalogue.scorer


def suggest_threshold(catalogue: Catalogue | None = None) -> float:
    """Score from which a link is suggested to editors, for the scorer in use."""
    return thresholds_of(_scorer(catalogue))[0]


def autoconfirm_threshold(catalogue: Catalogue | None = None) -> float:
    """Score from which a link is confirmed without an editor, for the scorer in use."""
    return thresholds_of(_scorer(catalogue))[1]


def suggestions(mentions: list[Mention], catalogue: Catalogue | None = None) -> list[Mention]:
    """The mentions strong enough to become links."""
    threshold = suggest_threshold(catalogue)
    return [m for m in mentions if m.score >= threshold]
