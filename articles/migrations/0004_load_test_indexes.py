"""Indexes found by the load test (docs/performance.md, "Load test"); reversible, no data change.

Built CONCURRENTLY so a live database keeps taking writes. The covering link index replaces
(initiative, state), which is its prefix.
"""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("articles", "0003_search_vector_triggers"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="article",
            index=models.Index(
                condition=models.Q(("is_irrelevant", False)),
                fields=["-published_at", "-id"],
                name="article_relevant_published",
            ),
        ),
        AddIndexConcurrently(
            model_name="articlelink",
            index=models.Index(
                fields=["initiative", "state", "article"], name="articlelink_init_state_art"
            ),
        ),
        RemoveIndexConcurrently(
            model_name="articlelink",
            name="articlelink_initiative_state",
        ),
    ]
