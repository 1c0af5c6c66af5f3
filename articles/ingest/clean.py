"""Clean: sanitise HTML to a small allowlist, normalise text, detect en/fa/ar."""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

from core.text import normalize_for_matching

__all__ = ["detect_language", "html_to_text", "looks_like_html", "normalize_for_matching"]

# Structure we keep while turning HTML into paragraphs; everything else is dropped by nh3.
_ALLOWED_TAGS = {
    "p",
    "br",
    "blockquote",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "b",
    "i",
    "em",
    "strong",
    "a",
    "div",
    "span",
    "q",
}
_BLOCK = re.compile(r"</?(?:p|br|blockquote|li|ul|ol|h[1-4]|div)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_HTMLISH = re.compile(r"<(?:p|br|div|span|a|b|i|em|strong|li|ul|h[1-6]|img|script|style)\b", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INLINE_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_PERSIAN_ONLY = re.compile(r"[\u067e\u0686\u0698\u06af\u06cc\u06a9]")  # پ چ ژ گ ی ک
_ARABIC_ONLY = re.compile(r"[\u0629\u064a\u0643\u0649]")  # ة ي ك ى
_ARABIC_WORDS = re.compile(r"(?:^|\s)(?:في|التي|الذي|هذا|هذه|إلى|على)(?=\s|$)")
_PERSIAN_WORDS = re.compile(r"(?:^|\s)(?:است|این|برای|می|را|های|با)(?=\s|$)")


def looks_like_html(text: str) -> bool:
    """True when a body carries HTML markup that must be sanitised, not shown."""
    return bool(_HTMLISH.search(text))


def html_to_text(markup: str) -> str:
    """Sanitise (nh3 allowlist, scripts and styles removed) and flatten to paragraphs."""
    safe = nh3.clean(markup, tags=_ALLOWED_TAGS, attributes={}, link_rel=None)
    text = _BLOCK.sub("\n", safe)
    text = html.unescape(_TAG.sub("", text))
    return normalize_text(text)


def normalize_text(text: str) -> str:
    """NFC, no control characters, single spaces, one paragraph per line, blank-line separated."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    lines = (_INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def clean_line(text: str) -> str:
    """One line of plain text (titles, bylines): tags stripped, spaces squeezed."""
    text = html.unescape(_TAG.sub("", nh3.clean(text, tags=set()))) if "<" in text else text
    return _INLINE_SPACE.sub(" ", _CONTROL.sub("", text.replace("\n", " "))).strip()


def detect_language(text: str, hint: str = "") -> str:
    """en, fa or ar by script ratio, then letters and words only one of fa/ar uses."""
    if hint in ("en", "fa", "ar"):
        return hint
    sample = text[:4000]
    arabic = len(_ARABIC_SCRIPT.findall(sample))
    latin = len(_LATIN.findall(sample))
    if arabic <= latin:
        return "en"
    persian_score = len(_PERSIAN_ONLY.findall(sample)) + 3 * len(_PERSIAN_WORDS.findall(sample))
    arabic_score = len(_ARABIC_ONLY.findall(sample)) + 3 * len(_ARABIC_WORDS.findall(sample))
    return "fa" if persian_score >= arabic_score else "ar"
