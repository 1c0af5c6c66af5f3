# ruff: noqa: S608 (SQL assembled from this file's constants only, no input)
"""Confirmed links per initiative, kept by statement-level triggers on articles_articlelink.

Each INSERT, UPDATE or DELETE adds its net change per initiative (in initiative order, so
concurrent writers lock counter rows in the same order); a TRUNCATE empties the counts. The
migration counts the existing links once. Reversible: backwards drops the triggers, the
function and the table (derived data only).
"""

from django.db import migrations, models

DELTAS = {
    "INSERT": "SELECT initiative_id, 1 AS d FROM new_rows WHERE state = 'confirmed'",
    "DELETE": "SELECT initiative_id, -1 AS d FROM old_rows WHERE state = 'confirmed'",
    "UPDATE": "SELECT initiative_id, 1 AS d FROM new_rows WHERE state = 'confirmed'"
    " UNION ALL SELECT initiative_id, -1 FROM old_rows WHERE state = 'confirmed'",
}
TRANSITIONS = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
}
BRANCHES = "\n  ELS".join(
    f"IF TG_OP = '{op}' THEN\n"
    "    INSERT INTO articles_initiativelinkcount AS c (initiative_id, confirmed)\n"
    f"    SELECT initiative_id, sum(d) FROM ({sql}) x GROUP BY 1 HAVING sum(d) <> 0 ORDER BY 1\n"
    "    ON CONFLICT (initiative_id) DO UPDATE SET confirmed = c.confirmed + EXCLUDED.confirmed;"
    for op, sql in DELTAS.items()
)
FORWARD = [
    "CREATE OR REPLACE FUNCTION ct_count_confirmed_links() RETURNS trigger AS $$\n"
    f"BEGIN\n  {BRANCHES}\n  END IF;\n  RETURN NULL;\nEND\n$$ LANGUAGE plpgsql",
    *(
        f"CREATE TRIGGER ct_count_confirmed_links_{op.lower()} AFTER {op}"
        f" ON articles_articlelink {TRANSITIONS[op]} FOR EACH STATEMENT"
        " EXECUTE FUNCTION ct_count_confirmed_links()"
        for op in DELTAS
    ),
    """
    CREATE OR REPLACE FUNCTION ct_count_confirmed_links_truncate() RETURNS trigger AS $$
    BEGIN
      DELETE FROM articles_initiativelinkcount;
      RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    "CREATE TRIGGER ct_count_confirmed_links_truncate AFTER TRUNCATE ON articles_articlelink"
    " FOR EACH STATEMENT EXECUTE FUNCTION ct_count_confirmed_links_truncate()",
    "INSERT INTO articles_initiativelinkcount (initiative_id, confirmed)"
    " SELECT initiative_id, count(*) FROM articles_articlelink WHERE state = 'confirmed'"
    " GROUP BY 1",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS ct_count_confirmed_links_truncate ON articles_articlelink",
    "DROP FUNCTION IF EXISTS ct_count_confirmed_links_truncate()",
    *(
        f"DROP TRIGGER IF EXISTS ct_count_confirmed_links_{op.lower()} ON articles_articlelink"
        for op in DELTAS
    ),
    "DROP FUNCTION IF EXISTS ct_count_confirmed_links()",
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_event_counts"),
    ]

    operations = [
        migrations.CreateModel(
            name="InitiativeLinkCount",
            fields=[
                ("initiative_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("confirmed", models.IntegerField(default=0)),
            ],
        ),
        migrations.RunSQL(FORWARD, reverse_sql=BACKWARD),
    ]
