"""Ingestion benchmark: the whole pipeline in batch mode vs a raw psycopg COPY of the same rows.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/ct_bench python bench/ingest_bench.py 10000

The database named by DATABASE_URL is migrated, given the starter catalogue, and its
articles are DELETED between the two measurements: point it at a scratch database (the
script refuses a name that does not contain "bench"). Prints items/s for both paths, the
ratio, and peak memory (max RSS, and the Python heap's peak via tracemalloc). With
--processes 2 the pipeline runs in two processes on alternate batches, as a worker with
concurrency 2 does (the memory figure is then the largest process's).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# As in production: with DEBUG on, Django keeps every executed SQL string in memory.
settings.DEBUG = False

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from ingest_corpus import corpus  # noqa: E402

from articles.ingest.items import RawItem  # noqa: E402
from articles.ingest.pipeline import ingest_items  # noqa: E402
from articles.models import Article  # noqa: E402


def _reset() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE articles_article, articles_cluster, articles_articlelink, "
            "articles_statement, articles_article_people, articles_article_places, "
            "articles_article_organizations, articles_statement_initiatives CASCADE"
        )


def copy_baseline(n: int) -> float:
    """Seconds to COPY n article rows (hash computed, no pipeline) into the same table."""
    import psycopg

    conn = psycopg.connect(
        connection.get_connection_params()["conninfo"]
        if "conninfo" in connection.get_connection_params()
        else os.environ["DATABASE_URL"]
    )
    start = time.perf_counter()
    seen: set[str] = set()
    with (
        conn,
        conn.cursor() as cursor,
        cursor.copy(
            "COPY articles_article (url, title, byline, published_at, date_estimated, language, "
            "body, content_hash, is_irrelevant, ingested_via, fetched_at, pipeline_version, "
            "created_at, original_url, dates_mentioned) FROM STDIN"
        ) as copy,
    ):
        for row in corpus(n):
            digest = hashlib.sha256(row["body"].encode()).hexdigest()
            if digest in seen:  # the table's unique constraint would refuse it
                continue
            seen.add(digest)
            url = row["url"] if row["url"] and "?" not in row["url"] else ""
            copy.write_row(
                (
                    url,
                    row["title"],
                    row["byline"],
                    row["published_at"],
                    False,
                    row["language"],
                    row["body"],
                    digest,
                    False,
                    "file",
                    row["published_at"],
                    "copy",
                    row["published_at"],
                    "",
                    "[]",
                )
            )
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def _share(n: int, batch_size: int, processes: int, index: int) -> int:
    """Ingest this process's share of the corpus: every processes-th batch, like the batches
    a Celery worker with that concurrency takes off the queue. Returns the articles created."""
    connection.close()  # never share a connection inherited from the parent
    items = (
        RawItem.from_dict({**row, "label": f"#{i}"})
        for i, row in enumerate(corpus(n))
        if (i // batch_size) % processes == index
    )
    result = ingest_items(items, via=Article.Via.FILE, batch_size=batch_size, keep_outcomes=False)
    return result.created


def pipeline_run(n: int, batch_size: int, processes: int = 1) -> tuple[float, int]:
    """Seconds and articles created for the whole pipeline over the corpus."""
    start = time.perf_counter()
    if processes == 1:
        created = _share(n, batch_size, 1, 0)
    else:
        import multiprocessing

        connection.close()
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            created = sum(
                pool.starmap(_share, [(n, batch_size, processes, k) for k in range(processes)])
            )
    return time.perf_counter() - start, created


def _prepare_linker(*, rules_only: bool) -> str:
    """Make the scorer production would use current: a model trained on the team's corpus
    (or none with --rules). Returns its name for the report."""
    from articles.ingest import learned
    from articles.models import LinkerModel

    LinkerModel.objects.filter(is_current=True).update(is_current=False)
    if rules_only:
        return "rules"
    row = learned.train(corpus=learned.default_corpus(), use_decisions=False, force=True)
    return f"learned model {row.version} ({row.outcome})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, nargs="?", default=10_000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="pipeline processes on separate batches (a worker's concurrency; default 1)",
    )
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="also trace the Python heap (slows the pipeline down)",
    )
    parser.add_argument(
        "--rules",
        action="store_true",
        help="link by the rules only (default: train and promote the learned linker on the "
        "team's corpus first, as production links after the weekly training)",
    )
    args = parser.parse_args()
    name = connection.settings_dict["NAME"]
    if "bench" not in name:
        sys.exit(f"refusing to wipe articles in database “{name}”: use a scratch *bench* database")
    call_command("migrate", verbosity=0)
    call_command("load_catalogue", verbosity=0)
    _reset()
    scorer = _prepare_linker(rules_only=args.rules)
    copy_seconds = copy_baseline(args.n)
    copied = Article.objects.count()
    _reset()
    if args.tracemalloc:
        import tracemalloc

        tracemalloc.start()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds, created = pipeline_run(args.n, args.batch_size, args.processes)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    heap = ""
    if args.tracemalloc:
        heap = f", Python heap peak {tracemalloc.get_traced_memory()[1] / 2**20:.1f} MiB"
    from django.db.models import Count

    stats = Article.objects.aggregate(
        clusters=Count("cluster", distinct=True),
        links=Count("links"),
    )
    print(f"linker: {scorer}")
    print(f"items: {args.n} (stored {created}; COPY stored {copied})")
    print(
        f"pipeline (batch {args.batch_size}, {args.processes} process(es)): "
        f"{seconds:.1f} s, {args.n / seconds:,.0f} items/s"
    )
    print(f"COPY baseline: {copy_seconds:.1f} s, {args.n / copy_seconds:,.0f} items/s")
    print(f"pipeline / COPY: {copy_seconds / seconds:.0%}")
    print(f"max RSS: {rss_before / 1024:.0f} MiB before, {rss_after / 1024:.0f} MiB after{heap}")
    if args.processes > 1:
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"max RSS of one pipeline process: {children / 1024:.0f} MiB")
    print(f"links: {stats['links']}, clusters: {stats['clusters']}")


if __name__ == "__main__":
    main()
