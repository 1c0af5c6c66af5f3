"""Atom feed of an initiative's new evidence: confirmed articles, milestones, status changes."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from articles.selectors.filters import ARTICLE, MILESTONE, STATUS, TimelineFilters
from articles.selectors.timeline import TimelineEvent, timeline
from initiatives.models import Initiative

FEED_ITEMS = 50


class InitiativeEvidenceFeed(Feed):
    """/initiatives/<slug>/feed.atom: the latest 50 events of the initiative's timeline."""

    feed_type = Atom1Feed

    def get_object(self, request, slug: str) -> Initiative:
        return get_object_or_404(Initiative, slug=slug)

    def title(self, obj: Initiative) -> str:
        return f"{obj.name}: new evidence"

    def subtitle(self, obj: Initiative) -> str:
        return f"Confirmed articles, milestones and status changes for {obj.name}."

    def link(self, obj: Initiative) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Initiative) -> list[TimelineEvent]:
        filters = TimelineFilters(initiative=obj.slug, kinds={ARTICLE, MILESTONE, STATUS})
        return timeline(filters, limit=FEED_ITEMS).items

    def item_title(self, item: TimelineEvent) -> str:
        prefix = {ARTICLE: "", MILESTONE: "Milestone: ", STATUS: "Status: "}.get(item.kind, "")
        title = item.title
        if item.kind == STATUS:
            title = title.split(": ", 1)[-1]
        return (
            prefix + title + (f" ({item.source})" if item.source and item.kind == ARTICLE else "")
        )

    def item_description(self, item: TimelineEvent) -> str:
        return item.text

    def item_link(self, item: TimelineEvent) -> str:
        return item.url

    def item_guid(self, item: TimelineEvent) -> str:
        return f"{item.kind}-{item.id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: TimelineEvent):
        return item.date

    def item_updateddate(self, item: TimelineEvent):
        return item.date
