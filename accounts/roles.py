"""Roles are Django groups: analyst (read), editor (read/write editorial), admin."""

from __future__ import annotations

from typing import Any

ANALYST = "analyst"
EDITOR = "editor"
ADMIN = "admin"
ROLE_GROUPS = (ANALYST, EDITOR, ADMIN)


def _groups(user: Any) -> set[str]:
    cache = getattr(user, "_ct_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        user._ct_groups = cache
    return cache


def is_editor(user: Any) -> bool:
    """Editors and admins (and superusers) may change the editorial record."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or bool(_groups(user) & {EDITOR, ADMIN})


def is_admin(user: Any) -> bool:
    """Admins see the global activity log and manage feeds and users."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or ADMIN in _groups(user)


def is_analyst(user: Any) -> bool:
    """Any signed-in member of a role group may read everything."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or bool(_groups(user) & set(ROLE_GROUPS))


# Model permissions per role, used by the Django admin (editors are staff users).
_EDITOR_WRITE = {
    "initiatives": [
        "initiative",
        "alias",
        "keyfigure",
        "milestone",
        "place",
        "person",
        "organization",
        "savedview",
        "subscription",
    ],
    "articles": ["source", "feed", "article", "statement", "articlelink"],
}
_EDITOR_READ_ONLY = {
    "initiatives": ["statuschange", "auditevent", "country"],
    "articles": ["ingestionrun", "cluster"],
}


def sync_role_permissions(**kwargs: Any) -> None:
    """Give each role group its model permissions (idempotent; runs after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    def perms(apps_models: dict[str, list[str]], actions: tuple[str, ...]) -> list[Permission]:
        codenames = [f"{a}_{m}" for models in apps_models.values() for m in models for a in actions]
        return list(
            Permission.objects.filter(
                content_type__app_label__in=list(apps_models), codename__in=codenames
            )
        )

    everything = {k: _EDITOR_WRITE[k] + _EDITOR_READ_ONLY[k] for k in _EDITOR_WRITE}
    wanted = {
        ANALYST: perms(everything, ("view",)),
        EDITOR: perms(_EDITOR_WRITE, ("view", "add", "change"))
        + perms(_EDITOR_READ_ONLY, ("view",))
        + perms({"initiatives": ["alias", "keyfigure"]}, ("delete",)),
        ADMIN: list(
            Permission.objects.filter(content_type__app_label__in=["initiatives", "articles"])
        )
        + list(Permission.objects.filter(content_type__app_label="auth")),
    }
    for name, permissions in wanted.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
