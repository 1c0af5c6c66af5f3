"""manage.py import_editorial FILE: read back an export_editorial file (idempotent)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from editorial.record import RecordRefused, import_records


class Command(BaseCommand):
    help = (
        "Import an editorial record written by export_editorial, in one transaction. "
        "Idempotent: importing the same file again changes nothing. A file of another schema "
        "version, a truncated file or a bad line is refused and nothing changes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        if not file.is_file():
            raise CommandError(f"{file} does not exist.")
        try:
            with file.open(encoding="utf-8") as lines:
                changed, skipped = import_records(lines)
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not UTF-8 text; nothing was imported.") from None
        except RecordRefused as refused:
            raise CommandError(refused.message) from None
        done = ", ".join(f"{n} {kind}" for kind, n in sorted(changed.items()))
        self.stdout.write(f"Imported {file}: " + (done or "nothing new (already up to date)") + ".")
        for reason, n in sorted(skipped.items()):
            if n:
                self.stdout.write(f"Skipped {n}: {reason}.")
