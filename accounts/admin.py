"""Admin for API tokens: create (the key is shown once) and revoke."""

from django.contrib import admin

from initiatives.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Create (the key is shown once, in a message) and revoke users' API tokens."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at", "revoked_at"]
    raw_id_fields = ["user"]
    actions = ["revoke_selected"]

    def get_fields(self, request, obj=None):
        return ["user", "name"] if obj is None else ["user", "name", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["user", *self.readonly_fields]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        from django.contrib import messages

        from accounts.tokens import create_token

        token, key = create_token(obj.user, obj.name)
        obj.pk, obj.prefix, obj.key_hash = token.pk, token.prefix, token.key_hash
        obj.created_at = token.created_at
        messages.warning(
            request, f"API key for {obj.user}: {key} (copy it now: it will not be shown again)"
        )

    @admin.action(description="Revoke selected tokens")
    def revoke_selected(self, request, queryset) -> None:
        from accounts.tokens import revoke_token

        for token in queryset.filter(revoked_at__isnull=True):
            revoke_token(token, by=request.user)
