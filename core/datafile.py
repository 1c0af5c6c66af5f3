"""Data files that editors change without touching Python: JSON, checked entry by entry.

A data file is a JSON object whose keys name lists of entries (`"places": [...]`). Each kind of
entry has a schema (field name → Field), and read_data_file() checks every entry against it:
unknown keys, missing required fields, wrong types. Each problem names the entry (by its id,
place “basra”, or by position, places[3]) and the field; all of them are reported together in
one DataFileError, and nothing half-checked is returned. Dates (YYYY-MM-DD) come back as
datetime.date, everything else as JSON gives it. Rules between entries (references, duplicates,
allowed values) belong to the loader of each file.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from core.exceptions import DomainError

# Type names a Field may have, and how a message describes what is expected.
EXPECTED = {
    "text": "text",
    "number": "a number",
    "decimal": "a number or a decimal written as text (“32.5”)",
    "integer": "a whole number",
    "date": "a date written as text YYYY-MM-DD",
    "texts": "a list of texts",
    "entry": "an object",
    "entries": "a list of objects",
    "entries by key": "an object of lists",
}


class DataFileError(DomainError):
    """The file cannot be read, or its entries do not have the shape their schema asks for."""


@dataclass(frozen=True)
class Field:
    """One field of an entry: its type (a key of EXPECTED), whether it must be present, and
    for "entry", "entries" and "entries by key" the schema of the nested entries."""

    type: str
    required: bool = False
    schema: dict[str, Field] | None = None

    def __post_init__(self) -> None:
        if self.type not in EXPECTED:
            raise ValueError(f"unknown field type {self.type!r}")


Schema = dict[str, Field]


@dataclass(frozen=True)
class Kind:
    """A top-level list of a data file: how to name one of its entries and their schema."""

    name: str  # one entry, in messages: "place"
    id_field: str  # the field naming an entry in messages: "slug"
    schema: Schema


def display_path(path: Path) -> str:
    """The path as an editor typed it or relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_data_file(
    path: Path, kinds: dict[str, Kind], *, notes: tuple[str, ...] = ("about",)
) -> dict[str, list[dict[str, Any]]]:
    """Read the JSON object at path and check each list of entries against its kind.

    Every key of `kinds` must be present (an empty list is fine); keys in `notes` may hold any
    text for people reading the file and are not returned. Raises DataFileError listing every
    problem, or returns {list name: [entry, ...]} with dates parsed.
    """
    where = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(f"{where}: no such file.") from None
    except UnicodeDecodeError as exc:
        message = f"{where}: not UTF-8 text ({exc.reason} at byte {exc.start})."
        raise DataFileError(message) from None
    except OSError as exc:
        raise DataFileError(f"{where}: cannot be read ({exc.strerror}).") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(
            f"{where}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}."
        ) from None
    if not isinstance(document, dict):
        raise DataFileError(f"{where}: must hold a JSON object, not {_describe(document)}.")

    problems: list[str] = []
    for key in document:
        if key not in kinds and key not in notes:
            problems.append(f"unknown key “{key}” (expected {_listing([*kinds, *notes])}).")
    result: dict[str, list[dict[str, Any]]] = {}
    for list_name, kind in kinds.items():
        if list_name not in document:
            problems.append(f"missing list “{list_name}” (an empty list [] is fine).")
            continue
        rows = document[list_name]
        if not isinstance(rows, list):
            problems.append(f"“{list_name}” must be a list of objects, not {_describe(rows)}.")
            continue
        result[list_name] = [
            _check_entry(row, kind.schema, _entry_label(row, i, list_name, kind), problems)
            for i, row in enumerate(rows)
        ]
    if problems:
        raise DataFileError(f"{where} is not valid:\n- " + "\n- ".join(problems))
    return result


def _entry_label(row: Any, index: int, list_name: str, kind: Kind) -> str:
    value = row.get(kind.id_field) if isinstance(row, dict) else None
    if isinstance(value, str) and value:
        return f"{kind.name} “{value}”"
    return f"{list_name}[{index}]"


def _check_entry(row: Any, schema: Schema, where: str, problems: list[str]) -> dict[str, Any]:
    if not isinstance(row, dict):
        problems.append(f"{where}: must be an object, not {_describe(row)}.")
        return {}
    checked: dict[str, Any] = {}
    for key, value in row.items():
        spec = schema.get(key)
        if spec is None:
            problems.append(
                f"{where}: unknown key “{key}” (expected one of {_listing(list(schema))})."
            )
            continue
        checked[key] = _check_value(value, spec, where, key, problems)
    for key, spec in schema.items():
        if spec.required and key not in row:
            problems.append(f"{where}: missing required field “{key}”.")
    return checked


def _check_value(value: Any, spec: Field, where: str, key: str, problems: list[str]) -> Any:
    """The checked value of field `key` of the entry at `where` (nested entries are named
    `where: key[2]`, or `where: key “en”[2]` for entries by key)."""

    def wrong() -> Any:
        problems.append(
            f"{where}: field “{key}” must be {EXPECTED[spec.type]}, not {_describe(value)}."
        )
        return value

    schema = spec.schema or {}
    match spec.type:
        case "text":
            return value if isinstance(value, str) else wrong()
        case "number":
            return value if _is_number(value) else wrong()
        case "integer":
            return value if isinstance(value, int) and not isinstance(value, bool) else wrong()
        case "decimal":
            return value if _is_number(value) or _is_decimal_text(value) else wrong()
        case "date":
            if not isinstance(value, str) or len(value) != 10:
                return wrong()
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return wrong()
        case "texts":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return wrong()
            return value
        case "entry":
            if not isinstance(value, dict):
                return wrong()
            return _check_entry(value, schema, f"{where}: {key}", problems)
        case "entries":
            if not isinstance(value, list):
                return wrong()
            return [
                _check_entry(item, schema, f"{where}: {key}[{i}]", problems)
                for i, item in enumerate(value)
            ]
        case "entries by key":
            if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
                return wrong()
            return {
                name: [
                    _check_entry(item, schema, f"{where}: {key} “{name}”[{i}]", problems)
                    for i, item in enumerate(items)
                ]
                for name, items in value.items()
            }
    raise AssertionError(spec.type)  # pragma: no cover - Field checks its type


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_decimal_text(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return Decimal(value.strip()).is_finite()
    except InvalidOperation:
        return False


def _describe(value: Any) -> str:
    """How a message shows the value an editor wrote."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f"the text “{value[:60]}”" + ("…" if len(value) > 60 else "")
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _listing(names: list[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)
