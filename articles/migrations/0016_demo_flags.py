# Everything `manage.py load_demo` creates carries a demo flag (sources, feeds, articles,
# statements, links; status changes and milestones in initiatives 0004), so every page can
# badge it and `load_demo --remove` can delete exactly it. Constant database defaults: no
# table rewrite, and raw inserts that do not name the column (bench/) still work.
#
# Rows an earlier load_demo made are marked here: articles that came in via the demo, their
# statements and links, the status changes and milestones the demo run wrote citing them
# (created inside that run's window), sources holding only demo articles (renamed
# "<name> (demo)") and their feeds. Reversed by restoring the names and dropping the columns.

from django.db import migrations, models
from django.db.models import F, Q

SUFFIX = " (demo)"


def mark_existing_demo_rows(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Source = apps.get_model("articles", "Source")
    Feed = apps.get_model("articles", "Feed")
    Statement = apps.get_model("articles", "Statement")
    ArticleLink = apps.get_model("articles", "ArticleLink")
    StatusChange = apps.get_model("initiatives", "StatusChange")
    Milestone = apps.get_model("initiatives", "Milestone")

    Article.objects.filter(ingested_via="demo").update(is_demo=True)
    Statement.objects.filter(article__is_demo=True).update(is_demo=True)
    ArticleLink.objects.filter(article__is_demo=True).update(is_demo=True)
    for model in (StatusChange, Milestone):
        model.objects.filter(
            evidence__is_demo=True,
            created_at__gte=F("evidence__ingestion_run__started_at"),
            created_at__lte=F("evidence__ingestion_run__finished_at"),
        ).update(is_demo=True)
    demo_sources = Source.objects.filter(articles__is_demo=True).exclude(articles__is_demo=False)
    for source in demo_sources.distinct():
        source.is_demo = True
        if not source.name.endswith(SUFFIX):
            source.name = (source.name + SUFFIX)[:200]
        source.save(update_fields=["is_demo", "name"])
    Feed.objects.filter(source__is_demo=True).update(is_demo=True)
    _fire_deferred_triggers(schema_editor)


def restore_source_names(apps, schema_editor):
    Source = apps.get_model("articles", "Source")
    for source in Source.objects.filter(is_demo=True, name__endswith=SUFFIX):
        source.name = source.name[: -len(SUFFIX)]
        source.save(update_fields=["name"])
    _fire_deferred_triggers(schema_editor)


def _fire_deferred_triggers(schema_editor):
    # The data-version triggers are deferred to the commit; PostgreSQL refuses to ALTER a
    # table with trigger events pending, which the reverse (names first, then the columns)
    # would otherwise hit.
    if schema_editor is not None:
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


FLAG = models.BooleanField(db_default=False, default=False)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_linker_models"),
        ("initiatives", "0004_demo_flags"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=model, name="is_demo", field=FLAG.clone())
            for model in ("source", "feed", "article", "statement", "articlelink")
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["id"], condition=Q(is_demo=True), name="article_demo"),
        ),
        migrations.RunPython(mark_existing_demo_rows, restore_source_names, elidable=True),
    ]
