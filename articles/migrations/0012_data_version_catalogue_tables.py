"""The data version (config/data_version.py) also moves with the catalogue around an
initiative: aliases, key figures, places, countries, organizations and the initiative's
many-to-many rows, so the API's cached initiative detail (and anything else cached by data
version) is never older than its last committed change. Reversible; no data is changed."""

import importlib

from django.db import migrations

_version = importlib.import_module("articles.migrations.0005_data_version")

TABLES = (
    "initiatives_alias",
    "initiatives_keyfigure",
    "initiatives_place",
    "initiatives_country",
    "initiatives_organization",
    "initiatives_initiative_countries",
    "initiatives_initiative_places",
    "initiatives_initiative_organizations",
    "initiatives_initiative_people",
)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_run_progress_at"),
        ("initiatives", "0002_role_groups"),
    ]

    operations = [
        migrations.RunSQL(
            [sql for table in TABLES for sql in _version.bump_triggers(table)],
            reverse_sql=[sql for table in TABLES for sql in _version.drop_bump_triggers(table)],
        )
    ]
