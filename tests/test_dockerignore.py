"""The image is built from the product only: the build context, read as docker reads it.

docker-py's own context builder (`docker.utils.build.exclude_paths`) applies .dockerignore
with docker's matching rules, so what this test sees is what `docker build` would send.
"""

from __future__ import annotations

import re
import shutil
import uuid
from pathlib import Path

from docker.utils.build import exclude_paths

ROOT = Path(__file__).resolve().parents[1]
NEEDED = (
    "manage.py",
    "config/settings.py",
    "config/vendor.py",
    "articles/models.py",
    "initiatives/models.py",
    "templates/base.html",
)
NEVER = (".git", ".venv", ".data", "tests", "bench", "node_modules", "static/vendor")


def _context() -> set[str]:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    return set(exclude_paths(str(ROOT), patterns))


def test_the_build_context_holds_no_local_environment_data_or_tests(tmp_path):
    context = _context()
    leaked = sorted(
        path
        for path in context
        if any(path == top or path.startswith(top + "/") for top in NEVER)
        or "__pycache__" in path
        or path.endswith((".pyc", ".sqlite3", ".dump", ".sql", ".log"))
    )
    assert leaked == []


def test_the_build_context_holds_everything_the_dockerfile_copies_and_the_app_needs():
    context = _context()
    dockerfile = (ROOT / "config" / "Dockerfile").read_text()
    copied = [
        source
        for line in re.findall(r"^COPY\s+(.+)$", dockerfile, flags=re.MULTILINE)
        for source in line.split()[:-1]
        if source != "."
    ]
    assert copied, "the Dockerfile copies named files"
    for source in copied:
        assert source in context, f"the Dockerfile copies {source}, excluded from the context"
    for needed in NEEDED:
        assert needed in context, needed
    assert any(path.startswith("static/css/") for path in context)
    assert any(path.startswith("articles/migrations/") for path in context)


def test_a_local_data_folder_is_kept_out_whatever_it_holds():
    # A folder of its own under .data: nothing else (the embedded PostgreSQL of a test run
    # going on beside this one) looks at it.
    probe = ROOT / ".data" / f"dockerignore-probe-{uuid.uuid4().hex[:8]}"
    probe.mkdir(parents=True)
    try:
        (probe / "dump.sql").write_text("-- a local database dump\n")
        assert not any(path.startswith(".data") for path in _context())
    finally:
        shutil.rmtree(probe, ignore_errors=True)
