"""Build the load-test database: the demo data grown to N articles (default 100,000).

    .venv/bin/python bench/build_load_db.py --database ct_load [--articles 100000] [--reset]

Steps, each idempotent, so an interrupted build resumes where it stopped:
1. create the database if missing, `migrate`, `load_catalogue`, `load_demo --with-users`;
2. grow to --articles articles with COPY, in batches of --batch (one transaction each):
   bodies recombine the demo paragraphs of the same language around a catalogue alias, so
   search, highlighting and the matchers see realistic fa/ar/en text; 1-2 links per article
   (popular initiatives get more; 70 % confirmed, 25 % suggested, 5 % rejected), a quote in
   a quarter of them, people and places, ~10 % syndicated copies in clusters, a milestone
   every ~1,500 articles. Grown articles carry pipeline_version "load-1" and are counted on
   restart, so the same ordinal never gets two rows (content hashes are unique anyway);
3. status changes through the production service (stall, then resume where it was: the
   lifecycle stays valid and the current statuses do not move), once per initiative;
4. VACUUM ANALYZE.
Deterministic per batch (seeded). Only a local PostgreSQL is contacted.
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
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
GROWN = "load-1"  # pipeline_version of grown rows
STATUS_NOTE = "[load] "
SPAN_DAYS = 3 * 365


def log(message: str, started: float) -> None:
    """Print a timestamped progress line."""
    print(f"[{time.perf_counter() - started:7.1f}s] {message}", flush=True)


def prepare(database: str, host: str, user: str, reset: bool, started: float) -> str:
    """Create the database if needed, migrate, load catalogue and demo; return its URL."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The load-test database must be local (127.0.0.1).")
    if database in ("ct", "postgres", "template1") or not database.replace("_", "").isalnum():
        sys.exit("Refusing to fill a database that is not a dedicated load-test one.")
    admin = f"postgresql://{user}@{host}:5432/postgres"
    url = f"postgresql://{user}@{host}:5432/{database}"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if exists and reset:
            conn.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true"}
    for command in (
        ["migrate", "--noinput", "-v", "0"],
        ["load_catalogue"],
        ["load_demo", "--with-users"],
    ):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
        log(f"manage.py {command[0]} done", started)
    return url


class Corpus:
    """What grown articles are made of: the demo's paragraphs, quotes and the catalogue."""

    def __init__(self) -> None:
        from articles.models import Source
        from demo.loader import demo_data
        from initiatives.models import Alias, Initiative, Person, Place

        self.paragraphs: dict[str, list[str]] = {"en": [], "fa": [], "ar": []}
        self.titles: dict[str, list[str]] = {"en": [], "fa": [], "ar": []}
        self.quotes: dict[str, list[str]] = {"en": [], "fa": [], "ar": []}
        for entry in demo_data().articles:
            lang = entry["language"]
            self.titles[lang].append(entry["title"])
            self.quotes[lang].extend(text for _, _, text in entry.get("quotes", []))
            self.paragraphs[lang].extend(
                p.strip()
                for p in entry["paragraphs"]
                if p.strip() and not any(q in p for _, _, q in entry.get("quotes", []))
            )
        self.sources: dict[str, list[int]] = {"en": [], "fa": [], "ar": []}
        for pk, lang in Source.objects.values_list("id", "language"):
            self.sources[lang].append(pk)
        for lang in self.sources:  # a language without an outlet borrows the English ones
            self.sources[lang] = self.sources[lang] or self.sources["en"]
        self.initiatives = list(
            Initiative.objects.live().order_by("id").values_list("id", flat=True)
        )
        # Attention is skewed: a few corridors and the railway get most of the coverage.
        self.weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.initiatives))]
        self.aliases: dict[tuple[int, str], list[tuple[int, str]]] = {}
        for pk, initiative_id, lang, text in Alias.objects.filter(is_active=True).values_list(
            "id", "initiative_id", "language", "text"
        ):
            self.aliases.setdefault((initiative_id, lang), []).append((pk, text))
        self.people = list(Person.objects.values_list("id", "name"))
        self.places = list(Place.objects.values_list("id", flat=True))


def grow(url: str, target: int, batch: int, started: float) -> None:
    """Add grown articles (with links, quotes, people, places, clusters) until `target`."""
    from django.utils import timezone

    corpus = Corpus()
    now = timezone.now().replace(microsecond=0)
    with psycopg.connect(url) as conn:
        total = conn.execute("SELECT count(*) FROM articles_article").fetchone()[0]
        grown = conn.execute(
            "SELECT count(*) FROM articles_article WHERE pipeline_version = %s", [GROWN]
        ).fetchone()[0]
        to_make = max(0, target - total)
        log(f"{total} articles ({grown} grown); {to_make} to add", started)
        planned = grown + to_make
        while to_make > 0:
            size = min(batch, to_make)
            made = _batch(conn, corpus, grown, size, planned, now)
            conn.commit()
            grown += made
            to_make -= made
            log(f"  {grown} grown articles", started)


def _batch(
    conn: psycopg.Connection, corpus: Corpus, first: int, size: int, planned: int, now: dt.datetime
) -> int:
    """One transaction: `size` articles from ordinal `first`; returns how many were made."""
    rng = random.Random(f"load-{first}")
    cur = conn.cursor()
    ids = [r[0] for r in cur.execute(
        "SELECT nextval('articles_article_id_seq') FROM generate_series(1, %s)", [size]
    )]  # fmt: skip
    articles: list[tuple[Any, ...]] = []
    links: list[tuple[Any, ...]] = []
    statements: list[tuple[Any, ...]] = []
    people: list[tuple[int, int]] = []
    places: list[tuple[int, int]] = []
    milestones: list[tuple[Any, ...]] = []
    cluster_of: dict[int, int] = {}
    k = 0
    while k < size:
        ordinal = first + k
        lang = rng.choices(["en", "fa", "ar"], weights=[6, 2, 2])[0]
        picked = list(
            dict.fromkeys(
                rng.choices(corpus.initiatives, corpus.weights, k=1 if rng.random() < 0.7 else 2)
            )
        )
        main = picked[0]
        alias_id, alias = rng.choice(corpus.aliases.get((main, lang), [(None, "")]))
        alias = alias or rng.choice(corpus.aliases.get((main, "en"), [(None, "cooperation")]))[1]
        paragraphs = rng.sample(corpus.paragraphs[lang], k=min(3, len(corpus.paragraphs[lang])))
        paragraphs.insert(rng.randint(0, 1), f"{alias} — {paragraphs.pop(0)}")
        quote = speaker = None
        if rng.random() < 0.25 and corpus.quotes[lang]:
            quote = rng.choice(corpus.quotes[lang])
            speaker = rng.choice(corpus.people)
            paragraphs.insert(2, f"{speaker[1]}: “{quote}”")
        # Days ago from the ordinal (older first) plus jitter: the timeline fills evenly.
        age = SPAN_DAYS * (1 - (ordinal + 1) / (planned + 1)) + rng.random()
        published = now - dt.timedelta(days=age, minutes=rng.randint(0, 600))
        title = f"{rng.choice(corpus.titles[lang])} ({ordinal})"
        copies = rng.choice([1, 1, 2]) if rng.random() < 0.10 else 0
        copies = min(copies, size - k - 1)
        cluster = None
        if copies:
            cluster = cur.execute(
                "INSERT INTO articles_cluster (created_at) VALUES (%s) RETURNING id", [published]
            ).fetchone()[0]
        states = []
        for _ in picked:
            roll = rng.random()
            states.append("confirmed" if roll < 0.7 else "suggested" if roll < 0.95 else "rejected")
        for copy_no in range(copies + 1):
            pk = ids[k]
            body = "\n\n".join(paragraphs)
            if copy_no:
                body += f"\n\n(Republished, {copy_no}.)"
            source = rng.choice(corpus.sources[lang])
            when = published + dt.timedelta(hours=3 * copy_no)
            content_hash = hashlib.sha256(f"{GROWN}:{first + k}:{body}".encode()).hexdigest()
            articles.append(
                (pk, f"https://load{source}.example/{lang}/{first + k}", "", title[:500], "",
                 when, False, lang, body, content_hash, source, cluster, "[]", False, "feed",
                 when, GROWN, when)
            )  # fmt: skip
            for initiative, state in zip(picked, states, strict=True):
                decided = None if state == "suggested" else when + dt.timedelta(hours=6)
                links.append(
                    (pk, initiative, state, "machine", round(0.35 + rng.random() * 0.65, 3),
                     alias_id if initiative == main else None, body[:200].replace("\n\n", " "),
                     decided, when)
                )  # fmt: skip
            if quote:
                statements.append((pk, speaker[0], speaker[1], quote, body.find(quote), picked))
                people.append((pk, speaker[0]))
            for place in rng.sample(corpus.places, k=rng.randint(0, 2)):
                places.append((pk, place))
            if rng.random() < 0.3:
                extra = rng.choice(corpus.people)[0]
                if not (quote and extra == speaker[0]):
                    people.append((pk, extra))
            cluster_of[pk] = cluster or 0
            k += 1
        if ordinal % 1500 == 0 and states[0] == "confirmed":
            milestones.append(
                (main, published.date(), f"Progress report {ordinal}", "Reported progress.",
                 ids[k - 1 - copies], published)
            )  # fmt: skip
    _copy(cur, "articles_article (id, url, original_url, title, byline, published_at,"
          " date_estimated, language, body, content_hash, source_id, cluster_id,"
          " dates_mentioned, is_irrelevant, ingested_via, fetched_at, pipeline_version,"
          " created_at)", articles)  # fmt: skip
    _copy(cur, "articles_articlelink (article_id, initiative_id, state, origin, score,"
          " matched_alias_id, snippet, decided_at, created_at)", links)  # fmt: skip
    _copy(cur, "articles_article_people (article_id, person_id)", people)
    _copy(cur, "articles_article_places (article_id, place_id)", places)
    if statements:
        statement_ids = [r[0] for r in cur.execute(
            "SELECT nextval('articles_statement_id_seq') FROM generate_series(1, %s)",
            [len(statements)],
        )]  # fmt: skip
        pairs = list(zip(statement_ids, statements, strict=True))
        _copy(
            cur,
            "articles_statement (id, article_id, speaker_id, speaker_name, text, position)",
            [(sid, *row[:5]) for sid, row in pairs],
        )
        confirmed = {(a, i) for a, i, state, *_ in links if state == "confirmed"}
        _copy(
            cur,
            "articles_statement_initiatives (statement_id, initiative_id)",
            [(sid, i) for sid, (a, *_, inits) in pairs for i in inits if (a, i) in confirmed],
        )
    for row in milestones:
        cur.execute(
            "INSERT INTO initiatives_milestone (initiative_id, date, title, description,"
            " evidence_id, created_at) VALUES (%s, %s, %s, %s, %s, %s)"
            " ON CONFLICT DO NOTHING",
            row,
        )
    return k


def _copy(cur: psycopg.Cursor, target: str, rows: list[tuple[Any, ...]]) -> None:
    with cur.copy(f"COPY {target} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def status_history(started: float) -> None:
    """Stall and resume some initiatives through the service, once (marked by the note)."""
    from articles.models import Article
    from initiatives.models import Initiative, Status, StatusChange
    from initiatives.services import change_status

    if StatusChange.objects.filter(note__startswith=STATUS_NOTE).exists():
        log("status changes already grown", started)
        return
    rng = random.Random("load-status")
    today = dt.date.today()
    made = 0
    live = [Status.PROPOSED, Status.AGREED, Status.IN_IMPLEMENTATION, Status.OPERATIONAL]
    for initiative in Initiative.objects.live().filter(status__in=live):
        since = initiative.status_since or today - dt.timedelta(days=SPAN_DAYS)
        if (today - since).days < 60 or rng.random() < 0.4:
            continue
        stall = since + dt.timedelta(days=rng.randint(10, (today - since).days // 2))
        resume = stall + dt.timedelta(days=rng.randint(5, (today - stall).days - 1))
        before = initiative.status
        for to_status, day, note in (
            (Status.STALLED, stall, "works paused pending funding"),
            (before, resume, "works resumed"),
        ):
            evidence = (
                Article.objects.filter(
                    links__initiative=initiative,
                    links__state="confirmed",
                    published_at__date__lte=day,
                )
                .order_by("-published_at")
                .first()
            )
            change_status(
                initiative, to_status, date=day, note=STATUS_NOTE + note, evidence=evidence
            )
            made += 1
    log(f"{made} status changes", started)


def main() -> None:
    """Parse arguments and build (or resume) the load-test database."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="ct_load")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--user", default="postgres")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--reset", action="store_true", help="drop the database first")
    args = parser.parse_args()
    started = time.perf_counter()
    url = prepare(args.database, args.host, args.user, args.reset, started)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    grow(url, args.articles, args.batch, started)
    status_history(started)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM articles_article), (SELECT count(*) FROM"
            " articles_articlelink), (SELECT count(*) FROM articles_statement), (SELECT count(*)"
            " FROM articles_cluster), (SELECT count(*) FROM initiatives_statuschange),"
            " (SELECT count(*) FROM initiatives_milestone), (SELECT count(*) FROM"
            " initiatives_initiative)"
        ).fetchone()
        log(
            "articles {}, links {}, statements {}, clusters {}, status changes {}, milestones {},"
            " initiatives {}".format(*counts)
            + f"; database {size.fetchone()[0]}",
            started,
        )


if __name__ == "__main__":
    main()
