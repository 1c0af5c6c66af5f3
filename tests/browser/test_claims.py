"""An analyst sees who said which value and that sources differ; an editor records, prefers
and deprecates claims on the editing page, and a bad claim is refused in place (Chromium)."""

from __future__ import annotations

import pytest

from articles.models import Article
from demo.loader import load_demo
from initiatives.models import AuditEvent, Claim
from tests.browser.support import axe_violations, format_violations, login, screenshot
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sources_differ_on_the_page_and_an_editor_ranks_and_adds_claims(page):
    load_demo()
    UserFactory(username="maryam", role="editor")

    page.goto("/initiatives/basra-shalamcheh-railway/")
    length_stat = page.locator(".stat").filter(has_text="Length").first
    assert "32 km" in length_stat.inner_text() and "sources differ" in length_stat.inner_text()
    group = page.locator("#claim-length")
    assert "Sources differ" in group.inner_text()
    assert "36 km" in group.inner_text() and "Rudaw (demo)" in group.inner_text()
    assert any("run 36 km" in s for s in group.locator(".claim-sentence").all_inner_texts())
    assert "December 2026" not in page.locator("#claim-announced-completion").inner_text()
    assert "2026" in page.locator("#claim-announced-completion").inner_text()
    screenshot(page, "claims-initiative")
    violations = axe_violations(page)
    assert not violations, format_violations(violations)

    login(page, "maryam")
    page.goto("/editorial/initiatives/basra-shalamcheh-railway/")
    claims = page.locator(".claims-edit")
    claims.get_by_role("button", name="Prefer Length 36 km").click()
    page.wait_for_load_state("networkidle")
    assert Claim.objects.get(label="Length", value=36).rank == "preferred"
    page.goto("/initiatives/basra-shalamcheh-railway/")
    assert "36 km" in page.locator(".stat").filter(has_text="Length").first.inner_text()

    # A negative length is refused where it was typed, and nothing is stored.
    page.goto("/editorial/initiatives/basra-shalamcheh-railway/")
    form = page.locator(".claim-form")
    form.get_by_label("About").fill("Length")
    form.get_by_label("Value (figure)").fill("-4")
    form.get_by_label("Unit (figure)").fill("km")
    form.get_by_label("Source article").select_option(index=1)
    source = Article.objects.get(pk=form.get_by_label("Source article").input_value())
    sentence = source.body.split("\n\n")[1]
    form.get_by_label("Sentence, as the article writes it").fill(sentence)
    count = Claim.objects.count()
    form.get_by_role("button", name="Record claim").click()
    page.get_by_role("alert").filter(has_text="cannot be negative").wait_for()
    assert Claim.objects.count() == count
    assert form.get_by_label("Sentence, as the article writes it").input_value() == sentence

    form.get_by_label("Value (figure)").fill("35")
    form.get_by_role("button", name="Record claim").click()
    page.wait_for_load_state("networkidle")
    added = Claim.objects.get(label="Length", value=35)
    assert added.recorded_by.username == "maryam" and added.sentence == sentence
    assert AuditEvent.objects.filter(action="claim.add", actor__username="maryam").exists()
    page.goto("/initiatives/basra-shalamcheh-railway/")
    assert "35 km" in page.locator("#claim-length").inner_text()
