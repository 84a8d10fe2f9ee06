"""A report PDF rendered by a worker process into an S3-compatible bucket
(moto's server) and downloaded by the web side; nothing lands in MEDIA_ROOT."""

import pytest
from django.urls import reverse

from reporting import services
from reporting.models import PanelReport, ReportStatus
from tests import object_store
from tests.object_store import BUCKET, _keys

s3_server, in_bucket = object_store.s3_server, object_store.in_bucket  # fixtures


@pytest.mark.worker
def test_a_worker_renders_a_report_into_the_bucket_and_the_web_side_downloads_it(
    client_for, reference_data, users, in_bucket, start_celery_worker, settings
):
    endpoint, client = in_bucket
    worker = start_celery_worker(
        PORTAL_STORAGE="s3",
        PORTAL_S3_BUCKET=BUCKET,
        PORTAL_S3_ENDPOINT_URL=endpoint,
        PORTAL_S3_ACCESS_KEY_ID="testing",
        PORTAL_S3_SECRET_ACCESS_KEY="testing",
        MEDIA_ROOT=settings.MEDIA_ROOT / "worker-must-not-use",
    )
    report = services.report_create(
        title="Rendered into the bucket",
        meeting_date="2025-04-11",
        financial_year=reference_data["years"][2024],
        up_to_quarter=3,
        by=users["staff"],
    )
    services.report_generation_request(report=report, by=users["staff"])
    worker.wait_for(lambda: PanelReport.objects.get(pk=report.pk).status != ReportStatus.GENERATING, timeout=180)

    report = PanelReport.objects.get(pk=report.pk)
    assert report.status == ReportStatus.READY, report.failure_reason
    assert report.pdf.name in _keys(client) and report.html.name in _keys(client)
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.pdf"))
    download = client_for("staff").get(reverse("reporting:report_download", args=[report.pk, "pdf"]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
