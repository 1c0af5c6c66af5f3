"""Every command docker-compose.yml runs is run here, against real PostgreSQL and Redis.

There is no Docker engine on these machines, so the compose file cannot be started; instead
each service's command is taken from the file itself and executed with the same settings
(DEBUG off, DATABASE_URL, REDIS_URL) on 127.0.0.1.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest
import yaml

from tests import db_support
from tests.conftest import child_env, require_service
from tests.ports import free_port
from tests.private_redis import INSTALL_HINT

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def service_command(name: str) -> list[str]:
    return list(COMPOSE["services"][name]["command"])


def wait_for(url: str, timeout: float = 30) -> urllib.request.http.client.HTTPResponse:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            return urllib.request.urlopen(url, timeout=3)  # noqa: S310 - loopback only
        except Exception as exc:  # noqa: BLE001 - retried until the deadline
            last = exc
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout}s: {last}")


@pytest.fixture(scope="module")
def stack_env(tmp_path_factory, django_db_blocker):
    """Production-mode environment pointing at a scratch database migrated from zero."""
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        require_service(f"REDIS_URL is not set: the compose stack needs Redis; {INSTALL_HINT}")
    scratch = f"ct_compose_{uuid.uuid4().hex[:8]}"
    with db_support.connect(dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{scratch}"')
    database_url = db_support.database_url(dbname=scratch)
    static_root = tmp_path_factory.mktemp("static")
    env = {
        **child_env(),
        "DEBUG": "false",
        "SECRET_KEY": "compose-test-secret-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "STATIC_ROOT": str(static_root),
        "CT_DATA_DIR": str(tmp_path_factory.mktemp("data")),
    }
    yield env
    with db_support.connect(dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def run_shell_command(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    if command[:2] == ["sh", "-c"]:
        command = ["sh", "-c", command[2].replace("python ", f"{shlex.quote(sys.executable)} ")]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def migrated(stack_env):
    result = run_shell_command(service_command("migrate"), stack_env)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=stack_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collect.returncode == 0, collect.stderr[-2000:]
    return stack_env


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    exe = {
        "gunicorn": [sys.executable, "-m", "gunicorn"],
        "celery": [sys.executable, "-m", "celery"],
    }
    full = exe[command[0]] + command[1:]
    return subprocess.Popen(  # noqa: S603
        full,
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_web_service_serves_health_pages_and_compressed_static_files(migrated, tmp_path):
    port = free_port()
    command = [arg.replace("0.0.0.0:8000", f"127.0.0.1:{port}") for arg in service_command("web")]
    web = start(command, migrated, tmp_path / "web.log")
    try:
        health = wait_for(f"http://127.0.0.1:{port}/healthz")
        assert health.status == 200
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)  # noqa: S310
        html = page.read().decode()
        assert "Cooperation Tracker" in html
        css_path = html.split('href="/static/css/app.', 1)[1].split('"', 1)[0]
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/static/css/app.{css_path}",
            headers={"Accept-Encoding": "gzip"},
        )
        css = urllib.request.urlopen(request, timeout=10)  # noqa: S310
        assert css.headers["Content-Encoding"] == "gzip"
        assert "max-age" in css.headers["Cache-Control"]
    finally:
        stop(web)
    assert "Booting worker" in (tmp_path / "web.log").read_text()


def test_migrate_service_loads_the_catalogue(migrated):
    db_url = migrated["DATABASE_URL"]
    with psycopg.connect(db_url.replace("postgresql://", "postgresql://", 1)) as conn:
        applied = conn.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
        initiatives = conn.execute("SELECT count(*) FROM initiatives_initiative").fetchone()[0]
    assert applied > 20
    assert initiatives >= 10


def test_worker_service_answers_its_health_check(migrated, tmp_path):
    hostname = f"compose-{uuid.uuid4().hex[:6]}@127.0.0.1"
    command = service_command("worker") + ["--hostname", hostname, "--pool", "solo"]
    worker = start(command, migrated, tmp_path / "worker.log")
    try:
        health = COMPOSE["services"]["worker"]["healthcheck"]["test"][1]
        ping = health.replace("celery@$$HOSTNAME", hostname).replace(
            "celery ", f"{shlex.quote(sys.executable)} -m celery ", 1
        )
        deadline = time.monotonic() + 40
        while True:
            result = subprocess.run(
                ["sh", "-c", ping],
                cwd=ROOT,
                env=migrated,
                capture_output=True,
                text=True,
                timeout=60,
            )
            if result.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "pong" in result.stdout
    finally:
        stop(worker)


def test_beat_service_starts_and_keeps_its_schedule_file(migrated, tmp_path):
    schedule = tmp_path / "celerybeat-schedule"
    command = [
        str(schedule) if arg == "/app/.data/celerybeat-schedule" else arg
        for arg in service_command("beat")
    ]
    beat = start(command, migrated, tmp_path / "beat.log")
    try:
        deadline = time.monotonic() + 30
        while not list(tmp_path.glob("celerybeat-schedule*")) and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(1)
        assert beat.poll() is None, (tmp_path / "beat.log").read_text()
    finally:
        stop(beat)
    log = (tmp_path / "beat.log").read_text()
    assert "beat: Starting" in log
    assert list(tmp_path.glob("celerybeat-schedule*"))


# --------------------------------------------------------------------------- reverse proxy


class ComposeLoader(yaml.SafeLoader):
    """YAML with compose's merge tags (`!reset []` empties what the main file set)."""


ComposeLoader.add_constructor("!reset", lambda loader, node: [])
PROXY_COMPOSE = yaml.load((ROOT / "docker-compose.proxy.yml").read_text(), ComposeLoader)  # noqa: S506 - SafeLoader subclass
NGINX_CONF = (ROOT / "config" / "nginx.conf").read_text()


def test_the_proxy_override_hides_web_behind_the_one_proxy_it_trusts():
    web, proxy = PROXY_COMPOSE["services"]["web"], PROXY_COMPOSE["services"]["proxy"]
    assert web["ports"] == []  # only the proxy is published: nothing can bypass it
    assert web["environment"]["TRUSTED_PROXIES"] == "1"
    assert proxy["ports"] and "nginx.conf" in proxy["volumes"][0]
    assert "proxy_pass http://web:8000;" in NGINX_CONF
    # The proxy appends the address it saw (the app reads the chain from the right).
    assert "X-Forwarded-For $proxy_add_x_forwarded_for;" in NGINX_CONF
    assert "X-Forwarded-Proto $scheme;" in NGINX_CONF


def test_behind_the_proxy_the_web_service_logs_and_limits_the_real_client(migrated, tmp_path):
    """gunicorn as compose runs it, with the override's setting, answering a request as nginx
    forwards it: a client that forged X-Forwarded-For is logged (and counted) as itself."""
    port = free_port()
    command = [arg.replace("0.0.0.0:8000", f"127.0.0.1:{port}") for arg in service_command("web")]
    env = {**migrated, **PROXY_COMPOSE["services"]["web"]["environment"]}
    web = start(command, env, tmp_path / "web.log")
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/sources/",
            # What nginx sends for a client at 203.0.113.9 that wrote its own header.
            headers={"X-Forwarded-For": "198.18.0.1, 203.0.113.9", "X-Real-IP": "198.18.0.2"},
        )
        assert urllib.request.urlopen(request, timeout=10).status == 200  # noqa: S310
    finally:
        stop(web)
    log = (tmp_path / "web.log").read_text()
    assert '203.0.113.9 "GET /api/v1/sources/ HTTP/1.1" 200' in log
    assert "198.18.0." not in log
