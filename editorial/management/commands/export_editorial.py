"""manage.py export_editorial [--output FILE]: the editorial record as JSON Lines."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from editorial.record import SCHEMA_VERSION, export


class Command(BaseCommand):
    help = (
        "Write the editorial record (initiatives, aliases, profile terms, status changes, "
        "milestones, link decisions, audit trail) as portable JSON Lines, schema version "
        f"{SCHEMA_VERSION}, to --output or standard output. Read back by import_editorial."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", type=Path, help="the file to write (default: stdout)")

    def handle(self, *args, output: Path | None = None, **options) -> None:
        if output is None:
            counts = export(sys.stdout)
        else:
            partial = output.with_name(output.name + ".partial")
            with partial.open("w", encoding="utf-8") as out:
                counts = export(out)
            partial.replace(output)
        summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "nothing"
        self.stderr.write(f"Exported {summary}" + (f" to {output}." if output else "."))
