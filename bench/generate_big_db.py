"""Generate a large database for the API benchmark: 1M articles, 100 initiatives, 200k statements.

Usage (PostgreSQL on 127.0.0.1; never the development database):

    .venv/bin/python bench/generate_big_db.py --database ct_bench [--articles 1000000] [--reset]

Creates the database, applies the migrations, then fills every table with COPY (the search
vectors are computed by the same trigger production uses). Deterministic (seeded), so runs
are comparable. Prints what it made and how long each step took.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SECTORS = [
    "rail", "road_corridors", "border_trade", "free_zones", "energy", "security",
    "trade_finance", "science_education", "culture_pilgrimage", "water_environment", "health",
]  # fmt: skip
STATUSES = ["proposed", "agreed", "in_implementation", "operational", "stalled"]
WORDS = (  # noqa: SIM905 (a sentence reads better than a list of 50 strings)
    "cooperation agreement ministers signed memorandum border crossing trade volume railway "
    "corridor electricity gas pipeline pilgrims visa customs investment bank payment dinar "
    "rial delegation visit talks committee joint project construction contract company "
    "transit freight port free zone water environment health university students security "
    "province governor officials meeting summit development exports imports oil refinery"
).split()
PLACES = [
    "Basra", "Shalamcheh", "Mehran", "Baghdad", "Tehran", "Karbala", "Najaf", "Erbil",
    "Khorramshahr", "Ahvaz", "Kermanshah", "Sulaymaniyah", "Chazabeh", "Parviz Khan",
]  # fmt: skip


def log(message: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:7.1f}s] {message}", flush=True)


def sentence(rng: random.Random, extra: str = "") -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 16))
    if extra:
        words.insert(rng.randint(0, len(words)), extra)
    return " ".join(words).capitalize() + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="ct_bench")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--user", default="postgres")
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--initiatives", type=int, default=100)
    parser.add_argument("--statements", type=int, default=200_000)
    parser.add_argument("--reset", action="store_true", help="drop the database first")
    parser.add_argument(
        "--end",
        type=dt.date.fromisoformat,
        default=dt.datetime.now(dt.UTC).date(),
        help="date of the newest article (default: today, UTC); the archive spans 3 years",
    )
    args = parser.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The benchmark database must be local (127.0.0.1).")
    if args.database in ("ct", "postgres", "template1"):
        sys.exit("Refusing to fill a database that is not a benchmark one.")
    started = time.perf_counter()
    admin = f"postgresql://{args.user}@{args.host}:5432/postgres"
    url = f"postgresql://{args.user}@{args.host}:5432/{args.database}"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [args.database]
        ).fetchone()
        if exists and not args.reset:
            sys.exit(f"{args.database} exists; pass --reset to rebuild it.")
        if exists:
            conn.execute(f'DROP DATABASE "{args.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{args.database}"')
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log("migrated", started)
    rng = random.Random(20250301)
    # The archive ends today by default, so "last 30 days" and "last 12 months" (overview,
    # momentum) hold as much as any other stretch, as they would in production.
    now = dt.datetime.combine(args.end, dt.time.min, tzinfo=dt.UTC)
    with psycopg.connect(url) as conn:
        fill(conn, rng, args, now, started)
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        log("vacuum analyze done", started)
        # The timeline's per-day counts (articles migration 0009) of every day written; after
        # ANALYZE, or the planner takes the new tables for empty ones.
        conn.execute("SELECT ct_refresh_event_counts()")
        conn.execute("VACUUM ANALYZE articles_eventcount")
    log("per-day event counts", started)


def fill(conn, rng: random.Random, args, now: dt.datetime, started: float) -> None:
    cur = conn.cursor()
    cur.execute(
        "INSERT INTO initiatives_country (code, name, name_fa, name_ar) VALUES "
        "('IR', 'Iran', 'ایران', 'إيران'), ('IQ', 'Iraq', 'عراق', 'العراق') RETURNING id"
    )
    country_ids = [r[0] for r in cur.fetchall()]
    place_ids = []
    for n, name in enumerate(PLACES * 15):
        cur.execute(
            "INSERT INTO initiatives_place (slug, name, name_fa, name_ar, other_names, country_id,"
            " kind, latitude, longitude) VALUES (%s, %s, '', '', '{}', %s, 'city', %s, %s)"
            " RETURNING id",
            [f"{name.lower().replace(' ', '-')}-{n}", name, country_ids[n % 2],
             29 + rng.random() * 8, 43 + rng.random() * 6],
        )  # fmt: skip
        place_ids.append(cur.fetchone()[0])
    person_ids = []
    for n in range(500):
        cur.execute(
            "INSERT INTO initiatives_person (slug, name, name_fa, name_ar, other_names, role,"
            " country_id) VALUES (%s, %s, '', '', '{}', 'Minister', %s) RETURNING id",
            [f"person-{n}", f"Person {n}", country_ids[n % 2]],
        )
        person_ids.append(cur.fetchone()[0])
    source_ids = []
    for n in range(50):
        cur.execute(
            "INSERT INTO articles_source (slug, name, homepage, domain, language) VALUES"
            " (%s, %s, '', %s, %s) RETURNING id",
            [f"source-{n}", f"Source {n}", f"source{n}.example", ["en", "fa", "ar"][n % 3]],
        )
        source_ids.append(cur.fetchone()[0])
    initiatives = []
    for n in range(args.initiatives):
        cur.execute(
            "INSERT INTO initiatives_initiative (slug, name, name_fa, name_ar, summary, sector,"
            " status, status_since, version, created_at, updated_at) VALUES"
            " (%s, %s, '', '', 'A joint project.', %s, %s, '2024-01-01', 1, now(), now())"
            " RETURNING id",
            [f"initiative-{n}", f"Initiative {n} {rng.choice(PLACES)} {rng.choice(WORDS)}",
             SECTORS[n % len(SECTORS)], STATUSES[n % len(STATUSES)]],
        )  # fmt: skip
        pk = cur.fetchone()[0]
        initiatives.append(pk)
        for cid in country_ids:
            cur.execute(
                "INSERT INTO initiatives_initiative_countries (initiative_id, country_id)"
                " VALUES (%s, %s)",
                [pk, cid],
            )
        for pid in rng.sample(place_ids, 3):
            cur.execute(
                "INSERT INTO initiatives_initiative_places (initiative_id, place_id)"
                " VALUES (%s, %s)",
                [pk, pid],
            )
        for pid in rng.sample(person_ids, 3):
            cur.execute(
                "INSERT INTO initiatives_initiative_people (initiative_id, person_id)"
                " VALUES (%s, %s)",
                [pk, pid],
            )
        cur.execute(
            "INSERT INTO initiatives_keyfigure (initiative_id, label, value, unit, note, position)"
            " VALUES (%s, 'Length', %s, 'km', '', 0)",
            [pk, rng.randint(10, 500)],
        )
    log(f"{len(initiatives)} initiatives, {len(place_ids)} places, 500 people, 50 sources", started)

    # Articles: ids assigned in date order so "newest first" is a realistic index scan.
    span = 3 * 365 * 24 * 3600
    with cur.copy(
        "COPY articles_article (id, url, original_url, title, byline, published_at,"
        " date_estimated, language, body, content_hash, source_id, dates_mentioned,"
        " is_irrelevant, ingested_via, fetched_at, pipeline_version, created_at) FROM STDIN"
    ) as copy:
        for n in range(1, args.articles + 1):
            published = now - dt.timedelta(seconds=span * (args.articles - n) / args.articles)
            extra = rng.choice(PLACES)
            body = " ".join(sentence(rng, extra if k == 0 else "") for k in range(4))
            copy.write_row(
                (n, f"https://source{n % 50}.example/a/{n}", "", sentence(rng, extra)[:200], "",
                 published, False, ["en", "fa", "ar"][n % 3], body,
                 hashlib.sha256(f"{n}:{body}".encode()).hexdigest(), source_ids[n % 50], "[]",
                 False, "feed", published, "bench", published)
            )  # fmt: skip
            if n % 200_000 == 0:
                log(f"  {n} articles", started)
    cur.execute("SELECT setval('articles_article_id_seq', %s)", [args.articles])
    log(f"{args.articles} articles", started)

    with cur.copy(
        "COPY articles_articlelink (article_id, initiative_id, state, origin, score, snippet,"
        " decided_at, created_at) FROM STDIN"
    ) as copy:
        links = 0
        for n in range(1, args.articles + 1):
            for pk in rng.sample(initiatives, 1 if rng.random() < 0.7 else 2):
                roll = rng.random()
                state = "confirmed" if roll < 0.7 else "suggested" if roll < 0.95 else "rejected"
                copy.write_row(
                    (n, pk, state, "machine", round(rng.random(), 3), "",
                     now if state != "suggested" else None, now)
                )  # fmt: skip
                links += 1
    log(f"{links} article links", started)

    with cur.copy("COPY articles_article_places (article_id, place_id) FROM STDIN") as copy:
        for n in range(1, args.articles + 1, 3):
            copy.write_row((n, rng.choice(place_ids)))
    log("article places", started)

    step = max(1, args.articles // args.statements)
    with cur.copy(
        "COPY articles_statement (id, article_id, speaker_id, speaker_name, text, position)"
        " FROM STDIN"
    ) as copy:
        for n in range(1, args.statements + 1):
            copy.write_row(
                (n, 1 + (n - 1) * step % args.articles, rng.choice(person_ids), "",
                 sentence(rng), 10)
            )  # fmt: skip
    cur.execute("SELECT setval('articles_statement_id_seq', %s)", [args.statements])
    with cur.copy(
        "COPY articles_statement_initiatives (statement_id, initiative_id) FROM STDIN"
    ) as copy:
        for n in range(1, args.statements + 1):
            copy.write_row((n, rng.choice(initiatives)))
    log(f"{args.statements} statements", started)

    for pk in initiatives:
        for k in range(10):
            cur.execute(
                "INSERT INTO initiatives_milestone (initiative_id, date, title, description,"
                " created_at) VALUES (%s, %s, %s, '', now())",
                [pk, (now - dt.timedelta(days=90 * k)).date(), f"Milestone {k}"],
            )
        cur.execute(
            "INSERT INTO initiatives_statuschange (initiative_id, from_status, to_status, date,"
            " note, created_at) VALUES (%s, 'proposed', 'agreed', '2024-01-01', '', now())",
            [pk],
        )
    log("milestones and status changes", started)

    # Claims at a realistic volume: several sources per figure and date of each initiative,
    # one preferred, some deprecated (what the initiative page and API detail read).
    claims = 0
    for pk in initiatives:
        for k in range(8):
            article = rng.randint(1, args.articles)
            cur.execute("SELECT left(body, 60) FROM articles_article WHERE id = %s", [article])
            (quote,) = cur.fetchone()
            rank = "preferred" if k == 0 else "deprecated" if k == 7 else "normal"
            if k < 6:
                value, date, kind, label = rng.randint(10, 500), None, "figure", "Length"
            else:
                value, date, kind, label = None, dt.date(2026 + k, 12, 31), "date", "Completion"
            cur.execute(
                "INSERT INTO initiatives_claim (initiative_id, kind, label, value, unit, date,"
                " precision, as_of, source_id, source_note, sentence, span_start, span_end,"
                " rank, note, position, recorded_at, is_demo) VALUES (%s, %s, %s, %s, %s, %s,"
                " %s, %s, %s, '', %s, 0, %s, %s, '', 0, now(), false)",
                [pk, kind, label, value, "km" if value else "", date,
                 "year" if date else "", now.date(), article, quote, len(quote), rank],
            )  # fmt: skip
            claims += 1
    log(f"{claims} claims", started)


if __name__ == "__main__":
    main()
