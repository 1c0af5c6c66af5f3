# API tokens with limits: an optional expiry, a scope (read / write) and the address of last
# use. Existing tokens keep what they could do (scope "write", no expiry): a constant database
# default, so PostgreSQL adds the columns without rewriting the table. Reversed by dropping
# the constraints and columns (no other data is touched).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0004_demo_flags"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="last_used_from",
            field=models.GenericIPAddressField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("write", "Read and write")],
                db_default="write",
                default="write",
                max_length=10,
            ),
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.CheckConstraint(
                condition=models.Q(("scope__in", ["read", "write"])), name="apitoken_scope_valid"
            ),
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("expires_at__isnull", True),
                    ("expires_at__gt", models.F("created_at")),
                    _connector="OR",
                ),
                name="apitoken_expires_after_creation",
            ),
        ),
    ]
