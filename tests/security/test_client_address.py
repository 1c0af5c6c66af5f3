"""One trusted client address: spoofed X-Forwarded-For, X-Real-IP and Forwarded headers do not
let a client escape a rate limit, with or without trusted reverse proxies in front.

Each attack sends the same requests an honest client would, each with a new forged address;
it must get exactly the answers the honest client gets (the limit bites at the same request).
"""

from __future__ import annotations

import ipaddress
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from accounts.signin import address_failures_key
from core.client_address import client_address_from_meta, parse_trusted_proxies
from tests import factories
from tests.conftest import child_env

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CLIENT = "203.0.113.50"  # the attacker's real address
OTHER_CLIENT = "203.0.113.51"
PROXY = "10.0.0.2"  # our reverse proxy, as the app sees it

# How the app is deployed: TRUSTED_PROXIES, and where the attacker's request comes from.
DEPLOYMENTS = {
    "no proxy": {"trusted": 0, "via_proxy": False},
    "one proxy (count)": {"trusted": 1, "via_proxy": True},
    "proxy networks (CIDR)": {"trusted": parse_trusted_proxies("10.0.0.0/8"), "via_proxy": True},
    # A CIDR deployment that a client reaches directly, around the proxy.
    "CIDR, proxy bypassed": {"trusted": parse_trusted_proxies("10.0.0.0/8"), "via_proxy": False},
}


def forged(kind: str, n: int) -> dict[str, str]:
    """Headers claiming the n-th made-up address, in one of the ways clients try it."""
    fake = str(ipaddress.ip_address("198.18.0.1") + n)
    return {
        "xff": {"HTTP_X_FORWARDED_FOR": fake},
        "xff-chain": {"HTTP_X_FORWARDED_FOR": f"{fake}, 10.0.0.9"},
        "x-real-ip": {"HTTP_X_REAL_IP": fake},
        "forwarded": {"HTTP_FORWARDED": f'for="{fake}";proto=https'},
        "garbage": {"HTTP_X_FORWARDED_FOR": f"not-an-address-{n}"},
        "all": {
            "HTTP_X_FORWARDED_FOR": fake,
            "HTTP_X_REAL_IP": fake,
            "HTTP_FORWARDED": f"for={fake}",
        },
    }[kind]


SPOOFS = ("xff", "xff-chain", "x-real-ip", "forwarded", "garbage", "all")


def arriving(headers: dict[str, str], via_proxy: bool, client: str = CLIENT) -> dict[str, str]:
    """The request's META as the app receives it: through our proxy, which appends the
    address it saw to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for), or directly."""
    if not via_proxy:
        return {**headers, "REMOTE_ADDR": client}
    sent = headers.get("HTTP_X_FORWARDED_FOR")
    chain = f"{sent}, {client}" if sent else client
    return {**headers, "HTTP_X_FORWARDED_FOR": chain, "REMOTE_ADDR": PROXY}


@pytest.fixture(params=list(DEPLOYMENTS))
def deployment(request, settings) -> Iterator[dict]:
    setup = DEPLOYMENTS[request.param]
    settings.TRUSTED_PROXIES = setup["trusted"]
    yield setup


@pytest.fixture(autouse=True)
def _clean_counts() -> Iterator[None]:
    def clear() -> None:
        keys = []
        for address in (CLIENT, OTHER_CLIENT, PROXY):
            keys += [f"throttle_{scope}_{address}" for scope in ("anon", "token_failure")]
            keys += [address_failures_key(address), f"csp-reports:{address}"]
        cache.delete_many(keys)

    clear()
    yield
    clear()


def statuses(send, spoof: str | None, via_proxy: bool, count: int) -> list[int]:
    return [
        send(**arriving(forged(spoof, n) if spoof else {}, via_proxy)).status_code
        for n in range(count)
    ]


# --------------------------------------------------------------------------- the address


@pytest.mark.parametrize("spoof", SPOOFS)
def test_forged_headers_never_become_the_client_address(deployment, spoof):
    for n in range(3):
        meta = arriving(forged(spoof, n), deployment["via_proxy"])
        assert client_address_from_meta(meta) == CLIENT


def test_behind_two_counted_proxies_the_client_is_the_hop_the_outer_one_saw(settings):
    settings.TRUSTED_PROXIES = 2
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"198.18.0.7, {CLIENT}, 10.0.0.1"}
    assert client_address_from_meta(meta) == CLIENT


def test_proxy_networks_are_skipped_from_the_right_until_the_first_outsider(settings):
    settings.TRUSTED_PROXIES = parse_trusted_proxies("10.0.0.0/8, fd00::/8")
    meta = {"REMOTE_ADDR": "fd00::5", "HTTP_X_FORWARDED_FOR": f"198.18.0.7, {CLIENT}, 10.1.2.3"}
    assert client_address_from_meta(meta) == CLIENT
    # An IPv6 client and an IPv4 one seen through an IPv6 socket.
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "[2001:db8::7]:443"}
    assert client_address_from_meta(meta) == "2001:db8::7"
    assert client_address_from_meta({"REMOTE_ADDR": f"::ffff:{CLIENT}"}) == CLIENT


def test_a_bad_trusted_proxies_setting_stops_start_up_with_a_clear_message():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=child_env(TRUSTED_PROXIES="10.0.0.0/8,the-load-balancer"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXIES: 'the-load-balancer' is neither a proxy count" in result.stderr


# --------------------------------------------------------------------------- the limits


@pytest.mark.parametrize("spoof", SPOOFS)
def test_the_anonymous_api_rate_bites_whatever_address_the_client_claims(
    settings, deployment, spoof
):
    settings.API_THROTTLE_RATES = {"anon": "5/minute", "user": "1000/minute"}
    api = APIClient()
    send = lambda **meta: api.get("/api/v1/sources/", **meta)  # noqa: E731
    honest = statuses(send, None, deployment["via_proxy"], 8)
    cache.delete(f"throttle_anon_{CLIENT}")
    cache.delete(f"throttle_anon_{PROXY}")
    attacked = statuses(send, spoof, deployment["via_proxy"], 8)
    assert honest == [200] * 5 + [429] * 3
    assert attacked == honest


def test_behind_a_trusted_proxy_each_client_has_its_own_budget(settings):
    settings.TRUSTED_PROXIES = 1
    settings.API_THROTTLE_RATES = {"anon": "2/minute", "user": "1000/minute"}
    api = APIClient()
    send = lambda client: api.get(  # noqa: E731
        "/api/v1/sources/", **arriving({}, via_proxy=True, client=client)
    )
    assert [send(CLIENT).status_code for _ in range(3)] == [200, 200, 429]
    assert send(OTHER_CLIENT).status_code == 200  # the proxy's address is not the identity


@pytest.mark.parametrize("spoof", ("xff", "x-real-ip", "forwarded", "all"))
def test_the_failed_token_limit_bites_whatever_address_the_client_claims(
    settings, deployment, spoof
):
    settings.API_THROTTLE_RATES = {
        "anon": "1000/minute",
        "user": "1000/minute",
        "token_failure": "3/minute",
    }
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token ct_guess")
    send = lambda **meta: api.get("/api/v1/sources/", **meta)  # noqa: E731
    assert statuses(send, spoof, deployment["via_proxy"], 5) == [401, 401, 401, 429, 429]


@pytest.mark.parametrize("spoof", ("xff", "x-real-ip", "forwarded", "all"))
def test_the_sign_in_lockout_bites_whatever_address_the_client_claims(settings, deployment, spoof):
    settings.AXES_FAILURE_LIMIT = 3
    factories.UserFactory(username="maryam")
    client = Client()
    send = lambda **meta: client.post(  # noqa: E731
        "/login/", {"username": "maryam", "password": "guess"}, **meta
    )
    assert statuses(send, spoof, deployment["via_proxy"], 5) == [200, 200, 429, 429, 429]


def test_the_per_address_sign_in_limit_bites_whatever_address_the_client_claims(settings):
    settings.TRUSTED_PROXIES = 1
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    client = Client()
    answers = [
        client.post(
            "/login/",
            {"username": f"user-{n}", "password": "Summer2026!"},
            **arriving(forged("all", n), via_proxy=True),
        ).status_code
        for n in range(6)
    ]
    assert answers == [200] * 4 + [429] * 2


def test_csp_reports_are_limited_by_the_trusted_address(client, caplog, deployment):
    from config.csp_report import REPORTS_PER_MINUTE
    from tests.security.test_csp_report import REPORT_TYPE, _report, csp_logs

    caplog.set_level(logging.WARNING, logger="config.csp")
    for n in range(REPORTS_PER_MINUTE + 5):
        meta = arriving(forged("all", n), deployment["via_proxy"])
        client.post("/csp-report/", _report(), content_type=REPORT_TYPE, **meta)
    assert len(csp_logs(caplog)) == REPORTS_PER_MINUTE


# --------------------------------------------------------------------------- logs, HTTPS


def test_the_access_log_names_the_trusted_client_not_the_forged_one(client, caplog, deployment):
    caplog.set_level(logging.INFO, logger="config.access")
    client.get("/api/v1/sources/?page=1", **arriving(forged("all", 1), deployment["via_proxy"]))
    (line,) = [r.getMessage() for r in caplog.records if r.name == "config.access"]
    assert line.startswith(f'{CLIENT} "GET /api/v1/sources/?page=1 HTTP/1.1" 200 ')
    assert "198.18." not in line


def test_without_a_trusted_proxy_a_client_cannot_claim_https(settings):
    settings.TRUSTED_PROXIES = 0
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # even if set
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/healthz", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR=CLIENT)
    assert response.status_code == 301 and response["Location"].startswith("https://")


@pytest.mark.parametrize(
    ("peer", "expected"), [(PROXY, 200), (CLIENT, 301)], ids=["via proxy", "around it"]
)
def test_only_a_trusted_proxy_may_say_the_client_used_https(settings, peer, expected):
    settings.TRUSTED_PROXIES = parse_trusted_proxies("10.0.0.0/8")
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/healthz", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR=peer)
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("trusted", "header"), [("", "None"), ("1", "('HTTP_X_FORWARDED_PROTO', 'https')")]
)
def test_the_proxy_ssl_header_is_set_only_when_a_proxy_is_trusted(trusted, header):
    env = child_env(DEBUG="false", SECRET_KEY="x" * 60, TRUSTED_PROXIES=trusted)
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == header
