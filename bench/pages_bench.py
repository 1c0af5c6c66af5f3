"""Server time of each dashboard page: p50/p95 over repeated requests, and queries per page.

Runs the Django test client in-process against the database in DATABASE_URL (migrated, with
data: the big generated DB when there is one, else `python manage.py load_demo`), so the
figures are server time only (no network, no browser). Bounded: --runs per page (default 30)
and --budget seconds overall.

    DATABASE_URL=postgresql://... .venv/bin/python bench/pages_bench.py [--runs 30] [--budget 120]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")


def pages() -> list[tuple[str, str]]:
    """(name, url) of every dashboard page, using the busiest rows of the database."""
    from django.db.models import Count

    from articles.models import Article, Statement
    from initiatives.models import Initiative, Person, Place

    initiative = Initiative.objects.annotate(n=Count("links")).order_by("-n").only("slug").first()
    article = Article.objects.order_by("-published_at").only("id").first()
    persian = Article.objects.filter(language="fa").order_by("-published_at").only("id").first()
    speaker = Statement.objects.exclude(speaker=None).values("speaker").first()
    person = Person.objects.filter(pk=speaker["speaker"]).first() if speaker else None
    place = Place.objects.annotate(n=Count("initiatives")).order_by("-n").first()
    urls = [
        ("overview", "/"),
        ("timeline", "/timeline/"),
        ("timeline filtered", "/timeline/?sector=rail&language=en"),
        ("timeline page 2", None),
        ("search", "/search/?q=railway"),
        ("search with facet", "/search/?q=border&language=fa"),
        ("map", "/map/"),
    ]
    if initiative:
        urls.append(("initiative", initiative.get_absolute_url()))
    if article:
        urls.append(("article", article.get_absolute_url()))
    if persian:
        urls.append(("article (fa)", persian.get_absolute_url()))
    if person:
        urls.append(("person", person.get_absolute_url()))
    if place:
        urls.append(("place", place.get_absolute_url()))
    return urls


def next_page_url(client) -> str | None:
    html = client.get("/timeline/").content.decode()
    marker = 'id="load-more"'
    if marker not in html:
        return None
    return html.split(marker)[1].split('href="')[1].split('"')[0].replace("&amp;", "&")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--budget", type=float, default=120.0, help="seconds for everything")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    # Measure as production runs: cached template loader, no debug bookkeeping. (Static files
    # keep the development storage, so no collectstatic manifest is needed.)
    settings.DEBUG = False
    options = settings.TEMPLATES[0]["OPTIONS"]
    settings.TEMPLATES[0]["APP_DIRS"] = False
    options["loaders"] = [
        (
            "django.template.loaders.cached.Loader",
            [
                "django.template.loaders.filesystem.Loader",
                "django.template.loaders.app_directories.Loader",
            ],
        )
    ]
    queries = [0]

    def count_queries(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    from articles.models import Article

    client = Client()
    started = time.monotonic()
    print(f"articles in database: {Article.objects.count():,}")
    print(f"{'page':<20} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8} {'runs':>5}")
    worst = 0.0
    for name, url in pages():
        if url is None:
            url = next_page_url(client)
            if url is None:
                continue
        queries[0] = 0
        with connection.execute_wrapper(count_queries):
            response = client.get(url)  # warm-up, and the query count
        query_count = queries[0]
        if response.status_code != 200:
            print(f"{name:<20} HTTP {response.status_code} for {url}")
            return 1
        times = []
        for _ in range(args.runs):
            if time.monotonic() - started > args.budget:
                break
            t0 = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        if not times:
            print(f"{name:<20} skipped: budget spent")
            continue
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        worst = max(worst, p95)
        print(
            f"{name:<20} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f}"
            f" {query_count:8d} {len(times):5d}"
        )
    print(f"worst p95: {worst:.1f} ms (target ≤ 150 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
