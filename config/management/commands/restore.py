"""manage.py restore FILE [--yes]: replace the database with a backup (config/backup.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from config.backup import BackupRefused, check_backup, restore


class Command(BaseCommand):
    help = (
        "Replace every table of the database with the contents of a backup made by "
        "manage.py backup, in one transaction. The file is checked first: a truncated one, "
        "or one from a newer schema, is refused and nothing changes. Stop web and workers "
        "first; --check only checks the file."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="a backup made by manage.py backup")
        parser.add_argument("--yes", action="store_true", help="yes, replace the current contents")
        parser.add_argument(
            "--check", action="store_true", help="only check that the file can be restored"
        )

    def handle(self, *args, file: Path, yes: bool, check: bool, **options) -> None:
        db = connection.settings_dict
        try:
            if check:
                result = check_backup(file)
                self.stdout.write(
                    f"{file} is a complete backup ({len(result.migrations)} migrations)."
                )
                return
            tables = len(connection.introspection.table_names())
            if tables and not yes:
                raise CommandError(
                    f"This replaces everything in database {db['NAME']} ({tables} tables now) "
                    f"with {file}. Run again with --yes to do it."
                )
            connection.close()  # our own session must not hold locks on what is replaced
            result = restore(db, file)
        except BackupRefused as refused:
            raise CommandError(refused.message) from None
        self.stdout.write(f"Restored {file} into {db['NAME']}.")
        if result.missing:
            self.stdout.write(
                f"The backup is older than this code ({len(result.missing)} migrations "
                "newer): run manage.py migrate."
            )
