"""ArticleLink.published_at: the linked article's publication time, kept by triggers.

Reversible: backwards drops the triggers, the index and the column (a copy; nothing is lost).
The backfill runs with the data-version triggers of articles_articlelink disabled (one
deferred event per row would be held in memory until commit) and bumps the version once.
"""

from django.db import migrations, models

FORWARD = [
    # Every insert or update of a link takes the time from its article: what Python writes
    # into the column (None from a model instance) never counts.
    """
    CREATE OR REPLACE FUNCTION ct_link_published_at() RETURNS trigger AS $$
    BEGIN
      NEW.published_at := (SELECT published_at FROM articles_article WHERE id = NEW.article_id);
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    "CREATE TRIGGER ct_link_published_at BEFORE INSERT OR UPDATE ON articles_articlelink"
    " FOR EACH ROW EXECUTE FUNCTION ct_link_published_at()",
    """
    CREATE OR REPLACE FUNCTION ct_article_published_at_to_links() RETURNS trigger AS $$
    BEGIN
      UPDATE articles_articlelink SET published_at = NEW.published_at
       WHERE article_id = NEW.id;
      RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    "CREATE TRIGGER ct_article_published_at_to_links AFTER UPDATE OF published_at"
    " ON articles_article FOR EACH ROW"
    " WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at)"
    " EXECUTE FUNCTION ct_article_published_at_to_links()",
    "ALTER TABLE articles_articlelink DISABLE TRIGGER ct_data_version_bump",
    "UPDATE articles_articlelink l SET published_at = a.published_at"
    " FROM articles_article a WHERE a.id = l.article_id",
    "ALTER TABLE articles_articlelink ENABLE TRIGGER ct_data_version_bump",
    "SELECT nextval('ct_data_version')",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS ct_article_published_at_to_links ON articles_article",
    "DROP FUNCTION IF EXISTS ct_article_published_at_to_links()",
    "DROP TRIGGER IF EXISTS ct_link_published_at ON articles_articlelink",
    "DROP FUNCTION IF EXISTS ct_link_published_at()",
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_relevant_language_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="articlelink",
            name="published_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunSQL(FORWARD, reverse_sql=BACKWARD),
        migrations.AddIndex(
            model_name="articlelink",
            index=models.Index(
                fields=["initiative", "state", "-published_at", "-article"],
                name="articlelink_init_state_pub",
            ),
        ),
    ]
