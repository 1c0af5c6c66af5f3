"""An article in another language in a real browser: the page says it is not linked, is
written in its own direction, and passes axe (its lang attribute is a valid code)."""

import pytest

from tests.browser.support import axe_violations, format_violations, screenshot
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SORANI = (
    "کارەکانی هێڵی ئاسنینی شلمچه و بەسرە لەم هەفتەیەدا دەستیان پێکردەوە. وەزیر ڕایگەیاند کە "
    "هێڵەکە ساڵی داهاتوو بۆ گەشتیاران دەکرێتەوە."
)


@pytest.mark.parametrize(("language", "body"), [("ckb", SORANI), ("und", "Железная дорога.")])
def test_an_article_in_another_language_says_it_is_not_linked(page, language, body):
    article = ArticleFactory(title="هێڵی ئاسنین", body=body, language=language)

    page.goto(article.get_absolute_url())

    assert "Not linked: language not supported" in page.locator("#links-heading + ul").inner_text()
    reader = page.locator("article.reader")
    assert reader.get_attribute("lang") == language
    if language == "ckb":
        assert reader.get_attribute("dir") == "rtl"
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    screenshot(page, f"article-other-language-{language}")
