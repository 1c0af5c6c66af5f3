"""manage.py backup / restore as an operator runs them: a populated database (demo data, editor
decisions, status changes, milestones, the audit trail) restored into a fresh one loses or
changes no row, and the product works on it; bad backups are refused and change nothing.

Every step runs the real commands in subprocesses against scratch databases on the test
server (never the development database).
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests import db_support
from tests.conftest import child_env

ROOT = Path(__file__).resolve().parent.parent

# Editor work on top of the demo, through the services (each writes its audit record).
EDITOR_WORK = """
import datetime as dt
from django.contrib.auth import get_user_model
from articles.models import ArticleLink
from articles.services import confirm_link, reject_link
from initiatives.models import Initiative
from initiatives.services import add_milestone
editor = get_user_model().objects.create_user("restore-editor", password="x" * 20)
links = list(ArticleLink.objects.filter(state="suggested").order_by("pk")[:6])
assert len(links) >= 4, "the demo needs suggested links to decide"
for link in links[:3]:
    confirm_link(link, by=editor)
for link in links[3:]:
    reject_link(link, by=editor)
initiative = Initiative.objects.order_by("pk").first()
add_milestone(initiative, date=dt.date(2026, 3, 1), title="Restored milestone", by=editor)
print("ok")
"""

# The overview, a search and an initiative page, answered from the restored database.
PRODUCT_WORKS = """
from django.test import Client
from initiatives.models import Initiative
client = Client(SERVER_NAME="127.0.0.1")
slug = Initiative.objects.order_by("pk").first().slug
for path in ("/", "/search/?q=railway", f"/initiatives/{slug}/", "/api/v1/initiatives/"):
    response = client.get(path)
    print(path, response.status_code, len(response.content))
"""


# Row count and a digest of every row as text, in a fixed order (table names come from the
# catalogue, not from input).
ROWS_DIGEST = (
    "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
    'FROM "{table}" t'
)


def manage(database: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = child_env(DATABASE_URL=db_support.database_url(dbname=database))
    env.pop("TEST_DATABASE_NAME", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check:
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result


def create_database(name: str) -> None:
    with db_support.connect(dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with db_support.connect(dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fingerprint(database: str) -> dict[str, tuple[int, str]]:
    """Every table of the database: (row count, md5 of all its rows in a fixed order)."""
    with db_support.connect(dbname=database) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        result = {}
        for table in tables:
            count, digest = conn.execute(ROWS_DIGEST.format(table=table)).fetchone()
            result[table] = (count, digest)
    return result


@pytest.fixture(scope="module")
def scratch(django_db_blocker):
    """Database names made for this module, dropped at the end."""
    names: list[str] = []

    def make(label: str, *, create: bool = True) -> str:
        name = f"ct_backup_{label}_{uuid.uuid4().hex[:6]}"
        names.append(name)
        if create:
            with django_db_blocker.unblock():
                create_database(name)
        return name

    yield make
    with django_db_blocker.unblock():
        for name in names:
            drop_database(name)


@pytest.fixture(scope="module")
def populated(scratch, django_db_blocker):
    """A migrated database with the demo and an editor's decisions on it."""
    name = scratch("source")
    with django_db_blocker.unblock():
        manage(name, "migrate", "--noinput", "-v0")
        manage(name, "load_catalogue")
        manage(name, "load_demo")
        assert manage(name, "shell", "-c", EDITOR_WORK).stdout.strip().endswith("ok")
    return name


@pytest.fixture(scope="module")
def backup_file(populated, tmp_path_factory, django_db_blocker) -> Path:
    path = tmp_path_factory.mktemp("backups") / "tracker.dump"
    with django_db_blocker.unblock():
        out = manage(populated, "backup", "--output", str(path)).stdout
    assert f"to {path}" in out and " MB in " in out
    return path


def test_a_restored_database_has_every_row_of_the_original(
    populated, backup_file, scratch, django_db_blocker
):
    target = scratch("restored")
    with django_db_blocker.unblock():
        out = manage(target, "restore", str(backup_file)).stdout
        assert f"Restored {backup_file} into {target}." in out
        original, restored = fingerprint(populated), fingerprint(target)
    assert restored == original
    # The editorial record is really there (not two empty databases agreeing).
    for table in (
        "initiatives_initiative",
        "initiatives_alias",
        "initiatives_auditevent",
        "initiatives_milestone",
        "articles_articlelink",
        "articles_article",
    ):
        assert original[table][0] > 0, table


def test_the_product_works_on_the_restored_database(
    populated, backup_file, scratch, django_db_blocker
):
    target = scratch("working")
    with django_db_blocker.unblock():
        manage(target, "restore", str(backup_file))
        manage(target, "migrate", "--check")  # nothing left to apply
        pages = manage(target, "shell", "-c", PRODUCT_WORKS).stdout.strip().splitlines()
        with db_support.connect(dbname=target) as conn:
            decided = conn.execute(
                "SELECT count(*) FROM articles_articlelink WHERE decided_by_id IS NOT NULL"
            ).fetchone()[0]
    statuses = {line.split()[0]: int(line.split()[1]) for line in pages if line[:1] == "/"}
    assert len(statuses) == 4, pages
    assert set(statuses.values()) == {200}, pages
    assert decided >= 6  # the editor's confirmations and rejections came back


def test_restoring_over_a_database_needs_yes_and_replaces_it_whole(
    backup_file, scratch, django_db_blocker
):
    target = scratch("over")
    with django_db_blocker.unblock():
        manage(target, "restore", str(backup_file))
        with db_support.connect(dbname=target, autocommit=True) as conn:
            conn.execute("DELETE FROM initiatives_milestone WHERE title = 'Restored milestone'")
        refused = manage(target, "restore", str(backup_file), check=False)
        assert refused.returncode != 0 and "Run again with --yes" in refused.stderr
        manage(target, "restore", str(backup_file), "--yes")
        with db_support.connect(dbname=target) as conn:
            back = conn.execute(
                "SELECT count(*) FROM initiatives_milestone WHERE title = 'Restored milestone'"
            ).fetchone()[0]
    assert back == 1


def test_a_truncated_backup_is_refused_and_nothing_changes(
    backup_file, scratch, django_db_blocker, tmp_path
):
    truncated = tmp_path / "cut.dump"
    data = backup_file.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    target = scratch("truncated")
    with django_db_blocker.unblock():
        manage(target, "restore", str(backup_file))
        before = fingerprint(target)
        result = manage(target, "restore", str(truncated), "--yes", check=False)
        after = fingerprint(target)
    assert result.returncode != 0
    assert "is not a complete backup (truncated or damaged); nothing changed" in result.stderr
    assert after == before


def test_a_backup_from_a_newer_schema_is_refused_and_nothing_changes(
    populated, scratch, django_db_blocker, tmp_path
):
    future = scratch("future", create=False)  # a copy of the populated one, below
    with django_db_blocker.unblock():
        with db_support.connect(dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{future}" TEMPLATE "{populated}"')
        with db_support.connect(dbname=future, autocommit=True) as conn:
            conn.execute(
                "INSERT INTO django_migrations (app, name, applied) "
                "VALUES ('initiatives', '9999_from_a_later_release', now())"
            )
        newer = tmp_path / "newer.dump"
        manage(future, "backup", "--output", str(newer))
        target = scratch("target")
        manage(target, "migrate", "--noinput", "-v0")
        before = fingerprint(target)
        result = manage(target, "restore", str(newer), "--yes", check=False)
        after = fingerprint(target)
    assert result.returncode != 0
    assert "comes from a newer schema than this code" in result.stderr
    assert "initiatives.9999_from_a_later_release" in result.stderr
    assert after == before


def test_a_file_that_is_not_a_backup_is_refused(scratch, django_db_blocker, tmp_path):
    bogus = tmp_path / "notes.dump"
    bogus.write_text("these are not the rows you are looking for\n")
    target = scratch("bogus")
    with django_db_blocker.unblock():
        result = manage(target, "restore", str(bogus), check=False)
    assert result.returncode != 0
    assert "is not a complete backup" in result.stderr


def test_check_only_reads_the_file(backup_file, scratch, django_db_blocker):
    target = scratch("check")
    with django_db_blocker.unblock():
        out = manage(target, "restore", str(backup_file), "--check").stdout
        tables = fingerprint(target)
    assert "is a complete backup" in out and tables == {}


def test_a_load_that_fails_half_way_is_rolled_back(
    backup_file, scratch, django_db_blocker, tmp_path, monkeypatch
):
    """The second line on its own: with the file check bypassed, a backup cut in half starts
    loading, fails, and the transaction leaves the database as it was."""

    from config import backup as backup_module

    cut = tmp_path / "half.dump"
    data = backup_file.read_bytes()
    cut.write_bytes(data[: len(data) * 3 // 4])
    target = scratch("rollback")
    with django_db_blocker.unblock():
        manage(target, "restore", str(backup_file))
        before = fingerprint(target)
        monkeypatch.setattr(backup_module, "check_backup", lambda path: None)
        with pytest.raises(backup_module.BackupRefused, match="failed and was rolled back"):
            backup_module.restore(db_support.django_settings(dbname=target), cut)
        after = fingerprint(target)
    assert after == before and after["initiatives_initiative"][0] > 0
