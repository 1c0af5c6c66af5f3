"""Search forgives spelling: the query and the stored vectors are folded alike, in Python
(core.folding) and in the database (articles 0019), in three languages."""

from __future__ import annotations

import pytest
from django.db import connection

from articles.selectors.search import search
from core.folding import search_document, search_fold, search_query
from tests.factories import ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db

# Forms a reader types for the same word, and must find each other.
SAME = [
    # Arabic yeh/kaf as typed on an Arabic keyboard, Persian ones on a Persian keyboard
    ("ايران", "ایران"),
    ("كربلا", "کربلا"),
    ("كربلاء", "کربلا"),  # hamza dropped
    # ZWNJ or a space inside a Persian compound
    ("راه‌آهن", "راه آهن"),
    ("بازارچه‌های مرزی", "بازارچه های مرزی"),
    # diacritics and tatweel
    ("العِرَاق", "العراق"),
    ("العـــراق", "العراق"),
    # alef forms, teh marbuta, hamza seats
    ("إيران", "ايران"),
    ("الشلامجة", "الشلامجه"),
    ("مسؤول", "مسوول"),
    # digits in three scripts
    ("۱۴۰۳", "1403"),
    ("٢٠٢٤", "2024"),
]
# The Arabic article and its proclitics: every form finds the bare word and the others.
ARTICLE_FORMS = ["الشلامجة", "والشلامجة", "بالشلامجة", "للشلامجة", "فالشلامجة", "شلامجة"]
# Words that must stay apart (the article is taken off only before three letters or more).
APART = [("الله", "له"), ("ايران", "ايرانيون"), ("بغداد", "غداد")]


def _sql(function: str, text: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [text])  # noqa: S608 - a fixed function name
        return cursor.fetchone()[0]


@pytest.mark.parametrize("word", [w for pair in SAME for w in pair] + ARTICLE_FORMS)
def test_the_database_folds_as_python_does(word):
    assert _sql("ct_search_fold", word) == search_fold(word)
    assert _sql("ct_search_document", f"خبر {word} اليوم") == search_document(f"خبر {word} اليوم")


@pytest.mark.parametrize(("typed", "written"), SAME)
def test_a_variant_typed_finds_the_article_written_the_other_way(typed, written):
    ArticleFactory(title=f"خبر {written}", body=f"تقرير عن {written} في هذا اليوم.")
    found = search(typed)
    assert found.total == 1, (typed, written)
    assert search_query(typed) == search_query(written)


@pytest.mark.parametrize("typed", ARTICLE_FORMS)
def test_the_article_and_proclitics_do_not_hide_a_word(typed):
    ArticleFactory(title="وصول القطار", body="بدأ العمل بالشلامجة هذا الأسبوع.")
    StatementFactory(text="نرحب بالتعاون في الشلامجة.")
    assert search(typed).total == 2


@pytest.mark.parametrize(("one", "other"), APART)
def test_different_words_stay_apart(one, other):
    ArticleFactory(title="عنوان", body=f"كلمة {one} فقط")
    assert search(other).total == 0


def test_english_and_quoted_phrases_work_as_before():
    ArticleFactory(title="Shalamcheh railway works resume", body="Track laying resumed.")
    assert search("railways").total == 1  # English stemming
    assert search('"railway works"').total == 1
    assert search("railway -track").total == 0
