"""IngestionRun.progress_at: when its task last counted items, so a run whose task was lost
(e.g. Redis restarted empty) can be told from a slow one and closed. Nullable, reversible."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_confirmed_link_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="ingestionrun",
            name="progress_at",
            field=models.DateTimeField(
                blank=True, help_text="when its task last counted items (None: not yet)", null=True
            ),
        ),
    ]
