"""Run the whole product locally: migrate, load data, web server and Celery worker + beat.

Uses DATABASE_URL / REDIS_URL when set; otherwise the embedded PostgreSQL and the
file-system broker under .data/. Ctrl-C stops everything this command started; the data stays.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandParser

from config import embedded


class Command(BaseCommand):
    help = (
        "Migrate, load the starter catalogue and demo data, then serve the dashboard with "
        "gunicorn on 127.0.0.1:8000 and a Celery worker (with beat) beside it. Uses "
        "DATABASE_URL/REDIS_URL when set, the embedded PostgreSQL and a file-system broker "
        "otherwise. Ctrl-C stops everything it started; running it again keeps the data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port to bind (8000)")
        parser.add_argument("--no-demo", action="store_true", help="skip loading demo data")
        parser.add_argument("--no-worker", action="store_true", help="do not start Celery")
        parser.add_argument(
            "--no-demo-users",
            action="store_true",
            help="do not create the local demo accounts (analyst, editor, admin)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=1)
        commands = get_commands()
        if "load_catalogue" in commands:
            call_command("load_catalogue")
        if not options["no_demo"] and "load_demo" in commands:
            extra = [] if options["no_demo_users"] else ["--with-users"]
            call_command("load_demo", *extra)

        children: list[subprocess.Popen] = []
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        try:
            if not options["no_worker"]:
                schedule = embedded.DATA_DIR / "celerybeat-schedule"
                children.append(
                    self._spawn(
                        [
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
                        ],
                        env,
                    )
                )
            bind = f"{options['host']}:{options['port']}"
            children.append(
                self._spawn(
                    [
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
                        "--access-logfile",
                        "-",
                    ],
                    env,
                )
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Cooperation Tracker is running at http://{bind}/  (Ctrl-C to stop)"
                )
            )
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
            failed = [c for c in children if c.poll() not in (None, 0)]
            if failed:
                self.stderr.write(f"a process exited unexpectedly: {failed[0].args[:4]}")
        except KeyboardInterrupt:
            self.stdout.write("\nstopping…")
        finally:
            self._stop(children)
            if os.environ.get("DATABASE_URL"):
                self.stdout.write("stopped; data kept in " + settings.DATABASES["default"]["NAME"])
            else:
                embedded.stop_database()
                self.stdout.write(f"stopped; data kept in {embedded.PGDATA}")

    @staticmethod
    def _spawn(cmd: list[str], env: dict[str, str]) -> subprocess.Popen:
        # Own process group: the terminal's Ctrl-C reaches us, and we stop the children
        # in order (web first, then the worker finishes its current task).
        return subprocess.Popen(cmd, env=env, start_new_session=True)  # noqa: S603

    @staticmethod
    def _stop(children: list[subprocess.Popen]) -> None:
        for child in reversed(children):
            if child.poll() is None:
                # The main process only: Celery and gunicorn then stop their own children
                # gracefully (warm shutdown); the group is killed only if that hangs.
                child.terminate()
        deadline = time.monotonic() + 20
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
