#!/usr/bin/env python3
"""Smoke test of the one-command run, as a user runs it: `python3 config/bootstrap.py run`.

Embedded mode (DATABASE_URL and REDIS_URL removed), a fresh data directory (CT_DATA_DIR in a
temporary directory) and a free port. It checks that the run
  a. starts, and /healthz and the overview answer 200, the overview showing the demo data;
  b. hands a file import (`import_articles --async`) to the worker, which stores the article;
  c. has company refused: a second run on the same data directory, and one on the busy port,
     exit non-zero saying why, and leave the first one serving;
  d. stops on Ctrl-C (SIGINT to its process group, as a terminal sends it), SIGTERM and SIGHUP,
     one round each on the same data directory: it exits 0 and leaves no process behind
     (none of its descendants, recorded from /proc while it ran; nothing whose command line
     or working directory names the data directory or the port; the port free; PostgreSQL's
     postmaster.pid gone).
Each step prints its time. On failure the tail of the run's output is printed and the exit
status is 1; whatever is left is killed and the temporary directory removed in every case.
Standard library only (it runs before .venv exists); Linux (/proc).

    python3 .ci/smoke_run.py
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
SEED = ROOT / "tests" / "fixtures" / "seeds" / "000_8f7a0015df3d69a9.txt"
SEED_PHRASE = '"profound sense of kinship"'  # full-text search for the seed's article
# A demo milestone (demo/demo.json) in the overview's "Latest status changes and
# milestones"; the imported seed adds statements, never milestones, so it stays listed.
DEMO_ON_OVERVIEW = "Track laying begins on the Iraqi section"

# The first start may create .venv and install everything (a fresh clone), then initdb,
# migrate and load the demo; later starts reuse all of it.
FIRST_START_TIMEOUT = 1800
RESTART_TIMEOUT = 300
REFUSAL_TIMEOUT = 180
IMPORT_TIMEOUT = 180
STOP_TIMEOUT = 60  # serve's own grace period is 20 s per child, then their groups are killed
LEFTOVER_TIMEOUT = 30

STARTED = time.monotonic()
TIMINGS: list[tuple[str, float]] = []


class Failure(Exception):
    """A check failed; the message says which and what was seen."""


def say(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:7.1f}s] {message}", flush=True)


@contextlib.contextmanager
def step(name: str) -> Iterator[None]:
    say(f"{name} …")
    began = time.monotonic()
    yield
    took = time.monotonic() - began
    TIMINGS.append((name, took))
    say(f"{name}: ok in {took:.1f}s")


# --- processes, from /proc ---------------------------------------------------------------


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    state: str
    start: int  # clock ticks after boot: with the pid, names one process even if pids recycle

    @property
    def key(self) -> tuple[int, int]:
        return (self.pid, self.start)


def processes() -> dict[int, Proc]:
    """Every process on the machine (zombies included, marked by their state Z)."""
    table: dict[int, Proc] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # gone meanwhile
        # "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
        fields = stat[stat.rindex(")") + 2 :].split()
        table[int(entry)] = Proc(int(entry), int(fields[1]), fields[0], int(fields[19]))
    return table


def describe(pid: int) -> str:
    return f"{pid} {command_line(pid)[:160]}"


def command_line(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "(gone)"
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


def is_alive(key: tuple[int, int]) -> bool:
    """Whether the process (pid, start) is still there and not a zombie."""
    now = processes().get(key[0])
    return now is not None and now.start == key[1] and now.state not in "ZX"


def descendants_of(pid: int, table: dict[int, Proc]) -> list[Proc]:
    children: dict[int, list[Proc]] = {}
    for proc in table.values():
        children.setdefault(proc.ppid, []).append(proc)
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child.pid)
    return found


def referencing(needles: list[str]) -> list[Proc]:
    """Live processes whose command line or working directory mentions one of the needles."""
    hits = []
    for proc in processes().values():
        if proc.pid == os.getpid() or proc.state in "ZX":
            continue
        text = command_line(proc.pid)
        with contextlib.suppress(OSError):  # another user's process: no cwd to read
            text += " " + os.readlink(f"/proc/{proc.pid}/cwd")
        if any(needle in text for needle in needles):
            hits.append(proc)
    return hits


def become_subreaper() -> bool:
    """Orphans below us (a daemonised postmaster, workers whose parent died) are re-parented
    to this script instead of init, so they stay visible as our descendants."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


OWN_CHILDREN: set[int] = set()  # pids of the Popen objects we wait for ourselves


def reap_orphans() -> None:
    """Collect re-parented orphans that exited (a zombie would look like a process left)."""
    for proc in processes().values():
        if proc.ppid == os.getpid() and proc.state == "Z" and proc.pid not in OWN_CHILDREN:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(proc.pid, os.WNOHANG)


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the run under test ------------------------------------------------------------------


class Run:
    """One `python3 config/bootstrap.py run`, in its own session like a terminal's job."""

    def __init__(self, label: str, args: list[str], env: dict[str, str], log: Path) -> None:
        self.label = label
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603
                [sys.executable, "config/bootstrap.py", "run", *args],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        OWN_CHILDREN.add(self.process.pid)
        self.seen: dict[tuple[int, int], str] = {}

    @property
    def pid(self) -> int:
        return self.process.pid

    def record(self) -> None:
        """Note every process below this script now (the run's, while it is the only one)."""
        reap_orphans()
        table = processes()
        for proc in descendants_of(os.getpid(), table):
            if proc.state not in "ZX" and proc.key not in self.seen:
                self.seen[proc.key] = describe(proc.pid)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def tail(self, lines: int = 60) -> str:
        return "\n".join(self.output().splitlines()[-lines:])

    def alive(self) -> bool:
        return self.process.poll() is None


def wait_until(
    what: str,
    check: Callable[[], object],
    timeout: float,
    run: Run | None = None,
    interval: float = 0.5,
) -> object:
    """Poll `check` until it returns something true; fail after `timeout` or if `run` exits."""
    deadline = time.monotonic() + timeout
    while True:
        if run is not None:
            run.record()
            if not run.alive():
                raise Failure(f"{run.label} exited ({run.process.returncode}) before {what}")
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise Failure(f"no {what} within {timeout:.0f}s")
        time.sleep(interval)


def get(url: str, timeout: float = 10) -> tuple[int, str]:
    """(status, body); status 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")
    except (urllib.error.URLError, OSError):
        return 0, ""


def embedded_pgdata(env: dict[str, str]) -> Path:
    """Where config.embedded keeps the cluster for this environment (run once .venv exists)."""
    result = subprocess.run(  # noqa: S603
        [str(VENV_PYTHON), "-c", "from config import embedded; print(embedded.PGDATA)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return Path(result.stdout.strip().splitlines()[-1])


def manage(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603
        [str(VENV_PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise Failure(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


# --- the checks ----------------------------------------------------------------------------


class Smoke:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.data = tmp / "data"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = self._env(self.data)
        self.runs: list[Run] = []
        self.current: Run | None = None
        self.last_left: list[str] = []
        self.pgdata = self.data / "pgdata"  # as config.embedded says, once .venv exists

    @staticmethod
    def _env(data: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        return {**env, "CT_DATA_DIR": str(data), "PYTHONUNBUFFERED": "1"}

    def start(self, label: str, timeout: float) -> Run:
        run = Run(label, ["--port", str(self.port)], self.env, self.tmp / f"{label}.log")
        self.runs.append(run)
        self.current = run
        wait_until(
            f"answer from {self.base}/healthz",
            lambda: get(f"{self.base}/healthz", timeout=5)[0] == 200,
            timeout,
            run,
        )
        if f"running at {self.base}/" not in run.output():
            raise Failure("healthz answers but serve did not say where it runs")
        self.pgdata = embedded_pgdata(self.env)
        if not (self.pgdata / "postmaster.pid").exists():
            raise Failure(f"serving, but no embedded PostgreSQL in {self.pgdata}")
        return run

    def check_pages(self, run: Run) -> None:
        status, body = get(f"{self.base}/healthz")
        if status != 200 or json.loads(body).get("status") != "ok":
            raise Failure(f"/healthz: {status} {body[:300]}")
        status, body = get(f"{self.base}/")
        if status != 200:
            raise Failure(f"overview: {status}")
        if DEMO_ON_OVERVIEW not in body:
            raise Failure(f"the overview does not show the demo data ({DEMO_ON_OVERVIEW!r})")
        run.record()

    def seed_articles(self) -> list[dict]:
        query = urllib.parse.urlencode({"search": SEED_PHRASE})
        status, body = get(f"{self.base}/api/v1/articles/?{query}")
        if status != 200:
            raise Failure(f"/api/v1/articles/: {status} {body[:300]}")
        return json.loads(body)["results"]

    def check_import(self, run: Run) -> None:
        if self.seed_articles():
            raise Failure("the seed's article is there before the import (not a fresh dir?)")
        queued = manage(self.env, "import_articles", "--async", str(SEED)).stdout
        match = re.search(r"queued as ingestion run #(\d+)", queued)
        if not match:
            raise Failure(f"import_articles --async said: {queued}")
        run_id = int(match.group(1))
        say(f"  queued as ingestion run #{run_id}; waiting for the worker")
        found = wait_until(
            "stored article from the seed", self.seed_articles, IMPORT_TIMEOUT, run, interval=1
        )
        code = (
            "import json; from articles.models import IngestionRun as R; "
            f"r = R.objects.get(pk={run_id}); "
            "print(json.dumps({'state': r.state, 'created': r.created, "
            "'articles': list(r.articles.values_list('title', flat=True))}))"
        )
        shell = manage(self.env, "shell", "-c", code).stdout.strip().splitlines()[-1]
        record = json.loads(shell)
        if record["state"] != "succeeded" or record["created"] != 1:
            raise Failure(f"ingestion run #{run_id}: {record}")
        say(f"  stored by the worker: {found[0]['title']!r} (run #{run_id}: {record['state']})")

    def check_refusals(self, run: Run) -> None:
        second = self.refused(
            "second-same-dir", ["--port", str(free_port())], self.env, "already running"
        )
        for expected in (f"pid {run.pid}", f"{self.base}/"):
            if expected not in second:
                raise Failure(f"the refusal does not name the running one ({expected}):\n{second}")
        self.check_pages(run)  # the first one is unharmed (its database still up)
        other = self.tmp / "other-data"
        self.refused(
            "second-busy-port",
            ["--port", str(self.port)],
            self._env(other),
            f"port {self.port} is already in use",
        )
        # It started its own embedded PostgreSQL in the other directory; it must stop it.
        other_pid_file = embedded_pgdata(self._env(other)) / "postmaster.pid"
        wait_until(
            "clean-up after the busy-port refusal",
            lambda: not referencing([str(other)]) and not other_pid_file.exists(),
            LEFTOVER_TIMEOUT,
        )
        self.check_pages(run)

    def refused(self, label: str, args: list[str], env: dict[str, str], expected: str) -> str:
        log = self.tmp / f"{label}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603
                [sys.executable, "config/bootstrap.py", "run", *args],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        OWN_CHILDREN.add(process.pid)
        try:
            code = process.wait(timeout=REFUSAL_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise Failure(f"{label} did not refuse within {REFUSAL_TIMEOUT}s") from None
        output = log.read_text(errors="replace")
        if code == 0 or expected not in output:
            raise Failure(
                f"{label}: exit {code}, expected a refusal saying {expected!r}:\n{output}"
            )
        message = next(line for line in output.splitlines() if expected in line)
        say(f"  {label}: exit {code}: {message.strip()[:150]}")
        return output

    def stop(self, run: Run, signum: signal.Signals, to_group: bool) -> None:
        run.record()
        if to_group:
            os.killpg(run.pid, signum)  # what a terminal does: the whole foreground group
        else:
            os.kill(run.pid, signum)
        deadline = time.monotonic() + STOP_TIMEOUT
        while run.alive() and time.monotonic() < deadline:
            run.record()
            time.sleep(0.2)
        if run.alive():
            raise Failure(f"{run.label} still running {STOP_TIMEOUT}s after {signum.name}")
        if run.process.returncode != 0:
            raise Failure(f"{run.label} exited {run.process.returncode} after {signum.name}")
        if f"stopping ({signum.name})" not in run.output():
            raise Failure(f"{run.label} did not say it was stopping on {signum.name}")
        wait_until(
            "clean end (every process gone)",
            lambda: not self.left(run),
            LEFTOVER_TIMEOUT,
            interval=0.2,
        )
        say(f"  exit 0; {len(run.seen)} processes seen while it ran, none left; port free")

    def left(self, run: Run) -> list[str]:
        """What is still there of this run; empty when it is all gone."""
        reap_orphans()
        problems = [f"still running: {cmd}" for key, cmd in run.seen.items() if is_alive(key)]
        table = processes()
        problems += [
            f"descendant: {describe(p.pid)}"
            for p in descendants_of(os.getpid(), table)
            if p.state not in "ZX"
        ]
        problems += [
            f"references the data dir or port: {describe(p.pid)}"
            for p in referencing([str(self.data), f"127.0.0.1:{self.port}"])
        ]
        if not port_is_free(self.port):
            problems.append(f"port {self.port} still in use")
        if (self.pgdata / "postmaster.pid").exists():
            problems.append("postmaster.pid still there")
        self.last_left = problems
        return problems

    def cleanup(self) -> None:
        """Kill whatever is left (ours or naming our directory), then remove the directory."""
        for run in self.runs:
            if run.alive():
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(run.pid, signal.SIGKILL)
                run.process.wait()
        for sig in (signal.SIGTERM, signal.SIGKILL):
            reap_orphans()
            targets = {p.pid for p in descendants_of(os.getpid(), processes()) if p.state != "Z"}
            targets |= {p.pid for p in referencing([str(self.tmp)])}
            for pid in targets:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
            deadline = time.monotonic() + 10
            while targets and time.monotonic() < deadline:
                time.sleep(0.2)
                reap_orphans()
                table = processes()
                targets = {pid for pid in targets if pid in table and table[pid].state != "Z"}
        shutil.rmtree(self.tmp, ignore_errors=True)


def main() -> int:
    if not become_subreaper():
        say("(not a child subreaper: orphans re-parented to init are found by name only)")
    tmp = Path(tempfile.mkdtemp(prefix="ct-smoke-"))
    smoke = Smoke(tmp)
    say(f"data dir {smoke.data}, port {smoke.port}")
    try:
        with step("1. start (fresh data dir: set-up, initdb, migrate, demo)"):
            run = smoke.start("run-1", FIRST_START_TIMEOUT)
        with step("1a. /healthz and the overview with the demo data"):
            smoke.check_pages(run)
        with step("1b. a file import reaches the worker and is stored"):
            smoke.check_import(run)
        with step("1c. second run refused: same data dir, then busy port"):
            smoke.check_refusals(run)
        with step("1d. Ctrl-C (SIGINT to the process group) stops everything"):
            smoke.stop(run, signal.SIGINT, to_group=True)
        for number, signum, to_group in ((2, signal.SIGTERM, False), (3, signal.SIGHUP, True)):
            with step(f"{number}. start again on the same data dir"):
                run = smoke.start(f"run-{number}", RESTART_TIMEOUT)
            with step(f"{number}a. pages answer; the imported article was kept"):
                smoke.check_pages(run)
                if not smoke.seed_articles():
                    raise Failure("the article imported in round 1 is gone")
            where = "process group" if to_group else "serve pid"
            with step(f"{number}d. {signum.name} (to the {where}) stops everything"):
                smoke.stop(run, signum, to_group=to_group)
    except Exception as exc:  # noqa: BLE001 - any failure: reported with the run's output
        say(f"FAILED: {exc}" if isinstance(exc, Failure) else f"FAILED: {exc!r}")
        if smoke.last_left:
            print("\n".join(smoke.last_left))
        if smoke.current is not None:
            print(f"--- last lines of {smoke.current.label}'s output ---")
            print(smoke.current.tail())
        return 1
    finally:
        smoke.cleanup()
    print("\nsmoke run passed; step times:")
    for name, took in TIMINGS:
        print(f"  {took:7.1f}s  {name}")
    print(f"  {time.monotonic() - STARTED:7.1f}s  total")
    return 0


if __name__ == "__main__":
    sys.exit(main())
