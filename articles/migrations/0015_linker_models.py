# The learned linker: every training run recorded (LinkerModel) and the scorer on each link.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_console_upload_and_corrected"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="articlelink",
            name="model_version",
            field=models.CharField(blank=True, db_default="", max_length=40),
        ),
        migrations.CreateModel(
            name="LinkerModel",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.CharField(max_length=40, unique=True)),
                ("started_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("trigger", models.CharField(default="command", max_length=20)),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("promoted", "Promoted"),
                            ("kept_previous", "Not promoted (no better than the model in use)"),
                            ("refused", "Refused (too few decisions)"),
                            ("failed", "Failed"),
                        ],
                        max_length=20,
                    ),
                ),
                ("reason", models.TextField(blank=True)),
                ("trained_on", models.JSONField(blank=True, default=dict)),
                ("metrics", models.JSONField(blank=True, default=dict)),
                ("thresholds", models.JSONField(blank=True, default=dict)),
                ("sha256", models.CharField(blank=True, max_length=64)),
                ("is_current", models.BooleanField(default=False)),
                (
                    "started_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-started_at", "-id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("is_current", True)),
                        fields=("is_current",),
                        name="linkermodel_one_current",
                    )
                ],
            },
        ),
    ]
