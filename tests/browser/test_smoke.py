"""The overview page renders in a real browser, without remote assets, with no axe violations."""

import pytest

from tests.browser.support import axe_violations, format_violations, screenshot
from tests.factories import InitiativeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_overview_lists_initiatives_with_a_status_label(page):
    InitiativeFactory(name="Basra–Shalamcheh railway", status="in_implementation")

    page.goto("/")

    row = page.get_by_role("row", name="Basra–Shalamcheh railway")
    assert "In implementation" in row.inner_text()
    screenshot(page, "smoke-overview")
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
