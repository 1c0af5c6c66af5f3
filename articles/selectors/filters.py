"""What a timeline or a search is filtered by (TimelineFilters), and the kinds of event."""

# SQL here is assembled from constant fragments only; every value is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from articles.models import ARTICLE_LANGUAGES
from core.exceptions import DomainError
from initiatives.models import Language, Sector

ARTICLE_LANGUAGE_CODES = frozenset(code for code, _label in ARTICLE_LANGUAGES)

ARTICLE, STATEMENT, MILESTONE, STATUS = "article", "statement", "milestone", "status"
KINDS: tuple[str, ...] = (ARTICLE, STATEMENT, MILESTONE, STATUS)
SEARCH_KINDS: tuple[str, ...] = (ARTICLE, STATEMENT)
MAX_LIMIT = 200


class InvalidFilter(DomainError):
    """A filter value that cannot be understood (bad date, unknown kind, broken cursor)."""


@dataclass
class TimelineFilters:
    """What to show in a timeline or a search: every field optional, all combined with AND.

    initiative/person/place/source are slugs; sector and language are codes
    (initiatives.models.Sector / Language); kinds is a subset of KINDS (empty = all).
    """

    initiative: str | None = None
    sector: str | None = None
    person: str | None = None
    place: str | None = None
    source: str | None = None
    language: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kinds: set[str] = field(default_factory=lambda: set(KINDS))

    # Query-string names accepted as synonyms (the API's list filters use the latter).
    _DATE_KEYS = {
        "date_from": ("date_from", "published_after"),
        "date_to": ("date_to", "published_before"),
    }

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> TimelineFilters:
        """Read filters from a QueryDict (or dict). Raises InvalidFilter with the field name.

        Kinds come as repeated `kind=article&kind=status` or comma-separated `kinds=a,b`.
        Empty values are ignored, so a submitted empty form field means "any".
        """

        def value(name: str) -> str | None:
            raw = query.get(name)
            if isinstance(raw, list):  # a plain dict of lists
                raw = raw[-1] if raw else None
            raw = (raw or "").strip()
            return raw or None

        def multi(name: str) -> list[str]:
            if hasattr(query, "getlist"):
                return list(query.getlist(name))
            raw = query.get(name)
            if raw is None:
                return []
            return list(raw) if isinstance(raw, list | tuple | set) else [raw]

        filters = cls(
            initiative=value("initiative"),
            sector=value("sector"),
            person=value("person"),
            place=value("place"),
            source=value("source"),
            language=value("language"),
        )
        if filters.sector and filters.sector not in Sector.values:
            raise InvalidFilter(
                f"Unknown sector “{filters.sector}”; use one of: {', '.join(Sector.values)}.",
                field="sector",
            )
        if filters.language and filters.language not in ARTICLE_LANGUAGE_CODES:
            raise InvalidFilter(
                f"Unknown language “{filters.language}”; use one of: {', '.join(Language.values)}"
                ", or another language's code (tr, fr, ckb…; never linked).",
                field="language",
            )
        for attr, names in cls._DATE_KEYS.items():
            for name in names:
                raw = value(name)
                if raw is None:
                    continue
                try:
                    setattr(filters, attr, dt.date.fromisoformat(raw[:10]))
                except ValueError:
                    raise InvalidFilter(
                        f"“{raw}” is not a date; use YYYY-MM-DD.", field=name
                    ) from None
        if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
            raise InvalidFilter("The start date is after the end date.", field="date_from")
        kinds: set[str] = set()
        for raw in multi("kind") + multi("kinds"):
            kinds.update(k.strip() for k in str(raw).split(",") if k.strip())
        unknown = kinds - set(KINDS)
        if unknown:
            raise InvalidFilter(
                f"Unknown kind “{sorted(unknown)[0]}”; use one of: {', '.join(KINDS)}.",
                field="kind",
            )
        filters.kinds = kinds or set(KINDS)
        return filters

    def to_query(self) -> str:
        """The query string that from_query reads back into equal filters (stable order)."""
        pairs: list[tuple[str, str]] = []
        for name in ("initiative", "sector", "person", "place", "source", "language"):
            if getattr(self, name):
                pairs.append((name, getattr(self, name)))
        if self.date_from:
            pairs.append(("date_from", self.date_from.isoformat()))
        if self.date_to:
            pairs.append(("date_to", self.date_to.isoformat()))
        if self.kinds and set(self.kinds) != set(KINDS):
            pairs.extend(("kind", k) for k in KINDS if k in self.kinds)
        return urlencode(pairs)

    def active_kinds(self, allowed: Iterable[str] = KINDS) -> list[str]:
        """The kinds to include, in KINDS order, restricted to `allowed`."""
        wanted = self.kinds or set(KINDS)
        return [k for k in allowed if k in wanted]
