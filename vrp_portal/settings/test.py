"""Settings for the test suite: SQLite unless DATABASE_URL is set (CI sets PostgreSQL)."""

from .base import *
from .base import DATABASES, STORAGES, VAR_DIR, env

SECRET_KEY = env.str("SECRET_KEY", default="") or "test-only-key-not-used-outside-the-suite"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A real Celery worker runs in another process, where locmem mail is out of
# reach: the worker fixture points it at a folder of .eml files instead.
if env.str("PORTAL_TEST_EMAIL_DIR", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.str("PORTAL_TEST_EMAIL_DIR")
# Unit tests run tasks in-process even when CI names a broker; the broker
# (CELERY_BROKER_URL) is used by the tests that start a real worker.
CELERY_TASK_ALWAYS_EAGER = True
PORTAL_REQUIRE_2FA = env.bool("PORTAL_REQUIRE_2FA", default=False)
# The real-worker fixture passes the test process's MEDIA_ROOT to the worker through the environment.
# Under pytest-xdist each worker (gw0, gw1, ...) writes under its own folder, var/test-media-<worker>
# or, when MEDIA_ROOT is set, <MEDIA_ROOT>-<worker>: two workers never share one.
_XDIST_WORKER = env.str("PYTEST_XDIST_WORKER", default="")
MEDIA_ROOT = env.str("MEDIA_ROOT", default="") or str(VAR_DIR / "test-media")
if _XDIST_WORKER and not MEDIA_ROOT.endswith(f"-{_XDIST_WORKER}"):
    MEDIA_ROOT = f"{MEDIA_ROOT}-{_XDIST_WORKER}"
# Files where base.py put them (MEDIA_ROOT, or the bucket with PORTAL_STORAGE=s3, as
# the object-storage tests start their worker); static files need no build.
STORAGES = {
    "default": STORAGES["default"],
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so a real Celery worker in another process sees the same rows.
    # var/ is not in the repository: a fresh clone has to make it first.
    # pytest-django suffixes this name per xdist worker (test-portal.sqlite3_gw0).
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-portal.sqlite3")}

# N+1 detection: a page or API list that loads related rows one query at a
# time fails the test that requests it (django-zeal; nplusone is unmaintained).
# The demo and scale data (devdata), and the N+1 detector.
INSTALLED_APPS = [*INSTALLED_APPS, "devdata", "zeal"]
PORTAL_DEMO_DATA = True
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]
ZEAL_RAISE = True
# Django's own logout loads the session twice in one request; not ours to fix.
ZEAL_ALLOWLIST = [{"model": "sessions.Session"}]
