"""`manage.py serve`: one per data directory and port; everything it starts stops with it.

The refusals run `serve` with an unreachable DATABASE_URL: refusing before anything is touched
is what lets them answer at all. The full runs use a scratch database on the PostgreSQL the
tests use and a file-system broker in their own data directory (a worker on a shared Redis
would take other tests' tasks). The embedded-mode run, from bootstrap to every stop signal,
is `.ci/smoke_run.py`.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest

from config.supervision import Children, DataDirLock
from tests import db_support
from tests.conftest import child_env, require_service
from tests.ports import free_port

ROOT = Path(__file__).resolve().parent.parent


def serve_env(data_dir: Path, database_url: str) -> dict[str, str]:
    env = child_env(CT_DATA_DIR=str(data_dir), DATABASE_URL=database_url)
    env.pop("REDIS_URL", None)
    return env


def unreachable_database() -> str:
    return f"postgresql://nobody@127.0.0.1:{free_port()}/nothing"


def run_serve(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "serve", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def running(pid: int) -> bool:
    """Whether the process exists and is not a zombie (one nobody reaped yet is gone too)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] not in "ZX"


def descendants(pid: int) -> set[int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def wait_gone(pids: set[int], timeout: float = 10) -> set[int]:
    deadline = time.monotonic() + timeout
    while (left := {pid for pid in pids if running(pid)}) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def test_a_second_serve_on_the_same_data_directory_refuses_before_touching_anything(tmp_path):
    running_one = DataDirLock(tmp_path)
    running_one.acquire("http://127.0.0.1:8123/")
    try:
        result = run_serve(
            ["--port", str(free_port())], serve_env(tmp_path, unreachable_database())
        )
    finally:
        running_one.release()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "already running" in result.stderr
    assert f"pid {os.getpid()}, http://127.0.0.1:8123/" in result.stderr
    # Nothing migrated (the database is unreachable: a query would have failed differently),
    # no worker started, and the running one's lock file untouched.
    assert "Operations to perform" not in result.stdout
    assert not (tmp_path / "celerybeat-schedule").exists()
    assert (tmp_path / "serve.lock").read_text() == f"{os.getpid()} http://127.0.0.1:8123/\n"


def test_serve_refuses_a_port_already_in_use_and_frees_the_data_directory(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_serve(["--port", str(port)], serve_env(tmp_path, unreachable_database()))
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"port {port} is already in use" in result.stderr
    assert "use --port" in result.stderr
    assert "Operations to perform" not in result.stdout
    next_one = DataDirLock(tmp_path)
    next_one.acquire("http://127.0.0.1:8000/")  # would raise AlreadyRunning if still held
    next_one.release()


STUBBORN = """
import signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)  # inherited by its child, as a hung worker
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
open(sys.argv[1], "w").write(str(child.pid))
time.sleep(60)
"""

QUITTER = """
import os, signal, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
signal.signal(signal.SIGTERM, lambda *_: os._exit(0))  # leaves its worker behind
open(sys.argv[1], "w").write(str(child.pid))
time.sleep(60)
"""


def spawn_with_worker(children: Children, script: str, tmp_path: Path) -> tuple[int, int]:
    pid_file = tmp_path / f"worker-{uuid.uuid4().hex}.pid"
    child = children.spawn("main", [sys.executable, "-c", script, str(pid_file)], child_env())
    deadline = time.monotonic() + 20
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return child.process.pid, int(pid_file.read_text())


def test_stopping_kills_a_child_that_ignores_sigterm_and_its_worker_after_the_grace(tmp_path):
    children = Children(grace=1)
    main, worker = spawn_with_worker(children, STUBBORN, tmp_path)
    began = time.monotonic()
    children.stop()
    assert time.monotonic() - began < 10
    assert children.children[0].describe_exit() == "killed by SIGKILL"
    assert not wait_gone({main, worker})


def test_stopping_ends_the_workers_a_quitting_main_process_leaves_behind(tmp_path):
    children = Children(grace=5)
    main, worker = spawn_with_worker(children, QUITTER, tmp_path)
    children.stop()
    assert children.children[0].describe_exit() == "exit code 0"
    assert not wait_gone({main, worker})


def test_the_first_child_to_exit_is_named_with_its_exit_code():
    children = Children(grace=5)
    worker = children.spawn("the worker", [sys.executable, "-c", "import time; time.sleep(60)"], {})
    children.spawn("gunicorn", [sys.executable, "-c", "raise SystemExit(3)"], {})
    died = children.first_exit(interval=0.05)
    children.stop()
    assert (died.name, died.describe_exit()) == ("gunicorn", "exit code 3")
    assert not running(worker.process.pid)


# --- the real thing, on a scratch database -------------------------------------------------


@pytest.fixture(scope="module")
def scratch_database():
    name = f"ct_serve_{uuid.uuid4().hex[:8]}"
    try:
        with db_support.connect(dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        require_service(f"PostgreSQL for a scratch database: {exc}")
    yield db_support.database_url(dbname=name)
    with db_support.connect(dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_serve(database_url: str, tmp_path: Path) -> tuple[subprocess.Popen, int, Path]:
    """`serve --no-demo` on a free port, once it answers /healthz (its processes recorded)."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        serve = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--no-demo", "--port", str(port)],
            cwd=ROOT,
            env=serve_env(tmp_path / "data", database_url),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert serve.poll() is None, log.read_text()[-3000:]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as page:
                if page.status == 200:
                    return serve, port, log
        except OSError:
            pass
        time.sleep(0.3)
    os.killpg(serve.pid, signal.SIGKILL)
    pytest.fail("serve did not answer /healthz within 180s:\n" + log.read_text()[-3000:])


def worker_processes(serve_pid: int, expected: int = 7, timeout: float = 60) -> set[int]:
    """gunicorn (master + 2 workers) and Celery (worker + beat + 2 pool processes), once up."""
    deadline = time.monotonic() + timeout
    while len(found := descendants(serve_pid)) < expected and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.mark.worker
def test_sigterm_stops_the_web_server_and_the_worker_and_exits_0(scratch_database, tmp_path):
    serve, port, log = start_serve(scratch_database, tmp_path)
    started = worker_processes(serve.pid)
    serve.send_signal(signal.SIGTERM)
    assert serve.wait(timeout=60) == 0, log.read_text()[-3000:]
    assert not wait_gone(started)
    assert port_is_free(port)
    output = log.read_text()
    assert "stopping (SIGTERM)" in output
    assert "stopped; data kept in" in output


@pytest.mark.worker
def test_serve_stops_the_rest_and_exits_1_when_the_web_server_dies(scratch_database, tmp_path):
    serve, port, log = start_serve(scratch_database, tmp_path)
    started = worker_processes(serve.pid)
    gunicorn = next(
        pid
        for pid in started
        if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
        and descendants(pid)  # the master, not one of its workers
    )
    os.kill(gunicorn, signal.SIGKILL)
    assert serve.wait(timeout=60) == 1, log.read_text()[-3000:]
    assert not wait_gone(started)
    assert port_is_free(port)
    assert "gunicorn exited unexpectedly (killed by SIGKILL)" in log.read_text()
