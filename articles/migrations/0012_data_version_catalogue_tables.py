"""The data version (core/data_version.py) also moves with the catalogue around an
initiative: aliases, key figures, places, countries, organizations and the initiative's
many-to-many rows (and a user's rename), so the API's cached initiative detail (and anything else cached by data
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


# A renamed user: status changes show who made them (auth_user.username). Only a real rename
# moves the version, not the last_login written at every sign-in.
RENAME = [
    "CREATE CONSTRAINT TRIGGER ct_data_version_rename AFTER UPDATE OF username ON auth_user"
    " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
    " WHEN (OLD.username IS DISTINCT FROM NEW.username)"
    " EXECUTE FUNCTION ct_bump_data_version()",
]
UNRENAME = ["DROP TRIGGER IF EXISTS ct_data_version_rename ON auth_user"]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_run_progress_at"),
        ("initiatives", "0002_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunSQL(
            [sql for table in TABLES for sql in _version.bump_triggers(table)] + RENAME,
            reverse_sql=UNRENAME
            + [sql for table in TABLES for sql in _version.drop_bump_triggers(table)],
        )
    ]
