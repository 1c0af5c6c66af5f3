"""POST /api/v1/articles/ and /api/v1/articles/submit-url/: editors add articles.

Both run the ingestion pipeline (articles.ingest) synchronously: 201 with the stored article,
200 with the existing one when it is a duplicate (same canonical URL or same text), 400 with
field errors when the input cannot become an article. submit-url fetches the page through
the guarded HTTP client (private and internal addresses refused) within the fetch time cap.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.roles import is_editor
from api.articles.serializers import not_linked_reason_field
from articles.ingest import jobs, parse, pipeline, runs
from articles.ingest.fetch import FetchError
from articles.ingest.items import RawItem
from articles.ingest.language import normalize_hint
from articles.models import Article, IngestionRun


class ArticleInputSerializer(serializers.Serializer):
    """One article as an API client sends it; only body is required."""

    url = serializers.URLField(max_length=1000, required=False, allow_blank=True, default="")
    title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    published_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    language = serializers.CharField(
        max_length=16,
        required=False,
        allow_blank=True,
        default="",
        help_text="en, fa or ar, or another language code (tr, fr, ckb…): an article in "
        "another language is stored but not linked; the text decides when it shows which",
    )
    body = serializers.CharField(max_length=800_000, trim_whitespace=True)
    source = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    byline = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def validate_language(self, value: str) -> str:
        if normalize_hint(value) is None:
            raise serializers.ValidationError(
                "Not a language code: use en, fa, ar or another ISO 639 code such as tr."
            )
        return value


class SubmitURLSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=1000)


class StoredArticleSerializer(serializers.ModelSerializer):
    """What ingestion stored: the article, its links and statements count."""

    source = serializers.CharField(source="source.slug", default=None, read_only=True)
    links = serializers.SerializerMethodField()
    statements = serializers.IntegerField(source="statements.count", read_only=True)
    not_linked_reason = not_linked_reason_field()

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "title",
            "byline",
            "published_at",
            "date_estimated",
            "language",
            "not_linked_reason",
            "source",
            "body",
            "cluster",
            "ingested_via",
            "links",
            "statements",
        ]

    def get_links(self, article: Article) -> list[dict]:
        return [
            {
                "initiative": link.initiative.slug,
                "state": link.state,
                "score": link.score,
                "reasons": link.reasons,
            }
            for link in article.links.select_related("initiative").order_by("-score")
        ]


def _stored(outcome) -> Response:
    article = Article.objects.select_related("source").get(pk=outcome.article_id)
    code = status.HTTP_201_CREATED if outcome.status == "created" else status.HTTP_200_OK
    return Response(StoredArticleSerializer(article).data, status=code)


class ArticleIngestMixin:
    """Mixed into ArticleViewSet: `create` and the `submit-url` action (editors only)."""

    def _require_editor(self, request: Request) -> None:
        if not is_editor(request.user):
            self.permission_denied(request, message="Only editors may add articles.")

    @extend_schema(
        request=ArticleInputSerializer,
        responses={
            201: StoredArticleSerializer,
            200: OpenApiResponse(StoredArticleSerializer, description="already stored"),
            400: OpenApiResponse(description="field errors"),
        },
    )
    def create(self, request: Request, *args, **kwargs) -> Response:
        """Store an article sent as JSON (201), or return the stored duplicate (200)."""
        self._require_editor(request)
        data = ArticleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        raw = RawItem(label="api", **data.validated_data)
        run = runs.start_run(IngestionRun.Kind.API, label="POST /api/v1/articles/", by=request.user)
        outcome = pipeline.ingest_item(raw, via=Article.Via.API, run=run)
        runs.add_outcomes(run, [outcome])
        runs.finish_run(run, failed=outcome.status == "refused")
        if outcome.status == "refused":
            return Response(
                {outcome.field or "body": [outcome.reason]}, status=status.HTTP_400_BAD_REQUEST
            )
        return _stored(outcome)

    @extend_schema(
        request=SubmitURLSerializer,
        responses={
            201: StoredArticleSerializer,
            200: OpenApiResponse(StoredArticleSerializer, description="already stored"),
            400: OpenApiResponse(description="URL refused or page unusable, with the reason"),
        },
    )
    @action(detail=False, methods=["post"], url_path="submit-url")
    def submit_url(self, request: Request, *args, **kwargs) -> Response:
        """Fetch an article page by URL, extract and store it (201), or the duplicate (200)."""
        self._require_editor(request)
        data = SubmitURLSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            outcome = jobs.submit_url(data.validated_data["url"], by=request.user)
        except FetchError as exc:
            return Response(
                {"url": [f"Could not fetch: {exc.reason}"]}, status=status.HTTP_400_BAD_REQUEST
            )
        except parse.ParseError as exc:
            return Response(
                {"url": [f"No article found at this address: {exc}"]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if outcome.status == "refused":
            return Response({"url": [outcome.reason]}, status=status.HTTP_400_BAD_REQUEST)
        return _stored(outcome)
