"""Representations of articles, statements, links, sources, feeds, runs, timeline, search.

Read serializers only touch relations the views prefetch, so a page costs the same number
of queries whatever its size.
"""

from __future__ import annotations

from rest_framework import serializers

from api.initiatives.serializers import RefSerializer, demo_field, format_datetime
from articles.models import Article, ArticleLink, Feed, IngestionRun, Source, Statement
from articles.selectors.search import SEARCH_FACET_KEYS


class SourceRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    demo = demo_field()


def not_linked_reason_field() -> serializers.CharField:
    """Why the pipeline made no links for an article ("" when it could link it)."""
    return serializers.CharField(
        read_only=True,
        help_text="“language not supported” for an article in another language than en, fa "
        "and ar (stored, never linked); empty otherwise",
    )


def reasons_field() -> serializers.ListField:
    """A link's reasons (ArticleLink.reasons), read-only."""
    return serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="why the linker scored it: names matched and where, places, the bilateral "
        "context; empty for an editor's link",
    )


class ArticleLinkBriefSerializer(serializers.Serializer):
    """A link as shown on an article: which initiative, in which state, how sure."""

    id = serializers.IntegerField(read_only=True)
    initiative = serializers.CharField(source="initiative.slug", read_only=True)
    initiative_name = serializers.CharField(source="initiative.name", read_only=True)
    state = serializers.CharField(read_only=True)
    origin = serializers.CharField(read_only=True)
    score = serializers.FloatField(read_only=True)
    reasons = reasons_field()
    model_version = serializers.CharField(
        read_only=True, help_text="which linker scored it: “rules” or a trained model's version"
    )
    demo = demo_field()


class ArticleListSerializer(serializers.ModelSerializer):
    source = SourceRefSerializer(read_only=True, allow_null=True)
    excerpt = serializers.CharField(read_only=True, help_text="first 280 characters of the body")
    links = ArticleLinkBriefSerializer(many=True, read_only=True)
    not_linked_reason = not_linked_reason_field()
    web_url = serializers.CharField(source="get_absolute_url", read_only=True)
    demo = demo_field()

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "url",
            "published_at",
            "date_estimated",
            "language",
            "source",
            "excerpt",
            "links",
            "not_linked_reason",
            "demo",
            "web_url",
        ]

    def to_representation(self, article):
        # Hot path (50 rows per page, 1M-row lists): plain dicts, same output as the fields.
        source = article.source
        return {
            "id": article.id,
            "title": article.title,
            "url": article.url,
            "published_at": format_datetime(article.published_at),
            "date_estimated": article.date_estimated,
            "language": article.language,
            "source": (
                {"slug": source.slug, "name": source.name, "demo": source.is_demo}
                if source
                else None
            ),
            "excerpt": article.excerpt,
            "links": [
                {
                    "id": link.id,
                    "initiative": link.initiative.slug,
                    "initiative_name": link.initiative.name,
                    "state": link.state,
                    "origin": link.origin,
                    "score": link.score,
                    "reasons": link.reasons,
                    "model_version": link.model_version,
                    "demo": link.is_demo,
                }
                for link in article.links.all()
            ],
            "not_linked_reason": article.not_linked_reason,
            "demo": article.is_demo,
            "web_url": f"/articles/{article.id}/",
        }


class StatementBriefSerializer(serializers.ModelSerializer):
    speaker = RefSerializer(read_only=True, allow_null=True)
    initiatives = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    demo = demo_field()

    class Meta:
        model = Statement
        fields = ["id", "speaker", "speaker_name", "text", "position", "initiatives", "demo"]


class ClusterMemberSerializer(serializers.ModelSerializer):
    source = SourceRefSerializer(read_only=True, allow_null=True)
    demo = demo_field()

    class Meta:
        model = Article
        fields = ["id", "title", "url", "published_at", "source", "demo"]


class ClusterSerializer(serializers.Serializer):
    """The near-duplicate group this article belongs to: the same story at other outlets."""

    id = serializers.IntegerField(read_only=True)
    other_sources = serializers.SerializerMethodField()

    def get_other_sources(self, cluster) -> list[dict]:
        current = self.context.get("article_id")
        members = [a for a in cluster.articles.all() if a.pk != current]
        return ClusterMemberSerializer(members, many=True).data


class ArticleDetailSerializer(ArticleListSerializer):
    to_representation = serializers.ModelSerializer.to_representation  # every field, generic
    excerpt = serializers.SerializerMethodField()
    people = RefSerializer(many=True, read_only=True)
    places = RefSerializer(many=True, read_only=True)
    organizations = RefSerializer(many=True, read_only=True)
    statements = StatementBriefSerializer(many=True, read_only=True)
    cluster = ClusterSerializer(read_only=True, allow_null=True)

    class Meta(ArticleListSerializer.Meta):
        fields = [
            *ArticleListSerializer.Meta.fields,
            "original_url",
            "byline",
            "body",
            "people",
            "places",
            "organizations",
            "statements",
            "cluster",
            "is_irrelevant",
            "ingested_via",
            "fetched_at",
            "created_at",
        ]

    def get_excerpt(self, article) -> str:
        return article.body[:280]


class StatementSerializer(serializers.ModelSerializer):
    speaker = RefSerializer(read_only=True, allow_null=True)
    initiatives = RefSerializer(many=True, read_only=True)
    article = serializers.IntegerField(source="article_id", read_only=True)
    article_title = serializers.CharField(source="article.title", read_only=True)
    published_at = serializers.DateTimeField(read_only=True)
    language = serializers.CharField(source="article.language", read_only=True)
    source = SourceRefSerializer(source="article.source", read_only=True, allow_null=True)
    demo = demo_field()

    class Meta:
        model = Statement
        fields = [
            "id",
            "article",
            "article_title",
            "published_at",
            "language",
            "source",
            "speaker",
            "speaker_name",
            "text",
            "initiatives",
            "demo",
        ]

    def to_representation(self, statement):
        article, speaker = statement.article, statement.speaker
        source = article.source
        return {
            "id": statement.id,
            "article": statement.article_id,
            "article_title": article.title,
            "published_at": format_datetime(statement.published_at),
            "language": article.language,
            "source": (
                {"slug": source.slug, "name": source.name, "demo": source.is_demo}
                if source
                else None
            ),
            "speaker": {"slug": speaker.slug, "name": speaker.name} if speaker else None,
            "speaker_name": statement.speaker_name,
            "text": statement.text,
            "initiatives": [{"slug": i.slug, "name": i.name} for i in statement.initiatives.all()],
            "demo": statement.is_demo,
        }


class ArticleLinkSerializer(serializers.ModelSerializer):
    article = ClusterMemberSerializer(read_only=True)
    reasons = reasons_field()
    demo = demo_field()
    initiative = RefSerializer(read_only=True)
    decided_by = serializers.CharField(
        source="decided_by.username", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = ArticleLink
        fields = [
            "id",
            "article",
            "initiative",
            "state",
            "origin",
            "score",
            "snippet",
            "reasons",
            "model_version",
            "decided_by",
            "decided_at",
            "created_at",
            "demo",
        ]


class LinkDecisionRequestSerializer(serializers.Serializer):
    expected_state = serializers.ChoiceField(
        choices=ArticleLink.State.choices,
        required=False,
        default=ArticleLink.State.SUGGESTED,
        help_text="the state you saw; a different current state gives 409",
    )


class AddLinkRequestSerializer(serializers.Serializer):
    initiative = serializers.SlugField(help_text="initiative slug")


class SourceSerializer(serializers.ModelSerializer):
    country = serializers.CharField(
        source="country.code", default=None, read_only=True, allow_null=True
    )
    demo = demo_field()

    class Meta:
        model = Source
        fields = ["slug", "name", "homepage", "domain", "language", "country", "demo"]


class FeedSerializer(serializers.ModelSerializer):
    source = SourceRefSerializer(read_only=True)
    poll_interval_minutes = serializers.SerializerMethodField()
    is_healthy = serializers.BooleanField(read_only=True)
    demo = demo_field()

    class Meta:
        model = Feed
        fields = [
            "id",
            "url",
            "title",
            "source",
            "active",
            "poll_interval_minutes",
            "is_healthy",
            "consecutive_failures",
            "last_polled_at",
            "last_success_at",
            "last_error",
            "last_error_at",
            "items_seen",
            "next_poll_at",
            "created_at",
            "demo",
        ]

    def get_poll_interval_minutes(self, feed) -> int:
        return int(feed.poll_interval.total_seconds() // 60)


class FeedRequestSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=1000)
    source = serializers.SlugRelatedField(slug_field="slug", queryset=Source.objects.all())
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    poll_interval_minutes = serializers.IntegerField(min_value=1, max_value=7 * 24 * 60, default=30)
    active = serializers.BooleanField(default=True)


class IngestionRunSerializer(serializers.ModelSerializer):
    started_by = serializers.CharField(
        source="started_by.username", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = IngestionRun
        fields = [
            "id",
            "kind",
            "state",
            "feed",
            "label",
            "started_by",
            "started_at",
            "finished_at",
            "items_seen",
            "total",
            "created",
            "duplicates",
            "refused",
            "errors",
        ]


class TimelineEventSerializer(serializers.Serializer):
    """One event of the merged timeline (articles.selectors.TimelineEvent)."""

    kind = serializers.ChoiceField(choices=["article", "statement", "milestone", "status"])
    id = serializers.IntegerField()
    date = serializers.DateTimeField()
    title = serializers.CharField()
    text = serializers.CharField()
    url = serializers.CharField(help_text="dashboard page")
    article_id = serializers.IntegerField(allow_null=True)
    source = serializers.CharField(allow_null=True)
    source_slug = serializers.CharField(allow_null=True)
    speaker = serializers.CharField(allow_null=True)
    speaker_slug = serializers.CharField(allow_null=True)
    language = serializers.CharField(allow_null=True)
    initiatives = RefSerializer(many=True)
    from_status = serializers.CharField(allow_null=True)
    to_status = serializers.CharField(allow_null=True)
    demo = serializers.BooleanField(help_text="true for invented demo data (load_demo)")

    def to_representation(self, event):
        return {
            "kind": event.kind,
            "id": event.id,
            "date": format_datetime(event.date),
            "title": event.title,
            "text": event.text,
            "url": event.url,
            "article_id": event.article_id,
            "source": event.source,
            "source_slug": event.source_slug,
            "speaker": event.speaker,
            "speaker_slug": event.speaker_slug,
            "language": event.language,
            "initiatives": [{"slug": i.slug, "name": i.name} for i in event.initiatives],
            "from_status": event.from_status,
            "to_status": event.to_status,
            "demo": event.demo,
        }


class TimelinePageSerializer(serializers.Serializer):
    next = serializers.CharField(allow_null=True, help_text="URL of the next page")
    results = TimelineEventSerializer(many=True)


class DensitySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="first day of the week (Monday) or month")
    count = serializers.IntegerField()


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["article", "statement"])
    id = serializers.IntegerField()
    title = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML: escaped text with <mark> around matches")
    url = serializers.CharField()
    date = serializers.DateTimeField()
    article_id = serializers.IntegerField()
    source = serializers.CharField(allow_null=True)
    language = serializers.CharField()
    speaker = serializers.CharField(allow_null=True)
    initiatives = RefSerializer(many=True)
    rank = serializers.FloatField()
    demo = serializers.BooleanField(help_text="true for invented demo data (load_demo)")


class FacetSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    initiative = FacetSerializer(many=True)
    sector = FacetSerializer(many=True)
    language = FacetSerializer(many=True)
    source = FacetSerializer(many=True)
    year = FacetSerializer(many=True)


class ExpansionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["initiative", "place", "person", "organisation"])
    name = serializers.CharField(help_text="what the query names, as the catalogue writes it")
    terms = serializers.ListField(
        child=serializers.CharField(), help_text="its other names, searched too"
    )


class SearchPageSerializer(serializers.Serializer):
    query = serializers.CharField()
    expansions = ExpansionSerializer(
        many=True,
        help_text="catalogue entries the query names, whose other names (other languages, "
        "aliases) were searched too; empty with original=true",
    )
    original_only = serializers.BooleanField(
        help_text="true: only the query's own language, no expansion (original=true)"
    )
    count = serializers.IntegerField(source="total")
    count_is_estimate = serializers.BooleanField(
        source="total_is_estimate", help_text="true: more matches exist; count is a lower bound"
    )
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = SearchHitSerializer(many=True, source="items")
    facets = FacetsSerializer()

    def to_representation(self, page):
        # Hot path (20 hits and ~200 facet values per answer): plain dicts, the same output
        # as the declared fields (tests/api/articles/test_articles_api.py compares the two).
        return {
            "query": page.query,
            "expansions": [e.as_dict() for e in page.expansions],
            "original_only": page.original_only,
            "count": page.total,
            "count_is_estimate": page.total_is_estimate,
            "page": page.page,
            "num_pages": page.num_pages,
            "next": page.next,
            "previous": page.previous,
            "results": [
                {
                    "kind": hit.kind,
                    "id": hit.id,
                    "title": hit.title,
                    "snippet": hit.snippet,
                    "url": hit.url,
                    "date": format_datetime(hit.date),
                    "article_id": hit.article_id,
                    "source": hit.source,
                    "language": hit.language,
                    "speaker": hit.speaker,
                    "initiatives": [{"slug": i.slug, "name": i.name} for i in hit.initiatives],
                    "rank": hit.rank,
                    "demo": hit.demo,
                }
                for hit in page.items
            ],
            "facets": {
                key: [
                    {"value": f.value, "label": f.label, "count": f.count}
                    for f in page.facets.get(key, [])
                ]
                for key in SEARCH_FACET_KEYS
            },
        }
