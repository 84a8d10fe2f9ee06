"""S3-compatible object storage for tests: moto's server on 127.0.0.1, a free port."""

import contextlib
import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

from vrp_portal.settings.object_storage import s3_storage

BUCKET = f"portal-files-{uuid.uuid4().hex[:8]}"  # moto keeps buckets for the whole test process
KEYS = {"access_key": "testing", "secret_key": "testing"}


def _keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


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
