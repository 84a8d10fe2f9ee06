"""A render holds a lease on its claim and renews it while it works; once a
dead worker's lease lapses the recovery sweep sends the job again, and nothing
that runs late can write a second PDF."""

import threading
import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.utils import timezone

from reporting import services, tasks
from reporting.models import PanelReport, ReportStatus

from .conftest import pdf_files


def _lapse(report, by=timedelta(seconds=1)):
    PanelReport.objects.filter(pk=report.pk).update(claimed_at=timezone.now() - services.claim_lease() - by)


def test_the_sweep_sends_again_a_render_whose_worker_died_and_the_late_redelivery_writes_nothing(draft, media_root):
    request = services.report_generation_request(report=draft, by=None, enqueue=False)
    assert services.report_claim(report_id=draft.pk, generation=request.generation, token="killed-worker")
    _lapse(draft)

    assert services.reports_requeue_stale() == [draft.pk]  # in-process without a broker: rendered now

    report = PanelReport.objects.get(pk=draft.pk)
    assert report.status == ReportStatus.READY, report.failure_reason
    assert len(pdf_files(media_root, draft)) == 1
    # An hour later Redis hands the killed worker's message back: it finds nothing to do.
    tasks.generate_report.apply(args=[draft.pk, request.generation], task_id="killed-worker")
    assert PanelReport.objects.get(pk=draft.pk).pdf == report.pdf
    assert len(pdf_files(media_root, draft)) == 1


def test_the_sweep_leaves_a_live_render_and_a_fresh_queue_alone(draft, reference_data, users):
    live = services.report_generation_request(report=draft, by=None, enqueue=False)
    services.report_claim(report_id=draft.pk, generation=live.generation, token="live-worker")
    year = reference_data["years"][2024]
    queued = services.report_create(
        title="Queued", meeting_date="2025-04-11", financial_year=year, up_to_quarter=3, by=None
    )
    services.report_generation_request(report=queued, by=None, enqueue=False)

    assert services.reports_requeue_stale() == []
    assert PanelReport.objects.get(pk=draft.pk).claimed_token == "live-worker"


def test_the_sweep_sends_again_a_queued_job_whose_message_was_lost(draft, media_root):
    services.report_generation_request(report=draft, by=None, enqueue=False)
    PanelReport.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - services.queued_patience())

    assert services.reports_requeue_stale() == [draft.pk]
    assert PanelReport.objects.get(pk=draft.pk).status == ReportStatus.READY


@pytest.mark.django_db(transaction=True)
def test_a_render_longer_than_its_lease_keeps_its_claim_by_renewing_it(draft, media_root, settings, monkeypatch):
    settings.PORTAL_RENDER_LEASE_SECONDS = 3
    real = services.render.html_to_pdf
    rendering = threading.Event()

    def slow(html):
        rendering.set()
        time.sleep(5)  # longer than the lease: only renewal keeps the claim
        return real(html)

    monkeypatch.setattr(services.render, "html_to_pdf", slow)
    request = services.report_generation_request(report=draft, by=None, enqueue=False)
    outcome = {}

    def work():
        try:
            outcome["first"] = services.report_render(
                report_id=draft.pk, generation=request.generation, token="slow-worker"
            )
        finally:
            connections.close_all()

    worker = threading.Thread(target=work)
    worker.start()
    assert rendering.wait(timeout=60)
    time.sleep(4)  # past the lease measured from the claim
    stolen = services.report_claim(report_id=draft.pk, generation=request.generation, token="impatient")
    worker.join(timeout=120)

    assert stolen is False
    assert outcome["first"] is True
    assert PanelReport.objects.get(pk=draft.pk).status == ReportStatus.READY
    assert len(pdf_files(media_root, draft)) == 1


def test_the_default_settings_recover_a_dead_workers_render_within_minutes():
    """The maths the kill test cannot wait for with the defaults: the lease
    (renewed every third of it), then at most one sweep interval, then a render."""
    lease = django_settings.PORTAL_RENDER_LEASE_SECONDS
    sweep = django_settings.CELERY_BEAT_SCHEDULE["reports-requeue-stale"]
    assert sweep["task"] == tasks.reports_requeue_stale.name
    assert sweep["schedule"] == django_settings.PORTAL_RENDER_SWEEP_SECONDS == 60
    assert lease == 120
    worst_case = lease + sweep["schedule"] + django_settings.CELERY_TASK_TIME_LIMIT
    assert worst_case <= 10 * 60  # against an hour: the visibility timeout
    assert lease + sweep["schedule"] < django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] / 10
