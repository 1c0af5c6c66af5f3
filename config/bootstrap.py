"""One-command set-up for a fresh machine with nothing but Python (CPython 3.11 to 3.14).

    python3 config/bootstrap.py run     # install, migrate, load data, serve on :8000 + worker
    python3 config/bootstrap.py test    # install test tools (and Chromium), run the whole suite

Standard library only: it creates .venv, installs the project's pinned dependencies into it,
fetches the pinned front-end libraries, then hands over to the venv's Python. Extra arguments
after `test` go to pytest; after `run` to `manage.py serve` (see `manage.py serve --help`).
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
CONSTRAINTS = ROOT / "config" / "constraints.txt"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))

# Where the pinned set (config/constraints.txt) installs from binary wheels alone; checked
# against PyPI for every pair by tests/test_constraints.py and stated in README.md.
SUPPORTED_PYTHONS = ((3, 11), (3, 12), (3, 13), (3, 14))
SUPPORTED_MACHINES = ("x86_64", "aarch64")  # Linux
SUPPORTED_GLIBC = (2, 28)  # the oldest glibc checked for: wheels up to manylinux_2_28


def supported_summary() -> str:
    """The supported set in words, as README.md states it."""
    first, last = (".".join(map(str, v)) for v in (SUPPORTED_PYTHONS[0], SUPPORTED_PYTHONS[-1]))
    return f"CPython {first} to {last} on Linux {' and '.join(SUPPORTED_MACHINES)}"


def say(message: str) -> None:
    print(f"[bootstrap] {message}", flush=True)


def run(*args: str | Path, **kwargs) -> None:
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)  # noqa: S603


def check_python(version: tuple[int, int] | None = None, machine: str | None = None) -> None:
    """Refuse a Python too old to run the product; warn on one the pins were not checked for."""
    version = version or (sys.version_info[0], sys.version_info[1])
    machine = machine or platform.machine()
    found = ".".join(map(str, version))
    if version < SUPPORTED_PYTHONS[0]:
        oldest = ".".join(map(str, SUPPORTED_PYTHONS[0]))
        sys.exit(
            f"Python {oldest} or newer is needed (found {found}); supported: {supported_summary()}"
        )
    if (
        version > SUPPORTED_PYTHONS[-1]
        or sys.implementation.name != "cpython"
        or sys.platform != "linux"
        or machine not in SUPPORTED_MACHINES
    ):
        here = f"{platform.python_implementation()} {found} on {platform.system()} {machine}"
        say(
            f"warning: {here} is untested. The pinned dependencies are checked to install from "
            f"wheels on {supported_summary()}; elsewhere pip may have to build some from source "
            "(a C compiler and headers) or fail. If it fails, use one of those."
        )


def ensure_venv(extras: str) -> None:
    """Create .venv and install dependencies, skipping the install when nothing changed."""
    check_python()
    if not PYTHON.exists():
        say("creating .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    spec = (ROOT / "pyproject.toml").read_bytes()
    if CONSTRAINTS.exists():
        spec += CONSTRAINTS.read_bytes()
    stamp = VENV / f".installed-{extras or 'base'}-{hashlib.sha256(spec).hexdigest()[:16]}"
    if stamp.exists():
        return
    say(f"installing dependencies ({extras or 'runtime'})")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    cmd = [PYTHON, "-m", "pip", "install", "--quiet"]
    if CONSTRAINTS.exists():
        cmd += ["-c", CONSTRAINTS]
    run(*cmd, target)
    for old in VENV.glob(f".installed-{extras or 'base'}-*"):
        old.unlink()
    stamp.touch()


def ensure_vendor() -> None:
    run(PYTHON, "-m", "config.vendor")


def ensure_chromium() -> None:
    """Browser tests drive Debian's Chromium; install it when missing and we can."""
    if CHROMIUM.exists():
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        say("installing chromium with apt-get")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "chromium", env=env)
    else:
        say(f"Chromium not found at {CHROMIUM}: browser tests will skip (and fail under CI=true)")


REDIS_SERVERS = ("/usr/bin/redis-server", "/usr/sbin/redis-server", "/usr/local/bin/redis-server")
# Debian's maintainer scripts start an installed service unless this says no (exit 101):
# the tests start their own redis-server, on a free port, only for the run.
NO_SERVICE_START = Path("/usr/sbin/policy-rc.d")


def ensure_redis_server() -> None:
    """With no REDIS_URL the worker and fault tests use a redis-server the run starts itself
    (tests/private_redis.py); install Debian's package when missing and we can."""
    if os.environ.get("REDIS_URL") or shutil.which("redis-server"):
        return
    if any(os.access(path, os.X_OK) for path in REDIS_SERVERS):
        return
    if not (shutil.which("apt-get") and os.geteuid() == 0):
        say("redis-server not found: worker tests will skip (and fail under CI=true)")
        return
    say("installing redis-server with apt-get (not started as a service)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    placed = not NO_SERVICE_START.exists()
    if placed:
        NO_SERVICE_START.write_text("#!/bin/sh\nexit 101\n")
        NO_SERVICE_START.chmod(0o755)
    try:
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "redis-server", env=env)
    finally:
        if placed:
            NO_SERVICE_START.unlink()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    os.chdir(ROOT)
    if command == "run":
        ensure_venv("")
        ensure_vendor()
        os.execv(PYTHON, [str(PYTHON), "manage.py", "serve", *rest])  # noqa: S606
    # bench: the load test's client (locust), which tests/test_bench_load.py runs briefly.
    ensure_venv("test,bench")
    ensure_vendor()
    ensure_chromium()
    ensure_redis_server()
    os.execv(PYTHON, [str(PYTHON), "-m", "pytest", *rest])  # noqa: S606
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
