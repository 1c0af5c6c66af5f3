"""The ingestion console's targets: the sources page's server time with 2,000 feeds, and a
50,000-row JSON Lines upload's memory and progress.

    DATABASE_URL=postgresql://.../ct_bench .venv/bin/python bench/console_bench.py sources
    DATABASE_URL=postgresql://.../ct_bench .venv/bin/python bench/console_bench.py upload

`sources` adds sources and feeds (named "Bench outlet …") until there are --feeds feeds (the
big database of bench/generate_big_db.py has 50 sources with 20,000 articles each: their feeds
are marked failing, so ?status=failing lists the busiest sources), then times the page (p50,
p95, queries) for the first page, the failing filter, a language filter and the last page.
`upload` imports JSON Lines of --rows rows through articles.ingest.jobs.import_file, as the
upload task does, in this process: resident memory before and at its peak during the import
(Linux /proc), and the longest wait between two progress updates a run page could see.
Use a benchmark database: both add rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")


def production_templates() -> None:
    from django.conf import settings

    settings.DEBUG = False
    settings.TEMPLATES[0]["APP_DIRS"] = False
    settings.TEMPLATES[0]["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.cached.Loader",
            [
                "django.template.loaders.filesystem.Loader",
                "django.template.loaders.app_directories.Loader",
            ],
        )
    ]


def ensure_feeds(target: int) -> None:
    from django.db.models import Count

    from articles.models import Feed, Source

    busiest = Source.objects.annotate(n=Count("articles")).order_by("-n")[:50]
    for source in busiest:
        if not source.feeds.exists():
            Feed.objects.create(
                url=f"https://{source.domain or source.slug}/rss.xml",
                source=source,
                consecutive_failures=3,
                last_error="HTTP 503 from the bench",
            )
    have = Feed.objects.count()
    sources = [
        Source(slug=f"bench-outlet-{n}", name=f"Bench outlet {n}", language="en")
        for n in range(have, target)
    ]
    Source.objects.bulk_create(sources, ignore_conflicts=True)
    by_slug = dict(
        Source.objects.filter(slug__startswith="bench-outlet-").values_list("slug", "id")
    )
    Feed.objects.bulk_create(
        [
            Feed(
                url=f"https://bench-outlet-{n}.example/rss", source_id=by_slug[f"bench-outlet-{n}"]
            )
            for n in range(have, target)
        ],
        ignore_conflicts=True,
    )


def bench_sources(args: argparse.Namespace) -> int:
    from django.db import connection
    from django.test import Client

    from articles.models import Article, Feed
    from tests.factories import UserFactory

    production_templates()
    ensure_feeds(args.feeds)
    editor = UserFactory(username=f"bench-editor-{time.time_ns()}", role="editor")
    client = Client()
    client.force_login(editor)
    print(f"articles: {Article.objects.count():,}, feeds: {Feed.objects.count():,}")
    last = (Feed.objects.values("source").distinct().count() + 49) // 50
    urls = [
        ("first page", "/editorial/sources/"),
        ("failing (busiest)", "/editorial/sources/?status=failing"),
        ("language en", "/editorial/sources/?language=en"),
        ("last page", f"/editorial/sources/?page={last}"),
    ]
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    print(f"{'page':<20} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    worst = 0.0
    for name, url in urls:
        queries[0] = 0
        with connection.execute_wrapper(count):
            response = client.get(url)
        if response.status_code != 200:
            print(f"{name}: HTTP {response.status_code}")
            return 1
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        worst = max(worst, p95)
        print(
            f"{name:<20} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f} "
            f"{queries[0]:8d}"
        )
    print(f"worst p95: {worst:.1f} ms (target ≤ 150 ms)")
    editor.delete()
    return 0


def bench_upload(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.db import connections

    from articles.ingest import jobs, runs

    settings.DEBUG = False  # as production: no per-query log growing with the import
    from articles.models import IngestionRun

    stamp = time.time_ns()
    # --dated: an archive, one row every 31 minutes back from now (50,000 rows: ~3 years);
    # without it every row is dateless, so all are dated now and compared with each other
    # for near-duplicates (the store's ±4-day window holds the whole file).
    start = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31 * args.rows)
    lines = [
        json.dumps(
            {
                "title": f"Bench upload {stamp} row {i}",
                "body": f"Row {i} of bench upload {stamp}: traders met at the Shalamcheh "
                "border market to discuss the railway and customs hours.",
                "url": f"https://bench-upload.example/{stamp}/{i}",
                "language": "en",
            }
            | (
                {"published_at": (start + dt.timedelta(minutes=31 * i)).isoformat()}
                if args.dated
                else {}
            )
        )
        for i in range(args.rows)
    ]
    text = "\n".join(lines)
    del lines
    run = runs.start_run(IngestionRun.Kind.FILE, label=f"bench-{args.rows}.jsonl")
    seen: list[tuple[float, object]] = []
    done = threading.Event()

    page = os.sysconf("SC_PAGE_SIZE")

    def rss() -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * page

    baseline = rss()
    peak = [baseline]

    def watch() -> None:  # what a run page polling every 0.25 s would see
        while not done.is_set():
            peak[0] = max(peak[0], rss())
            value = IngestionRun.objects.filter(pk=run.pk).values_list("items_seen", flat=True)[0]
            if not seen or seen[-1][1] != value:
                seen.append((time.monotonic(), value))
            time.sleep(0.25)
        connections.close_all()

    watcher = threading.Thread(target=watch)
    t0 = time.monotonic()
    watcher.start()
    finished = jobs.import_file(
        run.pk, f"bench-{args.rows}.jsonl", text, batch_size=args.batch_size
    )
    elapsed = time.monotonic() - t0
    done.set()
    watcher.join()
    gaps = [b[0] - a[0] for a, b in zip(seen, seen[1:], strict=False)]
    print(
        f"rows: {args.rows:,}{' dated' if args.dated else ''}, file: "
        f"{len(text.encode()) / 1e6:.1f} MB, batches of {args.batch_size}"
    )
    print(
        f"run #{finished.pk} {finished.state}: created {finished.created:,}, duplicates "
        f"{finished.duplicates:,}, refused {finished.refused:,} in {elapsed:.1f} s "
        f"({args.rows / elapsed:,.0f} rows/s)"
    )
    print(
        f"resident memory: {baseline / 1e6:.0f} MB before (the file's text held), peak "
        f"{peak[0] / 1e6:.0f} MB during the import (+{(peak[0] - baseline) / 1e6:.0f} MB)"
    )
    print(
        f"progress updates seen: {len(seen)}, longest wait between two: "
        f"{max(gaps, default=elapsed):.2f} s (target ≤ 2 s)"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["sources", "upload"])
    parser.add_argument("--feeds", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument(
        "--batch-size", type=int, default=50, help="as articles.tasks.import_upload"
    )
    parser.add_argument("--dated", action="store_true", help="rows carry dates over years")
    args = parser.parse_args()
    import django

    django.setup()
    return bench_sources(args) if args.what == "sources" else bench_upload(args)


if __name__ == "__main__":
    sys.exit(main())
