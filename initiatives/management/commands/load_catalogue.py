"""python manage.py load_catalogue [--refresh]: load the starter catalogue, idempotently."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from initiatives.catalogue_loader import CatalogueError, load_catalogue


class Command(BaseCommand):
    help = (
        "Load the starter catalogue (countries, places, organisations, people, the ten "
        "initiatives with aliases, key figures and status history). Safe to run again: existing "
        "rows are only completed, and an initiative's status is never changed once it has "
        "history."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Overwrite catalogue-owned fields (names, summaries, coordinates, roles, key "
            "figures, alias weights) with the shipped values. Status history is still kept.",
        )

    def handle(self, *args, refresh: bool = False, **options) -> None:
        try:
            result = load_catalogue(refresh=refresh)
        except CatalogueError as exc:
            raise CommandError(exc.message) from exc
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(result.summary())
            state = "loaded" if result.changed_anything else "already up to date"
            self.stdout.write(self.style.SUCCESS(f"Catalogue {state}."))
