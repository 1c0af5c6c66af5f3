"""API views for articles, statements, links, sources, feeds, runs, timeline and search."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError
from django.db.models import F, Prefetch
from django.db.models.functions import Left
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from api.articles.filters import (
    ArticleFilter,
    FeedFilter,
    IngestionRunFilter,
    LinkFilter,
    SourceFilter,
    StatementFilter,
)
from api.articles.ingest import ArticleIngestMixin
from api.articles.serializers import (
    AddLinkRequestSerializer,
    ArticleDetailSerializer,
    ArticleLinkSerializer,
    ArticleListSerializer,
    DensitySerializer,
    FeedRequestSerializer,
    FeedSerializer,
    IngestionRunSerializer,
    LinkDecisionRequestSerializer,
    SearchPageSerializer,
    SourceSerializer,
    StatementSerializer,
    TimelineEventSerializer,
    TimelinePageSerializer,
)
from api.base import (
    ApiViewMixin,
    CSVExportMixin,
    CSVRenderer,
    PublishedCursorPagination,
    csv_download,
    csv_lines,
)
from api.permissions import EditorsOnly
from api.validation import reject_unknown_params
from articles import services
from articles.models import (
    ARTICLE_LANGUAGES,
    Article,
    ArticleLink,
    Feed,
    IngestionRun,
    Source,
    Statement,
)
from articles.selectors.filters import KINDS, MAX_LIMIT, SEARCH_KINDS, TimelineFilters
from articles.selectors.search import MAX_SEARCH_PAGE, MAX_SEARCH_QUERY_LENGTH, search
from articles.selectors.timeline import timeline, timeline_density
from core.exceptions import AlreadyDecided
from initiatives.models import Initiative, Organization, Person, Place

_LINKS = Prefetch(
    "links",
    queryset=ArticleLink.objects.select_related("initiative")
    .only(
        "id",
        "article_id",
        "state",
        "origin",
        "score",
        "reasons",
        "model_version",
        "is_demo",
        "initiative__slug",
        "initiative__name",
    )
    .order_by("-score", "-id"),
)
# What the list shows: fewer columns, cheaper model instances (1M-row lists).
_LIST_FIELDS = (
    "id", "title", "url", "published_at", "date_estimated", "language",
    "is_demo", "source__slug", "source__name", "source__is_demo",
)  # fmt: skip


@extend_schema_view(
    list=extend_schema(
        summary="Articles, newest first (cursor pagination)",
        description=(
            "`initiative` alone means a confirmed link; add `link_state` for suggested or "
            "rejected ones. `search` is full-text (English stems or as written for fa/ar)."
        ),
    ),
    retrieve=extend_schema(
        summary="One article: links, statements, places, people, cluster of other sources"
    ),
)
class ArticleViewSet(
    ArticleIngestMixin, ApiViewMixin, CSVExportMixin, viewsets.ReadOnlyModelViewSet
):
    """Articles: the evidence. Editors link them to initiatives."""

    serializer_class = ArticleListSerializer
    filterset_class = ArticleFilter
    pagination_class = PublishedCursorPagination
    ordering_fields = ["published_at"]
    ordering = ["-published_at", "-id"]

    def get_queryset(self):
        base = Article.objects.select_related("source").defer("search_vector")
        if self.action == "retrieve":
            return base.prefetch_related(
                _LINKS,
                Prefetch("people", queryset=Person.objects.only("slug", "name")),
                Prefetch("places", queryset=Place.objects.only("slug", "name")),
                Prefetch("organizations", queryset=Organization.objects.only("slug", "name")),
                Prefetch(
                    "statements",
                    queryset=Statement.objects.select_related("speaker")
                    .prefetch_related(Prefetch("initiatives", Initiative.objects.only("slug")))
                    .defer("search_vector"),
                ),
                Prefetch(
                    "cluster__articles",
                    queryset=Article.objects.select_related("source")
                    .only("id", "title", "url", "published_at", "source", "cluster", "is_demo")
                    .order_by("published_at", "id"),
                ),
            ).select_related("cluster")
        return (
            base.only(*_LIST_FIELDS)
            .annotate(excerpt=Left("body", 280))
            .prefetch_related(_LINKS)
            .order_by("-published_at", "-id")
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ArticleDetailSerializer
        if self.action == "add_link":
            return AddLinkRequestSerializer
        if self.action in ("list", "metadata", None):
            return ArticleListSerializer
        # create / submit-url belong to ArticleIngestMixin: its choice, else serializer_class.
        return super().get_serializer_class()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.kwargs.get("pk"):
            pk = self.kwargs["pk"]
            context["article_id"] = int(pk) if pk.isascii() and pk.isdigit() else None
        return context

    def retrieve(self, request, *args, **kwargs):
        article = self.get_object()
        response = Response(self.get_serializer(article).data)
        decided = [link.decided_at for link in article.links.all() if link.decided_at]
        response.last_modified_at = max([article.fetched_at, article.created_at, *decided])
        return response

    @extend_schema(
        summary="Link the article to an initiative (editors; confirmed at once)",
        request=AddLinkRequestSerializer,
        responses={
            201: ArticleLinkSerializer,
            200: ArticleLinkSerializer,
            400: OpenApiResponse(description="unknown initiative"),
        },
        examples=[
            OpenApiExample(
                "Link", value={"initiative": "basra-shalamcheh-railway"}, request_only=True
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="links")
    def add_link(self, request, pk=None):
        article = get_object_or_404(Article, pk=pk)
        data = AddLinkRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        initiative = Initiative.objects.filter(slug=data.validated_data["initiative"]).first()
        if initiative is None:
            raise ValidationError({"initiative": ["No initiative with this slug."]})
        existed = ArticleLink.objects.filter(article=article, initiative=initiative).exists()
        link = services.add_link(article, initiative, by=request.user)
        link = _link_queryset().get(pk=link.pk)
        return Response(
            ArticleLinkSerializer(link).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


def _link_queryset():
    return ArticleLink.objects.select_related("article__source", "initiative", "decided_by")


@extend_schema_view(
    list=extend_schema(
        summary="Article ↔ initiative links (the suggestion queue: ?state=suggested)"
    ),
    retrieve=extend_schema(summary="One link"),
)
class ArticleLinkViewSet(ApiViewMixin, CSVExportMixin, viewsets.ReadOnlyModelViewSet):
    """Links suggested by the pipeline or added by editors; editors confirm or reject them."""

    serializer_class = ArticleLinkSerializer
    filterset_class = LinkFilter
    ordering_fields = ["score", "created_at", "decided_at"]
    ordering = ["-score", "-id"]

    def get_queryset(self):
        return _link_queryset().defer("article__search_vector", "article__body")

    def _decide(self, request, pk, decide):
        link = get_object_or_404(ArticleLink, pk=pk)
        data = LinkDecisionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            decide(link, by=request.user, expected_state=data.validated_data["expected_state"])
        except AlreadyDecided as exc:
            current = _link_queryset().get(pk=pk)
            return Response(
                {
                    "detail": exc.message,
                    "state": current.state,
                    "decided_by": current.decided_by.username if current.decided_by else None,
                    "decided_at": current.decided_at,
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(ArticleLinkSerializer(_link_queryset().get(pk=pk)).data)

    _decision_schema = {
        "request": LinkDecisionRequestSerializer,
        "responses": {
            200: ArticleLinkSerializer,
            409: OpenApiResponse(description="already decided by someone else (who, when)"),
        },
    }

    @extend_schema(summary="Confirm a suggested link (editors)", **_decision_schema)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._decide(request, pk, services.confirm_link)

    @extend_schema(summary="Reject a suggested link (editors)", **_decision_schema)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, pk, services.reject_link)


@extend_schema_view(
    list=extend_schema(summary="Quoted statements, newest first (cursor pagination)"),
    retrieve=extend_schema(summary="One statement"),
)
class StatementViewSet(ApiViewMixin, CSVExportMixin, viewsets.ReadOnlyModelViewSet):
    """Quotes with their speaker, article and initiatives."""

    serializer_class = StatementSerializer
    filterset_class = StatementFilter
    pagination_class = PublishedCursorPagination
    ordering_fields = ["published_at"]
    ordering = ["-published_at", "-id"]

    def get_queryset(self):
        return (
            Statement.objects.filter(article__is_irrelevant=False)
            .select_related("speaker", "article__source")
            .defer("search_vector", "article__body", "article__search_vector")
            .prefetch_related(Prefetch("initiatives", Initiative.objects.only("slug", "name")))
            .annotate(published_at=F("article__published_at"))
            .order_by("-published_at", "-id")
        )


@extend_schema_view(
    list=extend_schema(summary="Sources"), retrieve=extend_schema(summary="A source")
)
class SourceViewSet(ApiViewMixin, CSVExportMixin, viewsets.ReadOnlyModelViewSet):
    """News outlets and official sites."""

    queryset = Source.objects.select_related("country")
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    ordering_fields = ["name", "slug"]
    ordering = ["name", "id"]


@extend_schema_view(
    list=extend_schema(summary="Feeds and their health (editors)"),
    retrieve=extend_schema(summary="One feed (editors)"),
    create=extend_schema(
        summary="Register a feed (editors)",
        request=FeedRequestSerializer,
        responses={201: FeedSerializer, 400: OpenApiResponse(description="field errors")},
        examples=[
            OpenApiExample(
                "IRNA English",
                value={
                    "url": "https://en.irna.ir/rss",
                    "source": "irna",
                    "poll_interval_minutes": 30,
                },
                request_only=True,
            )
        ],
    ),
)
class FeedViewSet(
    ApiViewMixin, CSVExportMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """RSS/Atom feeds polled for new articles."""

    permission_classes = [EditorsOnly]
    queryset = Feed.objects.select_related("source")
    serializer_class = FeedSerializer
    filterset_class = FeedFilter
    ordering_fields = ["url", "created_at", "last_polled_at", "consecutive_failures"]
    ordering = ["source__name", "url", "id"]

    def create(self, request, *args, **kwargs):
        data = FeedRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            feed = services.register_feed(
                values["url"],
                values["source"],
                title=values["title"],
                poll_interval=timedelta(minutes=values["poll_interval_minutes"]),
                active=values["active"],
                by=request.user,
            )
        except IntegrityError:
            raise ValidationError({"url": ["This feed is already registered."]}) from None
        feed = Feed.objects.select_related("source").get(pk=feed.pk)
        return Response(FeedSerializer(feed).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Ingestion runs, newest first (editors)"),
    retrieve=extend_schema(summary="One ingestion run (editors)"),
)
class IngestionRunViewSet(ApiViewMixin, CSVExportMixin, viewsets.ReadOnlyModelViewSet):
    """What each poll, upload or URL submission brought in."""

    permission_classes = [EditorsOnly]
    queryset = IngestionRun.objects.select_related("started_by")
    serializer_class = IngestionRunSerializer
    filterset_class = IngestionRunFilter
    ordering_fields = ["started_at"]
    ordering = ["-started_at", "-id"]


_FILTER_PARAMS = [
    OpenApiParameter("initiative", str, description="initiative slug"),
    OpenApiParameter("sector", str, description="sector code"),
    OpenApiParameter("person", str, description="person slug"),
    OpenApiParameter("place", str, description="place slug"),
    OpenApiParameter("source", str, description="source slug"),
    OpenApiParameter("language", str, enum=[code for code, _label in ARTICLE_LANGUAGES]),
    OpenApiParameter("published_after", OpenApiTypes.DATE, description="inclusive"),
    OpenApiParameter("published_before", OpenApiTypes.DATE, description="inclusive"),
]
_KIND_PARAM = OpenApiParameter(
    "kind",
    str,
    many=True,
    enum=list(KINDS),
    description="repeat to combine; default all",
)


# Query parameters TimelineFilters reads (date_from/date_to and kinds are accepted synonyms).
_FILTER_NAMES = {p.name for p in _FILTER_PARAMS} | {"date_from", "date_to", "kind", "kinds"}


def _filters(request, *extra: str) -> TimelineFilters:
    """The timeline filters of the query string; 400 for unknown parameters or bad values."""
    reject_unknown_params(request, _FILTER_NAMES | set(extra))
    return TimelineFilters.from_query(request.query_params)


def _int_param(request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: [f"A whole number between {low} and {high}."]}) from None
    if not low <= value <= high:
        raise ValidationError({name: [f"A whole number between {low} and {high}."]})
    return value


def _timeline_rows(filters: TimelineFilters):
    """Every event of the filtered timeline as CSV-ready dicts, walking the keyset pages."""
    cursor = None
    while True:
        page = timeline(filters, cursor=cursor, limit=MAX_LIMIT)
        for event in page.items:
            yield TimelineEventSerializer(event).data
        if not page.next_cursor:
            return
        cursor = page.next_cursor


class TimelineView(ApiViewMixin, APIView):
    """The merged timeline: the same selector as the dashboard's timeline page."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]

    @extend_schema(
        summary="Articles, statements, milestones and status changes, newest first",
        description="`?format=csv` streams every matching event (no paging).",
        parameters=[
            *_FILTER_PARAMS,
            _KIND_PARAM,
            OpenApiParameter("cursor", str, description="from the previous page's `next`"),
            OpenApiParameter("page_size", int, description="1–200, default 50"),
        ],
        responses={200: TimelinePageSerializer},
    )
    def get(self, request):
        filters = _filters(request, "cursor", "page_size")
        if request.accepted_renderer.format == "csv":
            lines = csv_lines(_timeline_rows(filters), list(TimelineEventSerializer().fields))
            return csv_download(lines, request, "timeline")
        page_size = _int_param(request, "page_size", 50, 1, MAX_LIMIT)
        page = timeline(filters, cursor=request.query_params.get("cursor") or None, limit=page_size)
        url = request.build_absolute_uri()
        next_url = (
            replace_query_param(url, "cursor", page.next_cursor) if page.next_cursor else None
        )
        return Response(TimelinePageSerializer({"next": next_url, "results": page.items}).data)


class TimelineDensityView(ApiViewMixin, APIView):
    """How many timeline events per week or month (the dashboard's density chart)."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    csv_header = ["start", "count"]

    @extend_schema(
        summary="Number of timeline events per week or month",
        parameters=[
            *_FILTER_PARAMS,
            _KIND_PARAM,
            OpenApiParameter("buckets", str, enum=["week", "month"], description="default week"),
        ],
        responses={200: DensitySerializer(many=True)},
    )
    def get(self, request):
        buckets = request.query_params.get("buckets") or "week"
        series = timeline_density(_filters(request, "buckets"), buckets=buckets)
        return Response([{"start": day, "count": n} for day, n in series])


class SearchView(ApiViewMixin, APIView):
    """Full-text search over articles and statements with highlighted snippets and facets."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    @extend_schema(
        summary="Full-text search (English stems; Persian/Arabic as written)",
        parameters=[
            OpenApiParameter(
                "q",
                str,
                required=True,
                description='web search syntax: words, "a phrase", or, -excluded',
            ),
            *_FILTER_PARAMS,
            OpenApiParameter("kind", str, many=True, enum=list(SEARCH_KINDS)),
            OpenApiParameter("page", int, description="1-based"),
            OpenApiParameter("page_size", int, description="1–100, default 20"),
            OpenApiParameter(
                "original",
                bool,
                description="true: only documents in the query's own language, without "
                "searching the catalogue's other names for what it names",
            ),
        ],
        responses={200: SearchPageSerializer},
        examples=[
            OpenApiExample(
                "Railway",
                response_only=True,
                value={
                    "query": "railway",
                    "expansions": [
                        {
                            "kind": "initiative",
                            "name": "Basra–Shalamcheh railway",
                            "terms": ["راه‌آهن شلمچه–بصره", "سكة حديد الشلامجة–البصرة"],
                        }
                    ],
                    "original_only": False,
                    "count": 1,
                    "count_is_estimate": False,
                    "page": 1,
                    "num_pages": 1,
                    "next": None,
                    "previous": None,
                    "results": [
                        {
                            "kind": "article",
                            "id": 12,
                            "title": "Shalamcheh–Basra railway: track laying begins",
                            "snippet": "the <mark>railway</mark> linking Shalamcheh to Basra",
                            "url": "/articles/12/",
                            "date": "2025-03-01T08:00:00Z",
                            "article_id": 12,
                            "source": "IRNA",
                            "language": "en",
                            "speaker": None,
                            "initiatives": [
                                {
                                    "slug": "basra-shalamcheh-railway",
                                    "name": "Basra–Shalamcheh railway",
                                }
                            ],
                            "rank": 0.4,
                        }
                    ],
                    "facets": {
                        "initiative": [],
                        "sector": [],
                        "language": [{"value": "en", "label": "English", "count": 1}],
                        "source": [],
                        "year": [{"value": "2025", "label": "2025", "count": 1}],
                    },
                },
            )
        ],
    )
    def get(self, request):
        filters = _filters(request, "q", "page", "page_size", "original")
        query = (request.query_params.get("q") or "").strip()
        if not query:
            raise ValidationError({"q": ["Give something to search for, e.g. ?q=railway."]})
        if len(query) > MAX_SEARCH_QUERY_LENGTH:
            raise ValidationError({"q": [f"At most {MAX_SEARCH_QUERY_LENGTH} characters."]})
        page_number = _int_param(request, "page", 1, 1, MAX_SEARCH_PAGE)
        page_size = _int_param(request, "page_size", 20, 1, 100)
        original = (request.query_params.get("original") or "false").lower()
        if original not in ("true", "false", "1", "0"):
            raise ValidationError({"original": ["Must be true or false."]})
        result = search(
            query,
            filters=filters,
            page=page_number,
            page_size=page_size,
            original_only=original in ("true", "1"),
        )
        url = request.build_absolute_uri()
        result.next = replace_query_param(url, "page", page_number + 1) if result.has_next else None
        if page_number <= 1:
            result.previous = None
        elif page_number == 2:
            result.previous = remove_query_param(url, "page")
        else:
            result.previous = replace_query_param(url, "page", page_number - 1)
        return Response(SearchPageSerializer(result).data)
