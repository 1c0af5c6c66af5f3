"""Load the demo articles (articles.demo_data) so every page has something real to show.

Idempotent: articles are keyed by content hash (articles.ingest.dedupe.content_hash, the
sha256 of the normalised body, as ingestion computes it); a second run creates nothing and
records no ingestion run. Status changes and milestones go through initiatives.services, so
the history is the one editors would produce; a change the lifecycle no longer allows (an
editor moved the initiative meanwhile) is skipped and reported, never forced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from articles import demo_data
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
from core.exceptions import InvalidStatusTransition
from core.text import normalize_for_matching
from initiatives.catalogue_loader import load_catalogue, starter_catalogue
from initiatives.models import (
    ALLOWED_TRANSITIONS,
    Country,
    Initiative,
    Milestone,
    Organization,
    Person,
    Place,
)
from initiatives.roles import ADMIN, ANALYST, EDITOR
from initiatives.services import add_milestone, change_status

PIPELINE_VERSION = "demo-1"
# username, password, role group, is_staff, is_superuser. Known passwords: local demos only.
DEMO_USERS = (
    ("analyst", "analyst-demo", ANALYST, False, False),
    ("editor", "editor-demo", EDITOR, True, False),
    ("admin", "admin-demo", ADMIN, True, True),
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


def _sources() -> dict[str, Source]:
    countries = {c.code: c for c in Country.objects.all()}
    sources = {}
    for row in demo_data.SOURCES:
        sources[row["slug"]], _ = Source.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "homepage": row["homepage"],
                "domain": row["domain"],
                "language": row["language"],
                "country": countries.get(row["country"]),
            },
        )
    for row in demo_data.FEEDS:
        Feed.objects.get_or_create(
            url=row["url"],
            defaults={"source": sources[row["source"]], "title": row["title"], "active": False},
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


def load_demo(*, with_users: bool = False, now: dt.datetime | None = None) -> DemoResult:
    """Load the catalogue if missing, then the demo sources, feeds and articles; idempotent."""
    now = now or timezone.now()
    result = DemoResult()
    if _catalogue_missing():
        load_catalogue()
        result.catalogue_loaded = True
    if with_users:
        result.users_created = create_demo_users()
    editor = get_user_model().objects.filter(username="editor", groups__name=EDITOR).first()
    sources = _sources()

    entries = sorted(
        enumerate(demo_data.ARTICLES), key=lambda pair: (-pair[1]["days_ago"], pair[0])
    )
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
            clusters = _existing_clusters(hashes)
            for index, entry in new_entries:
                _create_article(entry, index, hashes, sources, clusters, run, editor, now, result)
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


def _existing_clusters(hashes: dict[str, str]) -> dict[str, Cluster]:
    """Clusters already holding demo articles, by the demo's cluster name."""
    clusters: dict[str, Cluster] = {}
    for entry in demo_data.ARTICLES:
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
    source_row = next(s for s in demo_data.SOURCES if s["slug"] == entry["source"])
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
        )
        statement.initiatives.add(*confirmed)

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
                change_status(
                    initiative,
                    to_status,
                    date=evidence_date,
                    note=note,
                    evidence=article,
                    by=editor,
                )
                result.status_changes += 1
            except InvalidStatusTransition as exc:  # someone moved it concurrently
                result.skipped.append(f"{slug}: {exc.message}")
    if entry.get("milestone"):
        slug, title, description = entry["milestone"]
        initiative = Initiative.objects.get(slug=slug)
        if not Milestone.objects.filter(
            initiative=initiative, date=evidence_date, title=title
        ).exists():
            add_milestone(
                initiative,
                date=evidence_date,
                title=title,
                description=description,
                evidence=article,
                by=editor,
            )
            result.milestones += 1


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
        )
        if state == ArticleLink.State.CONFIRMED:
            confirmed.append(initiative)
    return confirmed
