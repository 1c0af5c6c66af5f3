"""The review queue's "newest first" reads suggestions from an index in time order.

A partial index on suggested links (ArticleLink.published_at, id), built CONCURRENTLY so a
live database keeps taking writes; reversible, no data change.
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("articles", "0017_article_other_languages"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="articlelink",
            index=models.Index(
                condition=models.Q(("state", "suggested")),
                fields=["-published_at", "-id"],
                name="articlelink_suggested_pub",
            ),
        ),
    ]
