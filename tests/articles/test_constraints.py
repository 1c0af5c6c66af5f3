import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from articles.models import Article, ArticleLink
from tests.factories import (
    ArticleFactory,
    ArticleLinkFactory,
    InitiativeFactory,
    PlaceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def test_database_refuses_a_second_article_with_the_same_url():
    ArticleFactory(url="https://news.example/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(url="https://news.example/a", body="different body")


def test_database_refuses_the_same_content_twice():
    ArticleFactory(body="Same text.")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(body="Same text.")


def test_articles_without_url_do_not_collide():
    ArticleFactory(url="", body="first")
    ArticleFactory(url="", body="second")


def test_database_refuses_a_duplicate_link_for_the_same_pair():
    link = ArticleLinkFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleLink.objects.create(article=link.article, initiative=link.initiative)
    assert ArticleLink.objects.count() == 1


def test_decided_link_must_carry_its_decision_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleLinkFactory(state=ArticleLink.State.CONFIRMED, decided_at=None)


def test_database_refuses_impossible_coordinates():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlaceFactory(latitude=123)


def test_database_refuses_an_unknown_sector():
    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeFactory(sector="tourism")


def test_a_links_publication_time_is_its_articles_whatever_python_writes(db):
    article = ArticleFactory(published_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC))
    link = ArticleLinkFactory(article=article)
    assert ArticleLink.objects.get(pk=link.pk).published_at == article.published_at
    link.published_at = None  # a stale instance saved whole
    link.score = 0.5
    link.save()
    assert ArticleLink.objects.get(pk=link.pk).published_at == article.published_at

    Article.objects.filter(pk=article.pk).update(
        published_at=dt.datetime(2025, 4, 2, tzinfo=dt.UTC)
    )
    assert ArticleLink.objects.get(pk=link.pk).published_at == dt.datetime(
        2025, 4, 2, tzinfo=dt.UTC
    )
    moved = ArticleFactory(published_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    ArticleLink.objects.filter(pk=link.pk).update(article=moved)
    assert ArticleLink.objects.get(pk=link.pk).published_at == moved.published_at


def _statement_times(statement) -> set:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT published_at FROM articles_statement_initiatives WHERE statement_id = %s",
            [statement.pk],
        )
        return {row[0] for row in cur.fetchall()}


def test_a_statements_initiative_rows_carry_its_articles_publication_time(db):
    march, april = (dt.datetime(2025, m, 1, tzinfo=dt.UTC) for m in (3, 4))
    statement = StatementFactory(article=ArticleFactory(published_at=march))
    statement.initiatives.add(InitiativeFactory(), InitiativeFactory())
    assert _statement_times(statement) == {march}

    Article.objects.filter(pk=statement.article_id).update(published_at=april)
    assert _statement_times(statement) == {april}

    statement.article = ArticleFactory(published_at=march)  # re-attributed to another article
    statement.save()
    assert _statement_times(statement) == {march}
