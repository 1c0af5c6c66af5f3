"""Articles: where evidence comes from, what it says, and which initiatives it is about."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles.ingest.language import LINKED, OTHER_LANGUAGES, RTL
from initiatives.models import Country, Initiative, Language, Organization, Person, Place

# An article's language: one the linker reads (en, fa, ar) or another one it recognises and
# stores without linking (articles.ingest.language; "und" when it cannot tell which).
ARTICLE_LANGUAGES = [*Language.choices, *OTHER_LANGUAGES.items()]


class Source(models.Model):
    """An outlet: a news agency, newspaper, broadcaster or official site."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    homepage = models.URLField(blank=True)
    # Host names whose articles belong to this outlet (www. stripped), for URL submissions.
    domain = models.CharField(max_length=200, blank=True, db_index=True)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="sources"
    )

    # Made by `manage.py load_demo`: badged as demo wherever it shows, removed by --remove.
    is_demo = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Feed(models.Model):
    """An RSS/Atom/RDF feed polled by Celery beat, with its health."""

    url = models.URLField(max_length=1000, unique=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="feeds")
    title = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)
    poll_interval = models.DurationField(default=timezone.timedelta(minutes=30))
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    items_seen = models.PositiveIntegerField(default=0)
    next_poll_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # Made by `manage.py load_demo`: badged as demo wherever it shows, removed by --remove.
    is_demo = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["source__name", "url"]
        constraints = [
            models.CheckConstraint(
                condition=Q(poll_interval__gte=timezone.timedelta(minutes=1)),
                name="feed_poll_interval_min_1m",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def is_healthy(self) -> bool:
        return self.consecutive_failures == 0


class IngestionRun(models.Model):
    """One poll, URL fetch, file import, API batch or relink: what came in and what happened."""

    class Kind(models.TextChoices):
        FEED = "feed", "Feed poll"
        URL = "url", "Submitted URL"
        FILE = "file", "File import"
        API = "api", "API"
        RELINK = "relink", "Relink"
        DEMO = "demo", "Demo data"

    class State(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    feed = models.ForeignKey(
        Feed, on_delete=models.SET_NULL, null=True, blank=True, related_name="runs"
    )
    label = models.CharField(max_length=500, blank=True, help_text="file name, URL…")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    items_seen = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    total = models.PositiveIntegerField(null=True, blank=True, help_text="expected items")
    progress_at = models.DateTimeField(
        null=True, blank=True, help_text="when its task last counted items (None: not yet)"
    )

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.state})"

    @property
    def duration(self) -> timezone.timedelta | None:
        return self.finished_at - self.started_at if self.finished_at else None


class Upload(models.Model):
    """A file an editor uploaded for import: kept here so the task reads it by reference
    (the Celery message carries only its id), and recognised by its digest when the same
    file comes again."""

    name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveIntegerField(help_text="bytes")
    content = models.TextField(help_text="the file's text (UTF-8)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    run = models.ForeignKey(
        IngestionRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="uploads"
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex="^[0-9a-f]{64}$"), name="upload_sha256_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Cluster(models.Model):
    """Near-duplicate articles: one story syndicated by several outlets."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return f"Cluster #{self.pk}"


class ArticleQuerySet(models.QuerySet):
    def relevant(self) -> ArticleQuerySet:
        """Articles an editor has not marked irrelevant: the only ones any page counts."""
        return self.filter(is_irrelevant=False)


class Article(models.Model):
    class Via(models.TextChoices):
        FEED = "feed", "Feed"
        URL = "url", "Submitted URL"
        FILE = "file", "File"
        API = "api", "API"
        DEMO = "demo", "Demo"

    # Canonical URL (tracking parameters and fragment removed); blank for URL-less imports,
    # which are then deduplicated by content hash alone.
    url = models.URLField(max_length=1000, blank=True)
    original_url = models.URLField(max_length=1000, blank=True)
    title = models.CharField(max_length=500)
    byline = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(db_index=True)
    # True when the source gave no date and published_at is the time we first saw it.
    date_estimated = models.BooleanField(default=False)
    language = models.CharField(
        max_length=3,
        choices=ARTICLE_LANGUAGES,
        db_index=True,
        help_text="en, fa or ar; any other language is stored but not linked",
    )
    body = models.TextField(help_text="sanitised plain text, paragraphs separated by blank lines")
    content_hash = models.CharField(max_length=64, unique=True)
    simhash = models.BigIntegerField(null=True, blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="articles"
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    people = models.ManyToManyField(Person, related_name="articles", blank=True)
    places = models.ManyToManyField(Place, related_name="articles", blank=True)
    organizations = models.ManyToManyField(Organization, related_name="articles", blank=True)
    initiatives = models.ManyToManyField(
        Initiative, through="ArticleLink", related_name="articles", blank=True
    )
    dates_mentioned = models.JSONField(default=list, blank=True)
    is_irrelevant = models.BooleanField(default=False)
    # Provenance: how and when it came in, and by which version of the pipeline.
    ingested_via = models.CharField(max_length=10, choices=Via.choices)
    ingestion_run = models.ForeignKey(
        IngestionRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    feed = models.ForeignKey(
        Feed, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    fetched_at = models.DateTimeField(default=timezone.now)
    pipeline_version = models.CharField(max_length=20, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    # Made by `manage.py load_demo`: badged as demo wherever it shows, removed by --remove.
    is_demo = models.BooleanField(default=False, db_default=False)
    # An editor corrected the title, date or language the extraction found before storing it.
    corrected = models.BooleanField(default=False, db_default=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_unique_url"
            ),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _ in ARTICLE_LANGUAGES]),
                name="article_language_valid",
            ),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
            models.CheckConstraint(
                condition=Q(content_hash__regex=r"^[0-9a-f]{64}$"),
                name="article_content_hash_sha256",
            ),
        ]
        indexes = [
            models.Index(fields=["id"], condition=Q(is_demo=True), name="article_demo"),
            models.Index(fields=["-published_at", "-id"], name="article_published_id"),
            # Relevant articles only, so date-window reads (timeline, weekly mentions,
            # momentum) are index-only scans without visiting the table for is_irrelevant.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(is_irrelevant=False),
                name="article_relevant_published",
            ),
            models.Index(fields=["source", "-published_at"], name="article_source_published"),
            models.Index(fields=["language", "-published_at"], name="article_lang_published"),
            # The timeline's language filter (and its density) from the index alone.
            models.Index(
                fields=["language", "-published_at", "-id"],
                condition=Q(is_irrelevant=False),
                name="article_relevant_lang",
            ),
            models.Index(fields=["cluster"], name="article_cluster"),
            models.Index(fields=["simhash"], name="article_simhash"),
            GinIndex(fields=["search_vector"], name="article_search_vector"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("article-detail", args=[self.pk])

    @property
    def is_rtl(self) -> bool:
        return self.language in RTL

    @property
    def is_linkable(self) -> bool:
        """False for an article in a language the linker does not read: it gets no links."""
        return self.language in LINKED

    @property
    def not_linked_reason(self) -> str:
        """Why the pipeline made no links for it ("" when it could)."""
        return "" if self.is_linkable else "language not supported"


class Statement(models.Model):
    """A quoted statement in an article, with its speaker when recognised."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="statements")
    speaker = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    speaker_name = models.CharField(max_length=200, blank=True, help_text="as written")
    text = models.TextField()
    position = models.PositiveIntegerField(help_text="character offset of the quote in the body")
    initiatives = models.ManyToManyField(Initiative, related_name="statements", blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    # Made by `manage.py load_demo`: badged as demo wherever it shows, removed by --remove.
    is_demo = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="statement_unique_position"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="statement_text_not_empty"),
        ]
        indexes = [
            models.Index(fields=["speaker", "article"], name="statement_speaker_article"),
            GinIndex(fields=["search_vector"], name="statement_search_vector"),
        ]

    def __str__(self) -> str:
        who = self.speaker or self.speaker_name or "Unknown"
        return f"{who}: {self.text[:60]}"


class ArticleLinkQuerySet(models.QuerySet):
    def confirmed(self) -> ArticleLinkQuerySet:
        """Links an editor (or the pipeline above the auto-confirm score) confirmed: the only
        ones that count as evidence."""
        return self.filter(state=ArticleLink.State.CONFIRMED)

    def of_relevant_articles(self) -> ArticleLinkQuerySet:
        """Links whose article no editor marked irrelevant."""
        return self.filter(article__is_irrelevant=False)


class ArticleLink(models.Model):
    """Article ↔ initiative: suggested by the machine, confirmed or rejected by an editor."""

    class State(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    class Origin(models.TextChoices):
        MACHINE = "machine", "Machine"
        EDITOR = "editor", "Editor"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="links")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="links")
    state = models.CharField(max_length=10, choices=State.choices, default=State.SUGGESTED)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MACHINE)
    score = models.FloatField(default=0.0)
    matched_alias = models.ForeignKey(
        "initiatives.Alias", on_delete=models.SET_NULL, null=True, blank=True, related_name="links"
    )
    snippet = models.TextField(blank=True, help_text="text around the first mention")
    # Why the machine scored it: names matched and where, places, the bilateral context
    # ("both sides named: Iraq (Baghdad); Iran (Tehran)"). Empty for an editor's link.
    reasons = models.JSONField(
        default=list, db_default=[], blank=True, help_text="why the linker scored it"
    )
    # Which linker scored it: "rules" (names, profiles, context) or a trained model's version
    # (LinkerModel.version). Empty for an editor's link.
    model_version = models.CharField(max_length=40, blank=True, db_default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The article's publication time, copied by database triggers (migration 0007) on every
    # insert or update of the link and whenever the article's own time changes: an
    # initiative's newest evidence is then read from one index, in order, 50 entries for a
    # page instead of probing the links of every recent article. Never set it from Python.
    published_at = models.DateTimeField(null=True, editable=False)

    # Made by `manage.py load_demo`: badged as demo wherever it shows, removed by --remove.
    is_demo = models.BooleanField(default=False, db_default=False)

    objects = ArticleLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "initiative"], name="articlelink_unique_pair"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["suggested", "confirmed", "rejected"]),
                name="articlelink_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=1), name="articlelink_score_range"
            ),
            models.CheckConstraint(
                condition=Q(state="suggested") | Q(decided_at__isnull=False),
                name="articlelink_decided_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "-score"], name="articlelink_state_score"),
            # Covering: an initiative's confirmed article ids from the index alone (counts,
            # weekly mentions, the timeline's initiative filter).
            models.Index(
                fields=["initiative", "state", "article"], name="articlelink_init_state_art"
            ),
            # An initiative's confirmed articles, newest first (timeline, articles list).
            models.Index(
                fields=["initiative", "state", "-published_at", "-article"],
                name="articlelink_init_state_pub",
            ),
            # The review queue's "newest first": suggestions by publication time, a page
            # read in index order instead of sorting the whole queue.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(state="suggested"),
                name="articlelink_suggested_pub",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} ↔ {self.initiative_id} ({self.state})"


class EventCount(models.Model):
    """How many timeline articles or statements fell on one day (UTC), by language, for all
    of them (dimension "all") or those of one source, initiative or sector.

    Written only by the database function ct_refresh_event_counts() (migration 0009), which
    recomputes the days that StaleEventDay marks; read by the timeline density chart
    (articles.selectors), so the chart does not count a million rows after every write.
    `value` is the source or initiative id, or the sector, as text ("" for "all").
    Articles count when not marked irrelevant; "initiative" and "sector" mean confirmed links
    for articles and tagged initiatives for statements; a sector counts each event once.
    """

    class Dimension(models.TextChoices):
        ALL = "all", "All"
        SOURCE = "source", "Source"
        INITIATIVE = "initiative", "Initiative"
        SECTOR = "sector", "Sector"

    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    value = models.CharField(max_length=64, blank=True)
    kind = models.CharField(max_length=10)
    day = models.DateField()
    language = models.CharField(max_length=8)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["dimension", "value", "kind", "day"],
                include=["language", "n"],
                name="eventcount_lookup",
            ),
            models.Index(fields=["day"], name="eventcount_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.dimension}={self.value} {self.language}: {self.n}"


class StaleEventDay(models.Model):
    """A day whose EventCount rows are out of date: inserted by triggers on every write that
    changes what the timeline counts on that day (day NULL: everything, after a TRUNCATE),
    consumed by ct_refresh_event_counts()."""

    day = models.DateField(null=True)

    def __str__(self) -> str:
        return str(self.day or "all days")


class InitiativeLinkCount(models.Model):
    """How many confirmed links an initiative has, kept by triggers on articles_articlelink
    (migration 0010: each statement adds its net change, initiatives in id order), so the
    overview lists every initiative with its count without counting 1.3M links. No foreign
    key: a deleted initiative's row is left behind, unread."""

    initiative_id = models.BigIntegerField(primary_key=True)
    confirmed = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"initiative {self.initiative_id}: {self.confirmed} confirmed"


class LinkerModel(models.Model):
    """One training run of the learned linker, and the model it produced.

    Every run is recorded, promoted or not: what it was trained on, how the new model and
    the one in use scored on the decisions kept aside, and why it was (not) promoted. The
    weights live in a file under LINKER_MODEL_DIR named by `version`, checked against
    `sha256` on load; at most one row is current.
    """

    class Outcome(models.TextChoices):
        PROMOTED = "promoted", "Promoted"
        KEPT_PREVIOUS = "kept_previous", "Not promoted (no better than the model in use)"
        REFUSED = "refused", "Refused (too few decisions)"
        FAILED = "failed", "Failed"

    version = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    trigger = models.CharField(max_length=20, default="command")  # command, beat
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reason = models.TextField(blank=True)
    # {"corpus": n, "decisions": n, "positives": n, "negatives": n, "held_out": n}
    trained_on = models.JSONField(default=dict, blank=True)
    # {"new": {...}, "current": {...}} on the held-out decisions
    metrics = models.JSONField(default=dict, blank=True)
    thresholds = models.JSONField(default=dict, blank=True)  # {"suggest": x, "autoconfirm": y}
    sha256 = models.CharField(max_length=64, blank=True)
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="linkermodel_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"linker {self.version} ({self.outcome})"
