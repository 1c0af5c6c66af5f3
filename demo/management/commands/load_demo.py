"""python manage.py load_demo [--with-users] [--remove]: the demo data, in or out, idempotently."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.loader import DemoDataError, load_demo
from demo.removal import demo_was_removed, remove_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (demo/demo.json): the starter catalogue if missing, demo sources "
        "(named '<outlet> (demo)'), two inactive loopback feeds, and a few dozen invented "
        "articles (en/fa/ar) over the last two years, linked to the initiatives with quotes, "
        "status changes and milestones; everything it creates is flagged as demo and badged on "
        "every page. The file is checked first; a bad one is refused and nothing is written. "
        "Running it again adds nothing (prints '0 new'). With --remove, delete exactly the demo "
        "rows instead (nothing an editor created); removing twice changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="Also create the accounts analyst/analyst-demo, editor/editor-demo and "
            "admin/admin-demo in their role groups. FOR LOCAL DEMOS ONLY: the passwords are "
            "public; ignored (with a warning) when DEBUG is off.",
        )
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Delete the demo data: its articles (with their statements and links), "
            "status changes, milestones, outlets, feeds and runs, and restore the statuses it "
            "moved. Editors' rows stay (a citation of a demo article is cleared, audited); "
            "the removal is recorded in the audit log. The demo accounts are kept.",
        )

        parser.add_argument(
            "--unless-removed",
            action="store_true",
            help="Load nothing if the demo was removed with --remove (what `serve` passes, "
            "so a removed demo does not come back at the next start).",
        )

    def handle(self, *args, with_users: bool = False, remove: bool = False, **options) -> None:
        verbose = options.get("verbosity", 1) >= 1
        if options.get("unless_removed") and demo_was_removed():
            if verbose:
                self.stdout.write(
                    "The demo was removed (load_demo --remove): not loading it again. "
                    "`manage.py load_demo` brings it back."
                )
            return
        if remove:
            removal = remove_demo()
            if verbose:
                self.stdout.write(removal.summary())
                if not removal.nothing_to_do:
                    self.stdout.write(self.style.SUCCESS("Demo data removed."))
            return
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
        if verbose:
            self.stdout.write(result.summary())
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
