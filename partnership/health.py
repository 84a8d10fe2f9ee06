"""/healthz: is the portal able to serve? Cheap, open to anyone, and it says
only "ok", "down" or "not configured" for each part, never why or where.

It answers within HEALTH_DEADLINE_SECONDS whatever hangs: the parts are probed
at once on a small pool of threads, and one that has not answered by the
deadline is "down"."""

import logging
from concurrent.futures import ThreadPoolExecutor, wait

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

HEALTH_DEADLINE_SECONDS = 1.5
PROBE_NAME = "healthz/probe.txt"


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connections.close_all()  # this probe thread's own connection: never left open


def _broker():
    """The broker answers within a second; without one, tasks run in-process."""
    from kombu import Connection

    options = {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, "socket_timeout": 1, "socket_connect_timeout": 1}
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=1, transport_options=options) as broker:
        broker.ensure_connection(max_retries=0, timeout=1)
        broker.default_channel.client.ping()


def _storage():
    """A folder must take a small write, read and delete; a bucket must answer
    one signed request (a HEAD: wrong keys or a missing bucket raise)."""
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        storage.exists(PROBE_NAME)
        return
    name = storage.save(PROBE_NAME, ContentFile(b"ok"))
    try:
        with storage.open(name) as stream:
            if stream.read() != b"ok":
                raise OSError("storage returned other bytes")
    finally:
        storage.delete(name)


def _run(check, name):
    try:
        check()
    except Exception:
        logger.exception("healthz: %s is down", name)
        return "down"
    return "ok"


# Long-lived threads, so a client each keeps (the object store's, per thread) is
# made once, not on every probe; a probe stuck on a hung service holds its thread
# only until its own socket timeout fires.
_PROBES = ThreadPoolExecutor(max_workers=8, thread_name_prefix="healthz")


def _probe_all(checks: dict) -> dict:
    """Run every check at once; whatever has not answered by the deadline is down."""
    futures = {name: _PROBES.submit(_run, check, name) for name, check in checks.items()}
    wait(futures.values(), timeout=HEALTH_DEADLINE_SECONDS)
    report = {}
    for name, future in futures.items():
        if future.done():
            report[name] = future.result()
        else:
            logger.error("healthz: %s did not answer within %ss", name, HEALTH_DEADLINE_SECONDS)
            report[name] = "down"
    return report


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database, "storage": _storage}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = _broker
    probed = _probe_all(checks)
    report = {
        "database": probed["database"],
        "broker": probed.get("broker", "not configured"),
        "storage": probed["storage"],
    }
    healthy = all(value != "down" for value in report.values())
    return JsonResponse(report, status=200 if healthy else 503)
