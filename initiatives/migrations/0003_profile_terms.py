# Initiative profiles: descriptive and excluding terms the linker reads beside the aliases.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0002_role_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ProfileTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("describes", "Describes"), ("excludes", "Excludes")],
                        default="describes",
                        max_length=10,
                    ),
                ),
                ("text", models.CharField(max_length=120)),
                (
                    "language",
                    models.CharField(
                        choices=[("en", "English"), ("fa", "Persian"), ("ar", "Arabic")],
                        max_length=2,
                    ),
                ),
                ("normalized", models.CharField(editable=False, max_length=120)),
                ("weight", models.FloatField(default=0.5)),
                ("is_active", models.BooleanField(default=True)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "initiative",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="profile_terms",
                        to="initiatives.initiative",
                    ),
                ),
            ],
            options={
                "ordering": ["initiative", "kind", "language", "text"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("initiative", "kind", "language", "normalized"),
                        name="profile_term_unique_per_initiative",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("language__in", ["en", "fa", "ar"])),
                        name="profile_term_language_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["describes", "excludes"])),
                        name="profile_term_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("weight__gt", 0), ("weight__lte", 1)),
                        name="profile_term_weight_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("normalized", ""), _negated=True),
                        name="profile_term_not_empty",
                    ),
                ],
            },
        ),
    ]
