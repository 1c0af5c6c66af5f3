"""API tokens and roles: who may read, who may write, every write endpoint × every role."""

import pytest
from django.core.cache import cache

from accounts.tokens import create_token, hash_key, revoke_token
from articles.models import ArticleLink, Feed
from initiatives.models import ApiToken, AuditEvent, Milestone, StatusChange
from tests.factories import (
    ArticleFactory,
    ArticleLinkFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [None, "analyst", "editor", "admin"]


def test_a_token_is_shown_once_and_stored_only_hashed(client_for):
    analyst = client_for("analyst")
    created = analyst.post("/api/v1/tokens/", {"name": "weekly export"}, format="json")
    assert created.status_code == 201
    key = created.json()["key"]
    token = ApiToken.objects.get(pk=created.json()["id"])
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    listed = analyst.get("/api/v1/tokens/").json()
    assert all("key" not in t for t in listed)
    assert {t["name"] for t in listed} == {"analyst token", "weekly export"}


def test_token_and_bearer_headers_authenticate_and_revocation_is_immediate(api, db):
    user = UserFactory(username="reader", role="analyst")
    token, key = create_token(user, "script")
    for scheme in ("Token", "Bearer"):
        api.credentials(HTTP_AUTHORIZATION=f"{scheme} {key}")
        assert api.get("/api/v1/tokens/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    revoke_token(token, by=user)
    response = api.get("/api/v1/initiatives/")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_a_wrong_key_is_401_not_anonymous_access(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token ct_not-a-real-key")
    assert api.get("/api/v1/initiatives/").status_code == 401


def test_users_revoke_their_own_tokens_but_not_others(client_for):
    owner, other = client_for("analyst"), client_for("editor")
    token = ApiToken.objects.get(user=owner.user)
    assert other.delete(f"/api/v1/tokens/{token.pk}/").status_code == 404
    assert owner.delete(f"/api/v1/tokens/{token.pk}/").status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="token.revoke").count() == 1


def test_create_token_refuses_an_empty_name(client_for):
    response = client_for("analyst").post("/api/v1/tokens/", {"name": " "}, format="json")
    assert response.status_code == 400 and "name" in response.json()


def test_admin_creates_a_token_and_sees_the_key_once(client, admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    response = client.post(
        "/admin/initiatives/apitoken/add/", {"user": admin_user.pk, "name": "cron"}, follow=True
    )
    assert response.status_code == 200
    (message,) = [str(m) for m in response.context["messages"] if "API key" in str(m)]
    key = message.split(": ")[1].split(" ")[0]
    token = ApiToken.objects.get(name="cron")
    assert token.key_hash == hash_key(key)
    page = client.get(f"/admin/initiatives/apitoken/{token.pk}/change/").content.decode()
    assert key not in page


def test_anonymous_reading_can_be_switched_off(settings, api, client_for):
    settings.API_ANONYMOUS_READ = False
    assert api.get("/api/v1/initiatives/").status_code == 401
    assert client_for("analyst").get("/api/v1/initiatives/").status_code == 200


def test_feeds_and_runs_are_for_editors_only(client_for):
    for role, expected in [(None, 401), ("analyst", 403), ("editor", 200), ("admin", 200)]:
        client = client_for(role)
        assert client.get("/api/v1/feeds/").status_code == expected, role
        assert client.get("/api/v1/ingestion-runs/").status_code == expected, role


def test_too_many_requests_get_429_with_retry_after(settings, api, db):
    settings.API_THROTTLE_RATES = {"anon": "2/minute", "user": "2/minute"}
    address = "192.0.2.77"
    cache.delete(f"throttle_anon_{address}")
    statuses = [api.get("/api/v1/sources/", REMOTE_ADDR=address).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = api.get("/api/v1/sources/", REMOTE_ADDR=address)
    assert 0 < int(response["Retry-After"]) <= 60
    cache.delete(f"throttle_anon_{address}")


# --------------------------------------------------------------------------- the matrix


def _write_requests(initiative):
    """(name, method, url, payload, expected status for editors, check) per write endpoint."""
    article = ArticleFactory()
    link_confirm = ArticleLinkFactory(initiative=initiative)
    link_reject = ArticleLinkFactory(initiative=initiative)
    SourceFactory(slug="irna")
    return [
        (
            "change status",
            "post",
            f"/api/v1/initiatives/{initiative.slug}/status/",
            {"status": "agreed"},
            201,
            lambda: StatusChange.objects.count() == 1,
        ),
        (
            "add milestone (nested)",
            "post",
            f"/api/v1/initiatives/{initiative.slug}/milestones/",
            {"date": "2025-03-01", "title": "A"},
            201,
            lambda: Milestone.objects.filter(title="A").exists(),
        ),
        (
            "add milestone",
            "post",
            "/api/v1/milestones/",
            {"initiative": initiative.slug, "date": "2025-03-02", "title": "B"},
            201,
            lambda: Milestone.objects.filter(title="B").exists(),
        ),
        (
            "add link",
            "post",
            f"/api/v1/articles/{article.pk}/links/",
            {"initiative": initiative.slug},
            201,
            lambda: ArticleLink.objects.filter(article=article).exists(),
        ),
        (
            "confirm link",
            "post",
            f"/api/v1/links/{link_confirm.pk}/confirm/",
            {},
            200,
            lambda: ArticleLink.objects.get(pk=link_confirm.pk).state == "confirmed",
        ),
        (
            "reject link",
            "post",
            f"/api/v1/links/{link_reject.pk}/reject/",
            {},
            200,
            lambda: ArticleLink.objects.get(pk=link_reject.pk).state == "rejected",
        ),
        (
            "register feed",
            "post",
            "/api/v1/feeds/",
            {"url": "https://en.irna.ir/rss", "source": "irna"},
            201,
            lambda: Feed.objects.exists(),
        ),
    ]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
@pytest.mark.parametrize(
    "endpoint",
    range(7),
    ids=[
        "change-status",
        "add-milestone-nested",
        "add-milestone",
        "add-link",
        "confirm-link",
        "reject-link",
        "register-feed",
    ],
)
def test_write_endpoint_by_role(client_for, initiative, role, endpoint):
    name, method, url, payload, editor_status, written = _write_requests(initiative)[endpoint]
    client = client_for(role)
    response = getattr(client, method)(url, payload, format="json")
    if role in ("editor", "admin"):
        assert response.status_code == editor_status, (name, response.content)
        assert written(), name
    else:
        assert response.status_code == (401 if role is None else 403), name
        assert not written(), name
        assert AuditEvent.objects.exclude(action__startswith="token.").count() == 0


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_token_endpoints_by_role(client_for, role):
    client = client_for(role)
    created = client.post("/api/v1/tokens/", {"name": "mine"}, format="json")
    if role is None:
        assert created.status_code == 401
        assert client.delete("/api/v1/tokens/1/").status_code == 401
        assert not ApiToken.objects.filter(name="mine").exists()
        return
    assert created.status_code == 201
    assert client.delete(f"/api/v1/tokens/{created.json()['id']}/").status_code == 204


@pytest.mark.parametrize("role", [None, "analyst"], ids=["anonymous", "analyst"])
@pytest.mark.parametrize("url", ["/api/v1/articles/", "/api/v1/articles/submit-url/"])
def test_ingestion_writes_are_refused_to_readers(client_for, role, url):
    response = client_for(role).post(url, {"url": "https://example.org/a"}, format="json")
    assert response.status_code == (401 if role is None else 403)
