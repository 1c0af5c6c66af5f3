"""python manage.py import_articles PATH... — seed text files, JSON Lines, CSV."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.ingest import jobs, parse, runs
from articles.models import IngestionRun

SUFFIXES = (".txt", ".jsonl", ".ndjson", ".csv")
HELP = """Import articles from files: the sample text format (.txt: headed sections, quotes,
byline on the last line), JSON Lines (.jsonl: one object per line with url, title,
published_at, language, body, source, byline; all but body optional) and CSV (same columns,
header row). A directory imports every such file in it.

By default the import runs here, in this process, through the same pipeline functions the
Celery tasks call (articles.ingest.jobs), showing a progress bar on a terminal and a summary
(imported / duplicates / refused with reasons). With --async each file is sent to the
Celery workers instead (task articles.tasks.import_text) and its IngestionRun id is printed;
follow it in the ingestion console (/editorial/runs/ID/, docs/console.md) or the admin.
Importing the same files again stores nothing new.
"""


def _expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES))
        elif path.exists():
            files.append(path)
        else:
            raise CommandError(f"{raw}: no such file or directory")
    return files


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        kwargs["formatter_class"] = RawDescriptionHelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--async",
            dest="use_async",
            action="store_true",
            help="enqueue one Celery task per file instead of importing here",
        )
        parser.add_argument(
            "--batch-size", type=int, default=500, help="articles per transaction (default 500)"
        )
        parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")

    def handle(
        self,
        *args,
        paths: list[str],
        use_async: bool,
        batch_size: int,
        no_progress: bool,
        **options,
    ) -> None:
        files = _expand(paths)
        totals = {"created": 0, "duplicates": 0, "refused": 0}
        reasons: list[str] = []
        for path in files:
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                reasons.append(f"{path}: cannot read ({exc})")
                totals["refused"] += 1
                continue
            run = runs.start_run(IngestionRun.Kind.FILE, label=str(path))
            if use_async:
                from articles.tasks import QueueUnavailable, enqueue, import_text

                try:
                    enqueue(import_text, run.pk, path.name, text, run_id=run.pk)
                except QueueUnavailable as exc:
                    raise CommandError(
                        f"{path}: {exc}; or import without --async (run #{run.pk} closed)"
                    ) from None
                self.stdout.write(f"{path}: queued as ingestion run #{run.pk}")
                continue
            try:
                parsed = parse.parse_file(str(path), text)
            except parse.ParseError as exc:
                runs.finish_run(run, failed=True, error=str(exc))
                reasons.append(str(exc))
                totals["refused"] += 1
                continue
            if parsed.errors:
                runs.add_errors(run, parsed.errors)
                IngestionRun.objects.filter(pk=run.pk).update(
                    refused=len(parsed.errors), items_seen=len(parsed.errors)
                )
            run = self._import(run, parsed, batch_size, show=not no_progress)
            totals["created"] += run.created
            totals["duplicates"] += run.duplicates
            totals["refused"] += run.refused
            reasons.extend(run.errors)
        if use_async:
            return
        self.stdout.write(
            f"imported {totals['created']}, duplicates {totals['duplicates']}, "
            f"refused {totals['refused']}"
        )
        for reason in reasons:
            self.stdout.write(f"  refused: {reason}")

    def _import(
        self, run: IngestionRun, parsed: parse.ParsedFile, batch_size: int, show: bool
    ) -> IngestionRun:
        bar = None
        if show and sys.stderr.isatty() and len(parsed.items) > 1:
            from tqdm import tqdm

            bar = tqdm(total=len(parsed.items), desc=run.label[-40:], unit="article")
        try:
            return jobs.import_items(
                run.pk,
                parsed.items,
                batch_size=batch_size,
                progress=(lambda outcomes: bar.update(len(outcomes))) if bar else None,
            )
        finally:
            if bar:
                bar.close()
