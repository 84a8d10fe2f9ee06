"""Start-up checks: production settings that lack what the portal needs fail
before anything is served (`manage.py check`, `migrate`, and the WSGI entry
point run them), with what to do about it.

Tagged "portal", not "staticfiles": collectstatic, which builds the manifest
the first check looks for, must still run without a manifest.
"""

from django.conf import settings
from django.core.checks import Error, register

TAG = "portal"
STYLESHEET = "build/portal.css"


@register(TAG)
def static_files_built(app_configs=None, **kwargs):
    """With DEBUG off, a manifest storage answers 500 for any page whose
    stylesheet is not in the manifest ("Missing staticfiles manifest entry")."""
    from django.contrib.staticfiles.storage import ManifestFilesMixin
    from django.core.files.storage import storages

    storage = storages["staticfiles"]
    if settings.DEBUG or not isinstance(storage, ManifestFilesMixin):
        return []
    try:
        manifest, _ = storage.load_manifest()
    except ValueError:  # not a manifest collectstatic wrote
        manifest = {}
    if STYLESHEET not in manifest:
        return [
            Error(
                f"The built static files are missing: {STYLESHEET} is not in the staticfiles manifest "
                f"under {settings.STATIC_ROOT}, so every page would answer 500.",
                hint="Run `npm run build`, then `python manage.py collectstatic --noinput`.",
                id="portal.E001",
            )
        ]
    return []


@register(TAG)
def broker_configured(app_configs=None, **kwargs):
    if getattr(settings, "PORTAL_DEPLOYED", False) and not settings.CELERY_BROKER_URL:
        return [
            Error(
                "CELERY_BROKER_URL is not set: panel reports would render inside web requests "
                "and no reminder or recovery schedule would run.",
                hint="Set CELERY_BROKER_URL, e.g. redis://redis:6379/0, and run a worker and one beat.",
                id="portal.E002",
            )
        ]
    return []


@register(TAG)
def storage_configured(app_configs=None, **kwargs):
    kind = settings.PORTAL_STORAGE
    if kind == "s3":
        missing = [name for name in ("PORTAL_S3_BUCKET",) if not getattr(settings, name, "")]
        if missing:
            return [
                Error(
                    f"PORTAL_STORAGE=s3 but {', '.join(missing)} is not set: uploads and reports have nowhere to go.",
                    hint="Set PORTAL_S3_BUCKET (and PORTAL_S3_ENDPOINT_URL and keys for a non-AWS store).",
                    id="portal.E003",
                )
            ]
        return []
    if kind != "local":
        return [
            Error(
                f"PORTAL_STORAGE is {kind!r}: it must be 'local' (MEDIA_ROOT) or 's3'.",
                id="portal.E004",
            )
        ]
    return []


def serious_problems() -> list:
    """The portal's own checks that fail, for the WSGI entry point."""
    from django.core.checks import run_checks

    return [problem for problem in run_checks(tags=[TAG]) if problem.is_serious()]
