"""Which language an article is in: the three the linker reads (en, fa, ar) or another one.

The linker's names, profiles and folding are English, Persian and Arabic; a Turkish, French,
Kurdish, Urdu or Azerbaijani article read as one of them gets links it does not deserve. So
the text decides, by evidence no short English, Persian or Arabic text gives:

- **Latin script**: stop words. Another language is recognised when at least
  MIN_STOP_WORDS of its stop words (or letters only it uses, such as Azerbaijani ə) are
  found and they outnumber the English ones more than twice.
- **Arabic script**: letters Persian and Arabic do not use (Sorani ڕ ڵ ێ ۆ ە; Urdu ٹ ڈ ڑ ں
  ے; Pashto ټ ډ ړ ږ ښ ځ څ ۍ ې ګ ڼ), at least MIN_LETTERS of them and at least
  MIN_LETTER_SHARE of the Arabic-script letters, so one Kurdish place name quoted in a
  Persian story is not enough.
- **Other scripts** (Cyrillic, Greek, Hebrew, CJK…) more than Latin and Arabic together:
  "und", undetermined.

A source's language hint chooses among en, fa and ar when the text is theirs, and names the
language when the text alone cannot tell (a short text); it never overrides evidence of
another language.
"""

from __future__ import annotations

import re

LINKED = ("en", "fa", "ar")
UNDETERMINED = "und"
# What detect_language can return besides en/fa/ar; ArticleLanguage (articles.models) names them.
OTHER_LANGUAGES = {
    "tr": "Turkish",
    "az": "Azerbaijani",
    "ku": "Kurdish",
    "ckb": "Kurdish (Sorani)",
    "kmr": "Kurdish (Kurmanji)",
    "ur": "Urdu",
    "ps": "Pashto",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "ru": "Russian",
    "he": "Hebrew",
    "zh": "Chinese",
    UNDETERMINED: "Another language",
}
# A hint is a language code (ISO 639-1/2/3 with an optional region: "tr", "ckb", "pt-BR").
HINT = re.compile(r"^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$")
RTL = frozenset({"fa", "ar", "ckb", "ur", "ps", "he"})

MIN_STOP_WORDS = 3
MIN_LETTERS = 3
MIN_LETTER_SHARE = 0.02
SAMPLE_CHARS = 4000

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u0259]")
_OTHER_SCRIPT = re.compile(
    r"[\u0370-\u03ff\u0400-\u052f\u0590-\u05ff\u0e00-\u0e7f\u3040-\u9fff\uac00-\ud7af]"
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

_PERSIAN_ONLY = re.compile(r"[\u067e\u0686\u0698\u06af\u06cc\u06a9]")  # پ چ ژ گ ی ک
_ARABIC_ONLY = re.compile(r"[\u0629\u064a\u0643\u0649]")  # ة ي ك ى
_ARABIC_WORDS = re.compile(r"(?:^|\s)(?:في|التي|الذي|هذا|هذه|إلى|على)(?=\s|$)")
_PERSIAN_WORDS = re.compile(r"(?:^|\s)(?:است|این|برای|می|را|های|با)(?=\s|$)")

# Letters of Arabic-script languages that Persian and Arabic never write.
_SCRIPT_LETTERS = {
    "ckb": re.compile(r"[\u0695\u06b5\u06ce\u06c6\u06d5]"),  # ڕ ڵ ێ ۆ ە
    "ur": re.compile(r"[\u0679\u0688\u0691\u06ba\u06d2\u06d3]"),  # ٹ ڈ ڑ ں ے ۓ
    "ps": re.compile(r"[\u067c\u0689\u0693\u0696\u069a\u0681\u0685\u06cd\u06d0\u06ab\u06bc]"),
}

_STOP_WORDS = {
    "en": (
        "the of and to in is was for on that with by as at from are be has have it its this "
        "which will said were their an not but also been after who had would about they "
        "between over two new more than into under"
    ),
    "tr": (
        "ve bir bu için ile olarak çok daha gibi ama olan şu kadar sonra yeni iki ilk ise "
        "değil veya hem göre arasında ilgili tarafından üzere dedi yaptı oldu etti"
    ),
    "az": (
        "və bir bu üçün ilə olaraq çox daha kimi amma olan sonra yeni iki ilk isə deyil "
        "arasında tərəfindən bildirib edib oldu həm"
    ),
    "fr": (
        "le la les des du et est une dans pour que qui sur avec par pas au aux ont été sont "
        "cette entre ses leur mais plus lors selon après"
    ),
    "de": (
        "der die das und ist nicht mit den von zu ein eine sich auf für dem des im an am um "
        "auch wird wurde wurden nach bei aus zwischen über sind"
    ),
    "es": (
        "el los las del y que en es por con una para se su al como más fue entre sus sobre "
        "según tras ha"
    ),
    "it": ("il lo gli della delle dei di che è con una sono nel alla anche tra come più dopo"),
    "pt": ("do da dos das que em é por com uma para seu sua ao como mais foi entre não são"),
    "nl": (
        "de het een en van dat op te met voor zijn niet aan ook door bij naar werd tussen wordt"
    ),
    "kmr": "û ji li bi ku ev ew jî yên wê wî dê hat kir bû dike heye",
}
_STOPS = {lang: frozenset(words.split()) for lang, words in _STOP_WORDS.items()}
# Letters that only one of the Latin-script languages above uses.
_LATIN_LETTERS = {"az": re.compile("ə"), "tr": re.compile("[ığş]")}


def _latin_language(sample: str) -> str | None:
    """Another Latin-script language than English, when the text shows it; else None.

    A word both languages use ("an", "in") counts for neither side of the comparison."""
    words = [w.casefold() for w in _WORD.findall(sample)]
    folded = sample.casefold()
    az_letters = len(_LATIN_LETTERS["az"].findall(folded))
    tr_letters = len(_LATIN_LETTERS["tr"].findall(folded))
    best, best_hits = None, 0
    for lang, stops in _STOPS.items():
        if lang == "en":
            continue
        hits = sum(1 for w in words if w in stops)
        if lang == "az" and az_letters >= 2:  # ə: Azerbaijani, whatever it shares with Turkish
            hits += az_letters
        elif lang == "tr" and tr_letters >= 2 and az_letters < 2:
            hits += tr_letters
        english = sum(1 for w in words if w in _STOPS["en"] and w not in stops)
        if hits >= MIN_STOP_WORDS and hits > 2 * english and hits > best_hits:
            best, best_hits = lang, hits
    return best


def _arabic_script_language(sample: str, letters: int) -> str | None:
    """Sorani, Urdu or Pashto when enough of their own letters are written; else None."""
    found = {lang: len(pattern.findall(sample)) for lang, pattern in _SCRIPT_LETTERS.items()}
    best = max(found, key=lambda lang: (found[lang], lang))
    if found[best] >= MIN_LETTERS and found[best] >= MIN_LETTER_SHARE * letters:
        return best
    return None


def _persian_or_arabic(sample: str) -> str:
    persian = len(_PERSIAN_ONLY.findall(sample)) + 3 * len(_PERSIAN_WORDS.findall(sample))
    arabic = len(_ARABIC_ONLY.findall(sample)) + 3 * len(_ARABIC_WORDS.findall(sample))
    return "fa" if persian >= arabic else "ar"


def normalize_hint(hint: str) -> str | None:
    """A source's language code as the pipeline keeps it ("pt-BR" → "pt", "ku" stays, an
    unknown code → "und"), or None when it is no language code at all."""
    hint = (hint or "").strip().lower()
    if not hint:
        return ""
    if not HINT.match(hint):
        return None
    base = re.split(r"[-_]", hint)[0]
    return base if base in LINKED or base in OTHER_LANGUAGES else UNDETERMINED


def detect_language(text: str, hint: str = "") -> str:
    """en, fa or ar, or the other language the text is in (OTHER_LANGUAGES; "und" when
    unknown). `hint` is a normalised code (normalize_hint) or ""."""
    sample = text[:SAMPLE_CHARS]
    arabic = len(_ARABIC_SCRIPT.findall(sample))
    latin = len(_LATIN.findall(sample))
    others = len(_OTHER_SCRIPT.findall(sample))
    if others > arabic + latin:
        return hint if hint and hint not in LINKED else UNDETERMINED
    if arabic > latin:
        other = _arabic_script_language(sample, arabic)
        if other:
            return other
        if hint in ("fa", "ar"):
            return hint
        told = _PERSIAN_WORDS.search(sample) or _ARABIC_WORDS.search(sample)
        if hint and hint not in LINKED and not told:
            return hint  # the source says which, and no Persian or Arabic word says otherwise
        return _persian_or_arabic(sample)
    other = _latin_language(sample)
    if other:
        return other
    if hint and hint not in LINKED:
        words = [w.casefold() for w in _WORD.findall(sample)]
        if sum(1 for w in words if w in _STOPS["en"]) < MIN_STOP_WORDS:
            return hint  # too short to tell: the source's word stands
    return "en"
