"""The Django admin leaves the audit trail the services leave: each registered model is edited
and deleted through the real admin pages (the form as the browser would post it), and the
AuditEvent rows are read back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models as dj_models

from accounts.tokens import create_token
from articles import models as articles
from initiatives import models as initiatives
from initiatives.admin_audit import AuditedAdmin
from tests import factories

pytestmark = pytest.mark.django_db


class FormReader(HTMLParser):
    """The fields a browser would post from the admin's change form, with their values."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form or not a.get("name") and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._add(a["name"], a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select = a["name"]
            self.data.setdefault(a["name"], [])
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self._add(a["name"], "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea][-1] += data.removeprefix("\n")


def form_data(html: str) -> dict[str, list[str]]:
    reader = FormReader()
    reader.feed(html)
    return reader.data


def admin_url(obj: dj_models.Model, view: str) -> str:
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/{view}/"


def _user() -> Any:
    return factories.UserFactory(username="maryam", first_name="")


def _axes_row(model: type) -> Any:
    common = {"user_agent": "curl", "http_accept": "*/*", "path_info": "/login/"}
    if model is AccessAttempt:
        common |= {"get_data": "", "post_data": "", "failures_since_start": 3}
    return model.objects.create(username="maryam", ip_address="203.0.113.9", **common)


@dataclass
class Recipe:
    make: Callable[[], Any]
    edit: dict[str, Any] = field(default_factory=dict)  # form field → new value (none: read-only)
    audited_field: str = ""  # the attname the record names (defaults to the edited field)


RECIPES: dict[str, Recipe] = {
    "auth.group": Recipe(lambda: Group.objects.create(name="readers"), {"name": "reviewers"}),
    "auth.user": Recipe(_user, {"first_name": "Maryam"}),
    "initiatives.initiative": Recipe(factories.InitiativeFactory, {"name": "Edited name"}),
    "initiatives.country": Recipe(
        lambda: factories.CountryFactory(code="IQ"), {"name": "Republic of Iraq"}
    ),
    "initiatives.place": Recipe(factories.PlaceFactory, {"name": "Shalamcheh crossing"}),
    "initiatives.organization": Recipe(factories.OrganizationFactory, {"name": "Edited org"}),
    "initiatives.person": Recipe(factories.PersonFactory, {"name": "Edited person"}),
    "initiatives.alias": Recipe(factories.AliasFactory, {"text": "Shalamcheh rail link"}),
    "initiatives.statuschange": Recipe(
        lambda: initiatives.StatusChange.objects.create(
            initiative=factories.InitiativeFactory(), to_status="agreed", date=dt.date(2026, 1, 5)
        ),
        {"note": "Corrected source"},
    ),
    "initiatives.milestone": Recipe(factories.MilestoneFactory, {"title": "Groundbreaking"}),
    "initiatives.keyfigure": Recipe(
        lambda: initiatives.KeyFigure.objects.create(
            initiative=factories.InitiativeFactory(), label="Length", value=Decimal("32")
        ),
        {"value": "33.50"},
    ),
    "initiatives.savedview": Recipe(
        lambda: initiatives.SavedView.objects.create(user=_user(), name="Rail", query="q=rail"),
        {"name": "Railways"},
    ),
    "initiatives.subscription": Recipe(
        lambda: initiatives.Subscription.objects.create(
            user=_user(), initiative=factories.InitiativeFactory()
        ),
        {"initiative": lambda: str(factories.InitiativeFactory(slug="other", name="Other").pk)},
        "initiative_id",
    ),
    "initiatives.apitoken": Recipe(lambda: create_token(_user(), "script")[0], {"name": "cron"}),
    "articles.source": Recipe(factories.SourceFactory, {"name": "Edited source"}),
    "articles.feed": Recipe(factories.FeedFactory, {"title": "Edited feed title"}),
    "articles.article": Recipe(factories.ArticleFactory, {"title": "Edited headline"}),
    "articles.statement": Recipe(factories.StatementFactory, {"text": "An edited quote."}),
    "articles.articlelink": Recipe(
        factories.ArticleLinkFactory,
        {"initiative": lambda: str(factories.InitiativeFactory(slug="other", name="Other").pk)},
        "initiative_id",
    ),
    "articles.ingestionrun": Recipe(lambda: articles.IngestionRun.objects.create(kind="feed")),
    "articles.cluster": Recipe(lambda: articles.Cluster.objects.create()),
    "axes.accessattempt": Recipe(lambda: _axes_row(AccessAttempt)),
    "axes.accesslog": Recipe(lambda: _axes_row(AccessLog)),
    "axes.accessfailurelog": Recipe(lambda: _axes_row(AccessFailureLog)),
}
APPEND_ONLY = {"initiatives.auditevent"}
REGISTERED = sorted(m._meta.label_lower for m in admin.site._registry)


@pytest.fixture
def root(client):
    user = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_every_registered_model_is_audited_and_covered_here():
    unaudited = [
        m._meta.label_lower
        for m, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedAdmin)
    ]
    assert unaudited == [], "mix initiatives.admin_audit.AuditedAdmin into their ModelAdmin"
    uncovered = set(REGISTERED) - set(RECIPES) - APPEND_ONLY
    assert uncovered == set(), "add a Recipe for each newly registered model"


def _audit(action: str, obj: dj_models.Model) -> initiatives.AuditEvent:
    return initiatives.AuditEvent.objects.get(
        action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)
    )


@pytest.mark.parametrize("label", sorted(RECIPES))
def test_an_admin_edit_and_delete_write_audit_records(client, root, label):
    recipe = RECIPES[label]
    obj = recipe.make()
    name = obj._meta.model_name
    page = client.get(admin_url(obj, "change"))
    assert page.status_code == 200
    data = form_data(page.content.decode())
    edit = {k: v() if callable(v) else v for k, v in recipe.edit.items()}
    data.update({k: [v] for k, v in edit.items()})
    data["_save"] = ["Save"]
    before_count = initiatives.AuditEvent.objects.count()
    response = client.post(admin_url(obj, "change"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    if edit:
        record = _audit(f"{name}.edit", obj)
        assert record.actor == root and "edited in the admin" in record.summary
        attname = recipe.audited_field or next(iter(edit))
        assert str(record.after[attname]) == edit[next(iter(edit))]
        assert record.before[attname] != record.after[attname]
        assert set(record.after) <= set(record.before)  # changed fields only, both sides
    else:  # nothing editable: saving the page changes nothing, so nothing is recorded
        assert initiatives.AuditEvent.objects.count() == before_count

    pk = obj.pk
    response = client.post(admin_url(obj, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not type(obj)._default_manager.filter(pk=pk).exists()
    record = _audit(f"{name}.delete", obj)
    assert record.actor == root and record.after == {} and "deleted in the admin" in record.summary
    assert record.before["id"] == pk


def test_the_audit_trail_itself_cannot_be_changed_or_deleted_in_the_admin(client, root):
    event = initiatives.AuditEvent.objects.create(
        action="status.change", object_type="initiatives.initiative", object_id="1"
    )
    assert client.post(admin_url(event, "change"), {"action": "x"}).status_code == 403
    assert client.post(admin_url(event, "delete"), {"post": "yes"}).status_code == 403
    bulk = client.post(
        "/admin/initiatives/auditevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert initiatives.AuditEvent.objects.filter(pk=event.pk, action="status.change").exists()


def test_adding_in_the_admin_is_audited_with_inline_rows(client, root):
    page = client.get("/admin/initiatives/initiative/add/")
    data = form_data(page.content.decode())
    data.update(
        {
            "name": ["Basra–Shalamcheh railway"],
            "slug": ["basra-shalamcheh-railway"],
            "sector": [initiatives.Sector.values[0]],
            "countries": [str(factories.CountryFactory(code="IR").pk)],
            "aliases-0-text": ["Shalamcheh railway"],
            "aliases-0-language": ["en"],
            "aliases-0-specificity": ["1"],
            "aliases-0-is_active": ["on"],
            "_save": ["Save"],
        }
    )
    response = client.post("/admin/initiatives/initiative/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    initiative = initiatives.Initiative.objects.get(slug="basra-shalamcheh-railway")
    created = _audit("initiative.create", initiative)
    assert created.actor == root and created.after["name"] == "Basra–Shalamcheh railway"
    alias = initiative.aliases.get(text="Shalamcheh railway")
    alias_record = _audit("alias.create", alias)
    assert alias_record.initiative == initiative and alias_record.after["text"] == alias.text


def test_inline_edits_and_deletes_are_audited_and_bump_the_version(client, root):
    initiative = factories.InitiativeFactory()
    keep = factories.AliasFactory(initiative=initiative, text="Old alias")
    drop = factories.AliasFactory(initiative=initiative, text="Dropped alias")
    version = initiatives.Initiative.objects.get(pk=initiative.pk).version
    data = form_data(client.get(admin_url(initiative, "change")).content.decode())
    rows = {data[f"aliases-{i}-id"][0]: i for i in range(2)}
    data[f"aliases-{rows[str(keep.pk)]}-text"] = ["New alias"]
    data[f"aliases-{rows[str(drop.pk)]}-DELETE"] = ["on"]
    data["summary"] = ["Edited in the admin."]
    data["_save"] = ["Save"]
    response = client.post(admin_url(initiative, "change"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    edited = _audit("alias.edit", keep)
    assert (edited.before["text"], edited.after["text"]) == ("Old alias", "New alias")
    assert edited.initiative == initiative
    deleted = _audit("alias.delete", drop)
    assert deleted.before["text"] == "Dropped alias" and deleted.initiative == initiative
    record = _audit("initiative.edit", initiative)
    assert record.after["summary"] == "Edited in the admin."
    assert record.after["version"] == version + 1  # an editor holding the old one is warned


def test_a_password_change_is_audited_without_the_password(client, root):
    user = _user()
    response = client.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"password1": "a new Long passphrase 7", "password2": "a new Long passphrase 7"},
    )
    assert response.status_code == 302
    record = _audit("user.password", user)
    assert record.actor == root and record.after == {"password": "(changed)"}
    assert "passphrase" not in str(record.before) + str(record.after) + record.summary


def test_granting_a_role_in_the_admin_is_audited(client, root):
    user = _user()
    editors = Group.objects.get_or_create(name="editor")[0]
    data = form_data(client.get(admin_url(user, "change")).content.decode())
    data["groups"] = [str(editors.pk)]
    data["is_staff"] = ["on"]
    data["_save"] = ["Save"]
    assert client.post(admin_url(user, "change"), data).status_code == 302
    record = _audit("user.edit", user)
    assert record.before["groups"] == [] and record.after["groups"] == [editors.pk]
    assert record.after["is_staff"] is True
    assert "password" not in record.after  # the hash is never copied


def test_creating_a_token_in_the_admin_is_recorded_once(client, root):
    user = _user()
    response = client.post(
        "/admin/initiatives/apitoken/add/",
        {"user": str(user.pk), "name": "nightly export", "scope": "read"},
    )
    assert response.status_code == 302
    token = initiatives.ApiToken.objects.get(name="nightly export")
    assert initiatives.AuditEvent.objects.filter(object_id=str(token.pk)).count() == 1
    record = _audit("token.create", token)
    assert record.actor == root  # who did it, not whose token it is
    assert token.key_hash not in str(record.after)


def test_an_edit_that_changes_nothing_records_nothing(client, root):
    source = factories.SourceFactory()
    data = form_data(client.get(admin_url(source, "change")).content.decode())
    data["_save"] = ["Save"]
    before = initiatives.AuditEvent.objects.count()
    assert client.post(admin_url(source, "change"), data).status_code == 302
    assert initiatives.AuditEvent.objects.count() == before


def test_confirming_a_link_in_the_admin_gives_it_a_decision_time(client, root):
    link = factories.ArticleLinkFactory(state="suggested", decided_at=None)
    page = client.get(admin_url(link, "change"))
    data = form_data(page.content.decode())
    data.update({"state": ["confirmed"], "decided_at_0": [""], "decided_at_1": [""]})
    data["_save"] = ["Save"]

    response = client.post(admin_url(link, "change"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    link.refresh_from_db()
    assert link.state == "confirmed" and link.decided_at is not None
    assert _audit("articlelink.edit", link).after["state"] == "confirmed"
