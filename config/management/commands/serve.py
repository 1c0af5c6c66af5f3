"""Run the whole product locally: migrate, load data, web server and Celery worker + beat.

Uses DATABASE_URL / REDIS_URL when set; otherwise the embedded PostgreSQL and the
file-system broker under .data/ (CT_DATA_DIR). Ctrl-C, SIGTERM and SIGHUP alike stop
everything this command started (gunicorn, the worker, the embedded PostgreSQL) and exit 0;
a child dying stops the rest and exits 1. The data stays. A second `serve` on the same data
directory, or on a port already in use, refuses before touching anything (config/supervision.py).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser

from config import embedded
from config.supervision import (
    AlreadyRunning,
    Children,
    DataDirLock,
    StopRequested,
    StopSignals,
    port_in_use,
)


class Command(BaseCommand):
    help = (
        "Migrate, load the starter catalogue and demo data, then serve the dashboard with "
        "gunicorn on 127.0.0.1:8000 and a Celery worker (with beat) beside it. Uses "
        "DATABASE_URL/REDIS_URL when set, the embedded PostgreSQL and a file-system broker "
        "under the data directory (.data/, or CT_DATA_DIR) otherwise. Ctrl-C, SIGTERM or "
        "SIGHUP stops everything it started, the embedded PostgreSQL included; running it "
        "again keeps the data. A second serve on the same data directory or port refuses to "
        "start, saying which one is running."
    )
    # Checked in handle(), after the refusals: a second serve says so before anything else.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port to bind (8000)")
        parser.add_argument(
            "--no-demo",
            action="store_true",
            help="skip loading demo data (a demo removed with `load_demo --remove` is never "
            "loaded again by serve)",
        )
        parser.add_argument("--no-worker", action="store_true", help="do not start Celery")
        parser.add_argument(
            "--no-demo-users",
            action="store_true",
            help="do not create the local demo accounts (analyst, editor, admin)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        url = f"http://{bind}/"
        signals = StopSignals().install()
        lock = DataDirLock(embedded.DATA_DIR)
        children = Children()
        started = False
        died = None
        try:
            lock.acquire(url)
            if self._port_in_use(host, port, bind):
                raise CommandError(
                    f"port {port} is already in use on {host} (another server, or another "
                    "serve, is listening there); stop it or use --port to pick another."
                )
            self.check()
            started = True
            self._prepare(options)
            env = {**os.environ, "PYTHONUNBUFFERED": "1"}
            if not options["no_worker"]:
                with signals.deferred():
                    children.spawn("the Celery worker", self._worker_command(), env)
            with signals.deferred():
                children.spawn("gunicorn", self._web_command(bind), env)
            self.stdout.write(
                self.style.SUCCESS(f"Cooperation Tracker is running at {url}  (Ctrl-C to stop)")
            )
            died = children.first_exit()
            self.stderr.write(
                f"{died.name} exited unexpectedly ({died.describe_exit()}); stopping the rest"
            )
        except AlreadyRunning as exc:
            raise CommandError(str(exc)) from None
        except StopRequested as stop:
            self.stdout.write(f"\nstopping ({stop})…")
        finally:
            signals.stopping = True
            children.stop(hurry=lambda: signals.repeated)
            if lock.held:
                # Ours alone while we hold the lock: started by this process's settings, or
                # left running by an earlier command on this data directory.
                if not os.environ.get("DATABASE_URL"):
                    embedded.stop_database()
                lock.release()
            if started:
                where = settings.DATABASES["default"]["NAME"]
                if not os.environ.get("DATABASE_URL"):
                    where = str(embedded.PGDATA)
                self.stdout.write(f"stopped; data kept in {where}")
            signals.restore()
        if died is not None:
            raise CommandError(
                f"stopped because {died.name} exited unexpectedly ({died.describe_exit()})",
                returncode=1,
            )

    def _prepare(self, options: dict[str, Any]) -> None:
        call_command("migrate", interactive=False, verbosity=1)
        commands = get_commands()
        if "load_catalogue" in commands:
            call_command("load_catalogue")
            self._train_linker_if_missing()
        if not options["no_demo"] and "load_demo" in commands:
            extra = [] if options["no_demo_users"] else ["--with-users"]
            call_command("load_demo", "--unless-removed", *extra)

    def _train_linker_if_missing(self) -> None:
        """A first run (or a linker whose model no longer loads) trains one on the team's
        corpus, so links are scored as docs/linking.md measures them; a few seconds."""
        from articles.ingest import learned

        scorer, problem = learned.load_current()
        if scorer.version != "rules" or not learned.default_corpus():
            return
        if problem:
            self.stdout.write(f"linker model unusable ({problem}); training a new one")
        try:
            call_command("train_linker")
        except CommandError as exc:
            self.stdout.write(f"linker not trained, linking by the rules: {exc}")

    @staticmethod
    def _port_in_use(host: str, port: int, bind: str) -> bool:
        try:
            return port_in_use(host, port)
        except OSError as exc:  # an unknown host name, an address not on this machine
            raise CommandError(f"cannot listen on {bind}: {exc}") from None

    @staticmethod
    def _worker_command() -> list[str]:
        schedule = embedded.DATA_DIR / "celerybeat-schedule"
        return [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--beat",
            "--schedule",
            str(schedule),
            "--loglevel",
            "INFO",
            "--concurrency",
            "2",
        ]

    @staticmethod
    def _web_command(bind: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            bind,
            "--workers",
            "2",
            "--threads",
            "4",
            # Within serve's own grace period (20 s), so a slow request ends before the kill.
            "--graceful-timeout",
            "15",
            # No gunicorn access log: the app logs each request with the trusted client
            # address (config/access_log.py).
        ]
