"""Sources and feeds from the console: add, edit, pause, resume, poll now, OPML import.

Each write runs in a transaction and is audited. A feed address is checked by the fetch
guard before it is saved, so a feed that would resolve to a private network is refused with
the reason instead of failing at every poll.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.ingest.fetch import FetchError, URLRefused, check_url, literal_address
from articles.ingest.opml import OpmlFeed, parse_opml
from articles.ingest.parse import ParseError
from articles.models import Feed, Source
from core.exceptions import DomainError
from initiatives.models import AuditEvent, Country, Language
from initiatives.services import record_audit

SOURCE_FIELDS = ("name", "homepage", "domain", "language", "country")
FEED_FIELDS = ("url", "title", "source", "poll_interval", "active")


def _plain(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    values = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, dt.timedelta):
            value = int(value.total_seconds() // 60)
        elif hasattr(value, "pk"):
            value = str(value)
        values[name] = value
    return values


def check_feed_url(url: str, *, resolve: bool = True) -> str:
    """The address, stripped, if the fetch guard would fetch it; DomainError saying why not.

    A name that does not resolve now is accepted (the poll will say so); a refused address
    (private, loopback, internal name, bad scheme) is not. With resolve=False (an OPML file
    of thousands of feeds) names are not looked up: the scheme, IP literals and internal
    names are checked, and every poll checks the resolved address anyway.
    """
    url = (url or "").strip()
    if not resolve:
        try:
            parts = urlsplit(url)
        except ValueError as exc:
            raise DomainError(f"{url}: malformed address ({exc})", field="url") from None
        host = (parts.hostname or "").rstrip(".").lower()
        plain_name = (
            parts.scheme.lower() in ("http", "https")
            and host
            and literal_address(host) is None
            and "." in host
            and not host.endswith((".localhost", ".internal", ".local", ".localdomain", ".arpa"))
        )
        if plain_name:
            return url
    try:
        check_url(url)
    except URLRefused as exc:
        raise DomainError(f"{url}: refused, {exc.reason}", field="url") from None
    except FetchError:
        pass
    return url


def _audit_save(by: Any, kind: str, obj: Any, before: dict, after: dict, name: str) -> None:
    """Audit a create (no before) or an edit that changed something."""
    if before != after:
        record_audit(
            actor=by,
            action=f"{kind}.{'edit' if before else 'create'}",
            obj=obj,
            before=before,
            after=after,
            summary=f"{kind.capitalize()} {name} {'edited' if before else 'added'}",
        )


def _unique_slug(name: str) -> str:
    base = (slugify(name, allow_unicode=True) or "source")[:110]
    slug, n = base, 1
    while Source.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def source_named(name: str) -> Source | None:
    """The source an editor named: by its slug or its name (any case), else None."""
    name = name.strip()
    return (
        Source.objects.filter(slug=name).first()
        or Source.objects.filter(name__iexact=name).order_by("pk").first()
    )


def save_source(source: Source | None, values: dict[str, Any], *, by: Any) -> Source:
    """Create a source (source None) or change one; audited with before and after."""
    with transaction.atomic():
        if source is None:
            source = Source(slug=_unique_slug(values["name"]))
            before: dict[str, Any] = {}
        else:
            source = Source.objects.select_for_update().get(pk=source.pk)
            before = _plain(source, SOURCE_FIELDS)
        for name in SOURCE_FIELDS:
            if name in values:
                setattr(source, name, values[name])
        source.domain = (source.domain or "").strip().lower().removeprefix("www.")
        source.save()
        _audit_save(by, "source", source, before, _plain(source, SOURCE_FIELDS), source.name)
    return source


def save_feed(feed: Feed | None, values: dict[str, Any], *, by: Any) -> Feed:
    """Add a feed (feed None) or change one. Refuses an address the guard refuses and one
    that is already a feed (saying which source has it)."""
    url = check_feed_url(values.get("url", feed.url if feed else ""))
    clash = Feed.objects.filter(url=url).exclude(pk=feed.pk if feed else None).first()
    if clash:
        raise DomainError(
            f"{url} is already a feed of {clash.source.name}: nothing was added.", field="url"
        )
    with transaction.atomic():
        if feed is None:
            feed = Feed(next_poll_at=timezone.now())
            before: dict[str, Any] = {}
        else:
            feed = Feed.objects.select_for_update().get(pk=feed.pk)
            before = _plain(feed, FEED_FIELDS)
        for name in FEED_FIELDS:
            if name in values:
                setattr(feed, name, values[name])
        feed.url = url
        try:
            with transaction.atomic():
                feed.save()
        except IntegrityError:  # another editor added it meanwhile
            raise DomainError(f"{url} is already a feed: nothing was added.", field="url") from None
        _audit_save(by, "feed", feed, before, _plain(feed, FEED_FIELDS), feed.url)
    return feed


def set_feed_active(feed: Feed, active: bool, *, by: Any) -> Feed:
    """Pause (active False: beat no longer polls it) or resume a feed; resuming polls it at
    once and forgets its backoff."""
    with transaction.atomic():
        locked = Feed.objects.select_for_update().get(pk=feed.pk)
        if locked.active != active:
            locked.active = active
            if active:
                locked.next_poll_at = timezone.now()
            locked.save(update_fields=["active", "next_poll_at"])
            record_audit(
                actor=by,
                action="feed.resume" if active else "feed.pause",
                obj=locked,
                before={"active": not active},
                after={"active": active},
                summary=f"Feed {locked.url} {'resumed' if active else 'paused'}",
            )
    return locked


def poll_now(feed: Feed, *, by: Any) -> None:
    """Queue a poll of this feed now (the real task); raises QueueUnavailable if the
    broker is down."""
    from articles.tasks import enqueue, poll_feed

    record_audit(
        actor=by,
        action="feed.poll",
        obj=feed,
        after={"requested_at": timezone.now().isoformat()},
        summary=f"Poll of {feed.url} requested",
    )
    enqueue(poll_feed, feed.pk, getattr(by, "pk", None))


@dataclass
class OpmlImport:
    """What an OPML import did: feeds and sources added, feeds already known, refusals."""

    feeds_added: int = 0
    sources_added: int = 0
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        text = (
            f"{self.feeds_added} feed{'s' if self.feeds_added != 1 else ''} added, "
            f"{self.sources_added} source{'s' if self.sources_added != 1 else ''} added, "
            f"{self.unchanged} already known (left as they are)"
        )
        if self.refused:
            text += f", {len(self.refused)} refused"
        return text + "."


def _source_slug(entry: OpmlFeed) -> str:
    slug = entry.source or slugify(entry.source_name or entry.title, allow_unicode=True)
    if not slug:
        raise DomainError("no source name (ct:source, ct:sourceName or text)")
    return slug[:120]


def import_opml(data: bytes, *, by: Any) -> OpmlImport:
    """Add the feeds (and their sources) an OPML file lists; feeds already known are left
    as they are, so importing the same file twice changes nothing. A malformed or oversized
    file raises DomainError and adds nothing; one bad outline is refused with its reason.

    Written in bulk (10,000 feeds in a few seconds): sources and feeds with
    INSERT … ON CONFLICT DO NOTHING, one audit record per feed added.
    """
    try:
        entries = parse_opml(data)
    except ParseError as exc:
        raise DomainError(f"OPML refused: {exc}. Nothing was imported.") from None
    if not entries:
        raise DomainError("OPML refused: it lists no feeds (no outline with an xmlUrl).")
    result = OpmlImport()
    known = set(Feed.objects.filter(url__in=[e.url for e in entries]).values_list("url", flat=True))
    fresh: dict[str, tuple[OpmlFeed, str]] = {}  # url -> (entry, source slug)
    for entry in entries:
        if entry.url in known or entry.url in fresh:
            result.unchanged += 1
            continue
        try:
            url = check_feed_url(entry.url, resolve=False)
            if len(url) > 1000:
                raise DomainError("address longer than 1000 characters")
            fresh[url] = (entry, _source_slug(entry))
        except DomainError as exc:
            result.refused.append(f"feed {entry.line} ({entry.url[:200]}): {exc.message}")
    if not fresh:
        return result
    countries = {c.code: c for c in Country.objects.all()}
    slugs = {slug for _entry, slug in fresh.values()}
    with transaction.atomic():
        existing = set(Source.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        new_sources: dict[str, Source] = {}
        for entry, slug in fresh.values():
            if slug in existing or slug in new_sources:
                continue
            language = entry.language if entry.language in Language.values else "en"
            new_sources[slug] = Source(
                slug=slug,
                name=(entry.source_name or entry.title or slug)[:200],
                homepage=entry.homepage[:200],
                language=language,
                country=countries.get(entry.country),
            )
        Source.objects.bulk_create(new_sources.values(), ignore_conflicts=True, batch_size=1000)
        source_ids = dict(Source.objects.filter(slug__in=slugs).values_list("slug", "id"))
        Feed.objects.bulk_create(
            [
                Feed(url=url, source_id=source_ids[slug], title=entry.title[:300])
                for url, (entry, slug) in fresh.items()
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        added = list(Feed.objects.filter(url__in=list(fresh)).values_list("pk", "url"))
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    actor=by if getattr(by, "is_authenticated", False) else None,
                    action="feed.create",
                    object_type=Feed._meta.label_lower,
                    object_id=str(pk),
                    after={"url": url, "source": fresh[url][1], "via": "opml"},
                    summary=f"Feed {url} added from OPML"[:300],
                )
                for pk, url in added
            ],
            batch_size=1000,
        )
    result.feeds_added = len(added)
    result.unchanged += len(fresh) - len(added)
    result.sources_added = len(new_sources)
    return result
