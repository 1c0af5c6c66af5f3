from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    """Roles, sign-in and API tokens."""

    name = "accounts"

    def ready(self) -> None:
        from accounts import signin  # noqa: F401  (connects the per-address sign-in count)
        from accounts.roles import sync_role_permissions

        # After every app: permissions of later apps (articles) exist only once theirs ran.
        post_migrate.connect(sync_role_permissions, dispatch_uid="ct-role-perms")
