"""config/constraints.txt installs from binary wheels on every supported Python and machine.

For each CPython version and Linux machine in config/bootstrap.py, the running interpreter's
pip resolves what `pip install -c config/constraints.txt '.[test,bench]'` installs there,
wheels only, from PyPI itself: this machine's pip configuration (extra indexes, local wheel
folders, global constraints) is left out. The eight resolutions run at once, each in its own
pip process. Needs PyPI: skips without it, fails under CI=true.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from config.bootstrap import (
    CONSTRAINTS,
    ROOT,
    SUPPORTED_GLIBC,
    SUPPORTED_MACHINES,
    SUPPORTED_PYTHONS,
    supported_summary,
)
from tests.conftest import require_service

INDEX = "https://pypi.org/simple"
TIMEOUT = 300  # seconds for one resolution (they run in parallel)
TARGETS = [
    (f"{major}.{minor}", machine)
    for major, minor in SUPPORTED_PYTHONS
    for machine in SUPPORTED_MACHINES
]
# Kept from the environment: how to reach the network. Every other PIP_* setting goes.
PIP_NETWORK_SETTINGS = {
    "PIP_CERT",
    "PIP_CLIENT_CERT",
    "PIP_PROXY",
    "PIP_DEFAULT_TIMEOUT",
    "PIP_RETRIES",
}
NETWORK_TROUBLE = re.compile(r"Retrying \(Retry\(|Could not fetch URL|connection broken|timed out")

# pip takes wheel tags from --python-version/--platform but evaluates the environment markers
# of requirements (`tomli; python_version < "3.11"`) for the interpreter running it; this
# makes them describe the target too. python_full_version is the line's first release.
PIP_FOR_TARGET = """
import sys
from pip._vendor.packaging import markers

python, machine = sys.argv.pop(1), sys.argv.pop(1)
host_environment = markers.default_environment

def target_environment():
    return {
        **host_environment(),
        "python_version": python,
        "python_full_version": python + ".0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "platform_machine": machine,
        "platform_system": "Linux",
        "sys_platform": "linux",
        "os_name": "posix",
    }

markers.default_environment = target_environment
from pip._internal.cli.main import main

sys.exit(main())
"""


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def project_requirements() -> list[str]:
    """What '.[test,bench]' asks for: the project's dependencies and those two extras.

    Given as requirements rather than as '.', which pip would build: eight builds at once
    writing one egg-info folder into the working tree.
    """
    extras = project()["optional-dependencies"]
    return [*project()["dependencies"], *extras["test"], *extras["bench"]]


def pin_lines() -> list[str]:
    """config/constraints.txt's pins, comments left out."""
    lines = (line.split("#")[0].strip() for line in CONSTRAINTS.read_text().splitlines())
    return [line for line in lines if line]


def package(requirement: str) -> str:
    """The normalised name in `requirement` ("zope.event==6.2" -> "zope-event")."""
    return canonicalize_name(re.split(r"[=<>!~ ;\[]", requirement, maxsplit=1)[0])


def pinned_names() -> set[str]:
    return {package(line) for line in pin_lines()}


def linux_platforms(machine: str) -> list[str]:
    """The wheel platform tags pip accepts on Linux `machine` with glibc SUPPORTED_GLIBC.

    Given --platform, pip takes only the tags given (not the older manylinux ones a real glibc
    accepts too), so all are listed, newest first.
    """
    major, newest = SUPPORTED_GLIBC
    oldest = 5 if machine in ("x86_64", "i686") else 17  # manylinux1 / manylinux2014
    tags = [f"manylinux_{major}_{minor}_{machine}" for minor in range(newest, oldest - 1, -1)]
    legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
    tags += [f"{name}_{machine}" for minor, name in legacy.items() if minor >= oldest]
    return [*tags, f"linux_{machine}"]


def resolve(python: str, machine: str, report: Path) -> tuple[int, str]:
    """pip's dry-run install for one target: its exit status and output (-1 on a timeout)."""
    command = [sys.executable, "-c", PIP_FOR_TARGET, python, machine, "install", "--dry-run"]
    command += ["--ignore-installed", "--only-binary=:all:", "--disable-pip-version-check"]
    command += ["--progress-bar=off", "--index-url", INDEX, "--report", str(report)]
    command += ["--python-version", python, "--implementation", "cp"]
    for tag in linux_platforms(machine):
        command += ["--platform", tag]
    command += ["-c", str(CONSTRAINTS), *project_requirements()]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env |= {k: v for k, v in os.environ.items() if k in PIP_NETWORK_SETTINGS}
    env["PIP_CONFIG_FILE"] = os.devnull
    try:
        done = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return -1, f"no answer within {TIMEOUT}s"
    return done.returncode, done.stdout + done.stderr


def unresolved(output: str) -> str:
    """The packages pip found no usable wheel for (with their pins), or its last error line."""
    names = re.findall(r"No matching distribution found for (\S+)", output)
    listed = re.search(r"available for your environment:\n((?:[ \t]+\S+\n?)+)", output)
    names += listed.group(1).split() if listed else []
    if not names:
        errors = [line for line in output.splitlines() if line.startswith("ERROR:")]
        return errors[-1] if errors else "a package pip did not name (see its output)"
    pins = {package(line): line for line in pin_lines()}
    found = dict.fromkeys(package(name) for name in names)
    return ", ".join(f"{name} ({pins[name]})" if name in pins else name for name in found)


@pytest.fixture(scope="module")
def resolutions() -> dict[tuple[str, str], tuple[int, str, set[str]]]:
    """Every target resolved at once: exit status, pip's output, the names it would install."""
    try:
        urllib.request.urlopen(f"{INDEX}/pip/", timeout=15).close()  # noqa: S310 - fixed https URL
    except (urllib.error.URLError, OSError) as exc:
        require_service(f"PyPI ({INDEX}) unreachable: {exc}")
    with tempfile.TemporaryDirectory(prefix="ct-constraints-") as folder:
        reports = {target: Path(folder) / f"{target[0]}-{target[1]}.json" for target in TARGETS}
        with ThreadPoolExecutor(max_workers=len(TARGETS)) as pool:
            futures = {t: pool.submit(resolve, *t, reports[t]) for t in TARGETS}
            results = {}
            for target, future in futures.items():
                status, output = future.result()
                names = set()
                if status == 0:
                    installs = json.loads(reports[target].read_text())["install"]
                    names = {canonicalize_name(item["metadata"]["name"]) for item in installs}
                results[target] = (status, output, names)
    return results


@pytest.mark.parametrize(("python", "machine"), TARGETS)
def test_pinned_set_installs_from_wheels(resolutions, python, machine):
    status, output, _ = resolutions[(python, machine)]
    # Without an answer, or with pip retrying its connections, "no version found" means no network.
    if status == -1 or (status != 0 and NETWORK_TROUBLE.search(output)):
        require_service(f"PyPI answered pip badly for {python} on {machine}: {output[-500:]}")
    assert status == 0, (
        f"CPython {python} on Linux {machine}: no wheel resolves for {unresolved(output)}"
        f"\n{output[-3000:]}"
    )


@pytest.mark.parametrize(("python", "machine"), TARGETS)
def test_every_installed_package_is_pinned(resolutions, python, machine):
    status, _, names = resolutions[(python, machine)]
    if status != 0:
        pytest.skip("did not resolve (see test_pinned_set_installs_from_wheels)")
    missing = sorted(names - pinned_names())
    assert not missing, (
        f"CPython {python} on Linux {machine} installs {', '.join(missing)} unpinned: add a "
        "pin (with a marker if only that target needs it) to config/constraints.txt"
    )


@pytest.mark.parametrize("version", SUPPORTED_PYTHONS)
def test_project_accepts_every_supported_python(version):
    assert SpecifierSet(project()["requires-python"]).contains("{}.{}.0".format(*version))


def test_readme_states_the_supported_set():
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert supported_summary() in readme, f"README.md should say {supported_summary()!r}"
