"""Text normalisation shared by the alias matcher, the extractors and the search box.

Persian and Arabic spell the same word with different code points (Arabic yeh/kaf vs
Persian yeh/keheh), optional diacritics, tatweel and zero-width non-joiners; digits come in
three scripts. Matching works on one folded form so that every spelling finds the same alias.
Word forms (proclitics, suffixes, compounds, transliterations) are folded on top of this, word
by word, in core.folding; this character folding stays what stored forms (Alias.normalized,
content hashes) are made of.
"""

from __future__ import annotations

import re
import unicodedata

_TRANSLATE = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh -> Persian yeh
        "\u0649": "\u06cc",  # alef maksura -> Persian yeh
        "\u0643": "\u06a9",  # Arabic kaf -> keheh
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u0623": "\u0627",  # alef with hamza above -> alef
        "\u0625": "\u0627",  # alef with hamza below -> alef
        "\u0622": "\u0627",  # alef madda -> alef
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0640": None,  # tatweel
        "\u200c": " ",  # zero-width non-joiner: a word-internal break, matched as a space
        "\u200d": None,  # zero-width joiner
        "\u200f": None,  # right-to-left mark
        "\u200e": None,  # left-to-right mark
        "\ufeff": None,
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        "\u2019": "'",
        "\u2018": "'",
        "\u2013": "-",
        "\u2014": "-",
    }
)
# Arabic harakat, tanwin, shadda, sukun, superscript alef, Quranic marks.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_SPACES = re.compile(r"\s+")


def normalize_for_matching(text: str) -> str:
    """Fold case, fa/ar letter variants, diacritics, tatweel, ZWNJ and digits; squeeze spaces."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _DIACRITICS.sub("", text)
    text = text.translate(_TRANSLATE).casefold()
    return _SPACES.sub(" ", text).strip()
