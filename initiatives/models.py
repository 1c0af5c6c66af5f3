"""Initiatives: what cooperation exists, where it stands, who and where it involves."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    PERSIAN = "fa", "Persian"
    ARABIC = "ar", "Arabic"


class Sector(models.TextChoices):
    RAIL = "rail", "Rail"
    ROAD_CORRIDORS = "road_corridors", "Road & corridors"
    BORDER_TRADE = "border_trade", "Border trade"
    FREE_ZONES = "free_zones", "Free zones"
    ENERGY = "energy", "Energy"
    SECURITY = "security", "Security"
    TRADE_FINANCE = "trade_finance", "Trade & finance"
    SCIENCE_EDUCATION = "science_education", "Science & education"
    CULTURE_PILGRIMAGE = "culture_pilgrimage", "Culture & pilgrimage"
    WATER_ENVIRONMENT = "water_environment", "Water & environment"
    HEALTH = "health", "Health"


class Status(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AGREED = "agreed", "Agreed"
    IN_IMPLEMENTATION = "in_implementation", "In implementation"
    OPERATIONAL = "operational", "Operational"
    STALLED = "stalled", "Stalled"
    CANCELLED = "cancelled", "Cancelled"


# The lifecycle (after IATI's activity status): forward one step at a time, stall or cancel
# from any live state, resume a stalled initiative where it was, revive a cancelled one only
# as a new proposal. Anything else is refused by services.change_status.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PROPOSED: frozenset({Status.AGREED, Status.STALLED, Status.CANCELLED}),
    Status.AGREED: frozenset({Status.IN_IMPLEMENTATION, Status.STALLED, Status.CANCELLED}),
    Status.IN_IMPLEMENTATION: frozenset({Status.OPERATIONAL, Status.STALLED, Status.CANCELLED}),
    Status.OPERATIONAL: frozenset({Status.STALLED, Status.CANCELLED}),
    Status.STALLED: frozenset(
        {
            Status.PROPOSED,
            Status.AGREED,
            Status.IN_IMPLEMENTATION,
            Status.OPERATIONAL,
            Status.CANCELLED,
        }
    ),
    Status.CANCELLED: frozenset({Status.PROPOSED}),
}


class Country(models.Model):
    """A state party to cooperation (ISO 3166-1 alpha-2 code)."""

    code = models.CharField(max_length=2, unique=True)
    name = models.CharField(max_length=100)
    name_fa = models.CharField(max_length=100, blank=True)
    name_ar = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_iso2"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class NamedEntity(models.Model):
    """Shared fields of things recognised in text by name in English, Persian and Arabic."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    name_fa = models.CharField("name (Persian)", max_length=200, blank=True)
    name_ar = models.CharField("name (Arabic)", max_length=200, blank=True)
    # Further spellings used to recognise the entity in text ("Pezeshkian", "al-Araji").
    other_names = ArrayField(models.CharField(max_length=200), default=list, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def all_names(self) -> list[tuple[str, str]]:
        """(text, language) pairs for every non-empty name, for the matchers."""
        names = [(self.name, Language.ENGLISH)]
        if self.name_fa:
            names.append((self.name_fa, Language.PERSIAN))
        if self.name_ar:
            names.append((self.name_ar, Language.ARABIC))
        names.extend((n, "") for n in self.other_names if n)
        return names


class Place(NamedEntity):
    class Kind(models.TextChoices):
        CITY = "city", "City"
        CROSSING = "crossing", "Border crossing"
        PROVINCE = "province", "Province"
        PORT = "port", "Port"
        SITE = "site", "Site"

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="places")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CITY)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)

    class Meta(NamedEntity.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90), name="place_latitude_range"
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180), name="place_longitude_range"
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("place-detail", args=[self.slug])


class Organization(NamedEntity):
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="organizations"
    )
    kind = models.CharField(max_length=60, blank=True, help_text="ministry, company, agency…")


class Person(NamedEntity):
    role = models.CharField(max_length=200, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )

    class Meta(NamedEntity.Meta):
        verbose_name_plural = "people"

    def get_absolute_url(self) -> str:
        return reverse("person-detail", args=[self.slug])


class InitiativeQuerySet(models.QuerySet):
    def live(self) -> InitiativeQuerySet:
        """Initiatives not folded into another one (a merged duplicate keeps its page, as a
        pointer, but counts nowhere)."""
        return self.filter(merged_into__isnull=True)


class Initiative(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    name_fa = models.CharField("name (Persian)", max_length=200, blank=True)
    name_ar = models.CharField("name (Arabic)", max_length=200, blank=True)
    summary = models.TextField(blank=True)
    sector = models.CharField(max_length=30, choices=Sector.choices, db_index=True)
    countries = models.ManyToManyField(Country, related_name="initiatives")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    status_since = models.DateField(null=True, blank=True)
    places = models.ManyToManyField(Place, related_name="initiatives", blank=True)
    organizations = models.ManyToManyField(Organization, related_name="initiatives", blank=True)
    people = models.ManyToManyField(Person, related_name="initiatives", blank=True)
    # Optimistic concurrency: every edit bumps it; an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sector__in=Sector.values), name="initiative_sector_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="initiative_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")), name="initiative_not_merged_into_self"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("initiative-detail", args=[self.slug])


class KeyFigure(models.Model):
    """A number that characterises an initiative: length in km, budget, capacity…"""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="key_figures")
    label = models.CharField(max_length=100)
    value = models.DecimalField(max_digits=20, decimal_places=2)
    unit = models.CharField(max_length=40, blank=True)
    as_of = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["initiative", "position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "label"], name="keyfigure_unique_label"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.value} {self.unit}".strip()


class Alias(models.Model):
    """A name under which an initiative appears in text, in one language."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(max_length=200)
    language = models.CharField(max_length=2, choices=Language.choices)
    # Lower-cased, fa/ar-normalised form used by the matcher; filled by services on save.
    normalized = models.CharField(max_length=200, editable=False)
    is_active = models.BooleanField(default=True)
    # Weight of a match: specific names (Shalamcheh railway) beat generic ones (railway).
    specificity = models.FloatField(default=1.0)

    class Meta:
        ordering = ["initiative", "language", "text"]
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "language", "normalized"], name="alias_unique_per_initiative"
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="alias_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(specificity__gt=0, specificity__lte=1), name="alias_specificity_range"
            ),
            models.CheckConstraint(condition=~Q(normalized=""), name="alias_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.language})"

    def save(self, *args, **kwargs) -> None:
        from core.text import normalize_for_matching

        self.normalized = normalize_for_matching(self.text)
        super().save(*args, **kwargs)


class ProfileTerm(models.Model):
    """A word or phrase that says what an initiative is about, without being its name.

    The linker reads them beside the aliases: "describes" terms (exports to Iraq, camps moved
    from the border, scholarships for Iraqi students) add their weight where the article is
    about the initiative's countries together (its bilateral context), "excludes" terms
    (football, war anniversary) lower the initiative's score wherever they stand. They come
    from the catalogue file and from editors (audited); like aliases they are disabled, not
    deleted, so that the next catalogue load does not bring a removed term back.
    """

    class Kind(models.TextChoices):
        DESCRIBES = "describes", "Describes"
        EXCLUDES = "excludes", "Excludes"

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="profile_terms"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DESCRIBES)
    text = models.CharField(max_length=120)
    language = models.CharField(max_length=2, choices=Language.choices)
    normalized = models.CharField(max_length=120, editable=False)
    # How much one mention says (0–1]: "scholarships for Iraqi students" 0.9, "students" 0.3.
    weight = models.FloatField(default=0.5)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["initiative", "kind", "language", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "kind", "language", "normalized"],
                name="profile_term_unique_per_initiative",
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="profile_term_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["describes", "excludes"]), name="profile_term_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0, weight__lte=1), name="profile_term_weight_range"
            ),
            models.CheckConstraint(condition=~Q(normalized=""), name="profile_term_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.language}, {self.kind})"

    def save(self, *args, **kwargs) -> None:
        from core.text import normalize_for_matching

        self.normalized = normalize_for_matching(self.text)
        super().save(*args, **kwargs)


class StatusChange(models.Model):
    """One step of an initiative's lifecycle, dated, with its evidence."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    date = models.DateField()
    note = models.TextField(blank=True)
    evidence = models.ForeignKey(
        "articles.Article",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_changes",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Made by `manage.py load_demo` (demo/), removed by `load_demo --remove`.
    is_demo = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["initiative", "-date"], name="statuschange_init_date")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")), name="statuschange_changes_status"
            ),
            models.CheckConstraint(
                condition=Q(to_status__in=Status.values), name="statuschange_to_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.from_status or '—'} → {self.to_status} ({self.date})"


class Milestone(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    evidence = models.ForeignKey(
        "articles.Article",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="milestones",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    is_demo = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["initiative", "-date"], name="milestone_init_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "date", "title"], name="milestone_unique_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.title}"


class AuditEvent(models.Model):
    """Who changed what in the editorial record, when, with the state before and after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    action = models.CharField(max_length=60, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    initiative = models.ForeignKey(
        Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_events"
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    summary = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action}"


class ApiToken(models.Model):
    """A per-user API token; only its SHA-256 is stored, the key is shown once at creation.

    Limits chosen at creation (accounts/tokens.py): an optional expiry, and a scope — `read`
    tokens are refused on every write. Last use (time and client address) is recorded.
    """

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    # Tokens made before scopes existed could write; they keep that.
    scope = models.CharField(
        max_length=10, choices=Scope.choices, default=Scope.WRITE, db_default=Scope.WRITE
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_used_from = models.GenericIPAddressField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=["read", "write"]), name="apitoken_scope_valid"
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("created_at")),
                name="apitoken_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired


class SavedView(models.Model):
    """A timeline filter a user saved under a name (its query string)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(max_length=120)
    query = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="savedview_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    """A user's wish to receive new confirmed evidence for an initiative or a saved view."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    saved_view = models.ForeignKey(
        SavedView, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(initiative__isnull=False, saved_view__isnull=True)
                    | Q(initiative__isnull=True, saved_view__isnull=False)
                ),
                name="subscription_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "initiative"],
                name="subscription_unique_initiative",
                condition=Q(initiative__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "saved_view"],
                name="subscription_unique_view",
                condition=Q(saved_view__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.initiative or self.saved_view}"


class ClaimQuerySet(models.QuerySet):
    def current(self) -> ClaimQuerySet:
        """Claims not deprecated by an editor: the ones a value is chosen from."""
        return self.exclude(rank=Claim.Rank.DEPRECATED)


class Claim(models.Model):
    """One source's value for a figure (value and unit) or a date (day, month or year) of an
    initiative: who said it (the article and the exact sentence, by character offsets in its
    body), as of when, and who recorded it. Several claims for one label live side by side;
    editors rank them as Wikidata does (preferred, normal, deprecated). Written only by
    initiatives.claims, which checks sources, units and dates and audits every change.
    """

    class Kind(models.TextChoices):
        FIGURE = "figure", "Figure"
        DATE = "date", "Date"

    class Rank(models.TextChoices):
        PREFERRED = "preferred", "Preferred"
        NORMAL = "normal", "Normal"
        DEPRECATED = "deprecated", "Deprecated"

    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FIGURE)
    label = models.CharField(max_length=100, help_text="what it measures: Length, Completion…")
    value = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=40, blank=True)
    date = models.DateField(null=True, blank=True)
    precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    as_of = models.DateField(null=True, blank=True, help_text="when the source said it")
    source = models.ForeignKey(
        "articles.Article",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )
    # Where a claim without an article comes from (a key figure of the starter catalogue).
    source_note = models.CharField(max_length=300, blank=True)
    sentence = models.TextField(blank=True, help_text="the words of the source, as written")
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    rank = models.CharField(max_length=10, choices=Rank.choices, default=Rank.NORMAL)
    note = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False, db_default=False)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "position", "label", "-rank", "id"]
        indexes = [models.Index(fields=["initiative", "label"], name="claim_initiative_label")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["figure", "date"]), name="claim_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(rank__in=["preferred", "normal", "deprecated"]),
                name="claim_rank_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="figure", value__isnull=False, value__gte=0, date__isnull=True)
                    | Q(
                        kind="date",
                        value__isnull=True,
                        date__gte="1900-01-01",
                        precision__in=["day", "month", "year"],
                    )
                ),
                name="claim_value_fits_kind",
            ),
            models.CheckConstraint(
                condition=Q(source__isnull=False) | ~Q(source_note=""),
                name="claim_has_source",
            ),
            models.CheckConstraint(
                condition=Q(span_start__isnull=True) | Q(span_end__gt=models.F("span_start")),
                name="claim_span_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.display_value}"

    @property
    def display_value(self) -> str:
        """The value as a reader sees it: "32 km", "2026", "March 2026", "5 March 2026"."""
        if self.kind == self.Kind.DATE and self.date:
            formats = {"year": "%Y", "month": "%B %Y"}
            return self.date.strftime(formats.get(self.precision, "%-d %B %Y"))
        number = f"{self.value:,.2f}".rstrip("0").rstrip(".") if self.value is not None else ""
        return f"{number} {self.unit}".strip()
