"""Representations of initiatives and the people, places and organizations around them.

Read serializers are explicit (no hidden queries: every relation they touch is prefetched by
the view's queryset). Request serializers validate editors' writes before a service runs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article
from articles.selectors.evidence import quiet_marker
from initiatives.claims import claim_groups
from initiatives.models import (
    ApiToken,
    Claim,
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


class ClaimSourceSerializer(serializers.Serializer):
    """The article a claim comes from."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    published_at = serializers.DateTimeField()
    outlet = serializers.CharField(allow_null=True)
    demo = serializers.BooleanField()


class ClaimSerializer(serializers.Serializer):
    """One source's value for a figure or date, with where it was said and who recorded it."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Claim.Kind.choices)
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="a figure's number (null: a date)")
    unit = serializers.CharField()
    date = serializers.DateField(allow_null=True, help_text="a date's value (null: a figure)")
    precision = serializers.CharField(help_text="day, month or year (a date); empty for figures")
    display_value = serializers.CharField(help_text="as the page shows it: “32 km”, “March 2026”")
    as_of = serializers.DateField(allow_null=True, help_text="when the source said it")
    rank = serializers.ChoiceField(choices=Claim.Rank.choices)
    source = ClaimSourceSerializer(
        allow_null=True, help_text="null for a key figure from before claims (see source_note)"
    )
    source_note = serializers.CharField()
    sentence = serializers.CharField(help_text="the source's words, as written")
    span_start = serializers.IntegerField(
        allow_null=True, help_text="character offset of the sentence in the article's body"
    )
    span_end = serializers.IntegerField(allow_null=True)
    recorded_by = serializers.CharField(allow_null=True)
    recorded_at = serializers.DateTimeField()
    note = serializers.CharField()
    demo = serializers.BooleanField()


class ClaimGroupSerializer(serializers.Serializer):
    """Every claim for one figure or date of an initiative."""

    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=Claim.Kind.choices)
    value = serializers.CharField(
        allow_null=True,
        help_text="what the page shows: the preferred claim, else the newest normal one",
    )
    sources_differ = serializers.BooleanField(help_text="claims not deprecated disagree")
    moves = serializers.IntegerField(
        help_text="how often an announced completion or opening date moved (0 otherwise)"
    )
    sequence = serializers.ListField(
        child=serializers.CharField(),
        help_text="slip log: the announced dates in the order they were said, each change once",
    )
    claims = ClaimSerializer(many=True, help_text="preferred first, deprecated last")


def claim_row(claim: Claim) -> dict:
    """A claim as the API shows it (the same as claims_data builds from the detail SQL)."""
    source = claim.source
    return {
        "id": claim.pk,
        "kind": claim.kind,
        "label": claim.label,
        "value": None if claim.value is None else float(claim.value),
        "unit": claim.unit,
        "date": claim.date.isoformat() if claim.date else None,
        "precision": claim.precision,
        "display_value": claim.display_value,
        "as_of": claim.as_of.isoformat() if claim.as_of else None,
        "rank": claim.rank,
        "source": None
        if source is None
        else {
            "id": source.pk,
            "title": source.title,
            "url": source.url,
            "published_at": format_datetime(source.published_at),
            "outlet": source.source.name if source.source else None,
            "demo": source.is_demo,
        },
        "source_note": claim.source_note,
        "sentence": claim.sentence,
        "span_start": claim.span_start,
        "span_end": claim.span_end,
        "recorded_by": claim.recorded_by.get_username() if claim.recorded_by else None,
        "recorded_at": format_datetime(claim.recorded_at),
        "note": claim.note,
        "demo": claim.is_demo,
    }


def group_claim_rows(rows: list[dict]) -> list[dict]:
    """Claim rows (claim_row's shape, in position order) → ClaimGroupSerializer's answer."""
    by_id = {row["id"]: row for row in rows}
    claims = [
        Claim(
            pk=row["id"],
            kind=row["kind"],
            label=row["label"],
            value=None if row["value"] is None else Decimal(str(row["value"])),
            unit=row["unit"],
            date=dt.date.fromisoformat(row["date"]) if row["date"] else None,
            precision=row["precision"],
            as_of=dt.date.fromisoformat(row["as_of"]) if row["as_of"] else None,
            rank=row["rank"],
        )
        for row in rows
    ]
    return [
        {
            "label": group.label,
            "kind": group.kind,
            "value": group.shown.display_value if group.shown else None,
            "sources_differ": group.differ,
            "moves": group.moves,
            "sequence": [c.display_value for c in group.sequence] if group.is_schedule else [],
            "claims": [{**by_id[c.pk], "display_value": c.display_value} for c in group.claims],
        }
        for group in claim_groups(claims)
    ]


class InitiativeListSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    sector_label = serializers.CharField(source="get_sector_display", read_only=True)
    countries = CountryCodesField(read_only=True)
    confirmed_articles = serializers.IntegerField(read_only=True)
    statements_count = serializers.IntegerField(read_only=True)
    last_evidence_at = serializers.DateTimeField(read_only=True, allow_null=True)
    quiet = serializers.SerializerMethodField(
        help_text="no confirmed evidence for longer than the quiet period (QUIET_DAYS, "
        "default 180 days); inferred, never a status"
    )
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
            "quiet",
            "updated_at",
            "web_url",
        ]

    def get_quiet(self, initiative) -> bool:
        return quiet_marker(initiative.last_evidence_at) is not None


class InitiativeDetailSerializer(InitiativeListSerializer):
    aliases = AliasSerializer(source="active_aliases", many=True, read_only=True)
    places = PlaceSerializer(many=True, read_only=True)
    organizations = RefSerializer(many=True, read_only=True)
    people = RefSerializer(many=True, read_only=True)
    key_figures = KeyFigureSerializer(many=True, read_only=True)
    status_history = StatusChangeSerializer(source="status_changes", many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    claims = serializers.SerializerMethodField(
        help_text="figures and dates as sources give them, grouped by label"
    )
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
            "claims",
        ]

    @extend_schema_field(ClaimGroupSerializer(many=True))
    def get_claims(self, initiative) -> list[dict]:
        return group_claim_rows([claim_row(c) for c in initiative.claims.all()])


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
        "quiet": quiet_marker(
            dt.datetime.fromisoformat(values["last_evidence_at"])
            if values["last_evidence_at"]
            else None
        )
        is not None,
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
        "claims": group_claim_rows(
            [
                {
                    **claim,
                    "source": claim["source"]
                    and {
                        **claim["source"],
                        "published_at": _when(claim["source"]["published_at"]),
                    },
                    "recorded_at": _when(claim["recorded_at"]),
                }
                for claim in values["claims"]
            ]
        ),
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
