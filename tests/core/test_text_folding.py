"""core.folding: word forms that must fold together, and words that must stay apart."""

from __future__ import annotations

import pytest

from core.folding import Lexicon, fold, skeleton
from core.text import normalize_for_matching

# Names as the starter catalogue writes them (aliases, places, people).
NAMES = [
    "Basra–Shalamcheh railway",
    "Shalamcheh railway",
    "Shalamcheh",
    "Basra",
    "Basrah",
    "Arbaeen",
    "Arbaein",
    "Arbaeen pilgrims",
    "Chazabeh",
    "Chazzabeh",
    "al-Sheeb",
    "Zurbatiyah",
    "Khorramshahr",
    "Mehran",
    "Qasr-e Shirin",
    "Qassem al-Araji",
    "Iran's gas debts",
    "Iran–Iraq railway",
    "border markets",
    "Persian Gulf–Mediterranean corridor",
    "الشلامجة",
    "منفذ الشلامجة",
    "سكة الشلامجة",
    "سكة حديد الشلامجة–البصرة",
    "البصرة",
    "كربلاء",
    "بغداد",
    "إيران",
    "الأسواق الحدودية",
    "السوق الحدودية",
    "طريق التنمية",
    "الغاز الإيراني",
    "الأربعين",
    "زيارة الأربعين",
    "راه‌آهن شلمچه–بصره",
    "خط آهن شلمچه–بصره",
    "بازارچه‌های مرزی",
    "بازارچه مرزی",
    "منطقه آزاد مشترک",
    "زائران اربعین",
    "دانشجویان عراقی",
    "توافقنامه امنیتی",
    "پیاده‌روی اربعین",
    "مرز مهران",
    "تهران",
]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    lexicon = Lexicon()
    for name in NAMES:
        lexicon.add_name(name)
    lexicon.finish()
    return lexicon


def folded(lexicon: Lexicon, text: str) -> str:
    return lexicon.fold(normalize_for_matching(text)).text


def matches(lexicon: Lexicon, name: str, text: str) -> bool:
    """True when the catalogue name is found in the text, as the alias matcher finds it."""
    haystack = f" {folded(lexicon, text)} "
    return any(f" {key} " in haystack for key in lexicon.variants(name))


ARABIC_TOGETHER = [
    ("والشلامجة", "الشلامجة"),
    ("بالشلامجة", "الشلامجة"),
    ("للشلامجة", "الشلامجة"),
    ("فالشلامجة", "الشلامجة"),
    ("وبالشلامجة", "الشلامجة"),
    ("الشلامچة", "الشلامجة"),  # Persian cheh in Arabic text
    ("كربلا", "كربلاء"),
    ("وإيران", "إيران"),
    ("لإيران", "إيران"),
    ("وبغداد", "بغداد"),
    ("السوق الحدودي", "السوق الحدودية"),
]
PERSIAN_TOGETHER = [
    ("راه آهن", "راه‌آهن"),
    ("راهآهن", "راه‌آهن"),
    ("خط‌آهنِ", "خط آهن"),
    ("بازارچه‌های مرزی", "بازارچه مرزی"),
    ("بازارچههای مرزی", "بازارچه مرزی"),
    ("بازارچه های مرزی", "بازارچه مرزی"),
    ("منطقه‌ی آزاد", "منطقه آزاد"),
    ("زائرین", "زائران"),
    ("زایران", "زائران"),
    ("دانشجوهای", "دانشجویان"),
    ("توافق نامه", "توافقنامه"),
    ("پیاده روی", "پیاده‌روی"),
    ("پياده روي", "پیاده‌روی"),  # Arabic yeh
    ("اربعين", "اربعین"),
    ("شلمچه‌ـبصره", "شلمچه–بصره"),  # ZWNJ and tatweel as a dash
]
ENGLISH_TOGETHER = [
    ("Shalamja", "Shalamcheh"),
    ("Shalamcha", "Shalamcheh"),
    ("Shalamjah", "Shalamcheh"),
    ("Shalamaja", "Shalamcheh"),
    ("Shalamche", "Shalamcheh"),
    ("SHALAMCHEH", "Shalamcheh"),
    ("Arbain", "Arbaeen"),
    ("Arba'een", "Arbaeen"),
    ("Arba’een", "Arbaeen"),
    ("Khurramshahr", "Khorramshahr"),
    ("Zurbatiya", "Zurbatiyah"),
    ("Zorbatiyah", "Zurbatiyah"),
    ("Khoramshahr", "Khorramshahr"),
    ("Al Sheeb", "Sheeb"),
    ("al-Sheeb", "el-Sheeb"),
    ("Qasr-i Shirin", "Qasr-e Shirin"),
    ("Qasr Shirin", "Qasr-e Shirin"),
    ("Basra-Shalamcheh", "Basra–Shalamcheh"),
    ("Basra Shalamcheh", "Basra–Shalamcheh"),
    ("Iran’s", "Iran"),
    ("railways", "railway"),
]


@pytest.mark.parametrize("variant, form", ARABIC_TOGETHER + PERSIAN_TOGETHER + ENGLISH_TOGETHER)
def test_variants_fold_together(lexicon, variant, form):
    assert folded(lexicon, variant) == folded(lexicon, form)


STAY_APART = [
    # Arabic: a leading letter that is no proclitic, a number, a plain noun.
    ("والأربعين", "الأربعين"),  # "الثانية والأربعين" is forty-two
    ("بغداد", "غداد"),
    ("لبنان", "بنان"),
    ("الحدود", "الحدودية"),
    ("أربع", "الأربعين"),
    ("وطن", "طن"),
    # Persian: stems that are other words.
    ("مهر", "مهران"),
    ("مهری", "مهران"),
    ("بازار", "بازارچه"),
    ("مرزبان", "مرز"),
    # English: words that look like names.
    ("Arabian", "Arbaeen"),
    ("urban", "Arbaeen"),
    ("ribbon", "Arbaeen"),
    ("iron", "Iran"),
    ("Mehr", "Mehran"),
    ("Basil", "Basra"),
    ("shallow", "Shalamcheh"),
    ("cheese", "Chazabeh"),
    ("Araj", "Araji"),
]


@pytest.mark.parametrize("word, name", STAY_APART)
def test_other_words_stay_apart(lexicon, word, name):
    assert folded(lexicon, word) != folded(lexicon, name)


@pytest.mark.parametrize(
    "name, text",
    [
        ("سكة الشلامجة", "أعمال التسوية لخط بسكة الشلامجة بدأت"),
        ("الأسواق الحدودية", "وأشاد بالأسواق الحدودية في ديالى"),
        ("الأسواق الحدودية", "اتفقا على فتح أسواق حدودية جديدة"),  # without the article
        ("طريق التنمية", "الربط لطريق التنمية من الفاو"),
        ("الغاز الإيراني", "المحطات تعمل بالغاز الإيراني"),
        ("سكة حديد الشلامجة–البصرة", "مشروع سكة حديد الشلامجة البصرة"),
        ("راه‌آهن شلمچه–بصره", "عملیات راه آهن شلمچـه-بصره آغاز شد"),
        ("خط آهن شلمچه–بصره", "ریل‌گذاریِ خط‌آهنِ شلمچه‌ـبصره تا پایان سال"),
        ("بازارچه‌های مرزی", "رونق بازارچههای مرزی استان"),
        ("زائران اربعین", "موج زائرین اربعين در مرزها"),
        ("منطقه آزاد مشترک", "ایجاد منطقه‌ی آزاد مشترک"),
        ("توافقنامه امنیتی", "اعرجي: توافق نامه امنيتي با ايران اجرا شد"),
        ("Shalamcheh railway", "work on the Shalamja railway began"),
        ("Basra–Shalamcheh railway", "the Basra Shalamcheh railway"),
        ("Arbaeen pilgrims", "Arba'een pilgrims crossed at Mehran"),
        ("Iran's gas debts", "Iran’s gas debts were discussed"),
    ],
)
def test_names_are_found_in_their_variant_forms(lexicon, name, text):
    assert matches(lexicon, name, text)


@pytest.mark.parametrize(
    "name, text",
    [
        ("Basra–Shalamcheh railway", "they met in Basra. Shalamcheh railway staff were there"),
        ("border markets", "on the border, markets were closed"),
        ("الأربعين", "الذكرى الثانية والأربعين لتحرير المدينة"),
        ("زيارة الأربعين", "زيارة أربعين عائلة"),  # an idafa keeps its ال
        ("Arbaeen", "the Arabian peninsula"),
    ],
)
def test_punctuation_numbers_and_lookalikes_do_not_match(lexicon, name, text):
    assert not matches(lexicon, name, text)


def test_a_folded_match_maps_back_to_the_words_of_the_normalised_text(lexicon):
    normalized = normalize_for_matching("Work on the Shalamja–Basra rail line, officials said.")
    result = lexicon.fold(normalized)

    start = result.text.index("shalamcheh")
    span = result.span(start, start + len("shalamcheh basra"))
    assert normalized[span[0] : span[1]] == "shalamja-basra"


def test_compounds_map_back_to_both_words(lexicon):
    normalized = normalize_for_matching("اجرای توافق نامه امنیتی")
    result = lexicon.fold(normalized)

    start = result.text.index("توافقنامه")
    span = result.span(start, len(result.text))
    assert normalized[span[0] : span[1]] == "توافق نامه امنیتی"


def test_punctuation_stays_where_it_is_and_hyphens_become_spaces(lexicon):
    assert folded(lexicon, "Basra. al-Shalamja – (railway)") == "basra. shalamcheh (railway)"


def test_without_a_lexicon_only_the_deterministic_folds_apply():
    assert fold("Arba’een, al-Sheeb — بازارچه‌های مرزی") == "arbaeen, sheeb بازارچه مرزی"
    assert fold("بالشلامجة") == "بالشلامجه"  # no catalogue word to reduce toward


def test_skeleton_needs_a_long_word():
    assert skeleton("shalamcheh") == skeleton("shalamaja")
    assert skeleton("iran") is None
    assert skeleton("najaf") is None  # three consonants: too many words would share it


def test_normalize_for_matching_is_unchanged_for_its_callers():
    assert normalize_for_matching("راه‌آهن شلمچـه") == "راه اهن شلمچه"
    assert normalize_for_matching("  Basra–Shalamcheh  ") == "basra-shalamcheh"
