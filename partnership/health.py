"""/healthz: is the portal able to serve? Cheap, open to anyone, and it says
only "ok", "down" or "not configured" for each part, never why or where."""

import logging
import os

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _broker():
    """The broker answers within a second; without one, tasks run in-process."""
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=1) as broker:
        broker.ensure_connection(max_retries=0, timeout=1)


def _storage():
    root = settings.MEDIA_ROOT
    os.makedirs(root, exist_ok=True)
    if not (os.path.isdir(root) and os.access(root, os.W_OK)):
        raise OSError("media root missing or not writable")


def _probe(name, check):
    try:
        check()
    except Exception:
        logger.exception("healthz: %s is down", name)
        return "down"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    report = {
        "database": _probe("database", _database),
        "broker": _probe("broker", _broker) if settings.CELERY_BROKER_URL else "not configured",
        "storage": _probe("storage", _storage),
    }
    healthy = all(value != "down" for value in report.values())
    return JsonResponse(report, status=200 if healthy else 503)
