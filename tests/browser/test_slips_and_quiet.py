"""Slipping dates and quiet initiatives on the overview and the initiative page (Chromium)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from articles.models import Article
from demo.loader import load_demo
from initiatives.claims import add_claim
from initiatives.models import Initiative
from tests.browser.support import axe_violations, format_violations, screenshot
from tests.factories import InitiativeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_finds_slipping_and_quiet_initiatives(page):
    load_demo()
    railway = Initiative.objects.get(slug="basra-shalamcheh-railway")
    old = Article.objects.filter(is_demo=True, links__initiative=railway).order_by("published_at")
    first = old.first()
    sentence = first.body.split("\n\n")[1]
    add_claim(
        railway, kind="date", label="Announced completion", date=dt.date(2025, 12, 31),
        precision="year", as_of=first.published_at.date(), source=first, sentence=sentence,
        by=None,
    )  # fmt: skip
    InitiativeFactory(name="Zz silent initiative", slug="zz-silent")  # never any evidence

    page.goto(railway.get_absolute_url())
    log = page.locator(".slip-log")
    assert "announced for 2025 → 2026, moved 1×" in log.inner_text()
    assert log.locator("li").count() == 2

    page.goto("/")
    listing = page.locator("section[aria-labelledby=initiatives-heading]")
    listing.get_by_label("Sort by").select_option("slippage")
    listing.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"sort=slippage"))
    first_row = listing.locator("tbody tr").first
    assert "Basra–Shalamcheh railway" in first_row.inner_text() and "1×" in first_row.inner_text()

    listing.get_by_label(re.compile("Only quiet")).check()
    listing.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"quiet=1"))
    rows = listing.locator("tbody tr")
    assert rows.count() >= 1
    assert all("Quiet" in text for text in rows.all_inner_texts())
    assert "Zz silent initiative" in listing.inner_text()
    assert "Basra–Shalamcheh railway" not in listing.inner_text()
    screenshot(page, "overview-quiet")
    violations = axe_violations(page)
    assert not violations, format_violations(violations)

    page.get_by_role("link", name="Zz silent initiative").click()
    assert "No confirmed evidence yet" in page.locator(".quiet-line").inner_text()
    assert "the status above is the editors'" in page.locator(".quiet-line").inner_text()
