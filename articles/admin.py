"""Admin for sources, feeds, articles, statements, links; audited (initiatives/admin_audit.py)."""

from django import forms
from django.contrib import admin
from django.utils import timezone

from articles import models
from initiatives.admin_audit import AuditedAdmin


@admin.register(models.Source)
class SourceAdmin(AuditedAdmin):
    list_display = ["name", "domain", "language", "country"]
    list_filter = ["language", "country"]
    search_fields = ["name", "domain", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Feed)
class FeedAdmin(AuditedAdmin):
    list_display = [
        "__str__",
        "source",
        "active",
        "poll_interval",
        "last_success_at",
        "consecutive_failures",
        "items_seen",
    ]
    list_filter = ["active", "source"]
    search_fields = ["url", "title", "source__name"]
    readonly_fields = [
        "etag",
        "last_modified",
        "last_polled_at",
        "last_success_at",
        "last_error",
        "last_error_at",
        "consecutive_failures",
        "items_seen",
    ]


class ArticleLinkAdminForm(forms.ModelForm):
    """A link confirmed or rejected here gets its decision time, as the review queue gives
    it (the database refuses a decided link without one)."""

    class Meta:
        model = models.ArticleLink
        fields = "__all__"  # noqa: DJ007 - the admin chooses the fields shown

    def clean(self) -> dict:
        data = super().clean()
        state = data.get("state", self.instance.state)
        if state != models.ArticleLink.State.SUGGESTED and not data.get("decided_at"):
            now = timezone.now()
            if "decided_at" in self.fields:
                data["decided_at"] = now
            self.instance.decided_at = self.instance.decided_at or now
        return data


class ArticleLinkInline(admin.TabularInline):
    model = models.ArticleLink
    form = ArticleLinkAdminForm
    extra = 0
    fields = ["initiative", "state", "origin", "score", "decided_by", "decided_at"]
    readonly_fields = ["origin", "score", "decided_by", "decided_at"]
    autocomplete_fields = ["initiative"]


class StatementInline(admin.TabularInline):
    model = models.Statement
    extra = 0
    fields = ["speaker", "speaker_name", "text", "position"]
    autocomplete_fields = ["speaker"]


@admin.register(models.Article)
class ArticleAdmin(AuditedAdmin):
    list_display = ["title", "source", "language", "published_at", "ingested_via"]
    list_filter = ["language", "ingested_via", "is_irrelevant", "source"]
    search_fields = ["title", "url", "byline"]
    date_hierarchy = "published_at"
    readonly_fields = [
        "content_hash",
        "simhash",
        "cluster",
        "ingestion_run",
        "feed",
        "fetched_at",
        "pipeline_version",
        "created_at",
    ]
    filter_horizontal = ["people", "places", "organizations"]
    inlines = [ArticleLinkInline, StatementInline]


@admin.register(models.Statement)
class StatementAdmin(AuditedAdmin):
    list_display = ["__str__", "speaker", "article"]
    search_fields = ["text", "speaker_name", "speaker__name"]
    list_filter = ["speaker"]
    raw_id_fields = ["article"]


@admin.register(models.ArticleLink)
class ArticleLinkAdmin(AuditedAdmin):
    form = ArticleLinkAdminForm
    list_display = ["article", "initiative", "state", "origin", "score", "decided_by", "decided_at"]
    list_filter = ["state", "origin", "initiative"]
    search_fields = ["article__title", "initiative__name"]
    raw_id_fields = ["article"]


@admin.register(models.IngestionRun)
class IngestionRunAdmin(AuditedAdmin):
    list_display = ["__str__", "kind", "state", "started_at", "created", "duplicates", "refused"]
    list_filter = ["kind", "state"]
    readonly_fields = [f.name for f in models.IngestionRun._meta.fields]


@admin.register(models.Cluster)
class ClusterAdmin(AuditedAdmin):
    list_display = ["__str__", "created_at"]
