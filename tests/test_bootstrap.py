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
