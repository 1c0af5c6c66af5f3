"""API tokens with limits: expiry chosen at creation, a read-only scope, last use recorded, and
clear refusals for revoked and expired keys that change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tokens import MAX_LIFETIME_DAYS, create_token, revoke_token
from articles.models import Article
from initiatives.models import ApiToken, AuditEvent
from tests import factories
from tests.api_support import _generous_throttles  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.44"


@pytest.fixture(autouse=True)
def _fresh_failure_counts():
    keys = [f"throttle_token_failure_{a}" for a in (ADDRESS, "127.0.0.1", "10.0.0.2")]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


@pytest.fixture
def editor_user(db):
    return factories.UserFactory(username="writer", role="editor")


def api_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def _age(token: ApiToken, expired_for: dt.timedelta) -> None:
    """Move a token's life into the past: it ended `expired_for` ago."""
    ended = timezone.now() - expired_for
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=ended - dt.timedelta(hours=1), expires_at=ended
    )


def post_article(client: APIClient):
    return client.post(
        "/api/v1/articles/", {"title": "T", "body": "The railway to Basra."}, format="json"
    )


# --------------------------------------------------------------------------- expiry


def test_a_token_created_with_an_expiry_says_when_it_ends(editor_user):
    client = APIClient()
    client.force_authenticate(editor_user)
    ends = (timezone.now() + dt.timedelta(days=30)).replace(microsecond=0)
    response = client.post(
        "/api/v1/tokens/",
        {"name": "monthly", "scope": "read", "expires_at": ends.isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["scope"] == "read" and body["is_active"] is True
    assert dt.datetime.fromisoformat(body["expires_at"]) == ends
    assert api_with(body["key"]).get("/api/v1/initiatives/").status_code == 200


@pytest.mark.parametrize(
    ("expires", "message"),
    [
        (lambda now: now - dt.timedelta(minutes=1), "The expiry must be in the future."),
        (
            lambda now: now + dt.timedelta(days=MAX_LIFETIME_DAYS + 1),
            f"A token lives at most {MAX_LIFETIME_DAYS} days",
        ),
    ],
    ids=["in the past", "too far"],
)
def test_an_expiry_that_is_not_allowed_is_refused_and_nothing_is_created(
    editor_user, expires, message
):
    client = APIClient()
    client.force_authenticate(editor_user)
    response = client.post(
        "/api/v1/tokens/",
        {"name": "bad", "expires_at": expires(timezone.now()).isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert message in response.json()["expires_at"][0]
    assert not ApiToken.objects.filter(name="bad").exists()


def test_an_unknown_scope_is_refused_naming_the_scopes(editor_user):
    client = APIClient()
    client.force_authenticate(editor_user)
    response = client.post("/api/v1/tokens/", {"name": "x", "scope": "admin"}, format="json")
    assert response.status_code == 400
    assert "not a valid choice" in response.json()["scope"][0]
    assert not ApiToken.objects.filter(name="x").exists()


def test_an_expired_token_gets_401_saying_so_and_its_write_changes_nothing(editor_user):
    token, key = create_token(
        editor_user, "short", expires_at=timezone.now() + dt.timedelta(hours=1)
    )
    _age(token, expired_for=dt.timedelta(seconds=1))
    client = api_with(key)
    articles = Article.objects.count()
    response = post_article(client)
    assert response.status_code == 401
    detail = response.json()["detail"]
    assert detail.startswith("This token expired on ") and "create a new one" in detail
    assert Article.objects.count() == articles
    assert client.get("/api/v1/initiatives/").status_code == 401


def test_a_revoked_token_gets_401_saying_when_it_was_revoked(editor_user):
    token, key = create_token(editor_user, "old script")
    revoke_token(token, by=editor_user)
    response = api_with(key).get("/api/v1/initiatives/")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("This token was revoked on ")
    assert response["WWW-Authenticate"] == "Token"


def test_refused_keys_count_as_failures_toward_the_address_limit(settings, editor_user):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "token_failure": "2/minute"}
    token, key = create_token(editor_user, "gone")
    revoke_token(token, by=editor_user)
    client = api_with(key)
    statuses = [client.get("/api/v1/sources/", REMOTE_ADDR=ADDRESS).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


# --------------------------------------------------------------------------- scope


def test_a_read_only_token_of_an_editor_reads_but_every_write_is_refused(editor_user):
    _, key = create_token(editor_user, "reader", scope="read")
    client = api_with(key)
    assert client.get("/api/v1/articles/").status_code == 200
    articles = Article.objects.count()
    response = post_article(client)
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "This token is read-only: it cannot be used for POST requests. "
        "Use a token with the write scope."
    )
    assert Article.objects.count() == articles
    # The same user's write token may.
    _, write_key = create_token(editor_user, "writer", scope="write")
    assert post_article(api_with(write_key)).status_code in (201, 202)


def test_tokens_made_before_scopes_existed_keep_writing(editor_user):
    token, key = create_token(editor_user, "legacy")
    assert token.scope == "write"
    assert post_article(api_with(key)).status_code in (201, 202)


# --------------------------------------------------------------------------- last use


def test_each_use_records_the_time_and_the_client_address(editor_user):
    token, key = create_token(editor_user, "cron")
    assert token.last_used_at is None and token.last_used_from is None
    api_with(key).get("/api/v1/initiatives/", REMOTE_ADDR=ADDRESS)
    token.refresh_from_db()
    assert token.last_used_from == ADDRESS
    assert timezone.now() - token.last_used_at < dt.timedelta(seconds=30)
    listed = api_with(key).get("/api/v1/tokens/", REMOTE_ADDR=ADDRESS).json()
    assert listed[0]["last_used_from"] == ADDRESS


def test_behind_a_trusted_proxy_the_recorded_address_is_the_clients(settings, editor_user):
    settings.TRUSTED_PROXIES = 1
    token, key = create_token(editor_user, "cron")
    api_with(key).get(
        "/api/v1/initiatives/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=f"198.18.0.9, {ADDRESS}",
    )
    token.refresh_from_db()
    assert token.last_used_from == ADDRESS


# --------------------------------------------------------------------------- pages


def test_the_tokens_page_creates_a_read_only_token_that_expires(editor_user):
    browser = Client()
    browser.force_login(editor_user)
    response = browser.post(
        "/account/tokens/", {"name": "notebook", "scope": "read", "expires_in_days": "30"}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="notebook")
    assert token.scope == "read"
    assert dt.timedelta(days=29) < token.expires_at - timezone.now() <= dt.timedelta(days=30)
    page = response.content.decode()
    assert "Read only" in page and token.expires_at.strftime("%Y-%m-%d") in page
    record = AuditEvent.objects.get(action="token.create", object_id=str(token.pk))
    assert record.after["scope"] == "read" and record.after["expires_at"]


def test_the_tokens_page_shows_an_expired_token_as_expired(editor_user):
    token, _ = create_token(editor_user, "old", expires_at=timezone.now() + dt.timedelta(hours=1))
    _age(token, expired_for=dt.timedelta(days=1))
    browser = Client()
    browser.force_login(editor_user)
    page = browser.get("/account/tokens/").content.decode()
    assert "Expired " in page and "Revoke<" not in page


def test_the_admin_refuses_a_past_expiry_with_a_form_error(client):
    root = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    past = timezone.now() - dt.timedelta(days=1)
    response = client.post(
        "/admin/initiatives/apitoken/add/",
        {
            "user": str(root.pk),
            "name": "late",
            "scope": "read",
            "expires_at_0": past.strftime("%Y-%m-%d"),
            "expires_at_1": past.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 200
    assert "The expiry must be in the future." in response.content.decode()
    assert not ApiToken.objects.filter(name="late").exists()


def test_a_token_page_post_without_a_scope_gets_a_read_only_token(editor_user):
    browser = Client()
    browser.force_login(editor_user)
    assert browser.post("/account/tokens/", {"name": "script"}).status_code == 200
    assert ApiToken.objects.get(name="script").scope == "read"
