"""The article page says why the linker suggested each initiative."""

import re

import pytest

from tests.factories import ArticleFactory, ArticleLinkFactory, confirmed_link

pytestmark = pytest.mark.django_db


def page_of(client, article) -> str:
    return re.sub(r"\s+", " ", client.get(article.get_absolute_url()).content.decode())


def test_article_page_shows_the_reasons_and_score_of_each_machine_link(client):
    article = ArticleFactory(title="Rail talks")
    ArticleLinkFactory(
        article=article,
        score=0.55,
        reasons=["“Shalamcheh railway” in lead", "both sides named: Iraq (Basra); Iran (Iran)"],
    )
    page = page_of(client, article)
    assert "Why it was suggested" in page and "score 0.55" in page
    assert "“Shalamcheh railway” in lead" in page
    assert "both sides named: Iraq (Basra); Iran (Iran)" in page


def test_an_editors_link_shows_no_score_or_reasons(client):
    article = ArticleFactory()
    confirmed_link(article=article, origin="editor", score=1.0)
    page = page_of(client, article)
    assert "Link confirmed" in page
    assert "Why it was suggested" not in page and "score 1.00" not in page
