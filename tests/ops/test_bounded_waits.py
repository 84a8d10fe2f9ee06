"""A broker or database that accepts connections but never answers must not
hang the portal: /healthz answers within 2 s naming what is down, Generate
answers within a few seconds with the stopped-broker message."""

import time

import pytest
from django.test import override_settings

from reporting import services
from reporting.models import PanelReport, ReportStatus
from vrp_portal.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def hung_broker(silent_server, monkeypatch):
    """CELERY_BROKER_URL points at the silent server, for the settings and the Celery app.
    Celery reads the environment variable before its own configuration, so it is set too
    (CI names a real broker there)."""
    host, port = silent_server
    url = f"redis://{host}:{port}/0"
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    previous = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = url
    _fresh_connections()
    with override_settings(CELERY_BROKER_URL=url):
        yield url
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = previous
    _fresh_connections()


def _fresh_connections():
    """The Celery app caches its connection and producer pools: make them again for the new URL."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _warm_up(client):
    """The first request of a process imports every view: not what is being timed."""
    with override_settings(CELERY_BROKER_URL=""):
        client.get("/healthz")


def test_healthz_answers_within_2_seconds_naming_a_hung_broker(client, hung_broker):
    _warm_up(client)
    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started

    assert elapsed < 2, f"/healthz took {elapsed:.1f}s"
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "down", "storage": "ok"}


def test_healthz_answers_within_2_seconds_whatever_hangs(client, monkeypatch):
    from partnership import health

    def hangs():
        time.sleep(30)

    _warm_up(client)
    monkeypatch.setattr(health, "_database", hangs)
    monkeypatch.setattr(health, "_storage", hangs)
    started = time.monotonic()
    with override_settings(CELERY_BROKER_URL=""):
        response = client.get("/healthz")
    elapsed = time.monotonic() - started

    assert elapsed < 2, f"/healthz took {elapsed:.1f}s"
    assert response.status_code == 503
    assert response.json() == {"database": "down", "broker": "not configured", "storage": "down"}


@pytest.mark.django_db(transaction=True)  # on_commit runs as in a real request
def test_generate_answers_within_seconds_with_the_stopped_broker_message(
    client_for, reference_data, users, hung_broker
):
    report = services.report_create(
        title="Update",
        meeting_date="2025-04-11",
        financial_year=reference_data["years"][2024],
        up_to_quarter=3,
        by=users["staff"],
    )
    staff = client_for("staff")

    started = time.monotonic()
    response = staff.post(f"/reporting/reports/{report.pk}/generate/", follow=True)
    elapsed = time.monotonic() - started

    assert elapsed < 8, f"Generate took {elapsed:.1f}s"
    assert services.BROKER_UNREACHABLE in response.content.decode()
    report = PanelReport.objects.get(pk=report.pk)
    assert report.status == ReportStatus.DRAFT


def test_the_database_connection_gives_up_on_a_server_that_never_answers(silent_server):
    """The options the settings give every PostgreSQL connection, against a wedged server."""
    import psycopg

    from vrp_portal.settings.base import POSTGRES_OPTIONS

    host, port = silent_server
    options = POSTGRES_OPTIONS
    started = time.monotonic()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host=host, port=port, dbname="x", user="x", **options)
    assert time.monotonic() - started < options["connect_timeout"] + 2
