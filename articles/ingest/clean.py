"""Clean: sanitise HTML to a small allowlist, normalise text, detect the language
(articles.ingest.language: en/fa/ar, or another language that is stored but not linked)."""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

from articles.ingest.language import detect_language
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
