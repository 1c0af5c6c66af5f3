"""The labelled linking corpus (tests/fixtures/linking): what a user of it relies on.

Every line is a well-formed item, URLs are unique across the splits, each body is written in the
script of its language, labels are initiative slugs of the starter catalogue, and the corpus is
big and balanced enough to measure a linker (per language, negatives, the test split).
No database: the catalogue is read from the file the loader reads.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from initiatives.catalogue_loader import starter_catalogue

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "linking"
SPLITS = ("train", "test")
LANGUAGES = ("en", "fa", "ar")
REQUIRED = {
    "url": str,
    "title": str,
    "published_at": str,
    "language": str,
    "body": str,
    "labels": list,
    "kind": str,
}
OPTIONAL = {"also": list}
PERSIAN_ONLY = set("پچژگیک")  # letters Persian writes and Arabic does not


def _load() -> dict[str, list[tuple[int, dict]]]:
    rows: dict[str, list[tuple[int, dict]]] = {}
    for split in SPLITS:
        lines = (CORPUS / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
        rows[split] = [(n, json.loads(line)) for n, line in enumerate(lines, 1) if line.strip()]
    return rows


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[tuple[int, dict]]]:
    return _load()


@pytest.fixture(scope="module")
def items(corpus) -> list[dict]:
    return [item for split in SPLITS for _, item in corpus[split]]


def _where(split: str, n: int, item: dict) -> str:
    return f"{split}.jsonl:{n} ({item.get('url', '?')})"


def test_every_line_is_json_with_the_fields_and_types(corpus):
    problems = []
    for split in SPLITS:
        lines = (CORPUS / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines, 1):
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{split}.jsonl:{n}: not JSON ({exc})")
                continue
            if not isinstance(item, dict):
                problems.append(f"{split}.jsonl:{n}: not an object")
                continue
            where = _where(split, n, item)
            missing = REQUIRED.keys() - item.keys()
            extra = item.keys() - REQUIRED.keys() - OPTIONAL.keys()
            if missing or extra:
                problems.append(f"{where}: missing {sorted(missing)}, unknown {sorted(extra)}")
            for field, kind in {**REQUIRED, **OPTIONAL}.items():
                if field in item and not isinstance(item[field], kind):
                    problems.append(f"{where}: {field} is not {kind.__name__}")
            for field in ("url", "title", "body", "kind"):
                if isinstance(item.get(field), str) and not item[field].strip():
                    problems.append(f"{where}: empty {field}")
            for field in ("labels", "also"):
                values = item.get(field, [])
                if isinstance(values, list):
                    if not all(isinstance(v, str) for v in values):
                        problems.append(f"{where}: {field} holds a non-string")
                    elif len(set(values)) != len(values):
                        problems.append(f"{where}: {field} repeats a slug")
            if "also" in item and isinstance(item.get("labels"), list):
                if not item["also"]:
                    problems.append(f"{where}: also is given but empty")
                if set(item["labels"]) & set(item["also"]):
                    problems.append(f"{where}: a slug is both in labels and also")
            kind = item.get("kind")
            if isinstance(kind, str) and isinstance(item.get("labels"), list):
                if kind.startswith("negative") and item["labels"]:
                    problems.append(f"{where}: kind {kind} but labelled")
                if not kind.startswith("negative") and not item["labels"]:
                    problems.append(f"{where}: no labels but kind {kind} is not a negative")
    assert not problems, "\n".join(problems)


def test_published_at_is_iso_8601_with_a_timezone_in_the_covered_years(items):
    problems = []
    for item in items:
        try:
            when = dt.datetime.fromisoformat(item["published_at"])
        except ValueError:
            problems.append(f"{item['url']}: published_at {item['published_at']!r} is not ISO 8601")
            continue
        if when.utcoffset() is None:
            problems.append(f"{item['url']}: published_at has no timezone")
        elif not 2022 <= when.year <= 2026:
            problems.append(f"{item['url']}: published in {when.year}")
    assert not problems, "\n".join(problems)


def test_urls_are_unique_across_both_files_and_on_invented_hosts(items):
    counts = Counter(item["url"] for item in items)
    assert not [url for url, n in counts.items() if n > 1], "URLs repeated"
    bad = []
    for url in counts:
        parts = urlsplit(url)
        if parts.scheme != "https" or not (parts.hostname or "").endswith(".example"):
            bad.append(url)
    assert not bad, f"URLs must be https on a host under .example: {bad}"


def _script_letters(text: str) -> tuple[int, int, int]:
    """(Latin letters, Arabic-script letters, Persian-only letters) in text."""
    latin = arabic = persian = 0
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN"):
            latin += 1
        elif name.startswith("ARABIC"):
            arabic += 1
            persian += ch in PERSIAN_ONLY
    return latin, arabic, persian


def test_language_is_known_and_the_body_is_mostly_in_its_script(items):
    problems = []
    for item in items:
        language, url = item["language"], item["url"]
        if language not in LANGUAGES:
            problems.append(f"{url}: language {language!r}")
            continue
        latin, arabic, persian = _script_letters(item["body"])
        total = latin + arabic
        if language == "en":
            if latin < 0.9 * total:
                problems.append(f"{url}: en body is {latin}/{total} Latin letters")
            continue
        if arabic < 0.9 * total:
            problems.append(f"{url}: {language} body is {arabic}/{total} Arabic-script letters")
        if language == "fa" and persian == 0:
            problems.append(f"{url}: fa body has none of the letters only Persian uses")
        if language == "ar" and persian > 0.01 * arabic:
            problems.append(f"{url}: ar body has {persian} Persian-only letters")
    assert not problems, "\n".join(problems)


def test_labels_and_also_are_initiative_slugs_of_the_starter_catalogue(items):
    slugs = {initiative["slug"] for initiative in starter_catalogue().initiatives}
    unknown = sorted(
        {
            (item["url"], slug)
            for item in items
            for slug in item["labels"] + item.get("also", [])
            if slug not in slugs
        }
    )
    assert not unknown, f"not initiative slugs of the catalogue: {unknown}"


def test_size_languages_and_negatives(items):
    assert len(items) >= 300
    per_language = Counter(item["language"] for item in items)
    for language in LANGUAGES:
        assert per_language[language] >= 80, per_language
    negatives = sum(1 for item in items if not item["labels"])
    assert negatives >= 0.25 * len(items), f"{negatives} negatives of {len(items)}"


def test_the_test_split_holds_every_language(corpus):
    per_language = Counter(item["language"] for _, item in corpus["test"])
    for language in LANGUAGES:
        assert per_language[language] >= 20, per_language
