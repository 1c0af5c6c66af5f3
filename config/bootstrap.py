"""One-command set-up for a fresh machine with nothing but Python 3.11+.

    python3 config/bootstrap.py run     # install, migrate, load data, serve on :8000 + worker
    python3 config/bootstrap.py test    # install test tools (and Chromium), run the whole suite

Standard library only: it creates .venv, installs the project's pinned dependencies into it,
fetches the pinned front-end libraries, then hands over to the venv's Python. Extra arguments
after `test` go to pytest; after `run` to `manage.py serve` (see `manage.py serve --help`).
"""

from __future__ import annotations

import hashlib
import os
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


def say(message: str) -> None:
    print(f"[bootstrap] {message}", flush=True)


def run(*args: str | Path, **kwargs) -> None:
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)  # noqa: S603


def ensure_venv(extras: str) -> None:
    """Create .venv and install dependencies, skipping the install when nothing changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs under any system python
        found = ".".join(map(str, sys.version_info[:2]))
        sys.exit(f"Python 3.11 or newer is needed (found {found})")
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
    os.execv(PYTHON, [str(PYTHON), "-m", "pytest", *rest])  # noqa: S606
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
