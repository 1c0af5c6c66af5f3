"""The wings and their allowed dependencies (docs/architecture.md) hold in the code.

import-linter reads every import of the project's packages and checks the layers declared
in pyproject.toml ([tool.importlinter]): config on top, then api / editorial / dashboard /
demo, then articles / accounts, then initiatives, then core. An import that runs back up
fails here, naming the chain of modules.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("config", "api", "editorial", "dashboard", "demo", "articles", "accounts",
            "initiatives", "core")  # fmt: skip
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_no_import_runs_against_the_declared_layers():
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "1 kept, 0 broken" in done.stdout


def test_the_check_fails_when_the_catalogue_imports_the_evidence(tmp_path):
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("migrations")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "initiatives" / "probe.py").write_text("from articles import models\n")
    (tmp_path / "core" / "probe.py").write_text("import editorial.services\n")

    done = _lint(tmp_path)

    assert done.returncode != 0
    assert "initiatives.probe -> articles.models" in done.stdout
    assert "core.probe -> editorial.services" in done.stdout
