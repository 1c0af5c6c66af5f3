"""Backup and restore of the whole PostgreSQL database (manage.py backup / restore).

A backup is `pg_dump --format=custom` of the database Django uses, written to a temporary
name and renamed when complete, so a file under the final name is never half-written.

A restore checks the file before touching anything: it must read to its end (a truncated
or corrupt file is refused), and its schema must be one this code knows (a backup with
migrations this code lacks, i.e. from a newer version, is refused; an older one is restored
and `migrate` brings it up to date). It then replaces the database's public schema in one
transaction: the old contents are dropped and the backup loaded between BEGIN and COMMIT,
so any failure leaves the database exactly as it was.

The PostgreSQL client programs come from PG_BIN_DIR, else from PATH; they must be at least
the server's major version (docs/operations.md, "Backup and restore").
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.exceptions import DomainError

CHUNK = 1 << 20


class BackupRefused(DomainError):
    """A backup or restore that was not done; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size_bytes: int
    seconds: float


@dataclass(frozen=True)
class SchemaCheck:
    migrations: frozenset[tuple[str, str]]
    missing: tuple[tuple[str, str], ...]  # known to the code, not yet in the backup


def pg_program(name: str) -> str:
    """The path of a PostgreSQL client program: PG_BIN_DIR first, then the embedded
    PostgreSQL's own programs of the server's major version (the wheel ships them; a
    machine's older pg_dump refuses a newer server), then PATH."""
    bin_dir = os.environ.get("PG_BIN_DIR")
    candidate = Path(bin_dir, name) if bin_dir else None
    if candidate and candidate.exists():
        return str(candidate)
    shipped = _shipped_program(name)
    if shipped:
        return shipped
    found = shutil.which(name)
    if not found:
        raise BackupRefused(
            f"{name} was not found: install the PostgreSQL client programs "
            "(e.g. apt-get install postgresql-client) or set PG_BIN_DIR."
        )
    return found


def _shipped_program(name: str) -> str | None:
    """`name` from the embedded PostgreSQL wheel, for the major version the server runs."""
    from django.db import connection

    try:
        from config.embedded import postgres_versions

        versions = postgres_versions()
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version_num")
            major = int(cursor.fetchone()[0]) // 10000
    except Exception:  # noqa: BLE001 - no wheel, or no server to ask: fall back to PATH
        return None
    bin_path = versions.get(major)
    program = Path(bin_path, name) if bin_path else None
    return str(program) if program and program.exists() else None


def libpq_env(db: dict[str, Any]) -> dict[str, str]:
    """The environment telling libpq programs which database to reach (Django's settings)."""
    options = db.get("OPTIONS") or {}
    values = {
        "PGHOST": db.get("HOST") or options.get("host") or "",
        "PGPORT": str(db.get("PORT") or options.get("port") or ""),
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGDATABASE": db.get("NAME") or "",
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG") or k == "PG_BIN_DIR"}
    env.update({k: v for k, v in values.items() if v})
    return env


def _fail(what: str, result: subprocess.CompletedProcess) -> BackupRefused:
    lines = (result.stderr or "").strip().splitlines()
    return BackupRefused(f"{what} ({lines[-1] if lines else f'exit status {result.returncode}'})")


def backup(db: dict[str, Any], path: Path) -> BackupResult:
    """Write a complete backup of the database to `path` (never a partial file there)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603 - fixed program, arguments are ours
        [pg_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "-f", partial],
        env=libpq_env(db),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise _fail(f"The backup of {db.get('NAME')} failed; nothing was written", result)
    partial.replace(path)
    return BackupResult(path, path.stat().st_size, time.perf_counter() - started)


def _migrations_in(path: Path) -> frozenset[tuple[str, str]]:
    result = subprocess.run(  # noqa: S603
        [pg_program("pg_restore"), "--data-only", "--table=django_migrations", "-f", "-", path],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise _fail(f"{path} is not a backup this command can read", result)
    rows, copying = set(), False
    for line in result.stdout.splitlines():
        if line.startswith("COPY ") and "django_migrations" in line:
            copying = True
        elif copying and line == "\\.":
            break
        elif copying:
            _id, app, name, *_ = line.split("\t")
            rows.add((app, name))
    return frozenset(rows)


def check_backup(path: Path) -> SchemaCheck:
    """Refuse a file that is not a complete backup of a schema this code knows."""
    from django.db.migrations.loader import MigrationLoader

    if not path.is_file():
        raise BackupRefused(f"{path} does not exist.")
    whole = subprocess.run(  # noqa: S603 - reads every block: a truncated file fails here
        [pg_program("pg_restore"), "-f", os.devnull, path], capture_output=True, text=True
    )
    if whole.returncode != 0:
        raise _fail(
            f"{path} is not a complete backup (truncated or damaged); nothing changed", whole
        )
    migrations = _migrations_in(path)
    if not migrations:
        raise BackupRefused(
            f"{path} holds no django_migrations table: it is not a backup of this product."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(migrations - known)
    if unknown:
        listed = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupRefused(
            f"{path} comes from a newer schema than this code ({len(unknown)} migration(s) "
            f"it does not know: {listed}). Restore it with the version of the code that made "
            "it; nothing changed."
        )
    return SchemaCheck(frozenset(migrations), tuple(sorted(known - migrations)))


def restore(db: dict[str, Any], path: Path) -> SchemaCheck:
    """Replace the database's contents with the backup, in one transaction (see module doc)."""
    check = check_backup(path)
    env = libpq_env(db)
    psql = subprocess.Popen(  # noqa: S603
        [pg_program("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", os.devnull],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    dump = subprocess.Popen(  # noqa: S603
        [pg_program("pg_restore"), "--no-owner", "--no-privileges", "-f", "-", path],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert psql.stdin is not None and dump.stdout is not None
    try:
        psql.stdin.write(b"BEGIN;\nDROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n")
        while chunk := dump.stdout.read(CHUNK):
            psql.stdin.write(chunk)
        dumped = dump.wait()
        # COMMIT only after the whole backup was read; otherwise the open transaction is
        # rolled back when psql disconnects.
        psql.stdin.write(b"COMMIT;\n" if dumped == 0 else b"ROLLBACK;\n")
        psql.stdin.close()
    except BrokenPipeError:  # psql stopped at an error (ON_ERROR_STOP): rolled back
        dump.kill()
        dump.wait()
        dumped = dump.returncode
    loaded = psql.wait()
    errors = (psql.stderr.read() if psql.stderr else b"").decode(errors="replace").strip()
    dump_errors = (dump.stderr.read() if dump.stderr else b"").decode(errors="replace").strip()
    if dumped != 0 or loaded != 0:
        detail = (errors or dump_errors or f"exit status {loaded or dumped}").splitlines()[-1]
        raise BackupRefused(
            f"The restore of {path} into {db.get('NAME')} failed and was rolled back; nothing "
            f"changed ({detail})."
        )
    return check
