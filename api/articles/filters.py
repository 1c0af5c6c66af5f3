"""django-filter sets for articles, statements, links, sources, feeds and ingestion runs."""

from __future__ import annotations

import datetime as dt

import django_filters as df
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from api.base import LINK_PUBLISHED_AT
from articles.models import (
    ARTICLE_LANGUAGES,
    Article,
    ArticleLink,
    Feed,
    IngestionRun,
    Source,
    Statement,
)
from articles.selectors.search import MAX_SEARCH_QUERY_LENGTH
from core.folding import search_query
from initiatives.models import Initiative, Language, Sector


def _fulltext(vector_sql: str, value: str) -> tuple[str, list[str]]:
    return (
        f"{vector_sql} @@ (websearch_to_tsquery('english', %s) || "
        "websearch_to_tsquery('simple', %s))",
        [value, search_query(value)],  # folded as the vectors are (core.folding)
    )


class _PublishedRange(df.FilterSet):
    """published_after / published_before: inclusive calendar days (UTC)."""

    published_after = df.DateFilter(method="filter_after", help_text="YYYY-MM-DD, inclusive")
    published_before = df.DateFilter(method="filter_before", help_text="YYYY-MM-DD, inclusive")
    published_field = "published_at"

    def filter_after(self, queryset, name, value: dt.date):
        start = dt.datetime.combine(value, dt.time.min, tzinfo=dt.UTC)
        return queryset.filter(**{f"{self.published_field}__gte": start})

    def filter_before(self, queryset, name, value: dt.date):
        if value >= dt.date.max:  # the last representable day: no upper bound
            return queryset
        end = dt.datetime.combine(value + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
        return queryset.filter(**{f"{self.published_field}__lt": end})


class ArticleFilter(_PublishedRange):
    initiative = df.CharFilter(
        method="filter_initiative",
        help_text="initiative slug; with link_state (default confirmed) of that link",
    )
    sector = df.ChoiceFilter(
        method="filter_sector", choices=Sector.choices, help_text="confirmed links"
    )
    link_state = df.ChoiceFilter(
        method="filter_link_state",
        choices=ArticleLink.State.choices,
        help_text="alone: articles with a link in this state (e.g. the suggestion queue)",
    )
    language = df.ChoiceFilter(
        choices=ARTICLE_LANGUAGES, help_text="en, fa, ar, or another language (never linked)"
    )
    source = df.CharFilter(field_name="source__slug", help_text="source slug")
    person = df.CharFilter(method="filter_person", help_text="person slug (mentioned)")
    place = df.CharFilter(method="filter_place", help_text="place slug (mentioned)")
    cluster = df.NumberFilter(field_name="cluster_id")
    search = df.CharFilter(
        method="filter_search",
        max_length=MAX_SEARCH_QUERY_LENGTH,
        help_text="full-text (web search syntax)",
    )

    class Meta:
        model = Article
        fields = [
            "initiative",
            "sector",
            "link_state",
            "language",
            "source",
            "person",
            "place",
            "cluster",
            "published_after",
            "published_before",
            "search",
        ]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # initiative and link_state combine into one condition on the same link.
        data = self.form.cleaned_data
        slug, state = data.get("initiative"), data.get("link_state")
        if slug:
            # A join on the link (one per article and initiative): the pagination orders by
            # the link's copy of the publication time, read in order from its index.
            # The initiative's id as a subquery (a constant for the planner, so the index
            # order serves the ORDER BY); a join on the slug would sort all its links.
            initiative = Initiative.objects.filter(slug=slug).order_by().values("id")
            queryset = queryset.filter(
                links__initiative_id=Subquery(initiative), links__state=state or "confirmed"
            ).annotate(**{LINK_PUBLISHED_AT: F("links__published_at")})
        elif state:
            links = ArticleLink.objects.filter(article=OuterRef("pk"), state=state)
            queryset = queryset.filter(Exists(links))
        return super().filter_queryset(queryset)

    def filter_initiative(self, queryset, name, value):
        return queryset  # applied in filter_queryset together with link_state

    filter_link_state = filter_initiative

    def filter_sector(self, queryset, name, value):
        links = ArticleLink.objects.filter(
            article=OuterRef("pk"), state="confirmed", initiative__sector=value
        )
        return queryset.filter(Exists(links))

    def filter_person(self, queryset, name, value):
        through = Article.people.through
        return queryset.filter(
            Exists(through.objects.filter(article=OuterRef("pk"), person__slug=value))
        )

    def filter_place(self, queryset, name, value):
        through = Article.places.through
        return queryset.filter(
            Exists(through.objects.filter(article=OuterRef("pk"), place__slug=value))
        )

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        sql, params = _fulltext("articles_article.search_vector", value)
        return queryset.extra(where=[sql], params=params)  # noqa: S610 (bound parameters)


class StatementFilter(_PublishedRange):
    published_field = "article__published_at"
    initiative = df.CharFilter(method="filter_initiative", help_text="initiative slug")
    sector = df.ChoiceFilter(method="filter_sector", choices=Sector.choices)
    person = df.CharFilter(field_name="speaker__slug", help_text="speaker's slug")
    language = df.ChoiceFilter(field_name="article__language", choices=Language.choices)
    source = df.CharFilter(field_name="article__source__slug", help_text="source slug")
    place = df.CharFilter(method="filter_place", help_text="place slug (in the article)")
    article = df.NumberFilter(field_name="article_id")
    search = df.CharFilter(
        method="filter_search",
        max_length=MAX_SEARCH_QUERY_LENGTH,
        help_text="full-text (web search syntax)",
    )

    class Meta:
        model = Statement
        fields = [
            "initiative",
            "sector",
            "person",
            "language",
            "source",
            "place",
            "article",
            "published_after",
            "published_before",
            "search",
        ]

    def filter_initiative(self, queryset, name, value):
        through = Statement.initiatives.through
        return queryset.filter(
            Exists(through.objects.filter(statement=OuterRef("pk"), initiative__slug=value))
        )

    def filter_sector(self, queryset, name, value):
        through = Statement.initiatives.through
        return queryset.filter(
            Exists(through.objects.filter(statement=OuterRef("pk"), initiative__sector=value))
        )

    def filter_place(self, queryset, name, value):
        through = Article.places.through
        return queryset.filter(
            Exists(through.objects.filter(article=OuterRef("article_id"), place__slug=value))
        )

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        sql, params = _fulltext("articles_statement.search_vector", value)
        return queryset.extra(where=[sql], params=params)  # noqa: S610 (bound parameters)


class LinkFilter(df.FilterSet):
    initiative = df.CharFilter(field_name="initiative__slug", help_text="initiative slug")
    sector = df.ChoiceFilter(field_name="initiative__sector", choices=Sector.choices)
    state = df.ChoiceFilter(choices=ArticleLink.State.choices)
    link_state = df.ChoiceFilter(field_name="state", choices=ArticleLink.State.choices)
    origin = df.ChoiceFilter(choices=ArticleLink.Origin.choices)
    article = df.NumberFilter(field_name="article_id")
    min_score = df.NumberFilter(field_name="score", lookup_expr="gte")
    language = df.ChoiceFilter(field_name="article__language", choices=Language.choices)

    class Meta:
        model = ArticleLink
        fields = ["initiative", "sector", "state", "link_state", "origin", "article", "min_score"]


class SourceFilter(df.FilterSet):
    language = df.ChoiceFilter(choices=Language.choices)
    country = df.CharFilter(field_name="country__code")
    search = df.CharFilter(method="filter_search", help_text="name or domain contains")

    class Meta:
        model = Source
        fields = ["language", "country", "search"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(domain__icontains=value))


class FeedFilter(df.FilterSet):
    source = df.CharFilter(field_name="source__slug")
    active = df.BooleanFilter()
    healthy = df.BooleanFilter(method="filter_healthy", help_text="no consecutive failures")
    search = df.CharFilter(method="filter_search", help_text="URL or title contains")

    class Meta:
        model = Feed
        fields = ["source", "active", "healthy", "search"]

    def filter_healthy(self, queryset, name, value):
        return (
            queryset.filter(consecutive_failures=0)
            if value
            else queryset.exclude(consecutive_failures=0)
        )

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(url__icontains=value) | Q(title__icontains=value))


class IngestionRunFilter(df.FilterSet):
    kind = df.ChoiceFilter(choices=IngestionRun.Kind.choices)
    state = df.ChoiceFilter(choices=IngestionRun.State.choices)
    feed = df.NumberFilter(field_name="feed_id")
    started_after = df.IsoDateTimeFilter(field_name="started_at", lookup_expr="gte")
    started_before = df.IsoDateTimeFilter(field_name="started_at", lookup_expr="lt")

    class Meta:
        model = IngestionRun
        fields = ["kind", "state", "feed", "started_after", "started_before"]
