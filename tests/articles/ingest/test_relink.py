"""Relink at scale: entity rows restored in one statement, unchanged suggestions untouched."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from articles.ingest import pipeline
from articles.ingest.items import RawItem
from articles.models import Article, ArticleLink
from tests.factories import AliasFactory, CountryFactory, InitiativeFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    iraq = CountryFactory(code="IQ", name="Iraq")
    CountryFactory(code="IR", name="Iran")
    railway = InitiativeFactory(slug="basra-shalamcheh-railway", name="Basra–Shalamcheh railway")
    AliasFactory(initiative=railway, text="Shalamcheh railway", specificity=0.6)
    basra = PlaceFactory(slug="basra", name="Basra", country=iraq)
    outcome = pipeline.ingest_item(
        RawItem(title="Shalamcheh railway talks", body="In Basra, talk of the Shalamcheh railway."),
        via=Article.Via.API,
    )
    return Article.objects.get(pk=outcome.article_id), basra


def _xmin(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM articles_articlelink WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_relink_restores_entity_rows_and_rewrites_only_what_changed(story):
    article, basra = story
    link = ArticleLink.objects.get(article=article)
    assert link.state == "suggested"
    article.places.clear()

    call_command("relink")

    assert list(article.places.all()) == [basra]
    untouched = _xmin(link.pk)
    call_command("relink")
    assert _xmin(link.pk) == untouched  # the same score, reasons and scorer: no write

    ArticleLink.objects.filter(pk=link.pk).update(score=0.99, reasons=[])
    call_command("relink")
    link.refresh_from_db()
    assert link.score < 0.99 and link.reasons and link.model_version == "rules"
