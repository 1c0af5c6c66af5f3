"""The data version (core/data_version.py): a sequence bumped by every write to the tables
the dashboards aggregate. Reversible; no data is changed."""

from django.db import migrations

TABLES = (
    "articles_article",
    "articles_articlelink",
    "articles_statement",
    "articles_statement_initiatives",
    "articles_source",
    "initiatives_initiative",
    "initiatives_statuschange",
    "initiatives_milestone",
    "initiatives_person",
)


def bump_triggers(table: str) -> list[str]:
    """The triggers that move the data version on any change to `table` (also 0012)."""
    return [
        f"CREATE CONSTRAINT TRIGGER ct_data_version_bump AFTER INSERT OR UPDATE OR DELETE"
        f" ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
        f" EXECUTE FUNCTION ct_bump_data_version()",
        f"CREATE TRIGGER ct_data_version_truncate AFTER TRUNCATE ON {table}"
        f" FOR EACH STATEMENT EXECUTE FUNCTION ct_bump_data_version()",
    ]


def drop_bump_triggers(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS ct_data_version_bump ON {table}",
        f"DROP TRIGGER IF EXISTS ct_data_version_truncate ON {table}",
    ]


# Deferred constraint triggers run at commit time, so the version moves as late as it can:
# a reader that sees the new version sees the new rows too, but for the instant of the
# commit itself. TRUNCATE has no constraint trigger; a statement trigger covers it.
FORWARD = [
    "CREATE SEQUENCE IF NOT EXISTS ct_data_version",
    """
    CREATE OR REPLACE FUNCTION ct_bump_data_version() RETURNS trigger AS $$
    BEGIN
      PERFORM nextval('ct_data_version');
      RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    *(sql for table in TABLES for sql in bump_triggers(table)),
]
BACKWARD = [
    *(sql for table in TABLES for sql in drop_bump_triggers(table)),
    "DROP FUNCTION IF EXISTS ct_bump_data_version()",
    "DROP SEQUENCE IF EXISTS ct_data_version",
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_load_test_indexes"),
        ("initiatives", "0002_role_groups"),
    ]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=BACKWARD)]
