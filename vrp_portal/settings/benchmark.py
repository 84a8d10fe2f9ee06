"""Benchmarks: production-like (DEBUG off, gunicorn, PostgreSQL) but over plain
HTTP on loopback, with a minimal view mounted as the throughput ceiling."""

from .base import *
from .base import env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="") or "benchmark-only-key-never-deployed"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchmarks.urls"
# The demo and scale data (load_demo, generate_scale_data): never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devdata"]
PORTAL_DEMO_DATA = True
PORTAL_REQUIRE_2FA = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# The benchmarks measure what a page costs, not the API's rate limits: one signed-in
# user sends thousands of requests a minute, which the production rates would refuse.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"token": "10000000/hour", "user": "10000000/hour", "ip": "10000000/hour"},
}
