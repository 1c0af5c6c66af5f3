"""python manage.py load_catalogue [PATH] [--refresh]: load the catalogue file, idempotently."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from initiatives.catalogue_loader import CatalogueError, load_catalogue, read_catalogue


class Command(BaseCommand):
    help = (
        "Load the starter catalogue (initiatives/catalogue.json: countries, places, "
        "organisations, people, the ten initiatives with aliases, key figures and status "
        "history), or the catalogue file at PATH. The whole file is checked first; a bad file is "
        "refused with every problem named and nothing is written. Safe to run again: existing "
        "rows are only completed, and an initiative's status is never changed once it has "
        "history."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            metavar="PATH",
            help="A catalogue file in the format of initiatives/catalogue.json (default: that "
            "file).",
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Overwrite catalogue-owned fields (names, summaries, coordinates, roles, key "
            "figures, alias weights) with the file's values. Status history is still kept.",
        )

    def handle(self, *args, path: str | None = None, refresh: bool = False, **options) -> None:
        try:
            data = read_catalogue(path) if path else None
            result = load_catalogue(data, refresh=refresh)
        except CatalogueError as exc:
            raise CommandError(exc.message) from exc
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(result.summary())
            state = "loaded" if result.changed_anything else "already up to date"
            self.stdout.write(self.style.SUCCESS(f"Catalogue {state}."))
