"""Security headers, the Content Security Policy, templates free of inline script
and style, and `check --deploy` under the production settings."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loaders.app_directories import get_app_template_dirs

pytestmark = pytest.mark.django_db


def _production_env(**extra):
    # A deployment's environment, not the test run's: other tests set variables
    # (DJANGO_ALLOW_ASYNC_UNSAFE for the browser) that check --deploy rightly refuses.
    inherited = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "DATABASE_URL") if k in os.environ}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "vrp_portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "vrp.example.org,testserver",
        "PORTAL_REQUIRE_2FA": "true",
        **extra,
    }


def test_it_passes_check_deploy_with_no_warnings_under_production_settings(tmp_path):
    # As deployed: a broker, and the static files collected (as the Dockerfile does).
    env = _production_env(CELERY_BROKER_URL="redis://127.0.0.1:6379/0", STATIC_ROOT=str(tmp_path / "static"))
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert collected.returncode == 0, collected.stderr
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_it_refuses_to_start_production_without_a_secret_key():
    env = _production_env()
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


_HEADERS_OVER_HTTPS = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/no-such-page/", secure=True, headers={"host": "vrp.example.org"})
print(json.dumps({name: value for name, value in response.headers.items()}))
"""


def test_it_sends_hsts_and_the_other_security_headers_in_production():
    result = subprocess.run(
        [sys.executable, "-c", _HEADERS_OVER_HTTPS],
        cwd=settings.BASE_DIR,
        env=_production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    headers = json.loads(result.stdout.strip().splitlines()[-1])
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_it_sends_a_content_security_policy_without_inline_script(client, users):
    response = client.get("/sign-in/")
    policy = dict((part.strip().split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"javascript:", re.IGNORECASE)


def _portal_templates():
    roots = [Path(settings.BASE_DIR) / "templates"]
    roots += [
        Path(d)
        for d in get_app_template_dirs("templates")
        if str(settings.BASE_DIR) in str(d) and ".venv" not in str(d)
    ]
    for root in roots:
        yield from root.rglob("*.html")


def test_it_finds_no_inline_script_style_or_handlers_in_the_portal_templates():
    offenders = []
    for template in _portal_templates():
        text = template.read_text()
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER, JS_URL):
            if pattern.search(text):
                offenders.append(f"{template.relative_to(settings.BASE_DIR)}: {pattern.pattern}")
    assert list(_portal_templates()), "no templates found: the scan would prove nothing"
    assert offenders == []
