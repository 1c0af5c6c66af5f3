"""What `manage.py serve` needs to run several processes as one product and stop them as one.

- `DataDirLock`: one `serve` per data directory (the embedded PostgreSQL, the broker folders and
  the beat schedule live there), held with `flock` for the life of the process;
- `port_in_use`: whether gunicorn could bind the address, asked before anything starts;
- `StopSignals`: SIGINT (Ctrl-C), SIGTERM and SIGHUP turned into one orderly stop;
- `Children`: the processes started, each in its own session, stopped together with their own
  children (gunicorn and Celery workers), killed as a group when they overstay the grace period.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class AlreadyRunning(Exception):
    """Another `serve` holds the data directory."""


class StopRequested(Exception):
    """A stop signal arrived: SIGINT, SIGTERM or SIGHUP."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class DataDirLock:
    """An exclusive lock on `<data dir>/serve.lock`, naming its holder's pid and URL inside.

    The kernel drops an flock when its holder exits however it exits, so a killed `serve`
    leaves no stale lock behind; the file itself stays (removing it would race a newcomer).
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / "serve.lock"
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, url: str) -> None:
        """Take the lock and write our pid and URL in it; AlreadyRunning if someone holds it."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # Not inherited by the children (PEP 446): the lock is the serve process's alone.
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 1000).decode(errors="replace").split()
            os.close(fd)
            pid, other_url = (holder + ["(unknown)", "(unknown)"])[:2]
            raise AlreadyRunning(
                f"Cooperation Tracker is already running with the data directory "
                f"{self.data_dir}: pid {pid}, {other_url}\n"
                f"Stop that one first (Ctrl-C where it runs, or `kill {pid}`), or give this "
                f"one its own data directory (CT_DATA_DIR=...)."
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {url}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens on host:port, so gunicorn could not bind it."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    with socket.socket(family, kind, proto) as probe:
        # As gunicorn binds: a port the last run left in TIME_WAIT counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return True
            raise
    return False


class StopSignals:
    """SIGINT, SIGTERM and SIGHUP alike: the first raises StopRequested (at once, or at the end
    of a `deferred()` block); one arriving while stopping sets `repeated` (stop faster)."""

    def __init__(self) -> None:
        self.received: int | None = None
        self.stopping = False
        self.repeated = False
        self._deferring = False
        self._previous: dict[int, Any] = {}

    def install(self) -> StopSignals:
        for signum in STOP_SIGNALS:
            self._previous[signum] = signal.signal(signum, self._on_signal)
        return self

    def restore(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """Hold a stop signal until the block ends (e.g. until a started child is recorded)."""
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False
        if self.received is not None and not self.stopping:
            raise StopRequested(self.received)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping or self.received is not None:
            # Never raise into the clean-up itself: a second Ctrl-C only shortens the wait.
            self.repeated = True
            return
        self.received = signum
        if not self._deferring:
            raise StopRequested(signum)


@dataclass
class Child:
    name: str
    process: subprocess.Popen

    def describe_exit(self) -> str:
        code = self.process.returncode
        if code is not None and code < 0:
            return f"killed by {signal.Signals(-code).name}"
        return f"exit code {code}"


class Children:
    """The processes `serve` started, each in its own session and process group: the terminal's
    Ctrl-C reaches `serve` alone, which stops them in order and waits for them."""

    def __init__(self, grace: float = 20.0) -> None:
        self.grace = grace
        self.children: list[Child] = []

    def spawn(self, name: str, cmd: list[str], env: dict[str, str]) -> Child:
        process = subprocess.Popen(cmd, env=env, start_new_session=True)  # noqa: S603
        child = Child(name, process)
        self.children.append(child)
        return child

    def first_exit(self, interval: float = 0.5) -> Child:
        """Block until one of the children exits (any exit is unexpected while serving)."""
        while True:
            for child in self.children:
                if child.process.poll() is not None:
                    return child
            time.sleep(interval)

    def stop(self, hurry: Callable[[], bool] = lambda: False) -> None:
        """Stop every child and everything in its process group; return when all are gone."""
        for child in reversed(self.children):  # the web server first, then the worker
            if child.process.poll() is None:
                # The main process only: gunicorn and Celery then stop their own workers
                # gracefully (Celery lets a running task finish); the group is killed below.
                child.process.terminate()
        deadline = time.monotonic() + self.grace
        for child in self.children:
            while child.process.poll() is None and time.monotonic() < deadline and not hurry():
                time.sleep(0.1)
            if child.process.poll() is None:
                _signal_group(child.process.pid, signal.SIGKILL)
                child.process.wait()
        # A main process gone can leave its workers behind (killed, or crashed): they would
        # hold the port or a task. Each group's id is its leader's pid, gone or not.
        for child in self.children:
            end_group(child.process.pid)


def end_group(pgid: int, timeout: float = 5.0) -> None:
    """Terminate whatever is left in a process group; kill it after `timeout` seconds."""
    if not _signal_group(pgid, signal.SIGTERM):
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _signal_group(pgid, 0):
            return
        time.sleep(0.1)
    _signal_group(pgid, signal.SIGKILL)


def _signal_group(pgid: int, signum: int) -> bool:
    """Send a signal to a process group; False when the group no longer exists."""
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        return False
    return True
