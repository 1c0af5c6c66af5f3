"""The plain data that flows through the ingestion stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RawItem:
    """One article as a source gave it: before cleaning, nothing trusted yet."""

    body: str
    title: str = ""
    url: str = ""
    published_at: dt.datetime | None = None
    language: str = ""
    source: str = ""  # outlet name or slug, optional
    byline: str = ""
    body_is_html: bool = False
    label: str = ""  # where it came from (file:line, feed entry), for error messages

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form, for Celery messages."""
        return {
            "body": self.body,
            "title": self.title,
            "url": self.url,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "language": self.language,
            "source": self.source,
            "byline": self.byline,
            "body_is_html": self.body_is_html,
            "label": self.label,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RawItem:
        """Inverse of to_dict (dates as ISO 8601 strings)."""
        published = data.get("published_at")
        if isinstance(published, str) and published:
            published = dt.datetime.fromisoformat(published)
        return cls(
            body=data.get("body") or "",
            title=data.get("title") or "",
            url=data.get("url") or "",
            published_at=published or None,
            language=data.get("language") or "",
            source=data.get("source") or "",
            byline=data.get("byline") or "",
            body_is_html=bool(data.get("body_is_html")),
            label=data.get("label") or "",
        )


@dataclass
class Quote:
    """A quoted statement found in a body, with its speaker when recognised."""

    text: str
    position: int
    speaker_name: str = ""
    speaker_id: int | None = None


@dataclass
class Mention:
    """An initiative named in an article: where, how strongly, through which alias."""

    initiative_id: int
    score: float
    alias_id: int | None
    snippet: str
    # Why it scored: the names matched and the signals added ('"Shalamcheh railway" title').
    reasons: list[str] = field(default_factory=list)
    # "rules" or the learned model's version that scored it (ArticleLink.model_version)
    model_version: str = "rules"
    # What the linker saw (link.Features): kept for training and evaluation, not stored.
    features: Any = field(default=None, repr=False, compare=False)


@dataclass
class CleanItem:
    """An article ready to store: sanitised, normalised, hashed, enriched."""

    title: str
    body: str
    language: str
    url: str
    original_url: str
    published_at: dt.datetime
    date_estimated: bool
    byline: str
    source: str
    content_hash: str
    simhash: int
    label: str = ""
    people: set[int] = field(default_factory=set)
    places: set[int] = field(default_factory=set)
    organizations: set[int] = field(default_factory=set)
    quotes: list[Quote] = field(default_factory=list)
    dates_mentioned: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # the suggestions to store
    # Every initiative the linker scored, below the suggest threshold too (evaluate_linking).
    candidates: list[Mention] = field(default_factory=list)


class Refused(Exception):
    """An item that cannot become an article (empty body, bad date…): permanent, with reason."""

    def __init__(self, reason: str, field: str = "body") -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field
