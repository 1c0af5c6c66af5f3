"""The review queue's order in a real browser: most uncertain first, the reasons of each
suggestion, the order kept across a decision, and the same with JavaScript off."""

import pytest

from articles.models import ArticleLink
from tests.browser.support import axe_violations, format_violations, login, screenshot
from tests.factories import ArticleFactory, ArticleLinkFactory, InitiativeFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def uncertain_queue() -> dict[str, ArticleLink]:
    railway = InitiativeFactory(slug="basra-shalamcheh-railway", name="Basra–Shalamcheh railway")
    rows = {}
    for title, score, reason in (
        ("Sure of it", 0.88, "“Basra–Shalamcheh railway” in title, lead"),
        ("Coin toss", 0.62, "“railway” in body"),
        ("Barely", 0.36, "place named: Shalamcheh"),
        ("Leaning yes", 0.71, "both sides named: Iraq (Basra); Iran (Khorramshahr)"),
    ):
        rows[title] = ArticleLinkFactory(
            initiative=railway, score=score, reasons=[reason], article=ArticleFactory(title=title)
        )
    return rows


def row_titles(page) -> list[str]:
    return page.locator("#queue .queue-title").all_inner_texts()


def test_editor_sorts_the_queue_most_uncertain_first_and_reads_why(page):
    UserFactory(username="editor", role="editor")
    rows = uncertain_queue()
    login(page, "editor")
    page.goto("/review/")
    assert row_titles(page) == ["Sure of it", "Leaning yes", "Coin toss", "Barely"]

    page.get_by_role("link", name="Most uncertain first").click()
    page.wait_for_url("**/review/?order=uncertain")
    assert row_titles(page) == ["Coin toss", "Leaning yes", "Sure of it", "Barely"]
    first = page.locator(f"#link-{rows['Coin toss'].pk}")
    assert "“railway” in body" in first.locator(".reasons").inner_text()
    assert "Score 0.62" in first.inner_text() and "uncertainty 0.98" in first.inner_text()
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    screenshot(page, "editor-review-most-uncertain")

    first.get_by_role("button", name="Accept").click()  # htmx: the row changes in place
    page.locator(f"#link-{rows['Coin toss'].pk}[data-state=confirmed]").wait_for()
    page.reload()
    assert page.url.endswith("/review/?order=uncertain")
    assert row_titles(page) == ["Leaning yes", "Sure of it", "Barely"]

    page.get_by_label("Language").select_option("en")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/review/?**language=en**")
    assert "order=uncertain" in page.url
    assert page.locator("a[aria-current=true]").inner_text() == "Most uncertain first"


def test_without_javascript_the_order_links_and_decisions_still_work(browser, live_server):
    UserFactory(username="editor", role="editor")
    rows = uncertain_queue()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page = context.new_page()
    try:
        login(page, "editor")
        page.goto("/review/?order=newest")
        page.get_by_role("link", name="Most uncertain first").click()
        page.wait_for_url("**/review/?order=uncertain")
        assert row_titles(page)[0] == "Coin toss"
        page.locator(f"#link-{rows['Coin toss'].pk}").get_by_role("button", name="Reject").click()
        page.wait_for_url("**/review/?order=uncertain")  # a plain post, redirected back
        assert ArticleLink.objects.get(pk=rows["Coin toss"].pk).state == "rejected"
        assert row_titles(page) == ["Leaning yes", "Sure of it", "Barely"]
    finally:
        context.close()
