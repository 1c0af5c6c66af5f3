"""Sign-in and API tokens: rate limits, answers that reveal nothing, keys never stored."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from accounts.signin import address_failures_key
from accounts.tokens import create_token, hash_key
from api.authentication import TokenFailureThrottle
from initiatives.models import ApiToken
from tests import factories
from tests.api_support import GENEROUS_RATES

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
LOCKED = "Too many failed sign-in attempts."


ADDRESSES = ("198.51.100.7", "198.51.100.20", "203.0.113.9", "203.0.113.10", "203.0.113.11")


@pytest.fixture(autouse=True)
def _rates(settings):
    settings.API_THROTTLE_RATES = dict(GENEROUS_RATES)
    settings.AXES_FAILURE_LIMIT = 3
    keys = [address_failures_key(a) for a in ADDRESSES]
    cache.delete_many(keys)  # the per-address counts live in Redis, across tests
    yield
    cache.delete_many(keys)


@pytest.fixture
def member(db):
    return factories.UserFactory(username="maryam", role="editor")


def sign_in(
    client: Client, username: str, password: str, address: str = "198.51.100.7", url="/login/"
):
    """POST the sign-in form from `address`; the response as the browser gets it."""
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def normalised(response, username: str) -> str:
    """The page with what legitimately differs (CSRF token, the typed username) blanked."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return html.replace(f'value="{username}"', 'value=""')


# --------------------------------------------------------------------------- sign-in


@pytest.mark.parametrize("url", ["/login/", "/admin/login/"])
def test_a_wrong_password_and_an_unknown_username_get_the_same_page(client, member, url):
    wrong_password = sign_in(client, "maryam", "not her password", url=url)
    unknown_user = sign_in(client, "nobody-here", "not her password", url=url)
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert "correct username and password" in wrong_password.content.decode()
    assert normalised(wrong_password, "maryam") == normalised(unknown_user, "nobody-here")


def test_a_disabled_account_gets_the_same_page_as_a_wrong_password(client, member):
    member.is_active = False
    member.save()
    right_password = sign_in(client, "maryam", PASSWORD)
    factories.UserFactory(username="active-one")
    wrong_password = sign_in(client, "active-one", "nope")
    assert normalised(right_password, "maryam") == normalised(wrong_password, "active-one")
    assert not signed_in(client)


def test_repeated_failures_lock_out_even_the_right_password_with_a_429(client, member):
    statuses = [sign_in(client, "maryam", "guess").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # the failure that reaches the limit is refused too
    response = sign_in(client, "maryam", PASSWORD)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    page = response.content.decode()
    assert LOCKED in page and "paused for 15 minutes" in page
    assert "maryam" not in page.replace('value="maryam"', "")  # the account is not named
    assert not signed_in(client)


def test_the_lockout_looks_the_same_for_an_unknown_username(client, member):
    for username in ("maryam", "nobody-here"):
        for _ in range(3):
            sign_in(client, username, "guess")
    real = sign_in(client, "maryam", PASSWORD)
    unknown = sign_in(client, "nobody-here", PASSWORD)
    assert real.status_code == unknown.status_code == 429
    assert normalised(real, "maryam") == normalised(unknown, "nobody-here")


def test_the_lockout_holds_the_username_from_that_address_only(member):
    attacker, owner = Client(), Client()
    for _ in range(4):
        sign_in(attacker, "maryam", "guess", address="203.0.113.9")
    assert sign_in(attacker, "maryam", PASSWORD, address="203.0.113.9").status_code == 429
    response = sign_in(owner, "maryam", PASSWORD, address="198.51.100.20")
    assert response.status_code == 302 and signed_in(owner)


def test_one_address_trying_many_usernames_is_refused_like_a_lockout(settings, member):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 5
    sprayer, colleague = Client(), Client()
    statuses = [
        sign_in(sprayer, f"user-{n}", "Summer2026!", address="203.0.113.10").status_code
        for n in range(6)
    ]
    assert statuses == [200] * 5 + [429]  # no username failed more than once
    response = sign_in(sprayer, "maryam", PASSWORD, address="203.0.113.10")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in(sprayer)
    # The limit is the address's: the same account from another address signs in.
    response = sign_in(colleague, "maryam", PASSWORD, address="203.0.113.11")
    assert response.status_code == 302 and signed_in(colleague)


def test_a_shared_address_is_not_locked_by_a_few_typos_of_several_people(settings, db):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 5
    people = [factories.UserFactory(username=f"colleague-{n}") for n in range(3)]
    for person in people:
        sign_in(Client(), person.username, "typo", address="198.51.100.20")
    office = Client()
    response = sign_in(office, people[0].username, PASSWORD, address="198.51.100.20")
    assert response.status_code == 302 and signed_in(office)


def test_signing_in_works_while_the_cache_is_down(cache_down, member):
    client = Client()
    assert sign_in(client, "maryam", "typo").status_code == 200
    assert sign_in(client, "maryam", PASSWORD).status_code == 302 and signed_in(client)


def test_the_admin_login_is_rate_limited_too(client):
    factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    for _ in range(3):
        sign_in(client, "root", "guess", url="/admin/login/")
    response = sign_in(client, "root", PASSWORD, url="/admin/login/")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in(client)


def test_a_successful_sign_in_clears_the_failures(client, member):
    for _ in range(2):
        sign_in(client, "maryam", "guess")
    assert sign_in(client, "maryam", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        sign_in(client, "maryam", "guess")
    assert sign_in(client, "maryam", PASSWORD).status_code == 302


# --------------------------------------------------------------------------- passwords


def test_the_admin_refuses_weak_passwords_for_new_accounts(client):
    root = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    for weak, message in [
        ("short1", "too short"),
        ("12345678901", "entirely numeric"),
        ("password123", "too common"),
        ("newanalyst1", "too similar to the username"),
    ]:
        response = client.post(
            "/admin/auth/user/add/",
            {
                "username": "newanalyst",
                "password1": weak,
                "password2": weak,
                "usable_password": "true",
            },
        )
        assert response.status_code == 200, weak
        assert message in response.content.decode(), weak
    assert not get_user_model().objects.filter(username="newanalyst").exists()


# --------------------------------------------------------------------------- API tokens


def test_the_raw_key_is_nowhere_in_the_database(client):
    api = APIClient()
    api.force_authenticate(factories.UserFactory(username="scripter", role="analyst"))
    created = api.post("/api/v1/tokens/", {"name": "cron"}, format="json")
    key = created.json()["key"]
    assert ApiToken.objects.get(pk=created.json()["id"]).key_hash == hash_key(key)
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*) FROM {quoted} t WHERE t::text LIKE %s", [f"%{key[3:]}%"]
            )
            assert cursor.fetchone()[0] == 0, f"the key is stored in {table}"


def test_a_leaked_hash_does_not_authenticate_and_looks_like_any_wrong_key(db):
    user = factories.UserFactory(username="reader", role="analyst")
    token, key = create_token(user, "script")
    api = APIClient()
    answers = []
    for credential in (token.key_hash, f"ct_{token.key_hash}", "ct_not-a-real-key"):
        for scheme in ("Token", "Bearer"):
            api.credentials(HTTP_AUTHORIZATION=f"{scheme} {credential}")
            response = api.get("/api/v1/initiatives/", REMOTE_ADDR="192.0.2.50")
            answers.append((response.status_code, response.json()))
    assert set(map(str, answers)) == {str((401, {"detail": "Invalid or revoked token."}))}
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/initiatives/", REMOTE_ADDR="192.0.2.51").status_code == 200
    cache.delete(TokenFailureThrottle().get_cache_key(_request("192.0.2.50")))


def test_a_disabled_users_token_answers_like_a_wrong_key(db):
    user = factories.UserFactory(username="gone", role="analyst")
    _, key = create_token(user, "script")
    user.is_active = False
    user.save()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get("/api/v1/initiatives/", REMOTE_ADDR="192.0.2.60")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid or revoked token."}
    cache.delete(TokenFailureThrottle().get_cache_key(_request("192.0.2.60")))


def test_failed_token_attempts_are_throttled_per_address(settings, db):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "token_failure": "3/minute"}
    guesser, elsewhere = "192.0.2.70", "192.0.2.71"
    for address in (guesser, elsewhere):
        cache.delete(TokenFailureThrottle().get_cache_key(_request(address)))
    _, key = create_token(factories.UserFactory(username="owner", role="analyst"), "script")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token ct_guess")
    statuses = [api.get("/api/v1/sources/", REMOTE_ADDR=guesser).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    # While the address waits even a right key is refused: guesses cannot be confirmed.
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get("/api/v1/sources/", REMOTE_ADDR=guesser)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "Too many failed token attempts" in response.json()["detail"]
    assert api.get("/api/v1/sources/", REMOTE_ADDR=elsewhere).status_code == 200
    cache.delete(TokenFailureThrottle().get_cache_key(_request(guesser)))


def _request(address: str):
    from django.test import RequestFactory

    return RequestFactory().get("/", REMOTE_ADDR=address)
