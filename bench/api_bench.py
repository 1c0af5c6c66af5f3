"""API benchmark: our /api/v1 against (a) raw SQL + orjson and (b) plain ModelViewSets.

    .venv/bin/python bench/generate_big_db.py --database ct_bench      # once (1M articles)
    .venv/bin/python bench/api_bench.py --database ct_bench [--seconds 8] [--concurrency 4]

Starts gunicorn on 127.0.0.1 (DEBUG off, settings bench.api_bench_settings, 2 sync workers),
then for each endpoint and implementation, in the same run: a warm-up, a sequential latency
phase (p50/p95 over --requests requests) and a concurrent throughput phase (--seconds with
--concurrency keep-alive clients). Requests rotate over initiatives so no single row stays hot.
Prints a table and the ratios the issue's targets are about, and the framework floor (a
constant answer with no database, from Django alone and through DRF) against the plain
initiative detail. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
QUERIES = ["Shalamcheh railway", "Basra", "pipeline Mehran", "Karbala pilgrims visa"]


def endpoints(initiatives: int) -> dict[str, dict[str, callable]]:
    """{endpoint: {implementation: n → path}}; n rotates the initiative / query."""

    def slug(n: int) -> str:
        return f"initiative-{n % initiatives}"

    def query(n: int) -> str:
        return quote(QUERIES[n % len(QUERIES)])

    return {
        "articles?initiative": {
            "api": lambda n: f"/api/v1/articles/?initiative={slug(n)}&page_size=50",
            "raw": lambda n: f"/bench/raw/articles/?initiative={slug(n)}&page_size=50",
            "plain": lambda n: f"/bench/plain/articles/?initiative={slug(n)}&page_size=50",
        },
        "timeline?initiative": {
            "api": lambda n: f"/api/v1/timeline/?initiative={slug(n)}&page_size=50",
            "raw": lambda n: f"/bench/raw/timeline/?initiative={slug(n)}&page_size=50",
            "plain": lambda n: f"/bench/plain/timeline/?initiative={slug(n)}&page_size=50",
        },
        "search": {
            "api": lambda n: f"/api/v1/search/?q={query(n)}&page_size=20",
            "raw": lambda n: f"/bench/raw/search/?q={query(n)}&page_size=20",
            "plain": lambda n: f"/bench/plain/search/?q={query(n)}&page_size=20",
        },
        "initiative detail": {
            "api": lambda n: f"/api/v1/initiatives/{slug(n)}/",
            "raw": lambda n: f"/bench/raw/initiatives/{slug(n)}/",
            "plain": lambda n: f"/bench/plain/initiatives/{slug(n)}/",
        },
        # No database at all: how fast any endpoint could be, with and without DRF.
        "framework floor": {
            "django": lambda n: "/bench/floor/django/",
            "drf": lambda n: "/bench/floor/drf/",
        },
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(database: str, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgresql://postgres@{HOST}:5432/{database}",
        "DJANGO_SETTINGS_MODULE": "bench.api_bench_settings",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)  # throttle counters in local memory: no shared state
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"{HOST}:{port}",
         "-w", str(workers), "--access-logfile", "/dev/null", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return server, port
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise SystemExit("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)


# (status, start of body) of every non-200 answer, printed at the end: an error is never silent.
ERRORS: collections.Counter = collections.Counter()
ERRORS_LOCK = threading.Lock()


def get(conn: http.client.HTTPConnection, path: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    conn.request("GET", path, headers={"Accept": "application/json"})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        with ERRORS_LOCK:
            ERRORS[response.status, body[:120]] += 1
    return time.perf_counter() - started, response.status, len(body)


def latency(port: int, make_path, requests: int) -> tuple[list[float], int]:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    timings, errors = [], 0
    for n in range(requests):
        seconds, status, _ = get(conn, make_path(n))
        timings.append(seconds)
        errors += status != 200
    conn.close()
    return timings, errors


def throughput(port: int, make_path, seconds: float, concurrency: int) -> tuple[int, int]:
    stop_at = time.perf_counter() + seconds
    done, errors, lock = [0], [0], threading.Lock()

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        n = offset
        while time.perf_counter() < stop_at:
            _, status, _ = get(conn, make_path(n))
            n += concurrency
            with lock:
                done[0] += 1
                errors[0] += status != 200
        conn.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done[0], errors[0]


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="ct_bench")
    parser.add_argument("--initiatives", type=int, default=100)
    parser.add_argument("--requests", type=int, default=100, help="sequential, per case")
    parser.add_argument("--seconds", type=float, default=6.0, help="throughput phase, per case")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", help="endpoint name substrings, comma-separated")
    args = parser.parse_args()
    server, port = start_server(args.database, args.workers)
    print(
        f"gunicorn {args.workers} workers on {HOST}:{port}, database {args.database}; "
        f"{args.requests} sequential requests + {args.seconds:.0f}s at concurrency "
        f"{args.concurrency} per case"
    )
    results: dict[tuple[str, str], dict[str, float]] = {}
    try:
        for name, impls in endpoints(args.initiatives).items():
            if args.only and not any(part in name for part in args.only.split(",")):
                continue
            for impl, make_path in impls.items():
                latency(port, make_path, 10)  # warm-up: connections, caches, plans
                timings, errors = latency(port, make_path, args.requests)
                done, t_errors = throughput(port, make_path, args.seconds, args.concurrency)
                results[(name, impl)] = {
                    "p50": pct(timings, 50),
                    "p95": pct(timings, 95),
                    "rps": done / args.seconds,
                    "errors": errors + t_errors,
                }
                r = results[(name, impl)]
                print(
                    f"{name:22} {impl:6} p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  "
                    f"{r['rps']:7.1f} req/s  errors {r['errors']}",
                    flush=True,
                )
    finally:
        stop(server)
    print("\nendpoint                 api p95   api/raw throughput   api/plain throughput")
    for name in dict.fromkeys(n for n, _ in results):
        api, raw, plain = (results.get((name, k)) for k in ("api", "raw", "plain"))
        if api and raw and plain:
            print(
                f"{name:22} {api['p95']:7.1f} ms   {api['rps'] / raw['rps']:6.0%}"
                f"               {api['rps'] / plain['rps']:5.1f}×"
            )
    floor = results.get(("framework floor", "drf"))
    detail = results.get(("initiative detail", "plain"))
    if floor and detail:
        print(
            f"framework floor: Django alone {results[('framework floor', 'django')]['rps']:.0f}"
            f" req/s, through DRF {floor['rps']:.0f} req/s = {floor['rps'] / detail['rps']:.1f}×"
            " the plain initiative detail (no DRF endpoint can do better)"
        )
    for (status, body), count in ERRORS.most_common(10):
        print(f"error: {count} × {status} {body!r}")


if __name__ == "__main__":
    main()
