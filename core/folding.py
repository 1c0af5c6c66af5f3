"""Token folding: one form for the many ways news writes a catalogue name.

`core.text.normalize_for_matching` folds characters (case, fa/ar letter variants,
diacritics, ZWNJ, digits). This module works on the words of that normalised text:

- **Everywhere** (catalogue names and article text alike): words are runs of letters and
  digits, so hyphens and spaces separate the same words ("Basra–Shalamcheh", "Basra
  Shalamcheh"); other punctuation stays where it is, so no name matches across it. Apostrophes and
  transliteration marks go ("Arba'een" = "Arbaeen", "Iran's" = "Iran"); "al-"/"el-" and the
  Persian ezafe "-e"/"-i" in Latin script are dropped; Persian plural and ezafe pieces left
  alone by a ZWNJ ("بازارچه‌های", "منطقه‌ی") are dropped; hamza seats fold (ئ → ی, ؤ → و,
  ء dropped).
- **Only toward a catalogue word** (article text; a `Lexicon` holds the catalogue's words):
  a word that is not one is reduced, if that reaches one, by removing Arabic proclitics
  (و ف ب ل ك, "لل" for ل + ال: "بالشلامجة", "للشلامجة" → "الشلامجه"), swapping Persian and
  Arabic suffixes (plural ها/های/ان/ین, ezafe ی, nisba ي/ية: "زائرین" → "زائران",
  "دانشجوهای" → "دانشجویان", "الحدودي" → "الحدودية"), splitting or joining a compound
  ("راهآهن", "توافق نامه"), an English plural s, and for a capitalised Latin name a
  transliteration skeleton (ch/j, sh, kh, gh/q, doubled letters, vowels, final h:
  Shalamja, Shalamcha, Shalamaja → Shalamcheh).

Guarding the reductions with the catalogue's own words keeps precision: a word is never
stripped into something the catalogue does not name, a stripped remainder is at least three
letters, and a skeleton must also agree on the name's first four letters ("Arabian" is not
"Arbaeen"). Each space-separated piece of text is folded once per catalogue version and
memoised; a piece the fold leaves alone keeps its place, so folding a text is one pass and
a dictionary look-up per piece, and offsets map back through the few pieces that changed.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from core.text import normalize_for_matching

# A word: letters and digits, with apostrophes and transliteration marks inside it.
_WORD = re.compile(r"[^\W_]+(?:['`\u02bc\u02be\u02bf\u00b4][^\W_]+)*")
_MARKS = re.compile(r"['`\u02bc\u02be\u02bf\u00b4]")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_HAMZA = str.maketrans({"\u0626": "\u06cc", "\u0624": "\u0648", "\u0621": None, "\u06c0": "\u0647"})

_LATIN_DROPPED = frozenset({"al", "el"})
_LATIN_EZAFE = frozenset({"e", "i", "ye"})  # "Qasr-e Shirin", "Qasr-i Shirin"
_PERSIAN_PIECES = frozenset({"ها", "های", "هایی", "ی"})  # after a ZWNJ: plural, ezafe
_SUFFIXES = ("هایی", "های", "ها", "یان", "یون", "یین", "ین", "ون", "ان", "ات", "یه", "ی")
# Persian letters in Arabic text ("الشلامچة", "پزشكيان"): tried as their Arabic neighbours.
_PERSIAN_LETTERS = str.maketrans(
    {"\u0686": "\u062c", "\u067e": "\u0628", "\u06af": "\u06a9", "\u0698": "\u0632"}
)
# "الثانية والأربعين" is forty-two, not "and Arbaeen": a tens number after و/ف stays a number.
_TENS = frozenset(
    article + root + "ین"
    for root in ("عشر", "ثلاث", "اربع", "خمس", "ست", "سبع", "ثمان", "تسع")
    for article in ("", "ال")
)
_MIN_LETTERS = 3
_MIN_DERIVED_STEM = 4  # a stem taken off a catalogue word: "ایران" gives no "ایر"
_MEMO_LIMIT = 200_000


def is_arabic_script(word: str) -> bool:
    """True when the word is written in Arabic script (Persian or Arabic)."""
    return bool(_ARABIC_LETTER.match(word))


def fold_word(word: str) -> str:
    """The per-word fold applied everywhere: marks, possessive, Latin accents, hamza seats."""
    if is_arabic_script(word):
        return word.translate(_HAMZA)
    if word.endswith(("'s", "\u02bcs")):
        word = word[:-2]
    word = _MARKS.sub("", word)
    if not word.isascii():
        word = "".join(
            c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
        )
    return word


# What a word does in its context: kept, dropped always, dropped after a hyphen (Latin
# ezafe), dropped after an Arabic-script word (Persian plural/ezafe piece).
_KEEP, _DROP, _DROP_AFTER_HYPHEN, _DROP_AFTER_ARABIC = range(4)


def _role(folded: str) -> int:
    if folded in _LATIN_DROPPED:
        return _DROP
    if folded in _LATIN_EZAFE:
        return _DROP_AFTER_HYPHEN
    if folded in _PERSIAN_PIECES:
        return _DROP_AFTER_ARABIC
    return _KEEP


# --- Reductions toward catalogue words -----------------------------------------------------


def unclitic(word: str) -> list[str]:
    """Arabic forms of a word without its proclitics (و/ف, then ب/ل/ك; لل = ل + ال)."""
    found: list[str] = []
    for conj in ("", "و", "ف"):
        if not word.startswith(conj):
            continue
        rest = word[len(conj) :]
        if conj and rest in _TENS:
            continue
        for prep in ("", "ب", "ل", "ک"):
            if not (conj or prep) or not rest.startswith(prep):
                continue
            bare = rest[len(prep) :]
            if len(bare) >= _MIN_LETTERS:
                found.append(bare)
            if prep == "ل" and bare.startswith("ل") and len(bare) >= _MIN_LETTERS:
                found.append("ا" + bare)  # للشلامجة: ل + (ا)لشلامجة
    return found


def stems(word: str, minimum: int = _MIN_LETTERS) -> list[str]:
    """The word without each Persian/Arabic suffix it ends in (remainder ≥ minimum letters)."""
    return [
        word[: -len(suffix)]
        for suffix in _SUFFIXES
        if word.endswith(suffix) and len(word) - len(suffix) >= minimum
    ]


_DIGRAPHS = (
    ("tch", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("ch", "j"),
    ("sh", "x"),
    ("kh", "k"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("ck", "k"),
    ("q", "g"),
    ("w", "v"),
)
_VOWEL_CLASS = str.maketrans("aeiouy", "aeeooe")
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile("[aeiouy]")


def skeleton(word: str) -> tuple[str, str] | None:
    """A Latin name's transliteration key: (consonants, first four letters), or None.

    Sounds are folded first (ch/j, sh, kh/k, gh/q/g, doubled letters, a final h after a
    vowel) and vowels by class (a; e/i/y; o/u): Shalamcheh, Shalamja, Shalamcha, Shalamjah
    and Shalamaja share ("xlmj", "xala"). Short words have none: too many would share it.
    """
    if len(word) < 5 or not word.isascii() or not word.isalpha():
        return None
    for digraph, sound in _DIGRAPHS:
        word = word.replace(digraph, sound)
    word = _DOUBLED.sub(r"\1", word)
    if len(word) > 2 and word.endswith("h") and word[-2] in "aeiouy":
        word = word[:-1]  # Shalamjah, Basrah, Zurbatiyah
    head = word[0].translate(_VOWEL_CLASS) if word[0] in "aeiouy" else ""
    consonants = _DOUBLED.sub(r"\1", _VOWELS.sub("", word[1:] if head else word))
    key = head + consonants
    if len(key) < 4:
        return None
    return key, word.translate(_VOWEL_CLASS)[:4]


@dataclass
class Folded:
    """A text's folded form, mapped back to the normalised text it came from.

    Pieces of text the fold left alone keep their place; each piece it changed (or
    dropped, or joined) is a region: (start, end) here, (start, end) there.
    """

    text: str
    regions: list[tuple[int, int, int, int]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def _region(self, offset: int) -> tuple[int, int, int, int] | None:
        index = bisect.bisect_right(self._starts, offset) - 1
        return self.regions[index] if index >= 0 else None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span in the normalised text of the folded text between start and end."""
        region = self._region(start)
        if region is None:
            source_start = start
        elif start < region[1]:
            source_start = region[2]
        else:
            source_start = region[3] + start - region[1]
        region = self._region(end - 1)
        if region is None:
            source_end = end
        elif end - 1 < region[1]:
            source_end = region[3]
        else:
            source_end = region[3] + end - region[1]
        return source_start, source_end


# A piece of text as the fold sees it: its folded form, whether that is the piece itself,
# its role on its own (dropped, Persian piece), its last word's fold (for compounds) and
# whether that word is Arabic script and may start a compound, and whether the piece is
# one bare word (may end a compound).
_Piece = tuple[str, bool, int, str, bool, bool, bool]
_HYPHEN_CHARS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_HYPHENS = frozenset(_HYPHEN_CHARS)
_DROP_PIECE = 1  # "-" alone, "al"
_PERSIAN_PIECE = 2  # "ها", "های", "ی" after an Arabic-script word


class Lexicon:
    """The catalogue's words, and the reductions of article words that reach them.

    Built once per catalogue version: add every name (add_name), then fold texts and names
    alike with fold(). Reductions only ever land on a word some name contains.
    """

    def __init__(self) -> None:
        self.words: set[str] = set()
        self._stems: dict[str, str] = {}
        self._skeletons: dict[tuple[str, str], str] = {}
        # a space-free piece of text → its words, folded (see _chunk)
        self._chunks: dict[str, _Piece] = {}
        self._unchanged: set[str] = set()  # pieces that are their own fold, whatever the context
        self._heads: set[str] = set()  # how Arabic-script catalogue words start (compounds)

    def add_name(self, text: str) -> None:
        """Learn a catalogue name's words (capitalised Latin ones get a skeleton too)."""
        folded = self._plain(normalize_for_matching(text))
        self.words.update(folded)
        self.words.update(_without_article(folded))
        for original in _WORD.findall(unicodedata.normalize("NFKC", text)):
            if original[:1].isupper():
                word = fold_word(original).casefold()
                key = skeleton(word)
                if key and (key not in self._skeletons or word < self._skeletons[key]):
                    self._skeletons[key] = word
        self._chunks.clear()
        self._unchanged.clear()

    def finish(self) -> None:
        """Derive the suffix stems once every name is in (call before folding texts)."""
        self._stems = {word: word for word in self.words}
        for word in sorted(self.words):
            if not is_arabic_script(word):
                continue
            for stem in stems(word, _MIN_DERIVED_STEM):
                current = self._stems.get(stem)
                if current is None or (current != stem and word < current):
                    self._stems[stem] = word
        self._heads = {
            word[:cut]
            for word in self.words
            if is_arabic_script(word)
            for cut in range(2, len(word) - 1)
        }
        self._chunks.clear()
        self._unchanged.clear()

    def variants(self, text: str) -> list[str]:
        """The keys a catalogue name is matched under: its fold, and for an Arabic name
        that opens with a definite noun and its adjectives, the same without ال
        ("الأسواق الحدودية" also as "أسواق حدودية"; not "زيارة الأربعين", not "الأربعين")."""
        folded = self.fold(normalize_for_matching(text)).text
        keys = [folded]
        bare = " ".join(_without_article(folded.split(" ")))
        if bare != folded:
            keys.append(bare)
        return keys

    def reduce(self, word: str) -> str:
        """The catalogue word an article word stands for, or the word itself."""
        return word if word in self.words else self._reduce(word)

    def _reduce(self, word: str) -> str:
        if is_arabic_script(word):
            candidates = [word, *unclitic(word)]
            arabic = word.translate(_PERSIAN_LETTERS)
            if arabic != word:
                candidates += [arabic, *unclitic(arabic)]
            for candidate in candidates[1:]:
                if candidate in self.words:
                    return candidate
            for candidate in candidates:
                for stem in stems(candidate):
                    if stem in self._stems:
                        return self._stems[stem]
            return word
        if word.endswith("s") and len(word) > 3:
            for bare in (word[:-1], word[:-2] if word.endswith("es") else None):
                if bare and bare in self.words:
                    return bare
        key = skeleton(word)
        if key and key in self._skeletons:
            return self._skeletons[key]
        return word

    def _split(self, word: str) -> tuple[str, ...] | None:
        # A compound written without its ZWNJ: both halves catalogue words.
        for cut in range(2, len(word) - 1):
            head, tail = word[:cut], word[cut:]
            if head in self.words and tail in self.words:
                return head, tail
        return None

    def _plain(self, normalized: str) -> list[str]:
        # The deterministic fold only (no reductions): how a name's own words are learnt.
        return _WORD.findall(self._fold(normalized, reducing=False).text)

    def fold(self, normalized: str) -> Folded:
        """Fold already-normalised text word by word toward the catalogue's words."""
        return self._fold(normalized, reducing=True)

    def _piece(self, chunk: str, reducing: bool) -> _Piece:
        # One space-free piece: its words folded; a hyphen between words becomes a space,
        # other punctuation stays where it is (no name crosses it, as before folding).
        if chunk and all(c in _HYPHENS for c in chunk):
            return "", False, _DROP_PIECE, "", False, False, False
        parts: list[str] = []
        last = 0
        previous = ""  # the fold of the last word kept in this piece
        words = 0
        base = ""
        dropped_any = False
        for match in _WORD.finditer(chunk):
            start, end = match.span()
            gap = chunk[last:start]
            last = end
            word = fold_word(match.group())
            role = _role(word)
            hyphen_gap = bool(gap) and all(c in _HYPHENS for c in gap)
            dropped = role == _DROP or (
                previous
                and hyphen_gap
                and (
                    role == _DROP_AFTER_HYPHEN
                    or (role == _DROP_AFTER_ARABIC and is_arabic_script(previous))
                )
            )
            if dropped:  # "al-Sudani", "Qasr-e": the word goes, its hyphen with it
                dropped_any = True
                if not previous:
                    parts.append(gap.strip(_HYPHEN_CHARS))
                elif not hyphen_gap:
                    parts.append(gap)
                continue
            if not previous:
                parts.append(gap.strip(_HYPHEN_CHARS))
            else:
                parts.append(" " if hyphen_gap else gap)
            parts.append(
                " ".join(self._outputs(word, is_arabic_script(word))) if reducing else word
            )
            previous = base = word
            words += 1
        trailing = chunk[last:]
        parts.append(trailing.rstrip(_HYPHEN_CHARS) if words else trailing)
        folded = "".join(parts)
        if not folded and dropped_any:  # "al" on its own
            return "", False, _DROP_PIECE, "", False, False, False
        single = words == 1 and folded == base
        role = _PERSIAN_PIECE if single and base in _PERSIAN_PIECES else _KEEP
        arabic = bool(words) and is_arabic_script(base) and not trailing
        head = single and arabic and base in self._heads
        return folded, folded == chunk, role, base, arabic, head, single

    def _fold(self, normalized: str, *, reducing: bool) -> Folded:
        # One pass over the space-separated pieces; for most, one dict look-up and nothing
        # more: the piece is its own fold and keeps its place.
        pieces = normalized.split(" ")
        if reducing and self._unchanged.issuperset(pieces):
            return Folded(normalized)  # every piece is its own fold (the common case)
        memo = self._chunks if reducing else {}
        lexicon_words = self.words
        out: list[str] = []
        regions: list[tuple[int, int, int, int]] = []
        position = 0  # in the folded text
        offset = 0  # in the normalised text
        previous_base = ""
        previous_head = False  # the last piece kept may start a compound
        previous_arabic = False  # …ends in an Arabic-script word, with no punctuation after
        previous_region = False  # …is a region (not its own fold)
        for chunk in pieces:
            piece = memo.get(chunk)
            if piece is None:
                piece = self._piece(chunk, reducing)
                if reducing:
                    if len(memo) >= _MEMO_LIMIT:
                        memo.clear()
                        self._unchanged.clear()
                    memo[chunk] = piece
                    if piece[1] and piece[2] == _KEEP and not piece[5]:
                        self._unchanged.add(chunk)
            folded, same, role, base, arabic, head, single = piece
            size = len(chunk)
            if role and (role == _DROP_PIECE or previous_arabic):
                # Dropped with the space after it: what follows maps past it.
                regions.append((position, position, offset, offset + size + 1))
                previous_head = previous_arabic = previous_region = False
                offset += size + 1
                continue
            if (
                previous_head
                and single
                and arabic
                and reducing
                and previous_base + base in lexicon_words
            ):
                # "توافق نامه" → "توافقنامه": the compound the catalogue writes joined.
                joined = previous_base + base
                start = position - len(out[-1]) - 1
                source_start = regions.pop()[2] if previous_region else offset - len(out[-1]) - 1
                out[-1] = joined
                position = start + len(joined) + 1
                regions.append((start, start + len(joined), source_start, offset + size))
                previous_base, previous_head, previous_arabic = joined, False, True
                previous_region = True
                offset += size + 1
                continue
            out.append(folded)
            if not same:
                regions.append((position, position + len(folded), offset, offset + size))
            previous_region = not same
            position += len(folded) + 1
            offset += size + 1
            previous_base, previous_head, previous_arabic = base, head, arabic
        result = Folded(" ".join(out), regions)
        result._starts = [region[0] for region in regions]
        return result

    def _outputs(self, base: str, arabic: bool) -> tuple[str, ...]:
        reduced = self.reduce(base)
        if reduced == base and arabic and len(base) >= 5 and base not in self.words:
            halves = self._split(base)
            if halves:
                return halves
        return (reduced,)


def _without_article(parts: list[str]) -> list[str]:
    # The leading run of words with ال (a definite noun and its adjectives) loses it; a
    # single word keeps it, an idafa's second term ("زيارة الأربعين") too.
    if len(parts) < 2:
        return parts
    run = 0
    while run < len(parts) and parts[run].startswith("ال") and len(parts[run]) - 2 >= 3:
        run += 1
    if run == 0:
        return parts
    return [p[2:] for p in parts[:run]] + parts[run:]


def fold(text: str, lexicon: Lexicon | None = None) -> str:
    """Any text (a search query, a name) folded: normalised, then word by word; with a
    lexicon, article words are also reduced toward its catalogue words."""
    normalized = normalize_for_matching(text)
    if lexicon is None:
        lexicon = Lexicon()
    return lexicon.fold(normalized).text


# --- Search: one folding for the stored search vector and the query ------------------------
# The database applies the same folding in SQL (articles migration 0019_search_folding,
# ct_search_fold / ct_search_document); tests/core/test_search_folding.py holds the two equal
# on word lists of the three languages.

_ARABIC_RUN = "\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff"
# The Arabic article with its proclitics (و ف, then ب ل ک; لل = ل + ال) before a word of at
# least three letters: "الشلامجه", "والشلامجه", "بالشلامجه", "للشلامجه" all give "شلامجه".
SEARCH_ARTICLE = re.compile(f"(^|[^{_ARABIC_RUN}])(?:[وف]?[بلک]?ال|[وف]?لل)([{_ARABIC_RUN}]{{3,}})")


def search_fold(text: str) -> str:
    """The characters as the matcher folds them (core.text.normalize_for_matching: letter
    variants, diacritics, tatweel, ZWNJ as a space, digits) and hamza seats (ئ ی, ؤ و)."""
    return normalize_for_matching(text).translate(_HAMZA)


def search_query(text: str) -> str:
    """A search query folded, each Arabic word without its article and proclitics: it then
    finds the word written with or without them (the document keeps both forms)."""
    return SEARCH_ARTICLE.sub(r"\1\2", search_fold(text))


def search_document(text: str) -> str:
    """What a document's search vector is made of: its folded text, then the same without
    the Arabic articles and proclitics."""
    folded = search_fold(text)
    bare = SEARCH_ARTICLE.sub(r"\1\2", folded)
    return folded if bare == folded else f"{folded} {bare}"
