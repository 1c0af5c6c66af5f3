"""The editor's day in a real browser: queue by keyboard, undo, tagging, a status change.

Also: an analyst sees no editing controls; the queue and the activity log pass axe.
"""

import pytest

from articles.models import ArticleLink
from initiatives.models import AuditEvent
from tests.browser.support import axe_violations, format_violations, login, screenshot
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    ArticleLinkFactory,
    InitiativeFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def queue_fixture():
    railway = InitiativeFactory(slug="basra-shalamcheh-railway", name="Basra–Shalamcheh railway")
    alias = AliasFactory(initiative=railway, text="Shalamcheh railway")
    source = SourceFactory(slug="irna", name="IRNA")
    links = [
        ArticleLinkFactory(
            initiative=railway,
            matched_alias=alias,
            score=score,
            snippet=f"officials said the Shalamcheh railway {what}",
            article=ArticleFactory(title=title, source=source),
        )
        for score, title, what in (
            (0.92, "Track laying reaches the border", "will open next year"),
            (0.71, "Football friendly in Basra", "station was mentioned"),
            (0.55, "Ministers meet in Tehran", "was discussed"),
        )
    ]
    return railway, links


def state(link) -> str:
    return ArticleLink.objects.get(pk=link.pk).state


def test_editor_works_the_queue_by_keyboard_tags_an_article_and_changes_a_status(page):
    UserFactory(username="editor", role="editor")
    railway, links = queue_fixture()
    AliasFactory(
        initiative=InitiativeFactory(name="Arbaeen pilgrimage"), text="اربعین", language="fa"
    )

    login(page, "editor")
    page.goto("/review/")
    assert page.locator("#queue-remaining").inner_text() == "3 suggestions waiting"
    assert page.locator("mark").first.inner_text() == "Shalamcheh railway"
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    screenshot(page, "editor-review-queue")

    page.keyboard.press("j")
    page.keyboard.press("a")
    page.locator(f"#link-{links[0].pk}[data-state=confirmed]").wait_for()
    page.keyboard.press("r")  # the focus moved on to the next suggestion
    page.locator(f"#link-{links[1].pk}[data-state=rejected]").wait_for()
    assert page.locator("#queue-remaining").inner_text() == "1 suggestion waiting"
    page.keyboard.press("u")  # undo the last decision
    page.locator(f"#link-{links[1].pk}[data-state=suggested]").wait_for()
    screenshot(page, "editor-review-after-undo")
    assert (state(links[0]), state(links[1]), state(links[2])) == (
        "confirmed",
        "suggested",
        "suggested",
    )
    assert page.locator("#queue-remaining").inner_text() == "2 suggestions waiting"
    # Keys pressed faster than the server answers wait their turn instead of being lost.
    page.keyboard.press("a")
    page.keyboard.press("a")
    page.locator(f"#link-{links[2].pk}[data-state=confirmed]").wait_for()
    assert (state(links[1]), state(links[2])) == ("confirmed", "confirmed")
    assert page.locator("#queue-remaining").inner_text() == "0 suggestions waiting"

    # Tag the article: link it to a second initiative found by its Persian alias.
    page.goto(links[0].article.get_absolute_url())
    tools = page.locator("#article-tools")
    tools.get_by_label("Add initiative").fill("اربعین")
    tools.get_by_role("button", name="Add", exact=True).click()
    page.get_by_text("Linked to Arbaeen pilgrimage.").wait_for()
    assert "Arbaeen pilgrimage" in page.locator("#article-tools").inner_text()
    screenshot(page, "editor-article-tagged")

    # Change the railway's status with the confirmed article as evidence.
    page.goto(railway.get_absolute_url())
    tools = page.locator("#initiative-tools")
    tools.get_by_label("New status").select_option("agreed")
    tools.get_by_label("Evidence article", exact=True).first.select_option(str(links[0].article_id))
    tools.get_by_label("Note").fill("Both ministers signed the agreement.")
    tools.get_by_role("button", name="Change status").click()
    page.get_by_text("Status now Agreed.").wait_for()
    screenshot(page, "editor-initiative-status-changed")
    railway.refresh_from_db()
    assert railway.status == "agreed"
    assert AuditEvent.objects.filter(action="status.change", actor__username="editor").exists()


def test_a_missing_evidence_article_is_explained_next_to_the_form(page):
    UserFactory(username="editor", role="editor")
    railway, _ = queue_fixture()
    login(page, "editor")
    page.goto(railway.get_absolute_url())
    tools = page.locator("#initiative-tools")
    # Bypass the browser's own required check to reach the server's rule.
    page.evaluate("document.getElementById('status-evidence').removeAttribute('required')")
    tools.get_by_label("Note").fill("No evidence")
    tools.get_by_role("button", name="Change status").click()
    page.get_by_role("alert").filter(has_text="needs an evidence article").wait_for()
    assert tools.get_by_label("Note").input_value() == "No evidence"  # nothing typed is lost
    railway.refresh_from_db()
    assert railway.status == "proposed"


def test_analyst_sees_no_editing_controls(page):
    UserFactory(username="analyst", role="analyst")
    railway, links = queue_fixture()
    login(page, "analyst")

    page.goto(links[0].article.get_absolute_url())
    assert page.locator("#article-tools").count() == 0
    assert page.get_by_role("button", name="Accept").count() == 0
    page.goto(railway.get_absolute_url())
    assert page.locator("#initiative-tools").count() == 0
    assert page.get_by_role("link", name="Review").count() == 0
    response = page.goto("/review/")
    assert response.status == 403
    screenshot(page, "analyst-initiative-page")


def test_admin_activity_log_filters_by_editor_and_passes_axe(page):
    UserFactory(username="boss", role="admin")
    _, links = queue_fixture()
    from articles.services import confirm_link, reject_link

    confirm_link(links[0], by=UserFactory(username="alice", role="editor"))
    reject_link(links[1], by=UserFactory(username="bob", role="editor"))
    login(page, "boss")

    page.goto("/activity/")
    page.get_by_label("Editor", exact=True).select_option("alice")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and "alice" in rows.first.inner_text()
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    screenshot(page, "admin-activity-log")


def test_analyst_saves_a_filtered_timeline_and_finds_it_under_saved_views(page):
    analyst = UserFactory(username="analyst", role="analyst")
    queue_fixture()
    login(page, "analyst")

    page.goto("/timeline/")
    page.get_by_label("Sector").select_option("rail")  # htmx swaps the results in place
    page.wait_for_url("**sector=rail**")
    page.get_by_label("Save this view as").fill("Rail only")
    page.get_by_label("email me new evidence daily").check()
    page.get_by_role("button", name="Save", exact=True).click()

    page.wait_for_url("**/timeline/?sector=rail**")  # back where the analyst was
    assert "Saved view “Rail only”." in page.locator(".messages").inner_text()
    view = analyst.saved_views.get()
    assert view.query == "sector=rail" and analyst.subscriptions.get().saved_view == view
    violations = axe_violations(page)
    assert not violations, format_violations(violations)

    page.get_by_role("link", name="My views & alerts").click()
    assert "Rail only" in page.locator("main").inner_text()
    # The form for another view: its checkbox is a box beside its label, not a stretched field.
    box = page.get_by_label("Email me its new evidence daily").bounding_box()
    label = page.locator("label[for=view-subscribe]").bounding_box()
    assert box["width"] < 30
    assert label["x"] - (box["x"] + box["width"]) < 20 and abs(label["y"] - box["y"]) < 20
