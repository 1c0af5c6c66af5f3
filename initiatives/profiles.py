"""The rules a profile term must pass, wherever it comes from (catalogue file or editor).

A profile term says what an initiative is about ("exports to Iraq", "camps moved away from
the border", "منح دراسية"); the linker adds its weight where the article names the
initiative's countries together. A term that would match almost every article (a country
name, "the", "و"), that is no word at all, or that is written in another script than its
language says is refused with a message saying why, before anything is stored.
"""

from __future__ import annotations

import re

from core.exceptions import DomainError
from core.text import normalize_for_matching

MAX_TERM_CHARS = 120
MAX_TERM_WORDS = 8
MIN_TERM_LETTERS = 3

_SCRIPT_NAMES = {"fa": "Persian", "ar": "Arabic"}
_LATIN = re.compile(r"[A-Za-z]")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")

# Words that say nothing about any initiative: every article of the tracker has them. The
# bilateral context (both countries named) is read by the linker itself, so the countries'
# names are no profile terms either. Compared after normalize_for_matching.
_WORDS = """
the and of in to for with on a an is are was were said says iran iraq iranian iraqi irans
iraqs tehran baghdad two countries cooperation bilateral agreement minister government
official news
و در به از که این با را برای ایران عراق ایرانی عراقی تهران بغداد همکاری دو کشور
و في من إلى على عن مع أن هذا هذه إيران العراق الإيراني العراقي طهران بغداد تعاون البلدين
"""
_MEANINGLESS = {normalize_for_matching(word) for word in _WORDS.split()}


def check_term(text: str, language: str, weight: float) -> tuple[str, str]:
    """(text stripped, normalised form) of an acceptable term; DomainError saying why not."""
    text = " ".join((text or "").split())
    normalized = normalize_for_matching(text)
    if not normalized:
        raise DomainError("A profile term needs some text.", field="text")
    if len(text) > MAX_TERM_CHARS:
        raise DomainError(
            f"“{text[:40]}…” is too long for a term ({len(text)} characters, at most "
            f"{MAX_TERM_CHARS}): a term is a word or a short phrase.",
            field="text",
        )
    if len(normalized.split()) > MAX_TERM_WORDS:
        raise DomainError(
            f"“{text}” has {len(normalized.split())} words; a term has at most "
            f"{MAX_TERM_WORDS} (a phrase, not a sentence).",
            field="text",
        )
    letters = sum(ch.isalpha() for ch in normalized)
    if letters < MIN_TERM_LETTERS:
        raise DomainError(
            f"“{text}” has fewer than {MIN_TERM_LETTERS} letters: it would match inside "
            "unrelated words and numbers.",
            field="text",
        )
    if normalized in _MEANINGLESS or all(w in _MEANINGLESS for w in normalized.split()):
        raise DomainError(
            f"“{text}” appears in almost every article the tracker reads, so it says nothing "
            "about this initiative (the linker reads the countries named by itself).",
            field="text",
        )
    if language == "en" and _ARABIC_SCRIPT.search(text):
        raise DomainError(f"“{text}” is not written in English letters.", field="language")
    if language in ("fa", "ar") and _LATIN.search(text) and not _ARABIC_SCRIPT.search(text):
        raise DomainError(
            f"“{text}” is written in Latin letters, not in {_SCRIPT_NAMES[language]}.",
            field="language",
        )
    try:
        value = float(weight)
    except (TypeError, ValueError):
        raise DomainError(f"The weight “{weight}” is not a number.", field="weight") from None
    if not 0 < value <= 1:
        raise DomainError(
            f"The weight must be more than 0 and at most 1, not {weight}.", field="weight"
        )
    return text, normalized
