"""API views for initiatives, their history, the entities around them, tokens and stats."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import IntegrityError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import tokens
from accounts.roles import is_admin, is_editor
from api.base import (
    ApiViewMixin,
    CSVExportMixin,
    GeoJSONRenderer,
)
from api.initiatives.filters import (
    InitiativeFilter,
    MilestoneFilter,
    OrganizationFilter,
    PersonFilter,
    PlaceFilter,
    StatusChangeFilter,
)
from api.initiatives.serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenRequestSerializer,
    ApiTokenSerializer,
    InitiativeDetailSerializer,
    InitiativeListSerializer,
    MilestoneRequestSerializer,
    MilestoneSerializer,
    OrganizationSerializer,
    PersonSerializer,
    PlaceSerializer,
    StatusChangeRequestSerializer,
    StatusChangeSerializer,
    initiative_detail_data,
)
from api.permissions import SignedIn
from api.validation import reject_unknown_params
from articles.selectors import evidence as selectors
from core import data_version
from core.exceptions import DomainError, StaleEdit
from initiatives import services
from initiatives.models import (
    ApiToken,
    Initiative,
    Milestone,
    Organization,
    Person,
    Place,
    StatusChange,
)

IF_MATCH_HEADER = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "ETag of the initiative as last read (GET /initiatives/{slug}/). A mismatch means "
        "someone changed it since: 412. Required (else 428) when API_REQUIRE_IF_MATCH is on."
    ),
)
_VERSION_IN_ETAG = re.compile(r'^(?:W/)?"v(\d+)-[0-9a-f]+"$')


def expected_version(request, initiative: Initiative) -> int | None:
    """The version the client's If-Match names (None: no precondition). Raises on mismatch."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        if getattr(settings, "API_REQUIRE_IF_MATCH", False):
            raise PreconditionRequired()
        return None
    if header == "*":
        return None
    versions = []
    for tag in (t.strip() for t in header.split(",")):
        match = _VERSION_IN_ETAG.match(tag)
        if match:
            versions.append(int(match.group(1)))
    if initiative.version in versions:
        return initiative.version
    raise StaleEdit(
        f"“{initiative.name}” changed since you read it (it is now at version "
        f"{initiative.version}). Fetch it again and retry."
    )


class PreconditionRequired(DomainError):
    def __init__(self) -> None:
        super().__init__("Send If-Match with the initiative's ETag (GET it first).")


class InitiativeApiMixin(ApiViewMixin):
    def handle_exception(self, exc):
        if isinstance(exc, PreconditionRequired):
            return Response({"detail": exc.message}, status=428)
        return super().handle_exception(exc)


@extend_schema_view(
    list=extend_schema(summary="List initiatives", description="Filter by sector, status, …"),
    retrieve=extend_schema(
        summary="One initiative with aliases, places, key figures, history and counts",
        description="The ETag of this response is what If-Match on the write actions expects.",
    ),
)
class InitiativeViewSet(InitiativeApiMixin, CSVExportMixin, viewsets.ReadOnlyModelViewSet):
    """Initiatives of cooperation: status, sector, evidence counts; editors change status."""

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filterset_class = InitiativeFilter
    ordering_fields = ["name", "status_since", "updated_at", "confirmed_articles"]
    ordering = ["name", "id"]

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.initiative_detail_queryset()
        return selectors.with_evidence_counts(
            Initiative.objects.live().prefetch_related("countries")
        ).order_by("name", "id")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return InitiativeDetailSerializer
        if self.action == "change_status":
            return StatusChangeRequestSerializer
        if self.action == "add_milestone":
            return MilestoneRequestSerializer
        return InitiativeListSerializer

    def retrieve(self, request, *args, slug=None, **kwargs):
        # One query built by PostgreSQL; the same answer as InitiativeDetailSerializer over
        # selectors.initiative_detail() (tested), which documents it in the schema. Reused
        # until the data version moves (any committed change to what it shows, articles
        # migrations 0005 and 0012); editors always read it fresh, as on the dashboards.
        values = data_version.cached(
            f"api:initiative:{slug}",
            lambda: selectors.initiative_detail_values(slug),
            fresh=is_editor(request.user),
        )
        if values is None:
            raise NotFound("No initiative with this slug.")
        response = Response(initiative_detail_data(values))
        response.etag_prefix = f"v{values['version']}-"
        return response

    def _locked_target(self, slug: str) -> Initiative:
        return get_object_or_404(Initiative, slug=slug)

    @extend_schema(
        summary="Change the status (editors)",
        parameters=[IF_MATCH_HEADER],
        request=StatusChangeRequestSerializer,
        responses={
            201: StatusChangeSerializer,
            400: OpenApiResponse(description="refused transition, with field errors"),
            412: OpenApiResponse(description="If-Match does not match: changed meanwhile"),
            428: OpenApiResponse(description="If-Match required but missing"),
        },
        examples=[
            OpenApiExample(
                "Agreement signed",
                value={"status": "agreed", "date": "2025-03-01", "evidence": 1234},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, slug=None):
        initiative = self._locked_target(slug)
        version = expected_version(request, initiative)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        change = services.change_status(
            initiative,
            values["status"],
            date=values.get("date"),
            note=values.get("note", ""),
            evidence=values.get("evidence"),
            by=request.user,
            expected_version=version,
        )
        change = StatusChange.objects.select_related("initiative", "evidence", "changed_by").get(
            pk=change.pk
        )
        return Response(StatusChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add a milestone (editors)",
        parameters=[IF_MATCH_HEADER],
        request=MilestoneRequestSerializer,
        responses={201: MilestoneSerializer, 400: OpenApiResponse(description="field errors")},
        examples=[
            OpenApiExample(
                "Groundbreaking",
                value={"date": "2025-03-01", "title": "Groundbreaking at Shalamcheh"},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="milestones")
    def add_milestone(self, request, slug=None):
        initiative = self._locked_target(slug)
        expected_version(request, initiative)
        return _create_milestone(request, initiative)


def _create_milestone(request, initiative: Initiative | None) -> Response:
    data = MilestoneRequestSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    values = data.validated_data
    initiative = initiative or values.get("initiative")
    if initiative is None:
        raise ValidationError({"initiative": ["Which initiative? Give its slug."]})
    if Milestone.objects.filter(
        initiative=initiative, date=values["date"], title=values["title"]
    ).exists():
        raise ValidationError({"title": ["This initiative already has this milestone that day."]})
    try:
        milestone = services.add_milestone(
            initiative,
            date=values["date"],
            title=values["title"],
            description=values.get("description", ""),
            evidence=values.get("evidence"),
            by=request.user,
        )
    except IntegrityError:  # a concurrent twin won the race
        raise ValidationError(
            {"title": ["This initiative already has this milestone that day."]}
        ) from None
    milestone = Milestone.objects.select_related("initiative", "evidence").get(pk=milestone.pk)
    return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Status changes of all initiatives, newest first"),
    retrieve=extend_schema(summary="One status change"),
)
class StatusChangeViewSet(ApiViewMixin, CSVExportMixin, viewsets.ReadOnlyModelViewSet):
    """Dated lifecycle steps with their evidence."""

    queryset = StatusChange.objects.select_related("initiative", "evidence", "changed_by")
    serializer_class = StatusChangeSerializer
    filterset_class = StatusChangeFilter
    ordering_fields = ["date", "created_at"]
    ordering = ["-date", "-id"]


@extend_schema_view(
    list=extend_schema(summary="Milestones of all initiatives, newest first"),
    retrieve=extend_schema(summary="One milestone"),
    create=extend_schema(
        summary="Add a milestone (editors)",
        request=MilestoneRequestSerializer,
        responses={201: MilestoneSerializer, 400: OpenApiResponse(description="field errors")},
    ),
)
class MilestoneViewSet(
    ApiViewMixin,
    CSVExportMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Dated milestones; editors add them."""

    queryset = Milestone.objects.select_related("initiative", "evidence")
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    ordering_fields = ["date", "created_at"]
    ordering = ["-date", "-id"]

    def create(self, request, *args, **kwargs):
        return _create_milestone(request, None)


class _EntityViewSet(ApiViewMixin, CSVExportMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    ordering_fields = ["name", "slug"]
    ordering = ["name", "id"]


@extend_schema_view(
    list=extend_schema(summary="People"), retrieve=extend_schema(summary="A person")
)
class PersonViewSet(_EntityViewSet):
    """People who speak about or take part in cooperation."""

    queryset = Person.objects.select_related("country", "organization")
    serializer_class = PersonSerializer
    filterset_class = PersonFilter


@extend_schema_view(
    list=extend_schema(summary="Organizations"), retrieve=extend_schema(summary="An organization")
)
class OrganizationViewSet(_EntityViewSet):
    """Ministries, companies and agencies."""

    queryset = Organization.objects.select_related("country")
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter


def place_features(places) -> dict:
    """A GeoJSON FeatureCollection (RFC 7946: [longitude, latitude]) of places."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": place.slug,
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(place.longitude), float(place.latitude)],
                },
                "properties": {
                    "slug": place.slug,
                    "name": place.name,
                    "name_fa": place.name_fa,
                    "name_ar": place.name_ar,
                    "kind": place.kind,
                    "country": place.country.code,
                    "web_url": place.get_absolute_url(),
                },
            }
            for place in places
        ],
    }


GEOJSON_RESPONSE = {
    "type": "object",
    "description": "RFC 7946 FeatureCollection of Point features ([longitude, latitude])",
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["type", "features"],
}


@extend_schema_view(
    list=extend_schema(
        summary="Places (?format=geojson or /places.geojson: all matching places as GeoJSON)",
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "csv"],
                description="geojson: a FeatureCollection as GET /places/geojson/ documents",
            )
        ],
    ),
    retrieve=extend_schema(summary="A place"),
)
class PlaceViewSet(_EntityViewSet):
    """Cities, crossings, ports and sites, with coordinates."""

    queryset = Place.objects.select_related("country")
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilter

    def get_renderers(self):
        return [*super().get_renderers(), GeoJSONRenderer()]

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "geojson":
            return Response(place_features(self.filter_queryset(self.get_queryset())))
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="All matching places as a GeoJSON FeatureCollection",
        parameters=[OpenApiParameter("format", str, enum=["geojson"])],
        responses={(200, "application/geo+json"): GEOJSON_RESPONSE},
    )
    @action(
        detail=False, methods=["get"], renderer_classes=[GeoJSONRenderer], pagination_class=None
    )
    def geojson(self, request):
        return Response(place_features(self.filter_queryset(self.get_queryset())))


@extend_schema_view(
    list=extend_schema(summary="Your API tokens (admins: ?user=<username>)"),
    retrieve=extend_schema(summary="One of your tokens"),
    create=extend_schema(
        summary="Create a token: the key is in this response only",
        request=ApiTokenRequestSerializer,
        responses={201: ApiTokenCreatedSerializer},
        examples=[
            OpenApiExample("A script", value={"name": "weekly export"}, request_only=True),
            OpenApiExample(
                "A read-only token for a month",
                value={"name": "dashboard", "scope": "read", "expires_at": "2027-01-31T00:00:00Z"},
                request_only=True,
            ),
        ],
    ),
    destroy=extend_schema(summary="Revoke a token (it stops working at once)"),
)
class ApiTokenViewSet(
    ApiViewMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Per-user API tokens, stored hashed; keys are shown once."""

    queryset = ApiToken.objects.none()  # for the schema; get_queryset picks the user's
    serializer_class = ApiTokenSerializer
    permission_classes = [SignedIn]
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        reject_unknown_params(self.request, {"user"})
        queryset = ApiToken.objects.select_related("user").order_by("-created_at", "-id")
        if is_admin(self.request.user):
            username = self.request.query_params.get("user")
            return queryset.filter(user__username=username) if username else queryset
        return queryset.filter(user=self.request.user)

    def create(self, request, *args, **kwargs):
        data = ApiTokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, key = tokens.create_token(
            request.user,
            data.validated_data["name"],
            scope=data.validated_data["scope"],
            expires_at=data.validated_data["expires_at"],
        )
        token.key = key
        return Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        tokens.revoke_token(instance, by=self.request.user)


class StatsSerializer(serializers.Serializer):
    by_status = serializers.ListField(child=serializers.DictField())
    by_sector = serializers.ListField(child=serializers.DictField())
    mentions_per_week = serializers.ListField(child=serializers.DictField())
    momentum = serializers.ListField(child=serializers.DictField())


class StatsView(ApiViewMixin, APIView):
    """The numbers behind the overview charts (the dashboard uses the same selectors)."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    @extend_schema(
        summary="Counts by status and sector, weekly mentions per initiative, momentum",
        parameters=[
            OpenApiParameter("weeks", int, description="weeks of mentions (1–520, default 52)"),
            OpenApiParameter("initiative", str, description="only this initiative's mentions"),
        ],
        responses={200: StatsSerializer},
    )
    def get(self, request):
        reject_unknown_params(request, {"weeks", "initiative"})
        try:
            weeks = int(request.query_params.get("weeks", 52))
        except ValueError:
            raise ValidationError({"weeks": ["A whole number of weeks, e.g. 52."]}) from None
        if not 1 <= weeks <= 520:
            raise ValidationError({"weeks": ["Between 1 and 520 weeks."]})
        initiative = request.query_params.get("initiative") or None
        series = selectors.mentions_per_week(weeks, initiative)
        return Response(
            {
                "by_status": [
                    {"status": code, "label": label, "count": n}
                    for code, label, n in selectors.counts_by_status()
                ],
                "by_sector": [
                    {"sector": code, "label": label, "count": n}
                    for code, label, n in selectors.counts_by_sector()
                ],
                "mentions_per_week": [
                    {
                        "initiative": s.initiative,
                        "name": s.name,
                        "total": s.total,
                        "weeks": [{"week": w, "count": n} for w, n in s.weeks],
                    }
                    for s in series
                ],
                "momentum": [m.__dict__ for m in selectors.momentum()],
            }
        )
