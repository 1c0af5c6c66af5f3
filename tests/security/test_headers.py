"""Browser security headers on pages, the API and static files; secure cookies in production."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories
from tests.conftest import child_env

ROOT = Path(__file__).resolve().parents[2]

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(response) -> dict[str, str]:
    """The response's Content-Security-Policy as {directive: sources}."""
    policy = response.headers["Content-Security-Policy"]
    parts = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {name: (rest[0] if rest else "") for name, *rest in parts}


def assert_common_headers(response) -> None:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/timeline/", "/search/?q=rail", "/map/", "/login/"])
def test_html_pages_get_a_strict_csp_and_the_browser_hardening_headers(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    policy = directives(response)
    for name, sources in STRICT.items():
        assert policy.get(name) == sources, (name, policy)
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert_common_headers(response)


@pytest.mark.django_db
def test_initiative_page_and_its_atom_feed_carry_the_policy(client):
    initiative = factories.InitiativeFactory(slug="policy-check")
    for url in (initiative.get_absolute_url(), f"/initiatives/{initiative.slug}/feed.atom"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert directives(response)["script-src"] == "'self'", url
        assert_common_headers(response)


@pytest.mark.django_db
def test_api_json_is_nosniff_and_under_the_policy(client):
    response = client.get("/api/v1/initiatives/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert directives(response)["default-src"] == "'self'"
    assert_common_headers(response)


@pytest.mark.django_db
def test_browsable_api_widens_only_styles(client):
    """DRF's HTML pages use inline styles; scripts stay restricted to our own files."""
    response = client.get("/api/v1/initiatives/", HTTP_ACCEPT="text/html")
    assert response["Content-Type"].startswith("text/html")
    policy = directives(response)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_api_docs_load_their_init_script_as_a_file(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert directives(page)["script-src"] == "'self'"
    html = page.content.decode()
    assert "<script>" not in html and "<style>" not in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_static_files_served_by_whitenoise_are_nosniff_and_under_the_policy(settings):
    """As in production, WhiteNoise (inside the middleware stack) serves /static/."""
    from django.test import Client

    settings.WHITENOISE_USE_FINDERS = True  # no collectstatic needed; read at middleware init
    response = Client().get("/static/js/charts.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert directives(response)["script-src"] == "'self'"


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
# Plain static storage: the manifest exists only after collectstatic, which is not under test.
storages = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=storages):
    response = Client().get("/login/", secure=True, HTTP_HOST="tracker.example.org")
csrf = response.cookies.get(settings.CSRF_COOKIE_NAME)
print(json.dumps({
    "status": response.status_code,
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "csrf_cookie_secure": bool(csrf and csrf["secure"]),
    "hsts": response.headers.get("Strict-Transport-Security", ""),
    "csp": response.headers.get("Content-Security-Policy", ""),
    "xfo": response.headers.get("X-Frame-Options", ""),
}))
"""


def test_production_settings_send_cookies_only_over_https():
    env = child_env(
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-" + "k9Xz!" * 10,
        ALLOWED_HOSTS="tracker.example.org",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["status"] == 200
    assert seen["session_secure"] and seen["session_httponly"] and seen["csrf_secure"]
    assert seen["csrf_cookie_secure"]  # the cookie the sign-in page sets says Secure
    assert "max-age=31536000" in seen["hsts"]
    assert "script-src 'self';" in seen["csp"]
    assert seen["xfo"] == "DENY"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_api_docs_render_under_the_csp_in_a_browser(page):
    """Swagger UI draws the schema with no CSP violation (the `page` fixture checks)."""
    page.goto("/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Cooperation Tracker API" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator(".opblock-tag").first.wait_for()
    assert page.locator(".opblock").count() > 10
