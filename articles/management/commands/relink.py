"""python manage.py relink — re-run linking over stored articles after catalogue changes."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.ingest import jobs, runs
from articles.models import Article, IngestionRun


class Command(BaseCommand):
    help = (
        "Re-link every stored article against the current catalogue (new aliases, new "
        "initiatives): adds suggestions, rescores machine suggestions, never touches confirmed "
        "or rejected links. Runs here through the same function as the Celery task "
        "articles.tasks.relink, with a progress bar on a terminal; --async enqueues the task "
        "instead. Progress is kept on an IngestionRun (kind relink) either way."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--async",
            dest="use_async",
            action="store_true",
            help="enqueue the Celery task instead of running here",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, use_async: bool, batch_size: int, **options) -> None:
        run = runs.start_run(
            IngestionRun.Kind.RELINK, label="relink all articles", total=Article.objects.count()
        )
        if use_async:
            from articles.tasks import QueueUnavailable, enqueue, relink

            try:
                enqueue(relink, run.pk, run_id=run.pk)
            except QueueUnavailable as exc:
                raise CommandError(f"{exc}; or relink without --async") from None
            self.stdout.write(f"relink queued as ingestion run #{run.pk}")
            return
        bar = None
        if sys.stderr.isatty() and run.total:
            from tqdm import tqdm

            bar = tqdm(total=run.total, desc="relink", unit="article")
        try:
            run = jobs.relink(run.pk, batch_size=batch_size, progress=bar.update if bar else None)
        finally:
            if bar:
                bar.close()
        self.stdout.write(f"relinked {run.items_seen} articles, {run.created} new links")
