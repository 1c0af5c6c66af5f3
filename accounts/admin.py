"""Admin for API tokens (create: the key is shown once; revoke), users, groups and sign-in
lock-outs, all audited like the services (initiatives/admin_audit.py)."""

import axes.admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.tokens import check_expiry, create_token, revoke_token
from core.exceptions import DomainError
from initiatives.admin_audit import AuditedAdmin
from initiatives.models import ApiToken
from initiatives.services import record_audit


class AuditedUserAdmin(AuditedAdmin, auth_admin.UserAdmin):
    """Users: role (group) and staff changes are audited; a password change is recorded as
    one, without any trace of the password."""

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = get_user_model()._default_manager.get(pk=id)
            record_audit(
                actor=request.user,
                action="user.password",
                obj=user,
                after={"password": "(changed)"},
                summary=f"Password of {user.get_username()} changed in the admin",
            )
        return response


class AuditedGroupAdmin(AuditedAdmin, auth_admin.GroupAdmin):
    """Role groups: their permissions are audited."""


class AuditedAccessAttemptAdmin(AuditedAdmin, axes_admin.AccessAttemptAdmin):
    """Deleting an attempt lifts a lock-out: audited."""


class AuditedAccessLogAdmin(AuditedAdmin, axes_admin.AccessLogAdmin):
    pass


class AuditedAccessFailureLogAdmin(AuditedAdmin, axes_admin.AccessFailureLogAdmin):
    pass


for _model, _admin in (
    (get_user_model(), AuditedUserAdmin),
    (Group, AuditedGroupAdmin),
    (AccessAttempt, AuditedAccessAttemptAdmin),
    (AccessLog, AuditedAccessLogAdmin),
    (AccessFailureLog, AuditedAccessFailureLogAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin)


class ApiTokenForm(forms.ModelForm):
    """Checks the expiry as the service does, so a bad one is a form error, not a 500."""

    class Meta:
        model = ApiToken
        fields = ["user", "name", "scope", "expires_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "scope" in self.fields:  # omitted (an older form post): the model's default, write
            self.fields["scope"].required = False

    def clean_scope(self):
        return self.cleaned_data.get("scope") or ApiToken.Scope.WRITE

    def clean_expires_at(self):
        try:
            return check_expiry(self.cleaned_data.get("expires_at"))
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    """Create (the key is shown once, in a message) and revoke users' API tokens."""

    list_display = [
        "name",
        "user",
        "prefix",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "last_used_from",
        "revoked_at",
    ]
    list_filter = ["scope", "revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = [
        "prefix",
        "key_hash",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "last_used_from",
        "revoked_at",
    ]
    raw_id_fields = ["user"]
    actions = ["revoke_selected"]
    form = ApiTokenForm

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "scope", "expires_at"]
        return ["user", "name", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        # Limits are chosen at creation; to change them, create a new token and revoke this.
        return [] if obj is None else ["user", *self.readonly_fields]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        token, key = create_token(
            obj.user, obj.name, by=request.user, scope=obj.scope, expires_at=obj.expires_at
        )
        obj.pk, obj.prefix, obj.key_hash = token.pk, token.prefix, token.key_hash
        obj.created_at = token.created_at
        messages.warning(
            request, f"API key for {obj.user}: {key} (copy it now: it will not be shown again)"
        )

    @admin.action(description="Revoke selected tokens")
    def revoke_selected(self, request, queryset) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            revoke_token(token, by=request.user)
