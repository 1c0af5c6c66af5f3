"""Admin for the catalogue: search, filters and inlines an editor can work with.

Every change made here is audited like the services' (initiatives/admin_audit.py).
"""

from django.contrib import admin
from django.db.models import F

from initiatives import models
from initiatives.admin_audit import AuditedAdmin


class AliasInline(admin.TabularInline):
    model = models.Alias
    extra = 1
    fields = ["text", "language", "specificity", "is_active"]


class KeyFigureInline(admin.TabularInline):
    model = models.KeyFigure
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = models.StatusChange
    extra = 0
    fields = ["date", "from_status", "to_status", "note", "evidence", "changed_by"]
    readonly_fields = ["from_status", "to_status", "changed_by"]
    raw_id_fields = ["evidence"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        # Status changes go through services.change_status so the lifecycle is enforced.
        return False


class MilestoneInline(admin.TabularInline):
    model = models.Milestone
    extra = 0
    raw_id_fields = ["evidence"]
    exclude = ["created_by"]


@admin.register(models.Initiative)
class InitiativeAdmin(AuditedAdmin):
    list_display = ["name", "sector", "status", "status_since", "updated_at"]
    list_filter = ["sector", "status", "countries"]
    search_fields = ["name", "name_fa", "name_ar", "slug", "aliases__text"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["places", "organizations", "people", "countries"]
    readonly_fields = ["status", "status_since", "version", "created_at", "updated_at"]
    inlines = [AliasInline, KeyFigureInline, StatusChangeInline, MilestoneInline]

    def save_model(self, request, obj, form, change) -> None:
        if change and form.has_changed():
            # An admin edit is an edit like any other: an editor holding the old version
            # gets "changed by someone else" instead of silently overwriting it.
            obj.version = F("version") + 1
        super().save_model(request, obj, form, change)
        obj.refresh_from_db(fields=["version"])


@admin.register(models.Country)
class CountryAdmin(AuditedAdmin):
    list_display = ["code", "name", "name_fa", "name_ar"]
    search_fields = ["code", "name", "name_fa", "name_ar"]


class NamedEntityAdmin(AuditedAdmin):
    search_fields = ["name", "name_fa", "name_ar", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Place)
class PlaceAdmin(NamedEntityAdmin):
    list_display = ["name", "name_fa", "name_ar", "kind", "country", "latitude", "longitude"]
    list_filter = ["kind", "country"]


@admin.register(models.Organization)
class OrganizationAdmin(NamedEntityAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["country"]


@admin.register(models.Person)
class PersonAdmin(NamedEntityAdmin):
    list_display = ["name", "role", "country"]
    list_filter = ["country"]
    autocomplete_fields = ["organization"]


@admin.register(models.Alias)
class AliasAdmin(AuditedAdmin):
    list_display = ["text", "language", "initiative", "specificity", "is_active"]
    list_filter = ["language", "is_active", "initiative"]
    search_fields = ["text", "normalized", "initiative__name"]


@admin.register(models.StatusChange)
class StatusChangeAdmin(AuditedAdmin):
    list_display = ["initiative", "from_status", "to_status", "date", "changed_by"]
    list_filter = ["to_status", "initiative"]
    raw_id_fields = ["evidence"]
    date_hierarchy = "date"

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(models.Milestone)
class MilestoneAdmin(AuditedAdmin):
    list_display = ["date", "title", "initiative"]
    list_filter = ["initiative"]
    search_fields = ["title", "description"]
    raw_id_fields = ["evidence"]
    date_hierarchy = "date"


@admin.register(models.KeyFigure)
class KeyFigureAdmin(AuditedAdmin):
    list_display = ["initiative", "label", "value", "unit", "as_of"]
    list_filter = ["initiative"]


@admin.register(models.AuditEvent)
class AuditEventAdmin(AuditedAdmin):
    list_display = ["at", "actor", "action", "summary"]
    list_filter = ["action", "actor"]
    search_fields = ["summary", "object_id"]
    date_hierarchy = "at"

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the trail is append-only, for superusers too


@admin.register(models.SavedView)
class SavedViewAdmin(AuditedAdmin):
    list_display = ["name", "user", "query", "created_at"]
    search_fields = ["name", "user__username"]


@admin.register(models.Subscription)
class SubscriptionAdmin(AuditedAdmin):
    list_display = ["user", "initiative", "saved_view", "last_sent_at"]
