"""Fixtures for the security tests: the browser fixtures, an XSS-watching page, a local server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

# Installed before any page script: a title set to "XSS" by a payload is recorded too.
XSS_WATCH = """
(() => {
  const report = (what) => { try { window.__xss(what); } catch (e) {} };
  window.alert = window.confirm = window.prompt = (n) => report("dialog " + n);
  new MutationObserver(() => {
    if (document.title === "XSS") report("title");
  }).observe(document, {subtree: true, childList: true, characterData: true});
})();
"""


@dataclass
class XssWatch:
    """What hostile content managed to do on the pages a watched page loaded."""

    ran: list[str] = field(default_factory=list)  # __xss(N) calls, dialogs
    requests: list[str] = field(default_factory=list)  # requests a payload made (/xss-…)


@pytest.fixture
def raw_page(browser, live_server) -> Iterator[tuple[object, XssWatch]]:
    """A page with the CSP bypassed, so content that escaped its escaping would really run.

    The CSP is the second line of defence; this page tests the first (escaping) on its own.
    """
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    watch = XssWatch()
    tab = context.new_page()
    tab.expose_function("__xss", lambda what: watch.ran.append(str(what)))
    tab.add_init_script(XSS_WATCH)
    tab.on(
        "dialog", lambda dialog: (watch.ran.append(f"dialog {dialog.message}"), dialog.dismiss())
    )
    tab.on(
        "request",
        lambda request: (
            watch.requests.append(request.url)
            if "xss" in request.url.split("?", 1)[0].lower()
            else None
        ),
    )
    tab.set_default_timeout(10_000)
    yield tab, watch
    context.close()
