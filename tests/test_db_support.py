"""A test's own database connection reaches the server Django uses, in every mode.

With the embedded PostgreSQL (no DATABASE_URL) the server listens on a socket directory only;
a connection built from an empty host and port 5432 reaches the machine's default server, or
nothing. Both halves below fail if a test does that.
"""

from __future__ import annotations

import ast
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.db import connection

from tests import db_support

TESTS = Path(__file__).resolve().parent
IDENTITY = "SELECT current_database(), pg_postmaster_start_time(), current_setting('port')"


@pytest.mark.django_db
def test_a_tests_own_connection_reaches_djangos_server_and_database():
    with connection.cursor() as cursor:
        cursor.execute(IDENTITY)
        expected = cursor.fetchone()
    with db_support.connect() as conn:
        assert conn.execute(IDENTITY).fetchone() == expected
    with psycopg.connect(db_support.database_url()) as conn:
        assert conn.execute(IDENTITY).fetchone() == expected


@pytest.mark.django_db
def test_a_subprocess_url_parses_to_djangos_own_settings():
    parsed = dj_database_url.parse(db_support.database_url())
    ours = connection.settings_dict
    host = ours["HOST"] or (ours.get("OPTIONS") or {}).get("host", "")
    assert parsed["NAME"] == ours["NAME"]
    assert parsed["USER"] == ours["USER"]
    assert (parsed["HOST"] or parsed.get("OPTIONS", {}).get("host", "")) == host


def _offences(path: Path) -> list[str]:
    """Places where a test reads Django's connection settings or spells a server address."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Attribute) and node.attr == "settings_dict":
            found.append(f"{path.name}:{node.lineno} reads connection.settings_dict")
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            if node.slice.value in {"HOST", "PORT"}:
                found.append(f"{path.name}:{node.lineno} reads a database {node.slice.value}")
        elif isinstance(node, ast.Constant) and node.value in (5432, "5432"):
            found.append(f"{path.name}:{node.lineno} assumes PostgreSQL's port 5432")
    return found


def test_no_test_builds_its_own_database_connection_parameters():
    """Every test takes them from tests/db_support.py (which reads Django's settings)."""
    exempt = {TESTS / "db_support.py", Path(__file__).resolve()}
    offences = [
        f"{path.relative_to(TESTS)}: {offence}"
        for path in sorted(TESTS.rglob("*.py"))
        if path not in exempt
        for offence in _offences(path)
    ]
    assert offences == [], "use tests.db_support instead:\n" + "\n".join(offences)


def test_the_check_itself_finds_a_hand_built_connection(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "from django.db import connection\n"
        "db = connection.settings_dict\n"
        "conn = psycopg.connect(host=db['HOST'], port=db['PORT'] or 5432)\n"
    )
    assert len(_offences(sample)) == 4
