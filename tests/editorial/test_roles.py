"""Role matrix: every editorial view refuses the roles that may not use it.

Anonymous visitors are sent to the login page; signed-in analysts get 403 from editing views;
the activity log is for admins only; account pages are for every signed-in user.
"""

import pytest
from django.urls import reverse

from initiatives.models import KeyFigure
from tests.factories import (
    AliasFactory,
    ArticleLinkFactory,
    InitiativeFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

EDITOR_VIEWS = [
    ("get", "review-queue", None),
    ("post", "review-bulk", None),
    ("post", "review-decide", "link"),
    ("post", "review-undo", "link"),
    ("post", "review-reassign", "link"),
    ("get", "editorial-suggest", "kind"),
    ("get", "editorial-article", "article"),
    ("post", "editorial-link-add", "article"),
    ("post", "editorial-article-tag", "article"),
    ("post", "editorial-article-irrelevant", "article"),
    ("post", "editorial-link-decide", "link"),
    ("post", "editorial-statement-speaker", "statement"),
    ("get", "editorial-initiative-new", None),
    ("get", "editorial-initiative", "slug"),
    ("post", "editorial-initiative-edit", "slug"),
    ("post", "editorial-alias-add", "slug"),
    ("post", "editorial-figure-set", "slug"),
    ("post", "editorial-status", "slug"),
    ("post", "editorial-milestone-add", "slug"),
    ("post", "editorial-merge", "slug"),
    ("get", "editorial-aliases", None),
    ("post", "editorial-alias-update", "alias"),
    ("post", "editorial-figure-remove", "figure"),
]
ADMIN_VIEWS = [("get", "activity-log", None)]
ACCOUNT_VIEWS = [
    ("get", "account-tokens", None),
    ("get", "account-alerts", None),
    ("post", "account-view-save", None),
    ("post", "account-subscribe", None),
]


@pytest.fixture
def objects():
    link = ArticleLinkFactory()
    initiative = link.initiative
    return {
        "link": link.pk,
        "article": link.article_id,
        "statement": StatementFactory(article=link.article).pk,
        "slug": initiative.slug,
        "alias": AliasFactory(initiative=initiative).pk,
        "figure": KeyFigure.objects.create(initiative=initiative, label="Length", value=3).pk,
        "kind": "initiative",
    }


def url_for(name: str, arg: str | None, objects: dict) -> str:
    url = reverse(name, args=[objects[arg]] if arg else [])
    return (
        url + "?article=" + str(objects["article"]) if name == "editorial-initiative-new" else url
    )


def call(client, method: str, url: str):
    return client.get(url) if method == "get" else client.post(url, {})


ALL = EDITOR_VIEWS + ADMIN_VIEWS + ACCOUNT_VIEWS


@pytest.mark.parametrize(("method", "name", "arg"), ALL, ids=[v[1] for v in ALL])
def test_anonymous_visitors_are_sent_to_sign_in(client, objects, method, name, arg):
    url = url_for(name, arg, objects)
    response = call(client, method, url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize(
    ("method", "name", "arg"),
    EDITOR_VIEWS + ADMIN_VIEWS,
    ids=[v[1] for v in EDITOR_VIEWS + ADMIN_VIEWS],
)
def test_analysts_are_refused_every_editing_view(client, analyst, objects, method, name, arg):
    client.force_login(analyst)
    assert call(client, method, url_for(name, arg, objects)).status_code == 403


@pytest.mark.parametrize(("method", "name", "arg"), EDITOR_VIEWS, ids=[v[1] for v in EDITOR_VIEWS])
def test_editors_may_use_every_editing_view(client, editor, objects, method, name, arg):
    client.force_login(editor)
    response = call(client, method, url_for(name, arg, objects))
    assert response.status_code in (200, 302, 400)
    if response.status_code == 302:
        assert not response["Location"].startswith(reverse("login"))


def test_admins_may_edit_too(client, admin_user, objects):
    client.force_login(admin_user)
    assert client.get(reverse("review-queue")).status_code == 200
    response = client.post(reverse("review-decide", args=[objects["link"]]), {"decision": "accept"})
    assert response.status_code == 302


def test_only_admins_see_the_activity_log(client, editor, admin_user):
    client.force_login(editor)
    assert client.get(reverse("activity-log")).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("activity-log")).status_code == 200


@pytest.mark.parametrize(
    ("method", "name", "arg"), ACCOUNT_VIEWS, ids=[v[1] for v in ACCOUNT_VIEWS]
)
def test_every_signed_in_user_has_account_pages(client, analyst, objects, method, name, arg):
    client.force_login(analyst)
    response = call(client, method, url_for(name, arg, objects))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert not response["Location"].startswith(reverse("login"))


def test_analyst_pages_show_no_editing_controls(client, analyst):
    link = ArticleLinkFactory()
    client.force_login(analyst)
    for url in (link.article.get_absolute_url(), link.initiative.get_absolute_url()):
        html = client.get(url).content.decode()
        assert 'id="article-tools"' not in html
        assert 'id="initiative-tools"' not in html
        assert "/editorial/" not in html


def test_editor_pages_show_the_editing_panels(client, editor):
    link = ArticleLinkFactory(initiative=InitiativeFactory())
    client.force_login(editor)
    assert 'id="article-tools"' in client.get(link.article.get_absolute_url()).content.decode()
    assert (
        'id="initiative-tools"' in client.get(link.initiative.get_absolute_url()).content.decode()
    )
