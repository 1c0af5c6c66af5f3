"""Every log line says when, how bad and where from; JSON lines on request."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.logs import logging_config
from tests.conftest import child_env

ROOT = Path(__file__).resolve().parents[1]
EMIT = (
    "import django, logging; django.setup();"
    "log = logging.getLogger('articles.ingest.jobs'); log.warning('feed %s failed', 7)\n"
    "try:\n    1/0\nexcept ZeroDivisionError:\n    log.exception('boom')"
)


def _emit(**env: str) -> list[str]:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", EMIT],
        cwd=ROOT,
        env=child_env(DJANGO_SETTINGS_MODULE="config.settings", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr.splitlines()


def test_a_text_line_carries_time_level_and_logger_name():
    line = next(line for line in _emit(LOG_FORMAT="text") if "feed 7 failed" in line)
    assert re.match(
        r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} WARNING articles\.ingest\.jobs: feed 7 failed$",
        line,
    ), line


def test_json_lines_carry_the_same_and_the_traceback():
    records = [json.loads(line) for line in _emit(LOG_FORMAT="json") if line.startswith("{")]
    warning = next(r for r in records if r["message"] == "feed 7 failed")
    assert (warning["level"], warning["logger"]) == ("WARNING", "articles.ingest.jobs")
    assert warning["time"].endswith("+00:00")
    error = next(r for r in records if r["message"] == "boom")
    assert "ZeroDivisionError" in error["exception"]


def test_an_unknown_format_is_refused_by_name():
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT 'xml'"):
        logging_config("xml", "INFO")
