"""Representations of initiatives and the people, places and organizations around them.

Read serializers are explicit (no hidden queries: every relation they touch is prefetched by
the view's queryset). Request serializers validate editors' writes before a service runs.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article
from initiatives.models import (
    ApiToken,
    Initiative,
    KeyFigure,
    Milestone,
    Organization,
    Person,
    Place,
    Sector,
    Status,
    StatusChange,
)

# One unbound field formats every datetime the way DRF would (UTC, ISO 8601, "Z").
_DATETIME = serializers.DateTimeField()


def format_datetime(value: dt.datetime | None) -> str | None:
    """A datetime as every API answer shows it (for hot paths that build plain dicts)."""
    return None if value is None else _DATETIME.to_representation(value)


class CountryCodesField(serializers.Field):
    """The ISO codes of a prefetched many-to-many of countries."""

    def to_representation(self, value):
        return sorted(c.code for c in value.all())


extend_schema_field({"type": "array", "items": {"type": "string"}})(CountryCodesField)


class RefSerializer(serializers.Serializer):
    """{slug, name} of a related named thing."""

    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class PlaceSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    latitude = serializers.FloatField(read_only=True)
    longitude = serializers.FloatField(read_only=True)
    web_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Place
        fields = [
            "slug",
            "name",
            "name_fa",
            "name_ar",
            "other_names",
            "kind",
            "country",
            "latitude",
            "longitude",
            "web_url",
        ]


class PersonSerializer(serializers.ModelSerializer):
    country = serializers.CharField(
        source="country.code", default=None, read_only=True, allow_null=True
    )
    organization = RefSerializer(read_only=True, allow_null=True)
    web_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Person
        fields = [
            "slug",
            "name",
            "name_fa",
            "name_ar",
            "other_names",
            "role",
            "country",
            "organization",
            "web_url",
        ]


class OrganizationSerializer(serializers.ModelSerializer):
    country = serializers.CharField(
        source="country.code", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Organization
        fields = ["slug", "name", "name_fa", "name_ar", "other_names", "kind", "country"]


class KeyFigureSerializer(serializers.ModelSerializer):
    value = serializers.DecimalField(max_digits=20, decimal_places=2, coerce_to_string=False)

    class Meta:
        model = KeyFigure
        fields = ["label", "value", "unit", "as_of", "note"]


class AliasSerializer(serializers.Serializer):
    text = serializers.CharField(read_only=True)
    language = serializers.CharField(read_only=True)


def demo_field() -> serializers.BooleanField:
    """Whether `load_demo` made the row (invented for the demo, not real reporting)."""
    return serializers.BooleanField(
        source="is_demo",
        read_only=True,
        help_text="true for invented demo data (manage.py load_demo), never real reporting",
    )


class EvidenceSerializer(serializers.ModelSerializer):
    """The article backing a status change or milestone."""

    demo = demo_field()

    class Meta:
        model = Article
        fields = ["id", "title", "url", "published_at", "demo"]


class StatusChangeSerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    evidence = EvidenceSerializer(read_only=True, allow_null=True)
    changed_by = serializers.CharField(
        source="changed_by.username", default=None, read_only=True, allow_null=True
    )
    demo = demo_field()

    class Meta:
        model = StatusChange
        fields = [
            "id",
            "initiative",
            "from_status",
            "to_status",
            "date",
            "note",
            "evidence",
            "changed_by",
            "created_at",
            "demo",
        ]


class MilestoneSerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    evidence = EvidenceSerializer(read_only=True, allow_null=True)
    demo = demo_field()

    class Meta:
        model = Milestone
        fields = [
            "id",
            "initiative",
            "date",
            "title",
            "description",
            "evidence",
            "created_at",
            "demo",
        ]


class InitiativeListSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    sector_label = serializers.CharField(source="get_sector_display", read_only=True)
    countries = CountryCodesField(read_only=True)
    confirmed_articles = serializers.IntegerField(read_only=True)
    statements_count = serializers.IntegerField(read_only=True)
    last_evidence_at = serializers.DateTimeField(read_only=True, allow_null=True)
    web_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Initiative
        fields = [
            "slug",
            "name",
            "name_fa",
            "name_ar",
            "sector",
            "sector_label",
            "status",
            "status_label",
            "status_since",
            "countries",
            "confirmed_articles",
            "statements_count",
            "last_evidence_at",
            "updated_at",
            "web_url",
        ]


class InitiativeDetailSerializer(InitiativeListSerializer):
    aliases = AliasSerializer(source="active_aliases", many=True, read_only=True)
    places = PlaceSerializer(many=True, read_only=True)
    organizations = RefSerializer(many=True, read_only=True)
    people = RefSerializer(many=True, read_only=True)
    key_figures = KeyFigureSerializer(many=True, read_only=True)
    status_history = StatusChangeSerializer(source="status_changes", many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    merged_into = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="set when this initiative was folded into another: follow that one",
    )

    class Meta(InitiativeListSerializer.Meta):
        fields = [
            *InitiativeListSerializer.Meta.fields,
            "merged_into",
            "summary",
            "version",
            "aliases",
            "places",
            "organizations",
            "people",
            "key_figures",
            "status_history",
            "milestones",
        ]


_STATUS_LABELS = dict(Status.choices)
_SECTOR_LABELS = dict(Sector.choices)


def _when(iso: str | None) -> str | None:
    """A time from PostgreSQL's JSON → the API's format."""
    return None if iso is None else format_datetime(dt.datetime.fromisoformat(iso))


def _evidence(values: dict | None) -> dict | None:
    return values and {**values, "published_at": _when(values["published_at"])}


def initiative_detail_data(values: dict) -> dict:
    """selectors.initiative_detail_values() → the answer InitiativeDetailSerializer declares.

    The hot path of GET /initiatives/{slug}/: the same output as the serializer over
    selectors.initiative_detail() (tests/api/initiatives/test_initiatives_api.py compares
    the two), in one query instead of ten and without model instances.
    """
    slug = values["slug"]
    return {
        "slug": slug,
        "name": values["name"],
        "name_fa": values["name_fa"],
        "name_ar": values["name_ar"],
        "sector": values["sector"],
        "sector_label": _SECTOR_LABELS.get(values["sector"], values["sector"]),
        "status": values["status"],
        "status_label": _STATUS_LABELS.get(values["status"], values["status"]),
        "status_since": values["status_since"],
        "countries": values["countries"],
        "confirmed_articles": values["confirmed_articles"],
        "statements_count": values["statements_count"],
        "last_evidence_at": _when(values["last_evidence_at"]),
        "updated_at": _when(values["updated_at"]),
        "web_url": reverse("initiative-detail", args=[slug]),
        "merged_into": values["merged_into"],
        "summary": values["summary"],
        "version": values["version"],
        "aliases": values["aliases"],
        "places": [
            {**place, "web_url": reverse("place-detail", args=[place["slug"]])}
            for place in values["places"]
        ],
        "organizations": values["organizations"],
        "people": values["people"],
        "key_figures": values["key_figures"],
        "status_history": [
            {
                **change,
                "evidence": _evidence(change["evidence"]),
                "created_at": _when(change["created_at"]),
            }
            for change in values["status_history"]
        ],
        "milestones": [
            {
                **milestone,
                "evidence": _evidence(milestone["evidence"]),
                "created_at": _when(milestone["created_at"]),
            }
            for milestone in values["milestones"]
        ],
    }


# --------------------------------------------------------------------------- requests


class EvidenceField(serializers.PrimaryKeyRelatedField):
    """An article id; the article must exist."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Article.objects.all())
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("help_text", "id of the article that is evidence for it")
        super().__init__(**kwargs)


class StatusChangeRequestSerializer(serializers.Serializer):
    """POST /initiatives/{slug}/status/: move the initiative along its lifecycle."""

    status = serializers.ChoiceField(choices=Status.choices)
    date = serializers.DateField(required=False, help_text="defaults to today")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    evidence = EvidenceField()


class MilestoneRequestSerializer(serializers.Serializer):
    """POST /milestones/ (initiative required) or /initiatives/{slug}/milestones/."""

    initiative = serializers.SlugRelatedField(
        slug_field="slug", queryset=Initiative.objects.all(), required=False
    )
    date = serializers.DateField()
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = EvidenceField()

    def validate_title(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("A milestone needs a title.")
        return value.strip()


class ApiTokenSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "user",
            "scope",
            "created_at",
            "expires_at",
            "last_used_at",
            "last_used_from",
            "revoked_at",
            "is_active",
        ]
        read_only_fields = fields


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(read_only=True, help_text="shown only in this response")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
        read_only_fields = fields


class ApiTokenRequestSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="what the token is for")
    scope = serializers.ChoiceField(
        choices=ApiToken.Scope.choices,
        default=ApiToken.Scope.WRITE,
        help_text="`read`: refused (403) on every write; `write`: may do what you may do",
    )
    expires_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="when the token stops working (at most 366 days ahead); omit for never",
    )
