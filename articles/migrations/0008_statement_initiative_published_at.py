"""A publication-time copy on statement ↔ initiative rows, kept by triggers, and its index.

The many-to-many table articles_statement_initiatives gets a `published_at` column (the
statement's article's time), filled by a trigger on every insert or update of a row and
copied again when an article's time or a statement's article changes. Django never reads or
writes it (its automatic through model does not declare it; inserts leave it to the
trigger); the timeline's statement branch for one initiative reads its index in order
instead of walking the newest articles. Reversible: backwards drops triggers, index and
column (a copy; nothing is lost). The backfill runs with the data-version trigger disabled
and bumps the version once.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE articles_statement_initiatives ADD COLUMN published_at timestamptz NULL",
    """
    CREATE OR REPLACE FUNCTION ct_statement_initiative_published_at() RETURNS trigger AS $$
    BEGIN
      NEW.published_at := (SELECT a.published_at FROM articles_statement s
                             JOIN articles_article a ON a.id = s.article_id
                            WHERE s.id = NEW.statement_id);
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    "CREATE TRIGGER ct_statement_initiative_published_at BEFORE INSERT OR UPDATE"
    " ON articles_statement_initiatives FOR EACH ROW"
    " EXECUTE FUNCTION ct_statement_initiative_published_at()",
    """
    CREATE OR REPLACE FUNCTION ct_article_published_at_to_statements() RETURNS trigger AS $$
    BEGIN
      UPDATE articles_statement_initiatives si SET published_at = NEW.published_at
        FROM articles_statement s WHERE s.id = si.statement_id AND s.article_id = NEW.id;
      RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    "CREATE TRIGGER ct_article_published_at_to_statements AFTER UPDATE OF published_at"
    " ON articles_article FOR EACH ROW"
    " WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at)"
    " EXECUTE FUNCTION ct_article_published_at_to_statements()",
    """
    CREATE OR REPLACE FUNCTION ct_statement_article_to_initiatives() RETURNS trigger AS $$
    BEGIN
      UPDATE articles_statement_initiatives SET published_at = NULL  -- recomputed on update
       WHERE statement_id = NEW.id;
      RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    "CREATE TRIGGER ct_statement_article_to_initiatives AFTER UPDATE OF article_id"
    " ON articles_statement FOR EACH ROW WHEN (OLD.article_id IS DISTINCT FROM NEW.article_id)"
    " EXECUTE FUNCTION ct_statement_article_to_initiatives()",
    "ALTER TABLE articles_statement_initiatives DISABLE TRIGGER ct_data_version_bump",
    "UPDATE articles_statement_initiatives si SET published_at = a.published_at"
    " FROM articles_statement s JOIN articles_article a ON a.id = s.article_id"
    " WHERE s.id = si.statement_id",
    "ALTER TABLE articles_statement_initiatives ENABLE TRIGGER ct_data_version_bump",
    "SELECT nextval('ct_data_version')",
    "CREATE INDEX statement_initiatives_init_pub ON articles_statement_initiatives"
    " (initiative_id, published_at DESC, statement_id DESC)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS statement_initiatives_init_pub",
    "DROP TRIGGER IF EXISTS ct_statement_article_to_initiatives ON articles_statement",
    "DROP FUNCTION IF EXISTS ct_statement_article_to_initiatives()",
    "DROP TRIGGER IF EXISTS ct_article_published_at_to_statements ON articles_article",
    "DROP FUNCTION IF EXISTS ct_article_published_at_to_statements()",
    "DROP TRIGGER IF EXISTS ct_statement_initiative_published_at ON articles_statement_initiatives",
    "DROP FUNCTION IF EXISTS ct_statement_initiative_published_at()",
    "ALTER TABLE articles_statement_initiatives DROP COLUMN IF EXISTS published_at",
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_link_published_at"),
    ]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=BACKWARD)]
