"""A newcomer tells demo from real at a glance: the banner, the badges, and both gone once
the demo is removed (Chromium on a live server)."""

from __future__ import annotations

import pytest

from articles.models import Article
from demo.loader import load_demo
from demo.removal import remove_demo
from tests.browser.support import axe_violations, format_violations, screenshot
from tests.factories import ArticleFactory, SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_is_marked_on_every_page_and_disappears_when_removed(page):
    load_demo()
    real = ArticleFactory(title="A real report on the railway", source=SourceFactory(name="Real"))
    demo_article = Article.objects.filter(is_demo=True, language="en").first()

    page.goto("/")
    banner = page.get_by_role("complementary", name="Demo data")
    assert "Demo data." in banner.inner_text() and "load_demo --remove" in banner.inner_text()
    page.set_viewport_size({"width": 390, "height": 844})  # on a phone: one short line
    assert banner.bounding_box()["height"] < 60 and "not real reporting" in banner.inner_text()
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator(".feed-list .demo-badge").first.is_visible()
    screenshot(page, "demo-overview")
    violations = axe_violations(page)
    assert not violations, format_violations(violations)

    page.goto("/timeline/")
    events = page.locator(".event")
    demo_event = events.filter(has_text=demo_article.title).first
    assert demo_event.locator(".demo-badge").inner_text().strip().lower() == "demo"
    real_event = events.filter(has_text=real.title).first
    assert real_event.locator(".demo-badge").count() == 0

    page.goto(demo_article.get_absolute_url())
    assert page.locator(".reader .eyebrow .demo-badge").is_visible()
    assert "(demo)" in page.locator(".reader .eyebrow").text_content()
    assert "invented for the demo" in page.locator(".reader").inner_text()
    screenshot(page, "demo-article")

    remove_demo()
    page.goto("/")
    assert page.locator(".demo-banner").count() == 0
    assert page.locator(".demo-badge").count() == 0
    page.goto("/timeline/")
    assert page.locator(".event").filter(has_text=real.title).count() == 1
    assert page.locator(".demo-badge").count() == 0
