"""Every API operation × every role, plus the object-level rules (tokens, views, subscriptions).

The operations come from the OpenAPI schema, and every route of the API's URL conf must be
in it (or listed below as undocumented on purpose): a new endpoint fails this module until
its rule is stated here.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import get_resolver
from rest_framework.test import APIClient

from accounts.tokens import create_token
from articles.models import IngestionRun
from editorial import services as editorial
from initiatives.models import ApiToken, SavedView, Subscription
from tests import factories
from tests.api_support import _generous_throttles, token_client  # noqa: F401 (fixture)
from tests.dashboard_data import build
from tests.security.hostile import api_operations

pytestmark = pytest.mark.django_db

ROLES = [None, "analyst", "editor", "admin"]
SLUG = "basra-shalamcheh-railway"
# Routes of /api/v1/ that the schema leaves out on purpose (the browsable root, the schema).
UNDOCUMENTED = {"/api/v1/", "/api/v1/schema/"}
EDITORS_ONLY = ("/api/v1/feeds/", "/api/v1/ingestion-runs/")
SIGNED_IN_ONLY = ("/api/v1/tokens/",)
REQUIRED_QUERY = {"/api/v1/search/": "?q=railway"}

# What editors send to each write, and the status they get (all that the schema documents).
WRITES = {
    ("POST", "/api/v1/articles/"): (lambda d: {"body": "The railway to Basra.", "title": "T"}, 201),
    # A loopback address the fetch guard refuses before connecting: authorised, then 400.
    ("POST", "/api/v1/articles/submit-url/"): (lambda d: {"url": "http://127.0.0.1:9/a"}, 400),
    ("POST", "/api/v1/articles/{id}/links/"): (lambda d: {"initiative": SLUG}, 200),
    ("POST", "/api/v1/feeds/"): (
        lambda d: {"url": "https://example.org/rss", "source": "irna"},
        201,
    ),
    ("POST", "/api/v1/initiatives/{slug}/milestones/"): (
        lambda d: {"date": "2025-03-01", "title": "Tender"},
        201,
    ),
    ("POST", "/api/v1/initiatives/{slug}/status/"): (lambda d: {"status": "stalled"}, 201),
    ("POST", "/api/v1/links/{id}/confirm/"): (lambda d: {}, 200),
    ("POST", "/api/v1/links/{id}/reject/"): (lambda d: {}, 200),
    ("POST", "/api/v1/milestones/"): (
        lambda d: {"initiative": SLUG, "date": "2025-03-02", "title": "B"},
        201,
    ),
    ("POST", "/api/v1/tokens/"): (lambda d: {"name": "another"}, 201),
    ("DELETE", "/api/v1/tokens/{id}/"): (lambda d: None, 204),
}


def concrete(path: str, data, client: APIClient) -> str:
    """The path template with ids of seeded objects (a token: the caller's own)."""
    suggested = factories.ArticleLinkFactory(article=data.persian, initiative=_other_initiative())
    ids = {
        "/api/v1/articles/": data.article.pk,
        "/api/v1/links/": suggested.pk,
        "/api/v1/statements/": data.statement.pk,
        "/api/v1/milestones/": data.initiative.milestones.first().pk,
        "/api/v1/status-changes/": data.initiative.status_changes.first().pk,
        "/api/v1/feeds/": factories.FeedFactory().pk,
        "/api/v1/ingestion-runs/": IngestionRun.objects.create(kind="feed", state="succeeded").pk,
        "/api/v1/tokens/": (client.token or _bystanders_token()).pk,
    }
    slugs = {
        "/api/v1/initiatives/": SLUG,
        "/api/v1/people/": data.person.slug,
        "/api/v1/places/": data.place.slug,
        "/api/v1/organizations/": factories.OrganizationFactory(slug="mfa").slug,
        "/api/v1/sources/": "irna",
    }
    prefix = path.split("{")[0]
    if "{id}" in path:
        path = path.replace("{id}", str(ids[prefix]))
    if "{slug}" in path:
        path = path.replace("{slug}", slugs[prefix])
    assert "{" not in path, f"no seeded object for {path}: add one to concrete()"
    return path + REQUIRED_QUERY.get(path, "")


def _bystanders_token() -> ApiToken:
    return create_token(factories.UserFactory(username="bystander"), "theirs")[0]


def _other_initiative():
    return factories.InitiativeFactory(slug="iran-iraq-gas", sector="energy")


def expected_status(role: str | None, method: str, path: str) -> int:
    """The rule, stated once: who may do what (docs/api.md, "Who may do what")."""
    if method == "GET":
        success = 200
    else:
        assert (method, path) in WRITES, f"new write endpoint {method} {path}: add it to WRITES"
        success = WRITES[(method, path)][1]
    if path.startswith(SIGNED_IN_ONLY):
        return 401 if role is None else success
    if path.startswith(EDITORS_ONLY) or method != "GET":
        return {None: 401, "analyst": 403}.get(role, success)
    return success


def test_every_api_route_is_documented_and_so_in_the_matrix():
    documented = {path for _, path in api_operations()} | UNDOCUMENTED
    routes = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            text = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, text)
            elif "format" not in text:  # .json/.csv suffix twins of the same views
                text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", text).replace("{pk}", "{id}")
                routes.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text))

    walk(get_resolver().url_patterns, "")
    api_routes = {route for route in routes if route.startswith("/api/v1/")}
    assert api_routes, "no API routes found"
    assert api_routes <= documented, sorted(api_routes - documented)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
@pytest.mark.parametrize(
    ("method", "path"), api_operations(), ids=[f"{m} {p}" for m, p in api_operations()]
)
def test_operation_by_role(role, method, path):
    data = build()
    client = token_client(role)
    url = concrete(path, data, client)
    payload = WRITES[(method, path)][0](data) if (method, path) in WRITES else None
    response = getattr(client, method.lower())(url, payload, format="json")
    expected = expected_status(role, method, path)
    assert response.status_code == expected, (role, method, url, response.content[:300])
    if expected in (401, 403):
        assert response.json()["detail"], "a refusal says why"


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
@pytest.mark.parametrize("path", sorted(UNDOCUMENTED))
def test_undocumented_api_routes_by_role(role, path):
    assert token_client(role).get(path).status_code == 200


# --------------------------------------------------------------------------- object rules


def test_api_tokens_of_others_are_invisible_and_irrevocable_except_to_admins():
    owner, other, admin = token_client("analyst"), token_client("editor"), token_client("admin")
    token = owner.token
    assert other.get(f"/api/v1/tokens/{token.pk}/").status_code == 404
    assert other.delete(f"/api/v1/tokens/{token.pk}/").status_code == 404
    assert [t["id"] for t in other.get("/api/v1/tokens/").json()] == [other.token.pk]
    token.refresh_from_db()
    assert token.revoked_at is None
    listed = admin.get("/api/v1/tokens/?user=analyst-user").json()
    assert [t["id"] for t in listed] == [token.pk]
    assert admin.delete(f"/api/v1/tokens/{token.pk}/").status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None


def _signed_in(username: str) -> tuple[Client, object]:
    user = factories.UserFactory(username=username, role="analyst")
    client = Client()
    client.force_login(user)
    return client, user


def test_a_user_revokes_only_their_own_tokens_on_the_dashboard():
    alice, alice_user = _signed_in("alice")
    bob, bob_user = _signed_in("bob")
    token, _ = create_token(alice_user, "alice's script")
    assert bob.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "alice&#x27;s script" not in bob.get("/account/tokens/").content.decode()
    assert alice.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_saved_views_and_subscriptions_belong_to_their_owner():
    build()
    alice, alice_user = _signed_in("alice")
    bob, _ = _signed_in("bob")
    view = editorial.save_view(alice_user, name="Rail in Persian", query="sector=rail")
    subscription = editorial.subscribe(alice_user, saved_view=view)
    assert bob.post(f"/account/views/{view.pk}/delete/").status_code == 404
    assert bob.post(f"/account/subscriptions/{subscription.pk}/delete/").status_code == 404
    assert bob.post("/account/subscriptions/", {"saved_view": view.pk}).status_code == 404
    assert "Rail in Persian" not in bob.get("/account/alerts/").content.decode()
    assert SavedView.objects.filter(pk=view.pk).exists()
    assert Subscription.objects.filter(user__username="bob").count() == 0
    assert alice.post(f"/account/subscriptions/{subscription.pk}/delete/").status_code == 302
    assert alice.post(f"/account/views/{view.pk}/delete/").status_code == 302
    assert not SavedView.objects.filter(pk=view.pk).exists()


@pytest.mark.parametrize(
    "url", ["/account/alerts/", "/account/tokens/", "/account/views/", "/account/subscriptions/"]
)
def test_account_pages_send_anonymous_visitors_to_sign_in(client, url):
    response = client.post(url) if url.endswith(("views/", "subscriptions/")) else client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --------------------------------------------------------------------------- token scopes


def scoped_client(role: str, scope: str) -> APIClient:
    """An APIClient sending a token of a new user in `role`, limited to `scope`."""
    user = factories.UserFactory(username=f"{role}-{scope}-user", role=role)
    client = APIClient()
    client.user = user
    client.token, key = create_token(user, f"{scope} token", scope=scope)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.mark.parametrize("role", ["editor", "admin"])
@pytest.mark.parametrize(
    ("method", "path"), api_operations(), ids=[f"{m} {p}" for m, p in api_operations()]
)
def test_operation_with_a_read_only_token(role, method, path):
    """A read-only token reads what its user may read and is refused every write (403)."""
    data = build()
    client = scoped_client(role, "read")
    url = concrete(path, data, client)
    payload = WRITES[(method, path)][0](data) if (method, path) in WRITES else None
    before = ApiToken.objects.count()
    response = getattr(client, method.lower())(url, payload, format="json")
    if method == "GET":
        assert response.status_code == expected_status(role, method, path), response.content[:300]
    else:
        assert response.status_code == 403, (method, url, response.content[:300])
        assert "read-only" in response.json()["detail"]
        assert ApiToken.objects.count() == before  # not even a new token
        client.token.refresh_from_db()
        assert client.token.revoked_at is None
