"""The article reader page's read: one article with everything shown around it, in fixed queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString

from articles.highlight import Entity, find_mentions, highlighted_paragraphs
from articles.models import Article, ArticleLink, Statement
from initiatives.models import Alias, Initiative


@dataclass
class ArticleReader:
    article: Article
    paragraphs: list[SafeString]
    links: list[ArticleLink]
    statements: list[Statement]
    cluster_siblings: list[Article]
    mentioned: dict[str, list[Entity]] = field(default_factory=dict)


def article_reader(pk: int) -> ArticleReader:
    """The article (404 if absent), its highlighted body, links, statements and cluster."""
    article = get_object_or_404(
        Article.objects.select_related("source").prefetch_related(
            "people", "places", "organizations"
        ),
        pk=pk,
    )
    links = list(
        article.links.exclude(state=ArticleLink.State.REJECTED)
        .select_related("initiative")
        .prefetch_related(
            Prefetch(
                "initiative__aliases",
                queryset=Alias.objects.filter(is_active=True).only("id", "initiative_id", "text"),
            )
        )
        .order_by("-state", "-score")
    )
    statements = list(article.statements.select_related("speaker"))
    siblings: list[Article] = []
    if article.cluster_id:
        siblings = list(
            Article.objects.filter(cluster_id=article.cluster_id)
            .exclude(pk=article.pk)
            .select_related("source")
            .only("id", "title", "published_at", "language", "is_demo", "source__name")
            .order_by("published_at")
        )
    entities = [_initiative_entity(link.initiative) for link in links]
    entities += [
        Entity("person", p.name, p.get_absolute_url(), tuple(n for n, _ in p.all_names()))
        for p in article.people.all()
    ]
    entities += [
        Entity("place", p.name, p.get_absolute_url(), tuple(n for n, _ in p.all_names()))
        for p in article.places.all()
    ]
    mentions = find_mentions(article.body, entities)
    mentioned: dict[str, list[Entity]] = {}
    for mention in mentions:
        bucket = mentioned.setdefault(mention.entity.kind, [])
        if mention.entity not in bucket:
            bucket.append(mention.entity)
    return ArticleReader(
        article=article,
        paragraphs=highlighted_paragraphs(article.body, mentions),
        links=links,
        statements=statements,
        cluster_siblings=siblings,
        mentioned=mentioned,
    )


def _initiative_entity(initiative: Initiative) -> Entity:
    names = [initiative.name, initiative.name_fa, initiative.name_ar]
    names += [alias.text for alias in initiative.aliases.all()]
    return Entity(
        "initiative",
        initiative.name,
        initiative.get_absolute_url(),
        tuple(n for n in names if n),
    )
