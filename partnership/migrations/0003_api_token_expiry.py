from datetime import timedelta

from django.conf import settings
from django.db import migrations, models


def expire_existing_tokens(apps, schema_editor):
    """Tokens made before expiry existed last the default term from when they were made."""
    ApiToken = apps.get_model("partnership", "ApiToken")
    days = timedelta(days=getattr(settings, "PORTAL_API_TOKEN_DAYS", 90))
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        token.expires_at = token.created_at + days
        token.save(update_fields=["expires_at"])


def clear_expiry(apps, schema_editor):
    apps.get_model("partnership", "ApiToken").objects.update(expires_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0002_api_tokens"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(expire_existing_tokens, clear_expiry),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
    ]
