"""Load test: gunicorn (4 sync workers) on 127.0.0.1, 50 locust clients, a realistic mix.

    .venv/bin/python bench/build_load_db.py --database ct_load          # once: demo + 100k
    .venv/bin/python bench/load.py --database ct_load [--users 50] [--seconds 60]
        [--think 0] [--ramp 5] [--redis-url redis://127.0.0.1:6379/8]

Starts gunicorn on a free loopback port (DEBUG off, production settings, static files from
a collectstatic into a scratch directory, API rate limits lifted: every client shares one
address), then runs locust headless twice against it, both bounded in time:
1. baseline: the same number of clients on /healthz only, without pauses (the framework
   floor: one tiny query, no template) for --baseline-seconds;
2. the mix (MIX below: dashboards, API lists, search; /healthz and a static file at a low
   weight, to see the floor under the same load) for --seconds, each client pausing
   --think seconds on average between requests (0: back to back, a saturation test).
Clients start over --ramp seconds and only the steady state after it is counted. Every
answer other than 200 is an error. Prints req/s, p50/p95/p99 per endpoint and overall,
errors, and ratios against the baseline. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
# Search terms as people type them: English words, and Persian/Arabic names as written.
QUERIES = ["railway", "Shalamcheh", "Basra", "electricity gas", "pilgrims visa",
           "border crossing", "شلمچه", "راه آهن", "البصرة", "الكهرباء"]  # fmt: skip


@dataclass(frozen=True)
class Endpoint:
    """One kind of request in the mix: a name for the report, its weight, a path maker."""

    name: str
    weight: int
    path: Callable[[random.Random, dict[str, Any]], str]


def _timeline_filter(rng: random.Random, catalog: dict[str, Any]) -> str:
    day = rng.choice(catalog["dates"])
    return (
        f"initiative={rng.choice(catalog['initiatives'])}"
        f"&language={rng.choice(['en', 'fa', 'ar'])}&published_after={day}"
    )


# Weights: dashboards are most of the traffic, API consumers page through lists, people search.
MIX: tuple[Endpoint, ...] = (
    Endpoint("overview /", 10, lambda r, c: "/"),
    Endpoint("timeline (filtered)", 10, lambda r, c: f"/timeline/?{_timeline_filter(r, c)}"),
    Endpoint("initiative page", 10, lambda r, c: f"/initiatives/{r.choice(c['initiatives'])}/"),
    Endpoint("article page", 14, lambda r, c: f"/articles/{r.choice(c['articles'])}/"),
    Endpoint("search page", 6, lambda r, c: f"/search/?q={quote(r.choice(c['queries']))}"),
    Endpoint(
        "api articles",
        8,
        lambda r, c: f"/api/v1/articles/?initiative={r.choice(c['initiatives'])}",
    ),
    Endpoint("api initiatives", 6, lambda r, c: "/api/v1/initiatives/"),
    Endpoint("api timeline", 8, lambda r, c: f"/api/v1/timeline/?{_timeline_filter(r, c)}"),
    Endpoint(
        "api statements",
        6,
        lambda r, c: f"/api/v1/statements/?initiative={r.choice(c['initiatives'])}",
    ),
    Endpoint("api search", 6, lambda r, c: f"/api/v1/search/?q={quote(r.choice(c['queries']))}"),
    Endpoint("healthz (floor)", 2, lambda r, c: "/healthz"),
    Endpoint("static file (floor)", 2, lambda r, c: "/static/css/app.css"),
)
BASELINE: tuple[Endpoint, ...] = (Endpoint("healthz (floor)", 1, lambda r, c: "/healthz"),)


def pick(rng: random.Random, catalog: dict[str, Any], mix: tuple[Endpoint, ...] = MIX):
    """One request of the mix: (endpoint name, path)."""
    endpoint = rng.choices(mix, weights=[e.weight for e in mix])[0]
    return endpoint.name, endpoint.path(rng, catalog)


def collect_catalog(cursor: Any, *, articles: int = 400, seed: int = 1) -> dict[str, Any]:
    """What the mix requests: initiative slugs, a sample of article ids, dates, queries.

    `cursor` is any DB-API cursor on the product's database (psycopg or Django's).
    """
    cursor.execute(
        "SELECT slug FROM initiatives_initiative WHERE merged_into_id IS NULL ORDER BY slug"
    )
    initiatives = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT id FROM articles_article WHERE NOT is_irrelevant ORDER BY md5(id::text || %s)"
        " LIMIT %s",
        [str(seed), articles],
    )
    ids = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT min(published_at)::date, max(published_at)::date FROM articles_article"
        " WHERE NOT is_irrelevant"
    )
    first, last = cursor.fetchone()
    rng = random.Random(seed)
    first = first or dt.date.today()
    span = max(1, (last - first).days) if last else 1
    dates = sorted(
        {(first + dt.timedelta(days=rng.randint(0, span))).isoformat() for _ in range(20)}
    )
    return {"initiatives": initiatives, "articles": ids, "dates": dates, "queries": QUERIES}


@dataclass
class Row:
    """Figures of one endpoint (or "Aggregated") from locust's stats."""

    name: str
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float
    max: float


def run_locust(
    host: str,
    catalog: dict[str, Any],
    *,
    users: int,
    seconds: float,
    think: float = 0.0,
    ramp: float = 0.0,
    mix: str = "mix",
    cycle: bool = False,
    workdir: Path | None = None,
) -> dict[str, Row]:
    """Run locust headless (bounded: `seconds`) against a loopback `host`; rows by name.

    `mix` is "mix" or "baseline"; `cycle` makes each client walk the endpoints in turn
    instead of drawing them by weight. With `ramp`, clients start over that many seconds
    and the figures count only after all have started (steady state, not the stampede of
    50 first requests at once). Failures are every answer other than 200.
    """
    if urlsplit(host).hostname not in (HOST, "localhost", "::1"):
        raise ValueError("the load test only targets the loopback interface")
    workdir = workdir or Path(tempfile.mkdtemp(prefix="ct-load-"))
    catalog_file = workdir / "catalog.json"
    catalog_file.write_text(json.dumps(catalog))
    prefix = workdir / mix
    env = {
        **os.environ,
        "CT_LOAD_CATALOG": str(catalog_file),
        "CT_LOAD_MIX": mix,
        "CT_LOAD_THINK": str(think),
        "CT_LOAD_ORDER": "cycle" if cycle else "weighted",
        "PYTHONPATH": str(ROOT),
    }
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
        "--host", host, "-u", str(users), "-r", f"{users / ramp if ramp > 0 else users:g}",
        "-t", f"{max(1, round(seconds + ramp))}s", "--stop-timeout", "10",
        "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    if ramp > 0:
        command.append("--reset-stats")
    # Bounded: locust stops itself after -t; the timeout only guards against a hang.
    subprocess.run(
        command, cwd=ROOT, env=env, check=False, timeout=seconds + ramp + 60,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return read_stats(prefix.with_name(prefix.name + "_stats.csv"))


def read_stats(path: Path) -> dict[str, Row]:
    """Parse locust's *_stats.csv into rows by name."""

    def num(value: str) -> float:
        return float(value) if value not in ("", "N/A") else 0.0

    rows = {}
    with path.open(newline="") as f:
        for rec in csv.DictReader(f):
            rows[rec["Name"]] = Row(
                rec["Name"],
                int(rec["Request Count"]),
                int(rec["Failure Count"]),
                num(rec["Requests/s"]),
                num(rec["50%"]),
                num(rec["95%"]),
                num(rec["99%"]),
                num(rec["Max Response Time"]),
            )
    return rows


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_gunicorn(
    database_url: str, workers: int, static_root: Path, redis_url: str = ""
) -> tuple[Any, str]:
    """gunicorn with production settings on 127.0.0.1:<free port>; (process, base URL).

    With `redis_url` the workers share a Redis cache (as deployed, docker-compose.yml);
    without, each worker caches in its own memory.
    """
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "load-test-only-not-secret",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        # One address sends everything: no rate limit (DRF's user rate also counts
        # anonymous requests per address).
        "API_THROTTLE_ANON": "100000000/minute",
        "API_THROTTLE_USER": "100000000/minute",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        if urlsplit(redis_url).hostname not in (HOST, "localhost", "::1"):
            raise ValueError("the load test only uses a local Redis")
        env.update(REDIS_URL=redis_url, CACHE_KEY_PREFIX="ct-load")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"{HOST}:{port}",
         "-w", str(workers), "--backlog", "512", "--access-logfile", "/dev/null",
         "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return server, base
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise SystemExit("gunicorn did not start")


def stop(server: Any) -> None:
    """Stop gunicorn (its process group: master and workers)."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)


def warm_up(base: str, catalog: dict[str, Any], requests: int = 60) -> None:
    """A few sequential requests of the mix: connections, template and plan caches."""
    rng = random.Random(7)
    for _ in range(requests):
        _, path = pick(rng, catalog)
        with urllib.request.urlopen(base + path, timeout=60) as response:  # noqa: S310
            response.read()


def report(rows: dict[str, Row], baseline: dict[str, Row]) -> str:
    """The figures as a Markdown table plus the ratios against the baseline."""
    floor = baseline.get("healthz (floor)")
    in_mix_floor = rows.get("healthz (floor)")
    lines = [
        "| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |"
        " p50 / floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    order = [e.name for e in MIX] + ["Aggregated"]
    for name in order:
        r = rows.get(name)
        if r is None:
            continue
        ratio = f"{r.p50 / in_mix_floor.p50:.1f}×" if in_mix_floor and in_mix_floor.p50 else "—"
        label = "**all (mix)**" if name == "Aggregated" else name
        lines.append(
            f"| {label} | {r.requests} | {r.failures} | {r.rps:.1f} | {r.p50:.0f} | {r.p95:.0f}"
            f" | {r.p99:.0f} | {r.max:.0f} | {ratio} |"
        )
    total = rows.get("Aggregated")
    if floor and total:
        lines += [
            "",
            f"baseline (/healthz only, same clients, no pauses): {floor.rps:.1f} req/s,"
            f" p50 {floor.p50:.0f}"
            f" / p95 {floor.p95:.0f} / p99 {floor.p99:.0f} ms, errors {floor.failures}",
            f"mix throughput / baseline throughput: {total.rps / floor.rps:.0%}"
            f"; mix p99 / baseline p99: {total.p99 / max(floor.p99, 1):.1f}×"
            f"; mix p50 / /healthz p50 in the mix: {ratio_floor(rows)}",
        ]
    return "\n".join(lines)


def ratio_floor(rows: dict[str, Row]) -> str:
    """Overall p50 over the in-mix /healthz p50 (how far above the floor, same load)."""
    total, floor = rows.get("Aggregated"), rows.get("healthz (floor)")
    return f"{total.p50 / floor.p50:.1f}×" if total and floor and floor.p50 else "—"


def main() -> None:
    """Start gunicorn on ct_load, run the baseline and the mix, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="ct_load")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--baseline-seconds", type=float, default=15)
    parser.add_argument("--think", type=float, default=0.0, help="mean pause per client, s")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds to start the clients")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--redis-url", default="", help="a shared cache, e.g. redis://127.0.0.1:6379/8"
    )
    args = parser.parse_args()
    if not 1 <= args.users <= 500 or not 1 <= args.seconds <= 600:
        sys.exit("Keep the load bounded: 1-500 users, 1-600 seconds.")
    import psycopg

    url = f"postgresql://postgres@{HOST}:5432/{args.database}"
    with psycopg.connect(url) as conn:
        catalog = collect_catalog(conn.cursor())
        n_articles = conn.execute("SELECT count(*) FROM articles_article").fetchone()[0]
    workdir = Path(tempfile.mkdtemp(prefix="ct-load-"))
    server, base = start_gunicorn(url, args.workers, workdir / "static", args.redis_url)
    try:
        print(
            f"gunicorn {args.workers} sync workers at {base}, database {args.database} "
            f"({n_articles} articles, {len(catalog['initiatives'])} initiatives); "
            f"cache {'Redis' if args.redis_url else 'per worker'}; "
            f"{args.users} clients, think time {args.think:g} s; "
            f"baseline {args.baseline_seconds:g} s, mix {args.seconds:g} s",
            flush=True,
        )
        warm_up(base, catalog)
        # The floor's capacity: as many clients, no pauses, whatever --think is.
        baseline = run_locust(
            base, catalog, users=args.users, seconds=args.baseline_seconds, ramp=args.ramp,
            mix="baseline", workdir=workdir,
        )  # fmt: skip
        rows = run_locust(
            base, catalog, users=args.users, seconds=args.seconds, think=args.think,
            ramp=args.ramp, workdir=workdir,
        )  # fmt: skip
    finally:
        stop(server)
    print(report(rows, baseline))
    total = rows.get("Aggregated")
    if total:
        verdict = "met" if total.failures == 0 and total.p99 < 500 else "NOT met"
        print(f"\ntarget (0 errors, p99 < 500 ms): {verdict}")


if __name__ == "__main__":
    main()
