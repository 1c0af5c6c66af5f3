"""A worker SIGKILLed in the middle of a 5,000-item import, then restarted, loses nothing."""

from __future__ import annotations

import pytest
from django.db.models import Count

from articles.ingest import runs
from articles.models import Article, ArticleLink, IngestionRun, Statement
from articles.tasks import import_items
from tests.articles.ingest.celery_worker import Worker, wait_for
from tests.factories import AliasFactory, InitiativeFactory, PersonFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FILES, PER_FILE = 10, 500  # ten queued imports of 500 items: 5,000 items
BATCH = 100  # items per transaction inside a task


def _items(file: int) -> list[dict]:
    return [
        {
            "title": f"Rail talks {file}-{i}",
            "body": (
                f"Officials met for session {file}-{i} on the Shalamcheh railway.\n"
                f"Masoud Pezeshkian said, “Session {file}-{i} shows our cooperation grows.”\n"
                f"Negotiators closed file {file * PER_FILE + i} of the border programme."
            ),
            "label": f"file {file} item {i}",
        }
        for i in range(PER_FILE)
    ]


def test_worker_killed_mid_import_of_5000_items_stores_each_exactly_once(shared_redis_url):
    president = PersonFactory(slug="masoud-pezeshkian", name="Masoud Pezeshkian")
    rail = InitiativeFactory(slug="basra-shalamcheh-railway")
    AliasFactory(initiative=rail, text="Shalamcheh railway", language="en")
    first = Worker().start()
    second: Worker | None = None
    try:
        queued = []
        for file in range(FILES):
            run = runs.start_run(IngestionRun.Kind.API, label=f"file {file}", total=PER_FILE)
            import_items.apply_async((run.pk, _items(file), BATCH), queue=first.queue)
            queued.append(run)

        total = FILES * PER_FILE
        wait_for(
            lambda: Article.objects.count() >= total // 4, 240, "a quarter of the import", first
        )
        first.kill()
        stored = dict(
            IngestionRun.objects.filter(pk__in=[r.pk for r in queued])
            .annotate(n=Count("articles"))
            .values_list("pk", "n")
        )
        assert any(0 < n < PER_FILE for n in stored.values()), f"not killed mid-file: {stored}"
        assert sum(stored.values()) < total

        # A new worker on the same queue gets the unacknowledged file again, then the rest.
        second = Worker(first.queue).start(visibility_timeout=1)

        def all_finished() -> bool:
            states = IngestionRun.objects.filter(pk__in=[r.pk for r in queued])
            return not states.filter(state=IngestionRun.State.RUNNING).exists()

        wait_for(all_finished, 240, "every import to finish", second)
    finally:
        first.kill()
        if second:
            second.stop()

    assert Article.objects.count() == total
    assert Article.objects.values("content_hash").distinct().count() == total
    assert Statement.objects.filter(speaker=president).count() == total
    assert ArticleLink.objects.filter(initiative=rail).count() == total
    for run in queued:
        run.refresh_from_db()
        assert run.state == IngestionRun.State.SUCCEEDED, run.errors
        assert (run.items_seen, run.created, run.duplicates, run.refused) == (
            PER_FILE,
            PER_FILE,
            0,
            0,
        )
        assert run.articles.count() == PER_FILE
