"""manage.py backup [--output FILE]: a complete pg_dump of the database (config/backup.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from config.backup import BackupRefused, backup


class Command(BaseCommand):
    help = (
        "Back up the whole PostgreSQL database (pg_dump, custom format) to --output, by "
        "default .data/backups/<database>-<UTC time>.dump. Restore it with manage.py restore."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", type=Path, help="the backup file to write")

    def handle(self, *args, output: Path | None = None, **options) -> None:
        db = connection.settings_dict
        if output is None:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            output = Path(settings.BASE_DIR, ".data", "backups", f"{db['NAME']}-{stamp}.dump")
        try:
            result = backup(db, output)
        except BackupRefused as refused:
            raise CommandError(refused.message) from None
        self.stdout.write(
            f"Backed up {db['NAME']} to {result.path} "
            f"({result.size_bytes / 1e6:.1f} MB in {result.seconds:.1f} s)."
        )
