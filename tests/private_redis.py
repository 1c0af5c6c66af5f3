"""A private Redis for a test run that was given no REDIS_URL (the embedded mode).

Loaded as an early pytest plugin (`-p tests.private_redis` in pyproject.toml), before Django's
settings are read, so the whole run (the test process, its Celery app and every worker it
starts) uses a real redis-server that this run starts on a free loopback port and stops at
the end, with no persistence. The product itself, run with no REDIS_URL, uses the
file-system broker instead; tests/articles/ingest/test_worker.py tests that one too.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.ports import free_port

CANDIDATES = ("/usr/bin/redis-server", "/usr/sbin/redis-server", "/usr/local/bin/redis-server")
INSTALL_HINT = "install redis-server (Debian/Ubuntu: apt-get install redis-server) or set REDIS_URL"

_started: dict[str, object] = {}


def find_redis_server() -> str | None:
    """The redis-server binary on this machine, if any."""
    found = shutil.which("redis-server")
    if found:
        return found
    return next((path for path in CANDIDATES if os.access(path, os.X_OK)), None)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start(binary: str) -> str:
    """Start redis-server on a free loopback port; returns its URL."""
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="ct-test-redis-"))
    log = open(folder / "redis.log", "ab")  # noqa: SIM115 - owned by the process
    process = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder), "--protected-mode", "yes"],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    _started.update(process=process, folder=folder, port=port)
    atexit.register(stop)
    deadline = time.monotonic() + 10
    while not _answers(port):
        if process.poll() is not None or time.monotonic() > deadline:
            stop()
            raise RuntimeError(f"the test run's redis-server did not start: see {folder}")
        time.sleep(0.05)
    return f"redis://127.0.0.1:{port}/0"


def stop() -> None:
    process = _started.pop("process", None)
    if isinstance(process, subprocess.Popen) and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    folder = _started.pop("folder", None)
    if isinstance(folder, Path):
        shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    # Before pytest-django loads the settings: they read REDIS_URL once, at import.
    if not os.environ.get("REDIS_URL"):
        binary = find_redis_server()
        if binary:
            os.environ["REDIS_URL"] = start(binary)
            _started["url"] = os.environ["REDIS_URL"]
    return (yield)


def pytest_report_header(config) -> str | None:
    if "url" in _started:
        return f"redis: no REDIS_URL given; this run started its own at {_started['url']}"
    if not os.environ.get("REDIS_URL"):
        return f"redis: none (worker tests skip, and fail under CI=true): {INSTALL_HINT}"
    return None


def pytest_unconfigure(config) -> None:
    stop()
