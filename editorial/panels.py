"""Context of the editor panels shown on the article and initiative pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from articles.models import Article, ArticleLink
from editorial import selectors
from editorial.services import alias_acceptance, alias_rate
from initiatives.claims import claim_groups
from initiatives.models import (
    ALLOWED_TRANSITIONS,
    Claim,
    Initiative,
    Language,
    Place,
    ProfileTerm,
    Sector,
    Status,
)

_STATE_ORDER = {"suggested": 0, "confirmed": 1, "rejected": 2}


def article_panel(article: Article, request: HttpRequest | None = None) -> dict[str, Any]:
    """Links, tags, statements and history of an article for its tagging panel."""
    links = sorted(
        article.links.select_related("initiative", "decided_by"),
        key=lambda link: (_STATE_ORDER[link.state], -link.score),
    )
    return {
        "article": article,
        "links": links,
        "people": article.people.order_by("name"),
        "places": article.places.order_by("name"),
        "statements": article.statements.select_related("speaker"),
        "history": selectors.article_history(article),
    }


def initiative_panel(initiative: Initiative, request: HttpRequest | None = None) -> dict[str, Any]:
    """Names, aliases with their record, key figures, status and history of an initiative."""
    aliases = list(alias_acceptance().filter(initiative=initiative))
    for alias in aliases:
        alias.rate = alias_rate(alias)
    evidence = (
        Article.objects.filter(
            links__initiative=initiative, links__state=ArticleLink.State.CONFIRMED
        )
        .only("pk", "title", "published_at", "is_demo")
        .order_by("-published_at")[:50]
    )
    return {
        "initiative": initiative,
        "aliases": aliases,
        "profile_terms": initiative.profile_terms.order_by("kind", "language", "-weight", "text"),
        "profile_kinds": ProfileTerm.Kind.choices,
        "key_figures": initiative.key_figures.all(),
        "claim_groups": claim_groups(
            list(initiative.claims.select_related("source__source", "recorded_by"))
        ),
        "claim_kinds": Claim.Kind.choices,
        "claim_ranks": Claim.Rank.choices,
        "claim_precisions": Claim.Precision.choices,
        "next_statuses": [
            (s, Status(s).label)
            for s in Status.values
            if s in ALLOWED_TRANSITIONS[initiative.status]
        ],
        "evidence_choices": evidence,
        "merge_choices": Initiative.objects.live()
        .exclude(pk=initiative.pk)
        .only("pk", "slug", "name")
        .order_by("name"),
        "sectors": Sector.choices,
        "languages": Language.choices,
        "all_places": Place.objects.only("pk", "name").order_by("name"),
        "place_ids": set(initiative.places.values_list("pk", flat=True)),
        "history": selectors.initiative_history(initiative),
        "today": timezone.localdate(),
    }
