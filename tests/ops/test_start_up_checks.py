"""Production settings that lack what the portal needs fail before serving,
saying what to do, instead of answering 500 to every page."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

from partnership import checks

MANIFEST_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.mark.django_db
def test_without_built_css_every_page_answers_500(client, tmp_path):
    """The defect the first check prevents: DEBUG off, no manifest, any page."""
    with override_settings(STORAGES=MANIFEST_STORAGE, STATIC_ROOT=tmp_path, DEBUG=False):
        client.raise_request_exception = False
        assert client.get("/sign-in/").status_code == 500
        assert [problem.id for problem in checks.static_files_built()] == ["portal.E001"]


def test_it_says_to_build_the_static_files_when_the_manifest_lacks_them(tmp_path):
    (tmp_path / "staticfiles.json").write_text(json.dumps({"version": "1.1", "paths": {"js/portal.js": "x"}}))
    with override_settings(STORAGES=MANIFEST_STORAGE, STATIC_ROOT=tmp_path, DEBUG=False):
        [problem] = checks.static_files_built()
    assert "build/portal.css" in problem.msg
    assert "npm run build" in problem.hint and "collectstatic" in problem.hint


def test_it_passes_once_the_static_files_are_built(tmp_path):
    paths = {"build/portal.css": "build/portal.abc123.css"}
    (tmp_path / "staticfiles.json").write_text(json.dumps({"version": "1.1", "paths": paths}))
    with override_settings(STORAGES=MANIFEST_STORAGE, STATIC_ROOT=tmp_path, DEBUG=False):
        assert checks.static_files_built() == []


def test_a_deployed_portal_needs_a_broker():
    with override_settings(PORTAL_DEPLOYED=True, CELERY_BROKER_URL=""):
        [problem] = checks.broker_configured()
    assert problem.id == "portal.E002" and "CELERY_BROKER_URL" in problem.msg
    with override_settings(PORTAL_DEPLOYED=True, CELERY_BROKER_URL="redis://redis:6379/0"):
        assert checks.broker_configured() == []
    with override_settings(PORTAL_DEPLOYED=False, CELERY_BROKER_URL=""):
        assert checks.broker_configured() == []  # the embedded demo runs tasks in-process


def test_object_storage_needs_a_bucket_and_a_known_kind():
    with override_settings(PORTAL_STORAGE="s3", PORTAL_S3_BUCKET=""):
        [problem] = checks.storage_configured()
    assert problem.id == "portal.E003" and "PORTAL_S3_BUCKET" in problem.msg
    with override_settings(PORTAL_STORAGE="s3", PORTAL_S3_BUCKET="portal-files"):
        assert checks.storage_configured() == []
    with override_settings(PORTAL_STORAGE="nfs"):
        assert [problem.id for problem in checks.storage_configured()] == ["portal.E004"]


def _production(command, tmp_path, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vrp_portal.settings.production",
        "SECRET_KEY": "start-up-check-test",
        "ALLOWED_HOSTS": "portal.example.org",
        "STATIC_ROOT": str(tmp_path / "static-not-built"),
        "CELERY_BROKER_URL": "",
        **extra,
    }
    return subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_built_static_files_or_a_broker(tmp_path):
    result = _production([sys.executable, "manage.py", "check"], tmp_path)
    assert result.returncode != 0
    assert "portal.E001" in result.stderr and "npm run build" in result.stderr
    assert "portal.E002" in result.stderr

    wsgi = _production([sys.executable, "-c", "import vrp_portal.wsgi"], tmp_path)
    assert wsgi.returncode != 0
    assert "ImproperlyConfigured" in wsgi.stderr and "portal.E001" in wsgi.stderr and "Traceback" in wsgi.stderr


def test_collectstatic_still_runs_before_the_manifest_exists(tmp_path):
    """The Dockerfile builds the manifest with collectstatic under production settings."""
    result = _production([sys.executable, "manage.py", "collectstatic", "--noinput", "--dry-run"], tmp_path)
    assert result.returncode == 0, result.stderr
