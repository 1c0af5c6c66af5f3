# Status changes and milestones made by `manage.py load_demo` carry a demo flag, so pages
# badge them and `load_demo --remove` deletes exactly them. A constant database default:
# PostgreSQL adds the columns without rewriting the tables. Existing demo rows are marked by
# articles 0015 (which knows the demo articles). Reversed by dropping the columns.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0003_profile_terms"),
    ]

    operations = [
        migrations.AddField(
            model_name="statuschange",
            name="is_demo",
            field=models.BooleanField(db_default=False, default=False),
        ),
        migrations.AddField(
            model_name="milestone",
            name="is_demo",
            field=models.BooleanField(db_default=False, default=False),
        ),
    ]
