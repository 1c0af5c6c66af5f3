"""Dedupe: canonical URLs, exact content hashes, and simhash near-duplicate detection."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from core.text import normalize_for_matching

# Query parameters that identify a campaign or a click, never the article.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "ga_")
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mkt_tok",
        "_hsenc",
        "_hsmi",
        "ref",
        "ref_src",
        "ref_url",
        "cmpid",
        "ocid",
        "smid",
        "sr_share",
        "spm",
        "s_cid",
        "at_medium",
        "at_campaign",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Two bodies whose 64-bit simhashes differ in at most this many bits are the same story.
NEAR_DUPLICATE_BITS = 10
_WORD = re.compile(r"\w+")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, default port, tracking parameters and fragment removed."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        netloc = f"[{host}]" + ("" if port in (None, _DEFAULT_PORTS.get(scheme)) else f":{port}")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_PARAMS
    ]
    query.sort()
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/")
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def content_hash(body: str, *, normalized: bool = False) -> str:
    """SHA-256 of the body folded for matching: the same text, however spaced, hashes alike."""
    folded = body if normalized else normalize_for_matching(body)
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


_BITS = np.arange(64, dtype=np.uint64)
_P = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))
_word_hashes: dict[str, int] = {}  # the vocabulary is bounded; hashing a word once is enough
_WORD_CACHE_LIMIT = 200_000


def _hash_words(words: list[str]) -> np.ndarray:
    out = np.empty(len(words), dtype=np.uint64)
    cache = _word_hashes
    for index, word in enumerate(words):
        value = cache.get(word)
        if value is None:
            value = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
            if len(cache) < _WORD_CACHE_LIMIT:
                cache[word] = value
        out[index] = value
    return out


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads the combined word hashes over all 64 bits."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def simhash(text: str, *, normalized: bool = False) -> int:
    """64-bit simhash of word 3-shingles (signed, to fit PostgreSQL bigint)."""
    words = _WORD.findall(text if normalized else normalize_for_matching(text)) or [""]
    hashes = _hash_words(words)
    with np.errstate(over="ignore"):
        if len(hashes) >= 3:
            hashes = _mix(hashes[:-2] * _P[0] + hashes[1:-1] * _P[1] + hashes[2:] * _P[2])
        else:
            hashes = _mix(hashes)
    values = np.unique(hashes)
    ones = ((values[:, None] >> _BITS) & np.uint64(1)).sum(axis=0)
    fingerprint = 0
    for bit in np.nonzero(ones * 2 > len(values))[0]:
        fingerprint |= 1 << int(bit)
    return fingerprint - (1 << 64) if fingerprint >= 1 << 63 else fingerprint


def hamming(a: int, b: int) -> int:
    """Differing bits between two (signed) 64-bit simhashes."""
    return ((a ^ b) & 0xFFFFFFFFFFFFFFFF).bit_count()


def is_near_duplicate(a: int, b: int) -> bool:
    """Same story (syndicated, lightly edited) by simhash distance."""
    return hamming(a, b) <= NEAR_DUPLICATE_BITS
