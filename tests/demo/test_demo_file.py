"""The demo file: the shipped one is sound, a bad one is refused by name and stores nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articles.models import Article, Source
from demo.loader import DEMO_FILE, DemoDataError, demo_data, load_demo, read_demo, validate
from initiatives.models import Initiative


def _shipped() -> dict:
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def _article(document: dict, key: str) -> dict:
    return next(row for row in document["articles"] if row["key"] == key)


def _unknown_key(d):
    _article(d, "railway-route-demining-review")["headline"] = "A title"


def _missing_field(d):
    del _article(d, "railway-route-demining-review")["days_ago"]


def _wrong_type(d):
    _article(d, "railway-route-demining-review")["days_ago"] = "712"


def _duplicate_key(d):
    d["articles"].append(dict(d["articles"][0]))


def _unknown_source(d):
    _article(d, "railway-route-demining-review")["source"] = "nowhere-news"


def _unknown_initiative(d):
    _article(d, "railway-route-demining-review")["links"][0]["initiative"] = "moon-base"


def _unknown_person(d):
    _article(d, "railway-route-demining-review")["quotes"][0]["person"] = "nobody-at-all"


def _unknown_language(d):
    _article(d, "railway-route-demining-review")["language"] = "ku"


def _unknown_status(d):
    row = next(row for row in d["articles"] if "status_change" in row)
    row["status_change"]["status"] = "dreamt_of"


def _quote_not_in_body(d):
    _article(d, "railway-route-demining-review")["quotes"][0]["text"] = "Words nobody wrote."


BAD_FILES = [
    (_unknown_key, "article “railway-route-demining-review”: unknown key “headline”"),
    (_missing_field, "article “railway-route-demining-review”: missing required field “days_ago”"),
    (_wrong_type, "field “days_ago” must be a whole number, not the text “712”"),
    (_duplicate_key, "articles: key “railway-route-demining-review” appears twice"),
    (_unknown_source, "article “railway-route-demining-review”: unknown source “nowhere-news”"),
    (_unknown_initiative, "links: unknown initiative “moon-base”"),
    (_unknown_person, "quotes: unknown person “nobody-at-all”"),
    (_unknown_language, "language “ku” is not one of en, fa, ar"),
    (_unknown_status, "status_change: status “dreamt_of” is not one of"),
    (_quote_not_in_body, "quotes: not found in the paragraphs: “Words nobody wrote."),
]


def test_the_shipped_demo_reads_and_validates(db):
    data = demo_data()
    validate(data)
    assert len(data.articles) == 44
    slug, _name, text = data.articles[0]["quotes"][0]
    assert slug == "razzaq-muhibis-al-saadawi" and text in " ".join(data.articles[0]["paragraphs"])


@pytest.mark.parametrize(("spoil", "message"), BAD_FILES, ids=[f.__name__ for f, _ in BAD_FILES])
def test_a_bad_demo_file_is_refused_naming_entry_and_field_and_nothing_is_stored(
    db, tmp_path, spoil, message
):
    document = _shipped()
    spoil(document)
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(DemoDataError) as error:
        load_demo(read_demo(path))

    assert message in error.value.message
    # Refused before anything is written: not even the catalogue the demo would load first.
    assert not Initiative.objects.exists()
    assert not Source.objects.exists() and not Article.objects.exists()


def test_a_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "demo.json"
    path.write_text('{"articles": [}', encoding="utf-8")
    with pytest.raises(DemoDataError, match="not valid JSON at line 1"):
        read_demo(path)


def test_the_shipped_file_keeps_persian_and_arabic_readable():
    text = Path(DEMO_FILE).read_text(encoding="utf-8")
    assert "\\u06" not in text
    assert '"name": "ایرنا"' in text
