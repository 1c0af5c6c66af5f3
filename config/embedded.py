"""The embedded default services: a real PostgreSQL 16 (pgserver) and a file-system broker.

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


def database_url() -> str:
    """Start (or reuse) the embedded PostgreSQL under .data/pgdata and return its URL."""
    warnings.filterwarnings("ignore", module="platformdirs")
    import pgserver

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process, so manage.py commands, the web
    # server and the worker share one cluster; `manage.py serve` stops it on Ctrl-C.
    server = pgserver.get_server(PGDATA, cleanup_mode=None)
    return server.get_uri()


def stop_database() -> None:
    """Stop the embedded PostgreSQL if it is running (keeps the data)."""
    if not (PGDATA / "postmaster.pid").exists():
        return
    from pgserver import _commands

    user = "pgserver" if os.geteuid() == 0 else None
    try:
        _commands.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user)
    except Exception as exc:  # noqa: BLE001 - reported, the caller is shutting down anyway
        print(f"embedded PostgreSQL did not stop cleanly: {exc}")


def broker_url() -> str:
    """A Celery broker needing no server: kombu's file-system transport under .data/broker."""
    for sub in ("in", "processed"):
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
    }
