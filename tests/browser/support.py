"""Browser test support: Playwright driving the system Chromium against a live Django server.

Chromium is Debian's (/usr/bin/chromium, installed by the README's test command); Playwright's
own browser download is never used. Missing Chromium skips locally and fails on CI.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
AXE_JS = ROOT / "static" / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        from tests.conftest import require_service

        require_service(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# Every Content-Security-Policy violation (a blocked inline script or style, eval, a foreign
# source) is reported to the test through an exposed function, page after page.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolation(`${location.pathname}${location.search}: ${e.effectiveDirective}`
    + ` blocked ${e.blockedURI || "inline"} (${e.sourceFile || "?"}:${e.lineNumber}) `
    + (e.sample || ""));
}, true);
"""
_CSP_VIOLATIONS: dict[int, list[str]] = {}


def csp_violations(page) -> list[str]:
    """The CSP violations this page has reported so far (all pages it loaded)."""
    return _CSP_VIOLATIONS.setdefault(id(page), [])


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    """A fresh browser context (no cookies) whose relative URLs go to the live server.

    The test fails when any page it loaded reported a Content-Security-Policy violation.
    """
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    # Anything not on the live server is refused: the product must work on a closed network.
    context.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: route.abort(),
    )
    page = context.new_page()
    violations = csp_violations(page)
    page.expose_function("__cspViolation", lambda text: violations.append(text))
    page.on(
        "console",
        lambda msg: (
            violations.append(f"console: {msg.text}")
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    page.add_init_script(CSP_LISTENER)
    page.set_default_timeout(10_000)
    yield page
    context.close()
    _CSP_VIOLATIONS.pop(id(page), None)
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page) -> list[dict]:
    """Run axe-core (installed by config.vendor) on the current page; return its violations."""
    # Loaded from the server's own static files: the CSP refuses inline scripts.
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    result = page.evaluate("async () => JSON.stringify((await axe.run(document)).violations)")
    return json.loads(result)


def format_violations(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] if n.get("target") else "?" for n in v["nodes"][:5])
        for v in violations
    )


def login(page, username: str, password: str = "correct horse battery staple") -> None:
    """Sign in through the product's login form."""
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
