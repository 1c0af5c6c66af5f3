"""The editorial record as portable JSON Lines: manage.py export_editorial / import_editorial.

What the team cannot re-create from the news: initiatives, their aliases and profile terms,
status changes, milestones, editors' link decisions and the audit trail. Rows refer to each
other by natural keys (initiative slug, article content hash and URL, username), never by
database ids, so a file moves between databases.

Line 1 is a header naming the format and SCHEMA_VERSION; the last line is {"type": "end"}
with the number of records. An import refuses, before changing anything, a file of another
schema version, a file without its end line or with another count (truncated), and any line
that is not a record of a known type (with its line number). It then applies everything in
one transaction and is idempotent: importing the same file again changes nothing. Users named
in the record that do not exist are created inactive, without a password. A decision whose
article is not in this database is skipped and counted (ingest the article, import again).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from articles.models import Article, ArticleLink
from core.exceptions import DomainError
from initiatives.models import (
    Alias,
    AuditEvent,
    Country,
    Initiative,
    Milestone,
    Place,
    ProfileTerm,
    StatusChange,
)

FORMAT = "cooperation-tracker/editorial"
SCHEMA_VERSION = 1
TYPES = ("initiative", "alias", "profile_term", "status_change", "milestone", "decision", "audit")
INITIATIVE_FIELDS = ("name", "name_fa", "name_ar", "summary", "sector", "status", "status_since")


class RecordRefused(DomainError):
    """An import that was not done; nothing changed. The message says why."""


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def _article_key(article: Article | None) -> dict[str, str] | None:
    return {"content_hash": article.content_hash, "url": article.url} if article else None


def records() -> Iterator[dict[str, Any]]:
    """Every record of the editorial record, in an order an import can apply."""
    initiatives = Initiative.objects.prefetch_related("countries", "places").order_by("slug")
    for i in initiatives:
        yield {
            "type": "initiative",
            "slug": i.slug,
            **{
                f: _iso(getattr(i, f)) if f == "status_since" else getattr(i, f)
                for f in INITIATIVE_FIELDS
            },
            "countries": sorted(c.code for c in i.countries.all()),
            "places": sorted(p.slug for p in i.places.all()),
        }
    for a in Alias.objects.select_related("initiative").order_by("initiative__slug", "pk"):
        yield {
            "type": "alias",
            "initiative": a.initiative.slug,
            "text": a.text,
            "language": a.language,
            "specificity": a.specificity,
            "is_active": a.is_active,
        }
    for t in ProfileTerm.objects.select_related("initiative").order_by("initiative__slug", "pk"):
        yield {
            "type": "profile_term",
            "initiative": t.initiative.slug,
            "kind": t.kind,
            "text": t.text,
            "language": t.language,
            "weight": t.weight,
            "is_active": t.is_active,
        }
    changes = StatusChange.objects.select_related("initiative", "evidence", "changed_by")
    for s in changes.order_by("initiative__slug", "date", "pk"):
        yield {
            "type": "status_change",
            "initiative": s.initiative.slug,
            "from_status": s.from_status,
            "to_status": s.to_status,
            "date": _iso(s.date),
            "note": s.note,
            "evidence": _article_key(s.evidence),
            "changed_by": _username(s.changed_by),
        }
    milestones = Milestone.objects.select_related("initiative", "evidence", "created_by")
    for m in milestones.order_by("initiative__slug", "date", "pk"):
        yield {
            "type": "milestone",
            "initiative": m.initiative.slug,
            "date": _iso(m.date),
            "title": m.title,
            "description": m.description,
            "evidence": _article_key(m.evidence),
            "created_by": _username(m.created_by),
        }
    decided = ArticleLink.objects.filter(decided_at__isnull=False).select_related(
        "article", "initiative", "decided_by"
    )
    for link in decided.order_by("pk"):
        yield {
            "type": "decision",
            "article": _article_key(link.article),
            "initiative": link.initiative.slug,
            "state": link.state,
            "origin": link.origin,
            "decided_by": _username(link.decided_by),
            "decided_at": _iso(link.decided_at),
        }
    events = AuditEvent.objects.select_related("actor", "initiative", "article")
    for e in events.order_by("at", "pk"):
        yield {
            "type": "audit",
            "at": _iso(e.at),
            "actor": _username(e.actor),
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "before": e.before,
            "after": e.after,
            "summary": e.summary,
            "initiative": e.initiative.slug if e.initiative else None,
            "article": _article_key(e.article),
        }


def export(out: IO[str]) -> Counter:
    """Write the header, every record and the end line; returns the count per type."""
    counts: Counter = Counter()
    header = {"type": "header", "format": FORMAT, "schema_version": SCHEMA_VERSION}
    out.write(json.dumps(header | {"exported_at": timezone.now().isoformat()}) + "\n")
    for record in records():
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        counts[record["type"]] += 1
    out.write(json.dumps({"type": "end", "records": sum(counts.values())}) + "\n")
    return counts


def read(lines: Iterable[str]) -> list[dict[str, Any]]:
    """The records of an export, checked whole (header, version, types, end line)."""
    parsed: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            raise RecordRefused(f"Line {number} is not JSON; nothing was imported.") from None
        if not isinstance(record, dict) or "type" not in record:
            raise RecordRefused(f"Line {number} is not a record; nothing was imported.")
        parsed.append(record)
        if number == 1:
            if record.get("type") != "header" or record.get("format") != FORMAT:
                raise RecordRefused(
                    f"This is not an editorial export (line 1 should name {FORMAT!r}); "
                    "nothing was imported."
                )
            version = record.get("schema_version")
            if version != SCHEMA_VERSION:
                raise RecordRefused(
                    f"This file is editorial export schema version {version}; this code reads "
                    f"version {SCHEMA_VERSION}. Import it with the version of the code that "
                    "wrote it; nothing was imported."
                )
        elif record["type"] not in (*TYPES, "end"):
            raise RecordRefused(
                f"Line {number}: unknown record type {record['type']!r}; nothing was imported."
            )
    if not parsed:
        raise RecordRefused("The file is empty; nothing was imported.")
    end = parsed[-1]
    body = parsed[1:-1]
    if end.get("type") != "end" or end.get("records") != len(body):
        raise RecordRefused(
            "The file is incomplete (its end line is missing or counts other records): it was "
            "probably cut short. Export again; nothing was imported."
        )
    return body


class _Importer:
    def __init__(self) -> None:
        self.changed: Counter = Counter()
        self.skipped: Counter = Counter()
        self._users: dict[str, Any] = {}
        self._initiatives: dict[str, Initiative] = {}

    def user(self, username: str | None) -> Any:
        if not username:
            return None
        if username not in self._users:
            model = get_user_model()
            user, created = model._default_manager.get_or_create(
                username=username, defaults={"is_active": False}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                self.changed["user"] += 1
            self._users[username] = user
        return self._users[username]

    def initiative(self, slug: str) -> Initiative:
        if slug not in self._initiatives:
            found = Initiative.objects.filter(slug=slug).first()
            if found is None:
                raise RecordRefused(
                    f"A record names initiative {slug!r}, which is neither in the file nor "
                    "in this database; nothing was imported."
                )
            self._initiatives[slug] = found
        return self._initiatives[slug]

    @staticmethod
    def article(key: dict[str, str] | None) -> Article | None:
        if not key:
            return None
        return (
            Article.objects.filter(content_hash=key.get("content_hash")).first()
            or Article.objects.filter(url=key.get("url")).first()
        )

    def _save(self, kind: str, obj: Any, values: dict[str, Any], created: bool) -> None:
        dirty = created
        for name, value in values.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                dirty = True
        if dirty:
            obj.save()
            self.changed[kind] += 1

    def apply(self, r: dict[str, Any]) -> None:
        kind = r["type"]
        if kind == "initiative":
            obj = Initiative.objects.filter(slug=r["slug"]).first()
            values = {f: r.get(f) for f in INITIATIVE_FIELDS}
            values["status_since"] = (
                parse_date(r["status_since"]) if r.get("status_since") else None
            )
            created = obj is None
            self._save(kind, obj or Initiative(slug=r["slug"]), values, created)
            obj = Initiative.objects.get(slug=r["slug"])
            self._initiatives[obj.slug] = obj
            countries = list(Country.objects.filter(code__in=r.get("countries", [])))
            places = list(Place.objects.filter(slug__in=r.get("places", [])))
            if {c.pk for c in countries} != set(obj.countries.values_list("pk", flat=True)):
                obj.countries.set(countries)
                self.changed["initiative countries"] += 1
            if {p.pk for p in places} != set(obj.places.values_list("pk", flat=True)):
                obj.places.set(places)
                self.changed["initiative places"] += 1
            self.skipped["place not in this database"] += len(r.get("places", [])) - len(places)
        elif kind == "alias":
            initiative = self.initiative(r["initiative"])
            obj = Alias.objects.filter(
                initiative=initiative, language=r["language"], text=r["text"]
            ).first()
            values = {"specificity": r["specificity"], "is_active": r["is_active"]}
            self._save(
                kind,
                obj or Alias(initiative=initiative, language=r["language"], text=r["text"]),
                values,
                obj is None,
            )
        elif kind == "profile_term":
            initiative = self.initiative(r["initiative"])
            key = {"initiative": initiative, "language": r["language"], "text": r["text"]}
            obj = ProfileTerm.objects.filter(**key).first()
            values = {"kind": r["kind"], "weight": r["weight"], "is_active": r["is_active"]}
            self._save(kind, obj or ProfileTerm(**key), values, obj is None)
        elif kind in ("status_change", "milestone"):
            self._dated(kind, r)
        elif kind == "decision":
            article = self.article(r["article"])
            if article is None:
                self.skipped["decision whose article is not in this database"] += 1
                return
            initiative = self.initiative(r["initiative"])
            obj = ArticleLink.objects.filter(article=article, initiative=initiative).first()
            values = {
                "state": r["state"],
                "origin": r["origin"],
                "decided_by": self.user(r["decided_by"]),
                "decided_at": parse_datetime(r["decided_at"]),
            }
            link = obj or ArticleLink(article=article, initiative=initiative)
            self._save(kind, link, values, obj is None)
        elif kind == "audit":
            at = parse_datetime(r["at"])
            key = {
                "at": at,
                "action": r["action"],
                "object_type": r["object_type"],
                "object_id": r["object_id"],
            }
            if AuditEvent.objects.filter(**key).exists():
                return
            AuditEvent.objects.create(
                **key,
                actor=self.user(r["actor"]),
                before=r["before"],
                after=r["after"],
                summary=r["summary"],
                initiative=self.initiative(r["initiative"]) if r["initiative"] else None,
                article=self.article(r["article"]),
            )
            self.changed[kind] += 1

    def _dated(self, kind: str, r: dict[str, Any]) -> None:
        initiative = self.initiative(r["initiative"])
        date: dt.date = parse_date(r["date"])
        if kind == "status_change":
            model, key = (
                StatusChange,
                {"to_status": r["to_status"], "from_status": r["from_status"]},
            )
            values = {"note": r["note"], "changed_by": self.user(r["changed_by"])}
        else:
            model, key = Milestone, {"title": r["title"]}
            values = {"description": r["description"], "created_by": self.user(r["created_by"])}
        values["evidence"] = self.article(r["evidence"])
        obj = model.objects.filter(initiative=initiative, date=date, **key).first()
        self._save(kind, obj or model(initiative=initiative, date=date, **key), values, obj is None)


def import_records(lines: Iterable[str]) -> tuple[Counter, Counter]:
    """Apply an export (see the module doc); returns (changed, skipped) counts per kind."""
    body = read(lines)
    importer = _Importer()
    with transaction.atomic():
        for number, record in enumerate(body, start=2):
            try:
                with transaction.atomic():
                    importer.apply(record)
            except RecordRefused:
                raise
            except (DatabaseError, KeyError, TypeError, ValueError) as exc:
                raise RecordRefused(
                    f"Line {number} ({record['type']}) could not be imported "
                    f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else exc!r}); "
                    "nothing was imported."
                ) from None
    return importer.changed, importer.skipped
