"""Time manage.py backup (and optionally restore) of a large database: prints the figures.

Usage (PostgreSQL on 127.0.0.1; a benchmark database such as bench/generate_big_db.py's):

    .venv/bin/python bench/backup_bench.py --database ct_bench [--restore]

--restore also restores the backup into a new scratch database (dropped afterwards) and
checks that the article count came back. Figures and method: docs/operations.md, "Backup
and restore".
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent


def url(database: str, host: str, user: str) -> str:
    return f"postgresql://{user}@{host}:5432/{database}"


def manage(database_url: str, *args: str) -> float:
    env = {**os.environ, "DATABASE_URL": database_url}
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603
    return time.perf_counter() - started


def articles(conninfo: str) -> int:
    with psycopg.connect(conninfo) as conn:
        return conn.execute("SELECT count(*) FROM articles_article").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="ct_bench")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--user", default="postgres")
    parser.add_argument("--restore", action="store_true", help="also time a restore")
    args = parser.parse_args()
    source = url(args.database, args.host, args.user)
    with psycopg.connect(source) as conn:
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    count = articles(source)
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder, "bench.dump")
        seconds = manage(source, "backup", "--output", str(dump))
        print(
            f"backup: {count:,} articles, database {size / 1e9:.2f} GB → "
            f"file {dump.stat().st_size / 1e9:.2f} GB in {seconds:.1f} s"
        )
        if args.restore:
            scratch = f"ct_restore_bench_{uuid.uuid4().hex[:6]}"
            admin = url("postgres", args.host, args.user)
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{scratch}"')
            try:
                seconds = manage(url(scratch, args.host, args.user), "restore", str(dump))
                restored = articles(url(scratch, args.host, args.user))
                print(f"restore: {restored:,} articles back in {seconds:.1f} s")
                assert restored == count, "articles lost in the restore"
            finally:
                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


if __name__ == "__main__":
    main()
