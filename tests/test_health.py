"""/healthz: status words for anyone; the reasons only in the log and for staff."""

from __future__ import annotations

import json
import logging
from contextlib import contextmanager

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@contextmanager
def broker_down():
    from config.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = UNREACHABLE_BROKER
    try:
        yield
    finally:
        app.conf.broker_url = original


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"ok": True, "status": "ok"},
            "broker": {"ok": True, "status": "ok"},
            "linker": {"ok": True, "status": "ok"},
        },
    }


def test_healthz_is_503_when_the_broker_is_unreachable(client):
    with broker_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"ok": False, "status": "unavailable"}


def test_an_anonymous_caller_learns_no_reason_while_the_log_has_it(client, caplog):
    caplog.set_level(logging.WARNING, logger="config.health")
    with broker_down():
        response = client.get("/healthz")
    body = response.content.decode()
    assert json.loads(body) == {
        "status": "unavailable",
        "checks": {
            "database": {"ok": True, "status": "ok"},
            "broker": {"ok": False, "status": "unavailable"},
            "linker": {"ok": True, "status": "ok"},
        },
    }
    for leak in ("Error", "127.0.0.1", "refused", "postgresql", "ms"):
        assert leak not in body
    (logged,) = [r.getMessage() for r in caplog.records if r.name == "config.health"]
    assert logged.startswith("health check broker failed after ")
    assert "Error" in logged  # the exception class and text, for the operator


@pytest.mark.parametrize(
    "person",
    [
        {"username": "ops", "is_staff": True},
        {"username": "root", "is_superuser": True},
        {"username": "boss", "role": "admin"},
    ],
    ids=["staff", "superuser", "admin role"],
)
def test_staff_and_admins_see_why_and_how_long(client, person):
    client.force_login(factories.UserFactory(**person))
    with broker_down():
        checks = client.get("/healthz").json()["checks"]
    assert checks["broker"]["ok"] is False and "Error" in checks["broker"]["detail"]
    assert checks["database"]["detail"] == "postgresql"
    assert checks["database"]["ms"] >= 0


@pytest.mark.parametrize("role", ["analyst", "editor"])
def test_members_who_are_not_staff_get_status_words_only(client, role):
    client.force_login(factories.UserFactory(username=f"{role}-1", role=role))
    with broker_down():
        checks = client.get("/healthz").json()["checks"]
    assert checks["broker"] == {"ok": False, "status": "unavailable"}
