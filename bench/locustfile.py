"""Locust user for bench/load.py: each client requests the mix of bench.load.MIX.

Run by bench/load.py (which passes the catalogue of slugs and ids in CT_LOAD_CATALOG); any
answer other than 200 counts as a failure.
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import FastHttpUser, between, constant, task

from bench.load import BASELINE, MIX, pick

CATALOG = json.loads(open(os.environ["CT_LOAD_CATALOG"], encoding="utf-8").read())  # noqa: SIM115
ENDPOINTS = BASELINE if os.environ.get("CT_LOAD_MIX") == "baseline" else MIX
THINK = float(os.environ.get("CT_LOAD_THINK", "0"))
# "cycle": each client walks the endpoints in turn (the smoke test needs every one answered).
CYCLE = os.environ.get("CT_LOAD_ORDER") == "cycle"
_clients = itertools.count()


class Visitor(FastHttpUser):
    """A client of the dashboards and the API, without pauses unless CT_LOAD_THINK is set."""

    wait_time = between(THINK / 2, THINK * 1.5) if THINK > 0 else constant(0)
    network_timeout = 60.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        self.rng = random.Random()
        self.turn = next(_clients)

    @task
    def request(self) -> None:
        if CYCLE:
            endpoint = ENDPOINTS[self.turn % len(ENDPOINTS)]
            self.turn += 1
            name, path = endpoint.name, endpoint.path(self.rng, CATALOG)
        else:
            name, path = pick(self.rng, CATALOG, ENDPOINTS)
        accept = "application/json" if path.startswith("/api/") else "text/html"
        with self.client.get(
            path, name=name, headers={"Accept": accept}, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")
            else:
                response.success()
