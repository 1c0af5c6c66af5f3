"""python manage.py evaluate_linking FILE.jsonl [...] — measure the linker on labelled articles."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.ingest import evaluation


def _fraction(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Run the pipeline's extraction and linking over labelled articles (JSON Lines: url, "
        "title, published_at, language, body, labels, optional also) against the catalogue in "
        "the database, storing nothing, and print precision and recall overall, per language, "
        "per initiative and per kind, the auto-confirmed links' precision, a calibration table "
        "and every wrong and missed link with its score and reasons. Exits non-zero below "
        "--min-precision or --min-recall. See docs/linking.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE.jsonl")
        parser.add_argument("--min-precision", type=_fraction, metavar="P", help="0–1")
        parser.add_argument("--min-recall", type=_fraction, metavar="R", help="0–1")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, files: list[Path], **options) -> None:
        items: list[evaluation.LabelledItem] = []
        problems: list[evaluation.Problem] = []
        empty = []
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            found, malformed = evaluation.read_labelled(path)
            items += found
            problems += malformed
            if not found:
                empty.append(str(path))
        for problem in problems:
            self.stderr.write(f"{problem.where}: skipped, {problem.message}")
        if empty:
            raise CommandError(f"no valid labelled lines in {', '.join(empty)}")

        report = evaluation.evaluate(items)
        for problem in report.problems:
            self.stderr.write(f"{problem.where}: skipped, {problem.message}")
        report.problems = problems + report.problems
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"{len(items)} labelled items from {', '.join(map(str, files))}")
            self.stdout.write(evaluation.render(report))

        failures = []
        overall = report.overall
        for name, floor, value in (
            ("precision", options["min_precision"], overall.precision),
            ("recall", options["min_recall"], overall.recall),
        ):
            if floor is not None and (value or 0.0) < floor:
                shown = "undefined" if value is None else f"{value:.3f}"
                failures.append(f"{name} {shown} is below the floor {floor:.3f}")
        if failures:
            raise CommandError("; ".join(failures))
