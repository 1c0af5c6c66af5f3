"""Load the demo articles (demo/demo.json) so every page has something real to show.

The file is checked in full before anything is written (read_demo: unknown keys, missing
fields, wrong types; validate: duplicate keys, sources, languages, link states, catalogue slugs,
quotes found in their bodies); a bad file raises DemoDataError naming entry and field.
Idempotent: articles are keyed by content hash (articles.ingest.dedupe.content_hash, the
sha256 of the normalised body, as ingestion computes it); a second run creates nothing and
records no ingestion run. Status changes and milestones go through initiatives.services, so
the history is the one editors would produce; a change the lifecycle no longer allows (an
editor moved the initiative meanwhile) is skipped and reported, never forced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.roles import ADMIN, ANALYST, EDITOR
from articles.ingest.dedupe import content_hash, simhash
from articles.ingest.extract import Paragraph
from articles.ingest.link import snippet as snippet_around
from articles.models import (
    Article,
    ArticleLink,
    Cluster,
    Feed,
    IngestionRun,
    Source,
    Statement,
)
from core.datafile import DataFileError, Field, Kind, display_path, read_data_file
from core.exceptions import DomainError, InvalidStatusTransition
from core.text import normalize_for_matching
from initiatives.catalogue_loader import load_catalogue, starter_catalogue
from initiatives.claims import add_claim
from initiatives.models import (
    ALLOWED_TRANSITIONS,
    Claim,
    Country,
    Initiative,
    Language,
    Milestone,
    Organization,
    Person,
    Place,
    Status,
    StatusChange,
)
from initiatives.services import add_milestone, change_status

PIPELINE_VERSION = "demo-1"
# Appended to every demo outlet's name, so no page passes an invented story off as IRNA's.
DEMO_SUFFIX = " (demo)"
# username, password, role group, is_staff, is_superuser. Known passwords: local demos only.
DEMO_USERS = (
    ("analyst", "analyst-demo", ANALYST, False, False),
    ("editor", "editor-demo", EDITOR, True, False),
    ("admin", "admin-demo", ADMIN, True, True),
)

# The demo shipped with the code.
DEMO_FILE = Path(__file__).with_name("demo.json")


class DemoDataError(DomainError):
    """The demo file is unsound; the message names the entry and field of every problem."""


@dataclass
class DemoData:
    """The demo as plain data: rows as in the file, except that quotes are (person slug, name
    as written, text), links (initiative slug, state, score), a status_change (initiative
    slug, status, note) and a milestone (initiative slug, title, description) tuples."""

    sources: list[dict[str, Any]]
    feeds: list[dict[str, Any]]
    articles: list[dict[str, Any]]
    source: str = ""  # the file it was read from, named in messages


_SLUGS = Field("texts")
DEMO_FILE_KINDS = {
    "sources": Kind(
        "source",
        "slug",
        {
            "slug": Field("text", required=True),
            "name": Field("text", required=True),
            "homepage": Field("text", required=True),
            "language": Field("text", required=True),
            "country": Field("text"),
            "demo_host": Field("text", required=True),
        },
    ),
    "feeds": Kind(
        "feed",
        "url",
        {
            "url": Field("text", required=True),
            "source": Field("text", required=True),
            "title": Field("text", required=True),
        },
    ),
    "articles": Kind(
        "article",
        "key",
        {
            "key": Field("text", required=True),
            "source": Field("text", required=True),
            "days_ago": Field("integer", required=True),
            "language": Field("text", required=True),
            "title": Field("text", required=True),
            "byline": Field("text"),
            "paragraphs": Field("texts", required=True),
            "quotes": Field(
                "entries",
                schema={
                    "person": Field("text", required=True),
                    "name_as_written": Field("text", required=True),
                    "text": Field("text", required=True),
                },
            ),
            "links": Field(
                "entries",
                schema={
                    "initiative": Field("text", required=True),
                    "state": Field("text", required=True),
                    "score": Field("number", required=True),
                },
            ),
            "people": _SLUGS,
            "places": _SLUGS,
            "organizations": _SLUGS,
            "cluster": Field("text"),
            "status_change": Field(
                "entry",
                schema={
                    "initiative": Field("text", required=True),
                    "status": Field("text", required=True),
                    "note": Field("text"),
                },
            ),
            "milestone": Field(
                "entry",
                schema={
                    "initiative": Field("text", required=True),
                    "title": Field("text", required=True),
                    "description": Field("text"),
                },
            ),
            "claims": Field(
                "entries",
                schema={
                    "initiative": Field("text", required=True),
                    "label": Field("text", required=True),
                    "sentence": Field("text", required=True),
                    "kind": Field("text"),
                    "value": Field("number"),
                    "unit": Field("text"),
                    "date": Field("text"),
                    "precision": Field("text"),
                },
            ),
        },
    ),
}


def read_demo(path: Path | str) -> DemoData:
    """Read a demo file and check its shape (no database needed); DemoDataError names the
    entry and field of every unknown key, missing field and wrong type."""
    try:
        rows = read_data_file(Path(path), DEMO_FILE_KINDS)
    except DataFileError as exc:
        raise DemoDataError(f"The demo file {exc.message}") from exc
    articles = []
    for row in rows["articles"]:
        entry = dict(row)
        if "quotes" in row:
            entry["quotes"] = [
                (q["person"], q["name_as_written"], q["text"]) for q in row["quotes"]
            ]
        if "links" in row:
            entry["links"] = [(k["initiative"], k["state"], k["score"]) for k in row["links"]]
        if "status_change" in row:
            change = row["status_change"]
            entry["status_change"] = (
                change["initiative"],
                change["status"],
                change.get("note", ""),
            )
        if "milestone" in row:
            milestone = row["milestone"]
            entry["milestone"] = (
                milestone["initiative"],
                milestone["title"],
                milestone.get("description", ""),
            )
        articles.append(entry)
    return DemoData(
        sources=rows["sources"],
        feeds=rows["feeds"],
        articles=articles,
        source=display_path(Path(path)),
    )


def demo_data() -> DemoData:
    """The demo shipped in demo/demo.json, read afresh."""
    return read_demo(DEMO_FILE)


def _known_slugs() -> dict[str, set[str]]:
    """Catalogue slugs the demo may name: the starter catalogue's and those in the database."""
    catalogue = starter_catalogue()
    known = {
        "countries": {row["code"] for row in catalogue.countries},
        "initiatives": {row["slug"] for row in catalogue.initiatives},
        "people": {row["slug"] for row in catalogue.people},
        "places": {row["slug"] for row in catalogue.places},
        "organizations": {row["slug"] for row in catalogue.organizations},
    }
    for key, model in (
        ("initiatives", Initiative),
        ("people", Person),
        ("places", Place),
        ("organizations", Organization),
    ):
        known[key] |= set(model.objects.values_list("slug", flat=True))
    known["countries"] |= set(Country.objects.values_list("code", flat=True))
    return known


def validate(data: DemoData) -> None:
    """Raise DemoDataError listing every inconsistency in the data; return if it is sound."""
    problems: list[str] = []
    known = _known_slugs()
    link_states = set(ArticleLink.State.values)

    def unique(rows: list[dict[str, Any]], key: str, kind: str) -> set[str]:
        seen: set[str] = set()
        for row in rows:
            if row[key] in seen:
                problems.append(f"{kind}: {key} “{row[key]}” appears twice.")
            seen.add(row[key])
        return seen

    sources = unique(data.sources, "slug", "sources")
    unique(data.feeds, "url", "feeds")
    unique(data.articles, "key", "articles")
    for row in data.sources:
        where = f"source “{row['slug']}”"
        if row["language"] not in Language.values:
            problems.append(f"{where}: language “{row['language']}” is not one of en, fa, ar.")
        if row.get("country") and row["country"] not in known["countries"]:
            problems.append(f"{where}: unknown country “{row['country']}”.")
    for row in data.feeds:
        if row["source"] not in sources:
            problems.append(f"feed “{row['url']}”: unknown source “{row['source']}”.")
    for entry in data.articles:
        _validate_article(entry, sources, known, link_states, problems)
    if problems:
        what = f"file {data.source}" if data.source else "data"
        raise DemoDataError(f"The demo {what} is inconsistent:\n- " + "\n- ".join(problems))


def _validate_article(
    entry: dict[str, Any],
    sources: set[str],
    known: dict[str, set[str]],
    link_states: set[str],
    problems: list[str],
) -> None:
    where = f"article “{entry['key']}”"
    if entry["source"] not in sources:
        problems.append(f"{where}: unknown source “{entry['source']}”.")
    if entry["language"] not in Language.values:
        problems.append(f"{where}: language “{entry['language']}” is not one of en, fa, ar.")
    for key, kind in (("people", "person"), ("places", "place"), ("organizations", "organisation")):
        for slug in entry.get(key, []):
            if slug not in known[key]:
                problems.append(f"{where}: {key}: unknown {kind} “{slug}”.")
    body = demo_body(entry)
    for slug, _name, text in entry.get("quotes", []):
        if slug not in known["people"]:
            problems.append(f"{where}: quotes: unknown person “{slug}”.")
        if text not in body:
            problems.append(f"{where}: quotes: not found in the paragraphs: “{text[:40]}…”.")
    for slug, state, score in entry.get("links", []):
        if slug not in known["initiatives"]:
            problems.append(f"{where}: links: unknown initiative “{slug}”.")
        if state not in link_states:
            problems.append(f"{where}: links: state “{state}” is not one of {sorted(link_states)}.")
        if not 0 <= score <= 1:
            problems.append(f"{where}: links: score {score} is not in 0..1.")
    if entry.get("status_change"):
        slug, status, _note = entry["status_change"]
        if slug not in known["initiatives"]:
            problems.append(f"{where}: status_change: unknown initiative “{slug}”.")
        if status not in Status.values:
            problems.append(
                f"{where}: status_change: status “{status}” is not one of {Status.values}."
            )
    if entry.get("milestone") and entry["milestone"][0] not in known["initiatives"]:
        problems.append(f"{where}: milestone: unknown initiative “{entry['milestone'][0]}”.")
    for claim in entry.get("claims", []):
        if claim["initiative"] not in known["initiatives"]:
            problems.append(f"{where}: claims: unknown initiative “{claim['initiative']}”.")
        if claim["sentence"] not in body:
            problems.append(
                f"{where}: claims: sentence not found in the paragraphs: "
                f"“{claim['sentence'][:40]}…”."
            )


@dataclass
class DemoResult:
    """What a demo load did."""

    created: int = 0
    existing: int = 0
    status_changes: int = 0
    milestones: int = 0
    catalogue_loaded: bool = False
    users_created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    run: IngestionRun | None = None

    def summary(self) -> str:
        """Human-readable lines for the management command."""
        lines = [
            f"{self.created} new, {self.existing} already present",
            f"status changes: {self.status_changes}, milestones: {self.milestones}",
        ]
        if self.catalogue_loaded:
            lines.insert(0, "catalogue loaded first")
        if self.users_created:
            lines.append("demo users created: " + ", ".join(self.users_created))
        lines.extend(f"skipped: {reason}" for reason in self.skipped)
        return "\n".join(lines)


def demo_body(entry: dict[str, Any]) -> str:
    """The stored body: paragraphs separated by blank lines."""
    return "\n\n".join(p.strip() for p in entry["paragraphs"])


def demo_url(entry: dict[str, Any], source: dict[str, Any]) -> str:
    """A URL under the outlet's `.example` demo host: never a real page."""
    return f"https://{source['demo_host']}/{entry['language']}/news/{entry['key']}"


def create_demo_users() -> list[str]:
    """Create analyst/editor/admin demo accounts (known passwords: local demos only)."""
    created = []
    user_model = get_user_model()
    for username, password, role, is_staff, is_superuser in DEMO_USERS:
        user, was_created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@demo.example",
                "is_staff": is_staff,
                "is_superuser": is_superuser,
            },
        )
        if was_created:
            user.set_password(password)
            user.save(update_fields=["password"])
            created.append(username)
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return created


def _catalogue_missing() -> bool:
    slugs = {row["slug"] for row in starter_catalogue().initiatives}
    return Initiative.objects.filter(slug__in=slugs).count() < len(slugs)


def demo_source_name(name: str) -> str:
    """The outlet's name as the demo shows it: "Shafaq News (demo)"."""
    return name if name.endswith(DEMO_SUFFIX) else (name + DEMO_SUFFIX)[:200]


def _sources(data: DemoData) -> dict[str, Source]:
    countries = {c.code: c for c in Country.objects.all()}
    sources = {}
    for row in data.sources:
        # The domain is the `.example` demo host: a real article submitted from the outlet's
        # site must never land under the demo outlet (nor be removed with it).
        source, _ = Source.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": demo_source_name(row["name"]),
                "homepage": row["homepage"],
                "domain": row["demo_host"],
                "language": row["language"],
                "country": countries.get(row["country"]),
                "is_demo": True,
            },
        )
        if source.is_demo and source.name != demo_source_name(source.name):
            source.name = demo_source_name(source.name)  # loaded before outlets were marked
            source.save(update_fields=["name"])
        sources[row["slug"]] = source
    for row in data.feeds:
        Feed.objects.get_or_create(
            url=row["url"],
            defaults={
                "source": sources[row["source"]],
                "title": row["title"],
                "active": False,
                "is_demo": True,
            },
        )
    return sources


def _published_at(entry: dict[str, Any], index: int, now: dt.datetime) -> dt.datetime:
    # Morning UTC of the day, a few minutes apart so the timeline order is stable.
    day = now.date() - dt.timedelta(days=entry["days_ago"])
    moment = dt.datetime.combine(day, dt.time(7, 0), tzinfo=dt.UTC)
    return min(moment + dt.timedelta(minutes=7 * (index % 60)), now)


def _snippet(body: str, initiative: Initiative, language: str) -> tuple[Any, str]:
    """The best alias of the initiative found in the body, and the original words around it
    (cut as the pipeline cuts them, articles.ingest.link.snippet)."""
    paragraphs = [
        Paragraph(text, 0, normalize_for_matching(text), []) for text in body.split("\n\n")
    ]
    aliases = sorted(
        (a for a in initiative.aliases.all() if a.is_active and a.language == language),
        key=lambda a: (-a.specificity, -len(a.normalized)),
    )
    for alias in aliases:
        for para in paragraphs:
            index = para.normalized.find(alias.normalized)
            if index >= 0:
                return alias, snippet_around(para, index, index + len(alias.normalized))
    return None, body[:200].replace("\n\n", " ") + ("…" if len(body) > 200 else "")


def load_demo(
    data: DemoData | None = None, *, with_users: bool = False, now: dt.datetime | None = None
) -> DemoResult:
    """Load the catalogue if missing, then the demo sources, feeds and articles (the shipped
    demo by default); idempotent. Validates everything first (DemoDataError, nothing written)."""
    data = data or demo_data()
    validate(data)
    now = now or timezone.now()
    result = DemoResult()
    if _catalogue_missing():
        load_catalogue()
        result.catalogue_loaded = True
    if with_users:
        result.users_created = create_demo_users()
    editor = get_user_model().objects.filter(username="editor", groups__name=EDITOR).first()
    sources = _sources(data)

    entries = sorted(enumerate(data.articles), key=lambda pair: (-pair[1]["days_ago"], pair[0]))
    hashes = {entry["key"]: content_hash(demo_body(entry)) for _, entry in entries}
    existing = set(
        Article.objects.filter(content_hash__in=hashes.values()).values_list(
            "content_hash", flat=True
        )
    )
    new_entries = [(i, e) for i, e in entries if hashes[e["key"]] not in existing]
    result.existing = len(entries) - len(new_entries)
    if not new_entries:
        return result

    run = IngestionRun.objects.create(
        kind=IngestionRun.Kind.DEMO,
        label="load_demo",
        total=len(new_entries),
        items_seen=len(entries),
    )
    result.run = run
    try:
        with transaction.atomic():
            clusters = _existing_clusters(data, hashes)
            for index, entry in new_entries:
                _create_article(
                    data, entry, index, hashes, sources, clusters, run, editor, now, result
                )
    except Exception as exc:
        IngestionRun.objects.filter(pk=run.pk).update(
            state=IngestionRun.State.FAILED,
            finished_at=timezone.now(),
            errors=[{"error": str(exc)[:500]}],
        )
        raise
    IngestionRun.objects.filter(pk=run.pk).update(
        state=IngestionRun.State.SUCCEEDED,
        finished_at=timezone.now(),
        created=result.created,
        duplicates=result.existing,
    )
    run.refresh_from_db()
    return result


def _existing_clusters(data: DemoData, hashes: dict[str, str]) -> dict[str, Cluster]:
    """Clusters already holding demo articles, by the demo's cluster name."""
    clusters: dict[str, Cluster] = {}
    for entry in data.articles:
        name = entry.get("cluster")
        if not name or name in clusters:
            continue
        article = (
            Article.objects.filter(content_hash=hashes[entry["key"]], cluster__isnull=False)
            .select_related("cluster")
            .first()
        )
        if article:
            clusters[name] = article.cluster
    return clusters


def _create_article(
    data: DemoData,
    entry: dict[str, Any],
    index: int,
    hashes: dict[str, str],
    sources: dict[str, Source],
    clusters: dict[str, Cluster],
    run: IngestionRun,
    editor: Any,
    now: dt.datetime,
    result: DemoResult,
) -> None:
    source_row = next(s for s in data.sources if s["slug"] == entry["source"])
    body = demo_body(entry)
    published_at = _published_at(entry, index, now)
    cluster = None
    if entry.get("cluster"):
        cluster = clusters.get(entry["cluster"]) or Cluster.objects.create()
        clusters[entry["cluster"]] = cluster
    url = demo_url(entry, source_row)
    article = Article.objects.create(
        url=url,
        original_url=url,
        title=entry["title"],
        byline=entry.get("byline", ""),
        published_at=published_at,
        language=entry["language"],
        body=body,
        content_hash=hashes[entry["key"]],
        source=sources[entry["source"]],
        cluster=cluster,
        # Same near-duplicate fingerprint as ingestion, so later copies join these stories.
        simhash=simhash(body),
        ingested_via=Article.Via.DEMO,
        ingestion_run=run,
        fetched_at=published_at,
        pipeline_version=PIPELINE_VERSION,
        is_demo=True,
    )
    result.created += 1

    people = {p.slug: p for p in Person.objects.all()}
    speakers = [people[slug] for slug, _, _ in entry.get("quotes", [])]
    article.people.add(*speakers, *(people[s] for s in entry.get("people", [])))
    article.places.add(*Place.objects.filter(slug__in=entry.get("places", [])))
    article.organizations.add(*Organization.objects.filter(slug__in=entry.get("organizations", [])))

    confirmed = _create_links(article, entry, editor, now)
    for slug, name_as_written, text in entry.get("quotes", []):
        position = body.find(text)
        if position < 0:
            raise ValueError(f"demo article {entry['key']}: quote not found in body: {text[:40]}")
        statement = Statement.objects.create(
            article=article,
            speaker=people[slug],
            speaker_name=name_as_written,
            text=text,
            position=position,
            is_demo=True,
        )
        statement.initiatives.add(*confirmed)

    _create_claims(article, entry, editor)
    evidence_date = published_at.date()
    if entry.get("status_change"):
        slug, to_status, note = entry["status_change"]
        initiative = Initiative.objects.get(slug=slug)
        if to_status not in ALLOWED_TRANSITIONS[initiative.status] or (
            initiative.status_since and initiative.status_since > evidence_date
        ):
            result.skipped.append(
                f"{slug}: {initiative.status} → {to_status} on {evidence_date} no longer fits "
                "its history"
            )
        else:
            try:
                change = change_status(
                    initiative,
                    to_status,
                    date=evidence_date,
                    note=note,
                    evidence=article,
                    by=editor,
                )
                StatusChange.objects.filter(pk=change.pk).update(is_demo=True)
                result.status_changes += 1
            except InvalidStatusTransition as exc:  # someone moved it concurrently
                result.skipped.append(f"{slug}: {exc.message}")
    if entry.get("milestone"):
        slug, title, description = entry["milestone"]
        initiative = Initiative.objects.get(slug=slug)
        if not Milestone.objects.filter(
            initiative=initiative, date=evidence_date, title=title
        ).exists():
            milestone = add_milestone(
                initiative,
                date=evidence_date,
                title=title,
                description=description,
                evidence=article,
                by=editor,
            )
            Milestone.objects.filter(pk=milestone.pk).update(is_demo=True)
            result.milestones += 1


def _create_claims(article: Article, entry: dict[str, Any], editor: Any) -> None:
    """The article's figures and dates as demo claims, checked as an editor's would be."""
    for row in entry.get("claims", []):
        add_claim(
            Initiative.objects.get(slug=row["initiative"]),
            kind=row.get("kind", Claim.Kind.FIGURE),
            label=row["label"],
            value=row.get("value"),
            unit=row.get("unit", ""),
            date=dt.date.fromisoformat(row["date"]) if row.get("date") else None,
            precision=row.get("precision", ""),
            source=article,
            sentence=row["sentence"],
            by=editor,
            demo=True,
        )


def _create_links(
    article: Article, entry: dict[str, Any], editor: Any, now: dt.datetime
) -> list[Initiative]:
    """Create the article's links; return the confirmed initiatives."""
    confirmed = []
    initiatives = {
        i.slug: i
        for i in Initiative.objects.filter(
            slug__in=[slug for slug, _, _ in entry.get("links", [])]
        ).prefetch_related("aliases")
    }
    for slug, state, score in entry.get("links", []):
        initiative = initiatives[slug]
        alias, snippet = _snippet(article.body, initiative, article.language)
        decided = state != ArticleLink.State.SUGGESTED
        ArticleLink.objects.create(
            article=article,
            initiative=initiative,
            state=state,
            origin=ArticleLink.Origin.MACHINE if alias else ArticleLink.Origin.EDITOR,
            score=score,
            matched_alias=alias,
            snippet=snippet,
            decided_by=editor if decided else None,
            decided_at=min(article.published_at + dt.timedelta(hours=5), now) if decided else None,
            is_demo=True,
        )
        if state == ArticleLink.State.CONFIRMED:
            confirmed.append(initiative)
    return confirmed
