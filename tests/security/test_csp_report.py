"""CSP violation reports: browsers post them to /csp-report/, we log them, floods stay out."""

from __future__ import annotations

import json
import logging
import time

import pytest
from django.core.cache import cache

from config.csp_report import REPORTS_PER_MINUTE

pytestmark = pytest.mark.django_db

REPORT_TYPE = "application/csp-report"


def _report(**fields) -> bytes:
    body = {
        "document-uri": "http://testserver/articles/7/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "disposition": "enforce",
        **fields,
    }
    return json.dumps({"csp-report": body}).encode()


@pytest.fixture(autouse=True)
def _fresh_counts():
    for address in ("127.0.0.1", "192.0.2.80", "192.0.2.81"):
        cache.delete(f"csp-reports:{address}")


def csp_logs(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "config.csp"]


def test_every_page_asks_browsers_to_report_violations_here(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "report-uri /csp-report/" in policy


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chromium_reports_a_blocked_inline_script_and_it_is_logged(browser, live_server, caplog):
    """A page under our policy with an inline script (what an injection would look like):
    the script does not run, Chromium posts the report, the log names what was blocked."""
    caplog.set_level(logging.WARNING, logger="config.csp")
    context = browser.new_context(base_url=live_server.url)
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page = context.new_page()
    policy = page.request.get("/").headers["content-security-policy"]
    page.route(
        "**/injected/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
            body="<!doctype html><title>t</title><script>document.title = 'ran'</script>",
        ),
    )
    page.goto("/injected/")
    deadline = time.monotonic() + 10
    while not csp_logs(caplog) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    title = page.title()
    context.close()

    assert title == "t"  # the script was blocked
    (line,) = csp_logs(caplog)
    assert "script-src-elem blocked inline on" in line and "/injected/" in line


def test_the_reporting_api_format_is_read_too(client, caplog):
    caplog.set_level(logging.WARNING, logger="config.csp")
    body = [
        {"type": "deprecation", "body": {"message": "not ours"}},
        {
            "type": "csp-violation",
            "body": {
                "documentURL": "https://tracker.example/search/",
                "effectiveDirective": "img-src",
                "blockedURL": "https://evil.example/x.png",
                "disposition": "enforce",
            },
        },
    ]
    response = client.post("/csp-report/", body, content_type="application/reports+json")
    assert response.status_code == 204
    assert csp_logs(caplog) == [
        "CSP violation (enforce): img-src blocked https://evil.example/x.png on "
        "https://tracker.example/search/ (- line -)"
    ]


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"{not json", 400, "A CSP report is a JSON document."),
        (b'{"hello": 1}', 400, "No CSP violation in the body"),
        (b"[]", 400, "No CSP violation in the body"),
        (b'{"csp-report": {}}' + b" " * 17000, 413, "at most 16 KB"),
    ],
)
def test_what_is_not_a_report_gets_a_clear_400_or_413_and_nothing_is_logged(
    client, caplog, body, status, message
):
    caplog.set_level(logging.WARNING, logger="config.csp")
    response = client.post("/csp-report/", body, content_type=REPORT_TYPE)
    assert response.status_code == status
    assert message in response.json()["detail"]
    assert csp_logs(caplog) == []


def test_only_posts_are_taken(client):
    assert client.get("/csp-report/").status_code == 405


def test_a_logged_report_is_one_line_whatever_it_contains(client, caplog):
    caplog.set_level(logging.WARNING, logger="config.csp")
    forged = "x\nCRITICAL fake log line\u202e" + "a" * 500
    client.post("/csp-report/", _report(**{"blocked-uri": forged}), content_type=REPORT_TYPE)
    (line,) = csp_logs(caplog)
    assert "\n" not in line and "\u202e" not in line and len(line) < 600


def test_a_flood_of_reports_from_one_address_is_answered_but_not_all_logged(client, caplog):
    caplog.set_level(logging.WARNING, logger="config.csp")
    for _ in range(REPORTS_PER_MINUTE + 10):
        response = client.post(
            "/csp-report/", _report(), content_type=REPORT_TYPE, REMOTE_ADDR="192.0.2.80"
        )
        assert response.status_code == 204
    assert len(csp_logs(caplog)) == REPORTS_PER_MINUTE
    client.post("/csp-report/", _report(), content_type=REPORT_TYPE, REMOTE_ADDR="192.0.2.81")
    assert len(csp_logs(caplog)) == REPORTS_PER_MINUTE + 1  # another address is heard
