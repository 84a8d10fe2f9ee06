"""Files in S3-compatible object storage (moto's server on 127.0.0.1, a free
port): an upload stored in the bucket and downloaded back, with nothing in
MEDIA_ROOT. tests/integration/test_object_storage_worker.py has a worker render
a report into the bucket."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from grants.models import EvidenceFile
from tests import object_store
from tests.grants.test_views_contributions import PDF, contribution
from tests.object_store import _keys

s3_server, in_bucket = object_store.s3_server, object_store.in_bucket  # fixtures


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
