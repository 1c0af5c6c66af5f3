"""The Django admin leaves the same audit trail as the services (initiatives.services.record_audit).

Every admin add, change and delete of a registered model, of its inline rows and of its
many-to-many fields writes one AuditEvent: the signed-in user, action `<model>.create`,
`<model>.edit` or `<model>.delete`, the changed fields before and after, the initiative or
article it belongs to, and a summary saying it was done in the admin. Secrets (password
hashes, token hashes) are never copied into the record: a change shows as "(changed)".

AuditedAdmin is mixed into every ModelAdmin of the project (tests/test_admin_audit.py checks
each registered model); custom admin actions call the services, which audit themselves.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.http import HttpRequest

from initiatives.services import record_audit

SECRET_FIELDS = {"password", "key_hash"}
CHANGED = "(changed)"
MAX_VALUE_CHARS = 2000  # an article body in full would swamp the log; its start is kept


def _plain(value: Any) -> Any:
    value = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        return value[: MAX_VALUE_CHARS - 1] + "…"
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The audited state of a row: its own fields (foreign keys as ids) and many-to-many ids."""
    state: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue  # moves on every save: not an edit anyone made
        state[field.attname] = _plain(field.value_from_object(obj))
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            state[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return state


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """(before, after) restricted to the fields that differ, secrets masked."""
    names = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    old = {k: before.get(k) for k in names}
    new = {k: after.get(k) for k in names}
    for name in SECRET_FIELDS & set(names):
        old[name] = new[name] = CHANGED
    return old, new


def _related(obj: models.Model, name: str, label: str) -> Any:
    if obj._meta.label_lower == label:
        return obj
    try:
        value = getattr(obj, name, None)
    except models.ObjectDoesNotExist:
        return None
    return value if isinstance(value, models.Model) and value._meta.label_lower == label else None


def _belongs_to(obj: models.Model) -> dict[str, Any]:
    """The initiative and article an audited row belongs to (the record's links)."""
    return {
        "initiative": _related(obj, "initiative", "initiatives.initiative"),
        "article": _related(obj, "article", "articles.article"),
    }


def audit_admin_change(
    request: HttpRequest,
    obj: models.Model,
    verb: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    """Record one admin create / edit / delete of obj (nothing when an edit changed nothing)."""
    old, new = changes(before, after)
    if verb == "edit" and not new:
        return
    name = obj._meta.model_name
    fields = ", ".join(old) if verb == "edit" else ""
    summary = {
        "create": f"{obj._meta.verbose_name} “{obj}” added in the admin",
        "edit": f"{obj._meta.verbose_name} “{obj}” edited in the admin: {fields}",
        "delete": f"{obj._meta.verbose_name} “{obj}” deleted in the admin",
    }[verb]
    record_audit(
        actor=request.user,
        action=f"{name}.{verb}",
        obj=obj,
        before=old if verb != "create" else {},
        after=new if verb != "delete" else {},
        summary=summary[:1].upper() + summary[1:],
        # A deleted row's own link is set to NULL with it; the record keeps id and summary.
        **_belongs_to(obj),
    )


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves, inline saves and deletes are audited (see the module doc)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        form._audit_before = snapshot(stored) if stored is not None else {}
        form._audit_change = change
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not hasattr(form, "_audit_before"):
            return  # save_model handed the save to a service, which audited it
        obj = type(form.instance)._default_manager.get(pk=form.instance.pk)
        verb = "edit" if form._audit_change else "create"
        audit_admin_change(request, obj, verb, form._audit_before, snapshot(obj))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        model = formset.model
        # Deleting a row clears its instance's pk: remember each row's id beforehand.
        ids = {id(f.instance): f.instance.pk for f in formset.initial_forms if f.instance.pk}
        stored = model._default_manager.filter(pk__in=ids.values())
        befores = {o.pk: snapshot(o) for o in stored}
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit_admin_change(request, obj, "create", {}, snapshot(obj))
        for obj, _fields in formset.changed_objects:
            audit_admin_change(request, obj, "edit", befores.get(obj.pk, {}), snapshot(obj))
        for obj in formset.deleted_objects:
            obj.pk = ids.get(id(obj))
            audit_admin_change(request, obj, "delete", befores.get(obj.pk, {}), {})

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit_admin_change(request, obj, "delete", snapshot(obj), {})
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit_admin_change(request, obj, "delete", snapshot(obj), {})
            super().delete_queryset(request, queryset)
