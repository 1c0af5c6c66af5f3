"""Covering index for the timeline's language filter (load test); reversible, built CONCURRENTLY."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("articles", "0005_data_version"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="article",
            index=models.Index(
                condition=models.Q(("is_irrelevant", False)),
                fields=["language", "-published_at", "-id"],
                name="article_relevant_lang",
            ),
        ),
    ]
