"""The load test's request mix still works: bench/load.py for a few seconds, 2 clients.

Not a benchmark (see docs/performance.md, "Load test"): it runs locust against a live
server on the test database with the dashboards' factory data and asserts that every
endpoint of the mix answered 200 and nothing failed, so the bench script cannot rot.
"""

from __future__ import annotations

import importlib.util

from django.db import connection

from bench.load import MIX, collect_catalog, run_locust
from tests import dashboard_data
from tests.conftest import require_service


def test_load_mix_answers_200_on_every_endpoint(live_server, settings, tmp_path):
    if importlib.util.find_spec("locust") is None:  # bootstrap.py test installs it
        require_service("locust is not installed (pip install -e '.[bench]')")
    dashboard_data.build()
    lifted = {"anon": "100000/minute", "user": "100000/minute"}
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, **lifted}
    with connection.cursor() as cursor:
        catalog = collect_catalog(cursor)

    rows = run_locust(live_server.url, catalog, users=2, seconds=4, cycle=True, workdir=tmp_path)

    assert rows["Aggregated"].requests > 0
    assert rows["Aggregated"].failures == 0, (tmp_path / "mix_failures.csv").read_text()
    for endpoint in MIX:
        assert endpoint.name in rows, f"{endpoint.name} was never requested"
        assert rows[endpoint.name].failures == 0
