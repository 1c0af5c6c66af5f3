# ruff: noqa: S608 (SQL assembled from this file's constants only, no input)
"""Per-day counts of timeline events for the density chart, kept up to date by the database.

Triggers on articles, links, statements, statement ↔ initiative rows and initiatives mark the
days whose counts a write changes (articles_staleeventday; a TRUNCATE marks every day).
ct_refresh_event_counts() recomputes the marked days from the tables, under an advisory
lock, and deletes exactly the marks it read: a mark committed meanwhile stays for the next
refresh, so no change is ever lost. The timeline density calls it before reading, and a
Celery beat task calls it every minute. The migration fills the counts once.

Reversible: backwards drops the function, the triggers and both tables (derived data only).
"""

from django.db import migrations, models

DAY = "(({}) AT TIME ZONE 'UTC')::date"
REFRESH_LOCK = 0x43542D636F756E  # "CT-coun"


def _days(rows: str, where: str = "TRUE") -> str:
    """The days of the inserted (new_rows) or deleted (old_rows) rows matching `where`."""
    return f"SELECT {DAY.format('published_at')} FROM {rows} WHERE {where}"


def _days_before_and_after(*columns: str, where: str = "TRUE") -> str:
    """Both days of each updated row (o: before, n: after) whose `columns` changed."""
    old, new = (", ".join(f"{alias}.{c}" for c in columns) for alias in ("o", "n"))
    return f"""
        SELECT v.day FROM old_rows o JOIN new_rows n ON n.id = o.id,
          LATERAL (VALUES ({DAY.format("o.published_at")}),
                          ({DAY.format("n.published_at")})) v(day)
         WHERE ({old}) IS DISTINCT FROM ({new}) AND {where}
    """


def _days_of_initiatives_whose_sector_changed() -> str:
    changed = (
        "SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id"
        " WHERE o.sector IS DISTINCT FROM n.sector"
    )
    return (
        f"SELECT {DAY.format('published_at')} FROM articles_articlelink"
        f" WHERE state = 'confirmed' AND initiative_id IN ({changed})"
        f" UNION SELECT {DAY.format('published_at')} FROM articles_statement_initiatives"
        f" WHERE initiative_id IN ({changed})"
    )


# Per table, per event: the days the write changes (the trigger function inserts them). Links
# and statement ↔ initiative rows carry their article's time (migrations 0007, 0008);
# statements take it from their article.
MARKS = {
    "articles_article": {
        "INSERT": _days("new_rows"),
        "DELETE": _days("old_rows"),
        "UPDATE": _days_before_and_after("published_at", "language", "source_id", "is_irrelevant"),
    },
    "articles_articlelink": {
        "INSERT": _days("new_rows", "state = 'confirmed'"),
        "DELETE": _days("old_rows", "state = 'confirmed'"),
        "UPDATE": _days_before_and_after(
            "state",
            "initiative_id",
            "article_id",
            "published_at",
            where="(o.state = 'confirmed' OR n.state = 'confirmed')",
        ),
    },
    "articles_statement": {
        "INSERT": f"SELECT {DAY.format('a.published_at')} FROM new_rows s"
        " JOIN articles_article a ON a.id = s.article_id",
        "DELETE": f"SELECT {DAY.format('a.published_at')} FROM old_rows s"
        " JOIN articles_article a ON a.id = s.article_id",
        "UPDATE": f"""
            SELECT {DAY.format("a.published_at")} FROM old_rows o JOIN new_rows n ON n.id = o.id
              JOIN articles_article a ON a.id IN (o.article_id, n.article_id)
             WHERE o.article_id IS DISTINCT FROM n.article_id
        """,
    },
    "articles_statement_initiatives": {
        "INSERT": _days("new_rows"),
        "DELETE": _days("old_rows"),
        "UPDATE": _days_before_and_after("initiative_id", "statement_id", "published_at"),
    },
    # A sector change moves every event of the initiative between sectors.
    "initiatives_initiative": {"UPDATE": _days_of_initiatives_whose_sector_changed()},
}

TRANSITIONS = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
}


def _mark_function(table: str, events: dict[str, str]) -> str:
    branches = "\n  ELS".join(
        f"IF TG_OP = '{op}' THEN\n    INSERT INTO articles_staleeventday (day)"
        f" SELECT DISTINCT day FROM ({sql}) marked(day) WHERE day IS NOT NULL;"
        for op, sql in events.items()
    )
    return (
        f"CREATE OR REPLACE FUNCTION ct_stale_days_{table}() RETURNS trigger AS $$\n"
        f"BEGIN\n  {branches}\n  END IF;\n  RETURN NULL;\nEND\n$$ LANGUAGE plpgsql"
    )


# What the timeline counts (articles.selectors._branch): articles not marked irrelevant and
# their statements, on the article's day (UTC); an article's initiatives are its confirmed
# links, a statement's its tagged initiatives; a sector counts an event once.
REFRESH = f"""
CREATE OR REPLACE FUNCTION ct_refresh_event_counts() RETURNS integer
SET jit = off  -- a day is ~1,000 rows: compiling the plan would cost more than running it
AS $$
DECLARE
  marks bigint[];
  days date[];
  everything boolean;
  one date;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM articles_staleeventday) THEN
    RETURN 0;
  END IF;
  PERFORM pg_advisory_xact_lock({REFRESH_LOCK});
  SELECT array_agg(id), bool_or(day IS NULL), array_agg(DISTINCT day) FILTER (WHERE day IS NOT NULL)
    INTO marks, everything, days FROM articles_staleeventday;
  IF marks IS NULL THEN
    RETURN 0;  -- another refresh took them while this one waited for the lock
  END IF;
  IF everything THEN
    DELETE FROM articles_eventcount;
    days := ARRAY(SELECT DISTINCT {DAY.format("published_at")} FROM articles_article);
  END IF;
  -- One day at a time: the planner sees one day's rows (index scans), whatever the number.
  FOREACH one IN ARRAY coalesce(days, '{{}}') LOOP
    DELETE FROM articles_eventcount WHERE day = one;
    INSERT INTO articles_eventcount (dimension, value, kind, day, language, n)
    WITH art AS MATERIALIZED (
      SELECT a.id, a.language, a.source_id FROM articles_article a
       WHERE a.published_at >= one::timestamp AT TIME ZONE 'UTC'
         AND a.published_at < (one + 1)::timestamp AT TIME ZONE 'UTC'
         AND NOT a.is_irrelevant),
    ev AS MATERIALIZED (
      SELECT 'article'::text AS kind, id, language, source_id FROM art
      UNION ALL
      SELECT 'statement', s.id, art.language, art.source_id
        FROM art JOIN articles_statement s ON s.article_id = art.id),
    tagged AS MATERIALIZED (
      SELECT ev.kind, ev.id, ev.language, l.initiative_id, i.sector
        FROM ev JOIN articles_articlelink l ON ev.kind = 'article' AND l.article_id = ev.id
         AND l.state = 'confirmed' JOIN initiatives_initiative i ON i.id = l.initiative_id
      UNION ALL
      SELECT ev.kind, ev.id, ev.language, si.initiative_id, i.sector
        FROM ev JOIN articles_statement_initiatives si
          ON ev.kind = 'statement' AND si.statement_id = ev.id
        JOIN initiatives_initiative i ON i.id = si.initiative_id)
    SELECT 'all', '', kind, one, language, count(*) FROM ev GROUP BY kind, language
    UNION ALL
    SELECT 'source', source_id::text, kind, one, language, count(*)
      FROM ev WHERE source_id IS NOT NULL GROUP BY source_id, kind, language
    UNION ALL
    SELECT 'initiative', initiative_id::text, kind, one, language, count(*)
      FROM tagged GROUP BY initiative_id, kind, language
    UNION ALL
    SELECT 'sector', sector, kind, one, language, count(DISTINCT id)
      FROM tagged GROUP BY sector, kind, language;
  END LOOP;
  DELETE FROM articles_staleeventday WHERE id = ANY(marks);
  RETURN coalesce(array_length(days, 1), 0);
END
$$ LANGUAGE plpgsql
"""

FORWARD = [
    *(_mark_function(table, events) for table, events in MARKS.items()),
    *(
        f"CREATE TRIGGER ct_stale_days_{op.lower()} AFTER {op} ON {table}"
        f" {TRANSITIONS[op]} FOR EACH STATEMENT EXECUTE FUNCTION ct_stale_days_{table}()"
        for table, events in MARKS.items()
        for op in events
    ),
    """
    CREATE OR REPLACE FUNCTION ct_stale_days_all() RETURNS trigger AS $$
    BEGIN
      INSERT INTO articles_staleeventday (day) VALUES (NULL);
      RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    *(
        f"CREATE TRIGGER ct_stale_days_truncate AFTER TRUNCATE ON {table}"
        " FOR EACH STATEMENT EXECUTE FUNCTION ct_stale_days_all()"
        for table in MARKS
        if table != "initiatives_initiative"
    ),
    REFRESH,
    "INSERT INTO articles_staleeventday (day) VALUES (NULL)",
    "SELECT ct_refresh_event_counts()",
]
BACKWARD = [
    "DROP FUNCTION IF EXISTS ct_refresh_event_counts()",
    *(
        f"DROP TRIGGER IF EXISTS ct_stale_days_truncate ON {table}"
        for table in MARKS
        if table != "initiatives_initiative"
    ),
    "DROP FUNCTION IF EXISTS ct_stale_days_all()",
    *(
        f"DROP TRIGGER IF EXISTS ct_stale_days_{op.lower()} ON {table}"
        for table, events in MARKS.items()
        for op in events
    ),
    *(f"DROP FUNCTION IF EXISTS ct_stale_days_{table}()" for table in MARKS),
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_statement_initiative_published_at"),
    ]

    operations = [
        migrations.CreateModel(
            name="StaleEventDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name="EventCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "dimension",
                    models.CharField(
                        choices=[
                            ("all", "All"),
                            ("source", "Source"),
                            ("initiative", "Initiative"),
                            ("sector", "Sector"),
                        ],
                        max_length=10,
                    ),
                ),
                ("value", models.CharField(blank=True, max_length=64)),
                ("kind", models.CharField(max_length=10)),
                ("day", models.DateField()),
                ("language", models.CharField(max_length=8)),
                ("n", models.PositiveIntegerField()),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["dimension", "value", "kind", "day"],
                        include=("language", "n"),
                        name="eventcount_lookup",
                    ),
                    models.Index(fields=["day"], name="eventcount_day"),
                ],
            },
        ),
        migrations.RunSQL(FORWARD, reverse_sql=BACKWARD),
    ]
