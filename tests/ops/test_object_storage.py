"""Files in S3-compatible object storage (moto's server on 127.0.0.1, a free
port): an upload stored in the bucket and downloaded back, and a report PDF
rendered by a worker process into the bucket and downloaded by the web side.
Nothing lands in MEDIA_ROOT."""

import contextlib
import uuid

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from moto.server import ThreadedMotoServer

from grants.models import EvidenceFile
from reporting import services
from reporting.models import PanelReport, ReportStatus
from tests.grants.test_views_contributions import PDF, contribution
from vrp_portal.settings.object_storage import s3_storage

BUCKET = f"portal-files-{uuid.uuid4().hex[:8]}"  # moto keeps buckets for the whole test process
KEYS = {"access_key": "testing", "secret_key": "testing"}


@pytest.fixture
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-west-2",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):  # an earlier test's server made it
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    for key in _keys(client):
        client.delete_object(Bucket=BUCKET, Key=key)
    yield endpoint, client
    server.stop()


@pytest.fixture
def in_bucket(s3_server, settings, tmp_path):
    """The portal's default storage is the bucket; MEDIA_ROOT an empty folder that must stay empty."""
    endpoint, client = s3_server
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_STORAGE = "s3"
    settings.PORTAL_S3_BUCKET = BUCKET
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(bucket=BUCKET, endpoint_url=endpoint, **KEYS),
    }
    return endpoint, client


def _keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


@pytest.mark.django_db
def test_an_upload_is_stored_in_the_bucket_and_downloaded_back(client_for, reference_data, in_bucket, settings):
    _, client = in_bucket
    staff = client_for("staff")
    c = contribution(reference_data)

    response = staff.post(reverse("grants:evidence_upload", args=[c.pk]), {"file": SimpleUploadedFile("MOU.pdf", PDF)})
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()

    assert _keys(client) == [evidence.file.name]
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.pdf"))
    download = staff.get(reverse("grants:evidence_download", args=[c.pk, evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    with override_settings(CELERY_BROKER_URL=""):
        staff.get("/healthz")  # the probe thread makes its object-store client once
        assert staff.get("/healthz").json()["storage"] == "ok"


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
