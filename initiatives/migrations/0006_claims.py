# Claims with provenance (initiatives.models.Claim): several sources' values for one figure or
# date of an initiative, each with its article, sentence span, as-of date, recorder and rank.
#
# Every existing key figure becomes a preferred claim with the same label, value, unit, as-of
# date, note and position; it has no article, so its source_note says where it came from.
# The key figures themselves are kept (the catalogue file and its loader still name them).
# Reversed by deleting exactly the claims copied here, then the table: no data is lost either
# way. The data version (core/data_version.py) moves with every write to the new table.

import importlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q

_version = importlib.import_module("articles.migrations.0005_data_version")

FROM_KEY_FIGURE = "key figure (starter catalogue or editor), before claims had sources"


def key_figures_to_claims(apps, schema_editor):
    KeyFigure = apps.get_model("initiatives", "KeyFigure")
    Claim = apps.get_model("initiatives", "Claim")
    Claim.objects.bulk_create(
        Claim(
            initiative_id=figure.initiative_id,
            kind="figure",
            label=figure.label,
            value=figure.value,
            unit=figure.unit,
            as_of=figure.as_of,
            note=figure.note,
            position=figure.position,
            rank="preferred",
            source_note=FROM_KEY_FIGURE,
        )
        for figure in KeyFigure.objects.filter(value__gte=0).order_by("id")
    )
    # The foreign keys are added after this step; PostgreSQL refuses that (and dropping the
    # table on the way back) while deferred trigger events are pending.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def remove_copied_claims(apps, schema_editor):
    Claim = apps.get_model("initiatives", "Claim")
    Claim.objects.filter(source__isnull=True, source_note=FROM_KEY_FIGURE).delete()
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0005_token_limits"),
        ("articles", "0016_demo_flags"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Claim",
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
                        choices=[("figure", "Figure"), ("date", "Date")],
                        default="figure",
                        max_length=10,
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        help_text="what it measures: Length, Completion…", max_length=100
                    ),
                ),
                (
                    "value",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=20, null=True),
                ),
                ("unit", models.CharField(blank=True, max_length=40)),
                ("date", models.DateField(blank=True, null=True)),
                (
                    "precision",
                    models.CharField(
                        blank=True,
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        max_length=5,
                    ),
                ),
                (
                    "as_of",
                    models.DateField(blank=True, help_text="when the source said it", null=True),
                ),
                ("source_note", models.CharField(blank=True, max_length=300)),
                (
                    "sentence",
                    models.TextField(blank=True, help_text="the words of the source, as written"),
                ),
                ("span_start", models.PositiveIntegerField(blank=True, null=True)),
                ("span_end", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "rank",
                    models.CharField(
                        choices=[
                            ("preferred", "Preferred"),
                            ("normal", "Normal"),
                            ("deprecated", "Deprecated"),
                        ],
                        default="normal",
                        max_length=10,
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300)),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("is_demo", models.BooleanField(db_default=False, default=False)),
                (
                    "initiative",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="claims",
                        to="initiatives.initiative",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claims",
                        to="articles.article",
                    ),
                ),
            ],
            options={
                "ordering": ["initiative", "position", "label", "-rank", "id"],
                "indexes": [
                    models.Index(fields=["initiative", "label"], name="claim_initiative_label")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=Q(kind__in=["figure", "date"]), name="claim_kind_valid"
                    ),
                    models.CheckConstraint(
                        condition=Q(rank__in=["preferred", "normal", "deprecated"]),
                        name="claim_rank_valid",
                    ),
                    models.CheckConstraint(
                        condition=Q(
                            kind="figure", value__isnull=False, value__gte=0, date__isnull=True
                        )
                        | Q(
                            kind="date",
                            value__isnull=True,
                            date__gte="1900-01-01",
                            precision__in=["day", "month", "year"],
                        ),
                        name="claim_value_fits_kind",
                    ),
                    models.CheckConstraint(
                        condition=Q(source__isnull=False) | ~Q(source_note=""),
                        name="claim_has_source",
                    ),
                    models.CheckConstraint(
                        condition=Q(span_start__isnull=True)
                        | Q(span_end__gt=models.F("span_start")),
                        name="claim_span_order",
                    ),
                ],
            },
        ),
        migrations.RunSQL(
            _version.bump_triggers("initiatives_claim"),
            reverse_sql=_version.drop_bump_triggers("initiatives_claim"),
        ),
        migrations.RunPython(key_figures_to_claims, remove_copied_claims),
    ]
