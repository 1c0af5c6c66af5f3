"""A real Celery worker process for tests: started against REDIS_URL on a private queue."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings

from tests.db_support import database_url

ROOT = Path(__file__).resolve().parents[3]
BOOT = """
import sys
from config.celery import app
queue, visibility, pool = sys.argv[1], float(sys.argv[2]), sys.argv[3]
if visibility:
    # Redeliver what a killed worker left unacknowledged after `visibility` seconds.
    app.conf.broker_transport_options = {
        "visibility_timeout": visibility,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
# solo runs tasks in the worker itself; prefork (one child) enforces the time limits.
app.worker_main(["worker", "-P", pool, "-c", "1", "-Q", queue, "-n", queue + "@%h", "-l", "WARNING",
                 "--without-gossip", "--without-mingle", "--without-heartbeat"])
"""


class Worker:
    """`celery worker -P solo` consuming one private queue, in its own process."""

    def __init__(self, queue: str | None = None) -> None:
        self.queue = queue or f"test-{uuid.uuid4().hex[:10]}"
        self.process: subprocess.Popen | None = None
        self.log = ROOT / ".data" / f"worker-{self.queue}.log"

    def start(
        self, *, visibility_timeout: float = 0, pool: str = "solo", **env_overrides: str
    ) -> Worker:
        from tests.conftest import child_env

        env = {
            **child_env(),
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "INGEST_ALLOW_LOOPBACK": "1",
            "DB_CONN_MAX_AGE": "0",
            **env_overrides,
        }
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [sys.executable, "-c", BOOT, self.queue, str(visibility_timeout), pool],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def kill(self) -> None:
        """SIGKILL: no cleanup, no acknowledgement, like a crashed machine."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def wait_for(predicate, timeout: float, what: str, worker: Worker | None = None):
    """Poll until predicate() is truthy; fail with the worker's log otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if worker and worker.process and worker.process.poll() is not None:
            raise AssertionError(f"worker exited while waiting for {what}:\n{worker.output()}")
        time.sleep(0.02)
    log = worker.output()[-3000:] if worker else ""
    raise AssertionError(f"timed out waiting for {what}\n{log}")
