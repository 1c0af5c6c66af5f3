"""config/bootstrap.py refuses a Python too old and warns on one nobody checked."""

from __future__ import annotations

import sys

import pytest

from config import bootstrap

ON_LINUX_CPYTHON = sys.platform == "linux" and sys.implementation.name == "cpython"


def test_a_python_older_than_supported_is_refused_naming_what_is_supported():
    with pytest.raises(SystemExit) as refused:
        bootstrap.check_python((3, 10), "x86_64")
    assert "Python 3.11 or newer is needed (found 3.10)" in str(refused.value)
    assert "CPython 3.11 to 3.14 on Linux x86_64 and aarch64" in str(refused.value)


def test_a_python_newer_than_supported_is_run_with_a_warning(capsys):
    bootstrap.check_python((3, 15), "x86_64")
    out = capsys.readouterr().out
    assert "warning:" in out and " 3.15 on " in out and "is untested" in out


def test_an_untested_machine_is_run_with_a_warning(capsys):
    bootstrap.check_python((3, 12), "riscv64")
    assert "riscv64 is untested" in capsys.readouterr().out


@pytest.mark.skipif(not ON_LINUX_CPYTHON, reason="the supported set is CPython on Linux")
@pytest.mark.parametrize("version", bootstrap.SUPPORTED_PYTHONS)
@pytest.mark.parametrize("machine", bootstrap.SUPPORTED_MACHINES)
def test_a_supported_python_and_machine_pass_silently(capsys, version, machine):
    bootstrap.check_python(version, machine)
    assert capsys.readouterr().out == ""


@pytest.fixture
def no_redis_server(monkeypatch, tmp_path):
    """A machine without redis-server; apt-get is recorded, never run (the package manager
    is the edge of the outside world here)."""
    calls: list[tuple[str, ...]] = []
    policy = tmp_path / "policy-rc.d"
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setattr(bootstrap, "REDIS_SERVERS", ())
    monkeypatch.setattr(bootstrap, "NO_SERVICE_START", policy)
    monkeypatch.setattr(
        bootstrap.shutil, "which", lambda name: "/usr/bin/apt-get" if name == "apt-get" else None
    )

    def record(*args, **kwargs):
        calls.append((*map(str, args), "policy" if policy.exists() else "no policy"))

    monkeypatch.setattr(bootstrap, "run", record)
    return calls, policy


def test_a_missing_redis_server_is_installed_without_starting_a_service(
    no_redis_server, monkeypatch
):
    calls, policy = no_redis_server
    monkeypatch.setattr(bootstrap.os, "geteuid", lambda: 0)
    bootstrap.ensure_redis_server()
    assert calls[-1][:4] == ("apt-get", "install", "-y", "-qq")
    assert "redis-server" in calls[-1]
    assert all(call[-1] == "policy" for call in calls), "service start refused during install"
    assert not policy.exists(), "the refusal is removed afterwards"


def test_without_root_a_missing_redis_server_is_named_not_installed(
    no_redis_server, monkeypatch, capsys
):
    calls, _policy = no_redis_server
    monkeypatch.setattr(bootstrap.os, "geteuid", lambda: 1000)
    bootstrap.ensure_redis_server()
    assert calls == []
    assert "redis-server not found" in capsys.readouterr().out


def test_with_a_redis_url_nothing_is_installed(no_redis_server, monkeypatch):
    calls, _policy = no_redis_server
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    bootstrap.ensure_redis_server()
    assert calls == []
