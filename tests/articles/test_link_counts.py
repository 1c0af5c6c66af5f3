"""Confirmed links per initiative (articles migration 0010), as the overview lists them, stay
equal to a count of the links through every kind of write."""

import pytest
from django.db import connection

from articles.models import ArticleLink, InitiativeLinkCount
from articles.selectors.evidence import initiatives_overview
from tests.factories import ArticleFactory, ArticleLinkFactory, InitiativeFactory, confirmed_link

pytestmark = pytest.mark.django_db


def assert_counts_are_true() -> None:
    kept = dict(InitiativeLinkCount.objects.values_list("initiative_id", "confirmed"))
    for initiative in initiatives_overview():
        real = ArticleLink.objects.filter(initiative=initiative, state="confirmed").count()
        assert initiative.confirmed_articles == real == kept.get(initiative.pk, 0), initiative


def test_counts_follow_confirmations_rejections_moves_deletes_and_bulk_writes():
    railway, pipeline = InitiativeFactory(), InitiativeFactory()
    links = [confirmed_link(initiative=railway) for _ in range(3)]
    suggested = [ArticleLinkFactory(initiative=pipeline) for _ in range(3)]
    assert_counts_are_true()
    writes = [
        lambda: ArticleLink.objects.filter(pk=suggested[0].pk).update(
            state="confirmed", decided_at=links[0].decided_at
        ),
        lambda: ArticleLink.objects.filter(pk=links[0].pk).update(state="rejected"),
        lambda: ArticleLink.objects.filter(pk=links[1].pk).update(initiative=pipeline),
        lambda: ArticleLink.objects.filter(pk=links[2].pk).update(score=0.3),  # not counted
        lambda: ArticleLink.objects.filter(initiative=pipeline).delete(),
        lambda: ArticleLink.objects.bulk_create(
            [
                ArticleLink(
                    article=ArticleFactory(),
                    initiative=initiative,
                    state="confirmed",
                    decided_at=links[0].decided_at,
                )
                for initiative in (railway, pipeline, pipeline)
            ]
        ),
    ]
    for write in writes:
        write()
        assert_counts_are_true()


def test_truncating_the_links_empties_the_counts():
    confirmed_link(initiative=InitiativeFactory())
    with connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own pending triggers first
        cur.execute("TRUNCATE articles_articlelink")
    assert not InitiativeLinkCount.objects.exists()
    assert_counts_are_true()
