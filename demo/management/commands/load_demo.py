"""python manage.py load_demo [--with-users]: demo sources, feeds and articles, idempotently."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.loader import DemoDataError, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (demo/demo.json): the starter catalogue if missing, demo sources, "
        "two inactive loopback feeds, and a few dozen invented articles (en/fa/ar) over the "
        "last two years, linked to the initiatives with quotes, status changes and milestones. "
        "The file is checked first; a bad one is refused and nothing is written. Running it "
        "again adds nothing (prints '0 new')."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="Also create the accounts analyst/analyst-demo, editor/editor-demo and "
            "admin/admin-demo in their role groups. FOR LOCAL DEMOS ONLY: the passwords are "
            "public; ignored (with a warning) when DEBUG is off.",
        )

    def handle(self, *args, with_users: bool = False, **options) -> None:
        if with_users and not settings.DEBUG:
            # Refuse the accounts but keep loading: `serve` passes --with-users by default.
            self.stderr.write(
                "--with-users refused: it creates accounts with public passwords and is for "
                "local demos only (DEBUG is off). Loading the demo without them."
            )
            with_users = False
        try:
            result = load_demo(with_users=with_users)
        except DemoDataError as exc:
            raise CommandError(exc.message) from exc
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(result.summary())
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
